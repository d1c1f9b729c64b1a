"""Strings from outside (names, titles, language tags, message text) made safe to store.

Whatever a platform or a hostile client sends, what reaches the database fits its column
and is valid UTF-8: lone surrogates become U+FFFD, names are cut to their column's length,
and a language tag that is not one (or is longer than 16 characters) is dropped.
"""
from __future__ import annotations

import re

NAME_LENGTH = 200  # Member.display_name, ChatBinding.title
USERNAME_LENGTH = 100  # Identity.username
LANG_LENGTH = 16  # Member.lang
_LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(value: str) -> str:
    """`value` with any lone surrogate replaced, so it encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", value)


def clean_name(value: str | None, limit: int = NAME_LENGTH) -> str | None:
    if value is None:
        return None
    return valid_text(" ".join(value.split()))[:limit]


def clean_lang(value: str | None) -> str | None:
    if not value or len(value) > LANG_LENGTH or not _LANG_TAG.fullmatch(value):
        return None
    return value
