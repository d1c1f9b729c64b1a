"""What the sandbox HTTP API accepts: names, text, language tags and clock times.

Every check returns a reason to refuse (for a 400) or None, so a bad request changes nothing.
"""
from __future__ import annotations

import base64
import binascii

import re
from datetime import datetime

from bot.clock import check_settable
from bot.forms import MAX_FIELDS, MAX_KEY, MAX_VALUE

NAME_MAX = 64  # a user or chat name, as Telegram's longest username is 32 and a title 128
TEXT_MAX = 4096  # Telegram's longest message
INVITE_MAX = 256
LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")
LANG_MAX = 35
DM_PREFIX = "dm:"


def _unencodable(value: str) -> bool:
    """Lone surrogates ("\\ud800") cannot be stored or sent anywhere."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def name_problem(key: str, value: object) -> str | None:
    if not isinstance(value, str) or value == "":
        return f'"{key}" must be a non-empty string'
    if len(value) > NAME_MAX:
        return f'"{key}" is {len(value)} characters long; at most {NAME_MAX}'
    if _unencodable(value):
        return f'"{key}" holds a lone surrogate, which is not text'
    if not value.isprintable() or any(c.isspace() for c in value):
        return f'"{key}" may not hold spaces or control characters'
    return None


def chat_problem(value: object) -> str | None:
    if isinstance(value, str) and value.startswith(DM_PREFIX):
        return name_problem("chat", value[len(DM_PREFIX):])
    return name_problem("chat", value)


def text_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return '"text" must be a string'
    if len(value) > TEXT_MAX:
        return f'"text" is {len(value)} characters long; at most {TEXT_MAX}'
    if _unencodable(value):
        return '"text" holds a lone surrogate, which is not text'
    return None


def lang_problem(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > LANG_MAX or not LANG_TAG.fullmatch(value):
        return '"lang" must be a language tag such as "en", "zh" or "zh-Hans"'
    return None


def invite_problem(value: object) -> str | None:
    if not isinstance(value, str) or not value or len(value) > INVITE_MAX or _unencodable(value):
        return f'"invite" must be an invite link of at most {INVITE_MAX} characters'
    return None


ATTACHMENTS_MAX = 4
ATTACHMENT_BYTES = 10 * 1024 * 1024


def attachments_problem(value: object) -> str | None:
    """`attachments`: at most 4 of {"kind": "image" | "document", "filename": ..., "base64": ...}."""
    if not isinstance(value, list) or len(value) > ATTACHMENTS_MAX:
        return f'"attachments" must be a list of at most {ATTACHMENTS_MAX} files'
    for item in value:
        if not isinstance(item, dict) or item.get("kind") not in ("image", "document"):
            return '"attachments" items need "kind": "image" or "document"'
        if name_problem("filename", item.get("filename")) is not None:
            return '"attachments" items need a "filename" without spaces'
        data = item.get("base64")
        if not isinstance(data, str) or len(data) > ATTACHMENT_BYTES * 4 // 3 + 4:
            return f'"attachments" items need "base64" data of at most {ATTACHMENT_BYTES // (1024 * 1024)} MB'
        try:
            base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            return '"attachments" "base64" is not base64'
    return None


def values_problem(value: object) -> str | None:
    """A form's values: field keys to texts (bot/forms.py checks them against the form)."""
    if not isinstance(value, dict) or len(value) > MAX_FIELDS:
        return f'"values" must be an object of at most {MAX_FIELDS} field keys and their texts'
    for key, text in value.items():
        if not isinstance(text, str) or len(text) > MAX_VALUE or len(key) > MAX_KEY:
            return f'"values": {key[:40]!r} must be a text of at most {MAX_VALUE} characters'
        if _unencodable(key) or _unencodable(text):
            return '"values" holds a lone surrogate, which is not text'
    return None


def decoded_attachments(value: list[dict]) -> list[tuple[str, str, bytes]]:
    return [(item["kind"], item["filename"], base64.b64decode(item["base64"])) for item in value]


def first_problem(body: dict, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> str | None:
    """The first thing wrong with the named fields of a request body, or None."""
    checks = {"user": lambda v: name_problem("user", v), "chat": chat_problem, "text": text_problem,
              "lang": lang_problem, "invite": invite_problem, "image": lambda v: name_problem("image", v),
              "forwarded": lambda v: None if isinstance(v, bool) else '"forwarded" must be true or false',
              "attachments": attachments_problem, "values": values_problem,
              "reply_to": lambda v: None if isinstance(v, str) and 0 < len(v) <= 20 else '"reply_to" must be a message id'}
    for key in required + tuple(k for k in optional if body.get(k) is not None):
        if (problem := checks[key](body.get(key))) is not None:
            return problem
    return None


def clock_time(value: object) -> datetime:
    """The time a clock request asks for, in its own offset; ValueError says what is wrong."""
    if not isinstance(value, str):
        raise ValueError('"now" must be an ISO-8601 time')
    when = datetime.fromisoformat(value)
    check_settable(when)
    return when
