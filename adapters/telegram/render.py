"""Rich text to Telegram HTML, with every user-supplied string escaped.

Formatting comes only from segment types; a segment's value is always escaped, so a
member named `<b>&` shows exactly that. Lengths are counted in UTF-16 code units, as
Telegram counts its 4096 (text) and 1024 (caption) limits after parsing the markup.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from bot.messages import Bold, Code, Italic, Link, Mention, RichText, Segment, Text

PLATFORM = "telegram"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
_LINK_SCHEMES = ("http://", "https://", "tg://", "mailto:")


def _escape(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _link_ok(url: str) -> bool:
    return url.lower().startswith(_LINK_SCHEMES) and not any(ch.isspace() for ch in url)


def _mention_id(seg: Mention) -> str | None:
    user_id = seg.id_on(PLATFORM)
    return user_id if user_id and user_id.isdigit() else None


def visible(seg: Segment) -> str:
    """What a reader sees of one segment."""
    if isinstance(seg, Link):
        return seg.label if _link_ok(seg.url) and seg.label else f"{seg.label} ({seg.url})".strip()
    if isinstance(seg, Mention):
        return seg.name
    return seg.value


def render_segment(seg: Segment) -> str:
    if isinstance(seg, Text):
        return _escape(seg.value)
    if isinstance(seg, Bold):
        return f"<b>{_escape(seg.value)}</b>" if seg.value else ""
    if isinstance(seg, Italic):
        return f"<i>{_escape(seg.value)}</i>" if seg.value else ""
    if isinstance(seg, Code):
        return f"<code>{_escape(seg.value)}</code>" if seg.value else ""
    if isinstance(seg, Link):
        if _link_ok(seg.url) and seg.label:
            return f'<a href="{_attr(seg.url)}">{_escape(seg.label)}</a>'
        return _escape(visible(seg))
    if isinstance(seg, Mention):
        if not seg.name:
            return ""
        user_id = _mention_id(seg)
        if user_id:
            return f'<a href="tg://user?id={user_id}">{_escape(seg.name)}</a>'
        return f"<b>{_escape(seg.name)}</b>"
    raise TypeError(f"not a text segment: {seg!r}")


def render(content: RichText) -> str:
    return "".join(render_segment(seg) for seg in content)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def length(content: RichText) -> int:
    """The length Telegram checks against its limits (UTF-16 units of the visible text)."""
    return sum(utf16_len(visible(seg)) for seg in content)


def is_blank(content: RichText) -> bool:
    return not "".join(visible(seg) for seg in content).strip()


def _cut(value: str, room: int) -> int:
    """How many characters of `value` fit in `room` UTF-16 units, preferring a line or word end."""
    used, fit = 0, 0
    for index, ch in enumerate(value):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > room:
            break
        fit = index + 1
    if fit >= len(value):
        return fit
    for sep in ("\n", " "):
        at = value.rfind(sep, 0, fit)
        if at > fit // 2:
            return at + 1
    return max(fit, 1)


def split(content: RichText, limit: int = TEXT_LIMIT) -> list[RichText]:
    """Content cut into pieces that each fit `limit`; segments are cut only when one is too long."""
    pieces: list[list[Segment]] = [[]]
    room = limit
    for seg in content:
        size = utf16_len(visible(seg))
        if size <= room:
            pieces[-1].append(seg)
            room -= size
            continue
        if isinstance(seg, (Text, Bold, Italic, Code)) and size > 0:
            value = seg.value
            while value:
                if room <= 0:
                    pieces.append([])
                    room = limit
                take = _cut(value, room)
                if take > 0 and utf16_len(value[:take]) <= room:
                    pieces[-1].append(type(seg)(value[:take]))
                    room -= utf16_len(value[:take])
                    value = value[take:]
                else:
                    room = 0
            continue
        pieces.append([seg])  # a link or mention is never cut
        room = limit - size
    return [tuple(piece) for piece in pieces if piece and not is_blank(tuple(piece))]


@dataclass(frozen=True)
class Rendered:
    html: str
    length: int


def rendered(content: RichText) -> Rendered:
    return Rendered(render(content), length(content))
