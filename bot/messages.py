"""Outgoing messages: safe rich text, images, documents and buttons.

Text is a sequence of segments. User-supplied strings always travel as `Text` segments,
which every adapter escapes; formatting is only ever expressed by segment type.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from bot.forms import Form


@dataclass(frozen=True)
class Text:
    value: str


@dataclass(frozen=True)
class Bold:
    value: str


@dataclass(frozen=True)
class Italic:
    value: str


@dataclass(frozen=True)
class Code:
    value: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Mention:
    """A mention of a person; `user_ids` maps platform -> that person's id there.

    An adapter with no id for its platform renders the name in bold instead.
    """

    name: str
    user_ids: tuple[tuple[str, str], ...] = ()

    def id_on(self, platform: str) -> str | None:
        return dict(self.user_ids).get(platform)


Segment = Union[Text, Bold, Italic, Code, Link, Mention]
RichText = tuple[Segment, ...]


def rich(*parts: Segment | str) -> RichText:
    return tuple(Text(p) if isinstance(p, str) else p for p in parts)


def join_lines(lines: Iterable[RichText]) -> RichText:
    out: list[Segment] = []
    for index, line in enumerate(lines):
        if index:
            out.append(Text("\n"))
        out.extend(line)
    return tuple(out)


def plain_text(content: Iterable[Segment]) -> str:
    """The text a person reads, without formatting (sandbox, logs, fallbacks)."""
    out = []
    for seg in content:
        if isinstance(seg, Mention):
            out.append(f"@{seg.name}")
        elif isinstance(seg, Link):
            out.append(f"{seg.label} ({seg.url})")
        else:
            out.append(seg.value)
    return "".join(out)


@dataclass(frozen=True)
class Image:
    data: bytes
    filename: str = "image.png"


@dataclass(frozen=True)
class Document:
    data: bytes
    filename: str
    mime: str = "application/octet-stream"


@dataclass(frozen=True)
class Button:
    """A button: either a callback (`action` + `args`) or a link (`url`).

    `only_for` restricts presses to one member id; others get a refusal. `community` (a
    community id) is the community a press in a private chat acts in: set by the core on what it
    sends to admins privately (`ctx.tell_admins`); such a payload is kept in the database, so it
    cannot be forged. `form` (where the platform has forms, `Capabilities.forms`): the press opens
    it, and what the member fills in reaches `@plugin.form(action)` (bot/forms.py).
    """

    label: str
    action: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    only_for: int | None = None
    community: int | None = None
    form: Form | None = None

    def __post_init__(self) -> None:
        if (self.action is None) == (self.url is None):
            raise ValueError("a Button needs exactly one of action or url")
        if self.form is not None and self.action is None:
            raise ValueError("a link Button cannot open a form")

    def __hash__(self) -> int:
        return hash((self.label, self.action, self.url, self.only_for, self.community, self.form))


@dataclass(frozen=True)
class Message:
    content: RichText = ()
    images: tuple[Image, ...] = ()
    document: Document | None = None
    buttons: tuple[tuple[Button, ...], ...] = ()
    reply_to: str | None = None
    private: bool = False  # an ephemeral/visible-to-caller-only answer where the platform has one
    # A notice nobody waits for (a warning to a spammer, a log line): where the platform paces
    # sends, it goes after the answers people wait for.
    background: bool = False

    @property
    def text(self) -> str:
        return plain_text(self.content)


def button_rows(buttons: Sequence[Sequence[Button]]) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(row) for row in buttons)


@dataclass(frozen=True)
class SentMessage:
    platform: str
    chat_id: str
    message_id: str
