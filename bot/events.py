"""Incoming events, as adapters translate them from their platform."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.identity import ChatRef, UserRef
from bot.untrusted import valid_text


@dataclass(frozen=True)
class Attachment:
    """A file on the platform, read as bytes on demand (`read` enforces a size cap)."""

    kind: str  # "image" | "document"
    filename: str | None
    size: int | None
    fetch: Callable[[int], Awaitable[bytes]] = field(repr=False, compare=False)

    async def read(self, max_bytes: int = 10 * 1024 * 1024) -> bytes:
        if self.size is not None and self.size > max_bytes:
            raise FileTooLarge(self.size, max_bytes)
        data = await self.fetch(max_bytes)
        if len(data) > max_bytes:
            raise FileTooLarge(len(data), max_bytes)
        return data


class FileTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file of {size} bytes exceeds {limit}")
        self.size, self.limit = size, limit


@dataclass(frozen=True, kw_only=True)
class Event:
    platform: str
    chat: ChatRef
    user: UserRef | None
    at: datetime
    event_id: str | None = None  # stable across redeliveries; used for deduplication
    reply_handle: Any = field(default=None, repr=False, compare=False)  # adapter-private


@dataclass(frozen=True, kw_only=True)
class MessageReceived(Event):
    message_id: str
    text: str
    attachments: tuple[Attachment, ...] = ()
    mentions: tuple[UserRef, ...] = ()
    reply_to_message_id: str | None = None
    forwarded: bool = False  # forwarded from another chat (not a quote or a reply)
    # Where a forward came from, where the platform tells: "channel", "chat", "user" or "hidden"
    # (a user who hides their account); None for a message written here or an unknown origin.
    forwarded_from: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", valid_text(self.text))


@dataclass(frozen=True, kw_only=True)
class CommandInvoked(Event):
    """A command the platform parsed itself (Discord slash commands)."""

    name: str
    options: dict[str, Any]
    message_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ButtonPressed(Event):
    message_id: str
    payload: str


@dataclass(frozen=True, kw_only=True)
class FormSubmitted(Event):
    """A member filled in the form a button opened (`Button(form=...)`, `Capabilities.forms`);
    it reaches `@plugin.form(action)` with the button's args. `values` maps each field's key to
    its value, checked against the form (bot/forms.py); `message_id` is the button's message."""

    message_id: str
    payload: str
    values: dict[str, str]


@dataclass(frozen=True, kw_only=True)
class ReactionChanged(Event):
    """A member added or took back a reaction (an emoji) on a message, where the platform reports
    it (`Capabilities.reactions`): each change is one event, so a plugin counts reactions itself."""

    message_id: str
    emoji: str
    added: bool  # False: taken back


@dataclass(frozen=True)
class InviteRef:
    url: str
    name: str | None = None
    creator_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class MemberJoined(Event):
    """`invite` is the link that brought the member when the platform tells; never guessed.

    Where the platform only lets the adapter narrow it down (Discord: invite use counts that
    went up for joins racing each other), `invite` is None and `invite_candidates` names the
    invites it could have been. `account_created` is when the account was made, where the
    platform says (Discord)."""

    invite: InviteRef | None = None
    invite_candidates: tuple[InviteRef, ...] = ()
    account_created: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class JoinRequested(Event):
    """A person asks to join a group that admits by request (Telegram join requests, the sandbox).

    They are not a member yet: `Moderation.approve_join` lets them in, `decline_join` refuses.
    The bot may write to them privately (`send_direct`) even if they never opened a chat with
    it: Telegram allows it for 5 minutes after the request (`user_chat_id`)."""

    invite: InviteRef | None = None
    bio: str | None = None


@dataclass(frozen=True, kw_only=True)
class MemberLeft(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class BotAdded(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class BotRemoved(Event):
    pass

