"""Localized messages from Fluent catalogs (locales/<lang>/<domain>.ftl).

Rich arguments (a Mention, a Bold name) are placed into the formatted text as segments,
so catalogs stay plain text and user-supplied strings are never parsed as markup.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

from bot.messages import Bold, Code, Italic, Link, Mention, RichText, Segment, Text

log = logging.getLogger(__name__)

SUPPORTED = ("en", "zh-Hans")
DEFAULT_LOCALE = "en"
_RICH = (Bold, Code, Italic, Link, Mention, Text)
_MARK = re.compile("\ue000(\\d+)\ue001")


def normalize_locale(code: str | None) -> str | None:
    """Map a platform language code ("zh-CN", "zh_hans", "en-US") to a catalog locale."""
    if not code:
        return None
    lowered = code.replace("_", "-").lower()
    if lowered.startswith("zh"):
        return "zh-Hans"
    base = lowered.split("-")[0]
    for supported in SUPPORTED:
        if supported.lower() == base:
            return supported
    return None


class Catalogs:
    """All message catalogs, one Fluent bundle per locale."""

    def __init__(self, default_locale: str = DEFAULT_LOCALE) -> None:
        self.default_locale = normalize_locale(default_locale) or DEFAULT_LOCALE
        self._bundles: dict[str, FluentBundle] = {}
        self._ids: dict[str, set[str]] = {}

    def load_dir(self, root: Path, domains: Iterable[str] | None = None) -> None:
        """Load `root/<lang>/<domain>.ftl` (every domain when `domains` is None)."""
        if not root.is_dir():
            return
        for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
            for ftl in sorted(lang_dir.glob("*.ftl")):
                if domains is None or ftl.stem in domains:
                    self.add(lang_dir.name, ftl.read_text(encoding="utf-8"), str(ftl))

    def add(self, locale: str, source: str, origin: str = "<string>") -> None:
        bundle = self._bundles.get(locale)
        if bundle is None:
            bundle = self._bundles[locale] = FluentBundle([locale], use_isolating=False)
        resource = FluentResource(source)
        errors = bundle.add_resource(resource)
        if errors:
            log.warning("catalog %s: %s", origin, errors)
        ids = {entry.id.name for entry in resource.body if hasattr(entry, "id") and hasattr(entry.id, "name")}
        self._ids.setdefault(locale, set()).update(ids)

    @property
    def locales(self) -> list[str]:
        return sorted(self._bundles)

    def ids(self, locale: str) -> set[str]:
        return set(self._ids.get(locale, ()))

    def has(self, message_id: str, locale: str | None = None) -> bool:
        return message_id in self._ids.get(locale or self.default_locale, ())

    def text(self, locale: str | None, message_id: str, /, **args: Any) -> str:
        from bot.messages import plain_text

        return plain_text(self.rich(locale, message_id, **args))

    def rich(self, locale: str | None, message_id: str, /, **args: Any) -> RichText:
        bundle, message = self._find(locale, message_id)
        if message is None:
            log.error("missing message %r in every catalog", message_id)
            return (Text(message_id),)
        fluent_args, rich_args = _split_args(args)
        formatted, errors = bundle.format_pattern(message.value, fluent_args)
        if errors:
            log.warning("message %r: %s", message_id, errors)
        return _weave(formatted, rich_args)

    def _find(self, locale: str | None, message_id: str):
        for candidate in (locale, self.default_locale, DEFAULT_LOCALE):
            bundle = self._bundles.get(candidate or "")
            if bundle and bundle.has_message(message_id):
                return bundle, bundle.get_message(message_id)
        return None, None


def _split_args(args: dict[str, Any]) -> tuple[dict[str, Any], list[Segment]]:
    fluent_args: dict[str, Any] = {}
    rich_args: list[Segment] = []
    for name, value in args.items():
        if isinstance(value, _RICH):
            fluent_args[name] = f"\ue000{len(rich_args)}\ue001"
            rich_args.append(value)
        elif value is None:
            fluent_args[name] = ""
        else:
            fluent_args[name] = value
    return fluent_args, rich_args


def _weave(formatted: str, rich_args: list[Segment]) -> RichText:
    out: list[Segment] = []
    pos = 0
    for match in _MARK.finditer(formatted):
        if match.start() > pos:
            out.append(Text(formatted[pos:match.start()]))
        out.append(rich_args[int(match.group(1))])
        pos = match.end()
    if pos < len(formatted):
        out.append(Text(formatted[pos:]))
    return tuple(out)
