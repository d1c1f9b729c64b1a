"""The contract every platform adapter implements.

An adapter translates its platform's updates into `bot.events` and feeds them to
`runtime.bus.submit`, and renders `bot.messages.Message` natively. Anything a platform
cannot do raises `NotSupported`; plugins look at `capabilities` first and fall back.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from bot.capabilities import Capabilities, NotSupported, Restriction, SubChat
from bot.events import Event, InviteRef
from bot.identity import ChatRef, UserRef
from bot.messages import Message, SentMessage

if TYPE_CHECKING:
    from bot.runtime import Runtime
    from bot.unit_of_work import HeldAnswers


class Adapter(ABC):
    platform: ClassVar[str]
    config_model: ClassVar[type[BaseModel] | None] = None
    capabilities: Capabilities = Capabilities()

    def __init__(self, runtime: "Runtime", config: Any = None) -> None:
        self.runtime = runtime
        self.config = config

    @classmethod
    def wants_to_run(cls, config: Any) -> bool:
        """Whether this adapter starts with the given config section (e.g. a token is set)."""
        return config is not None

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    # --- messages ------------------------------------------------------------------

    @abstractmethod
    async def send(self, chat: ChatRef, message: Message) -> SentMessage:
        """Render `message` natively in `chat`; every user-supplied string escaped."""

    async def reply(self, event: Event, message: Message) -> SentMessage:
        """Answer an event, quoting the message that caused it where there is one."""
        message_id = getattr(event, "message_id", None)
        if message_id and not message.reply_to:
            from dataclasses import replace

            message = replace(message, reply_to=message_id)
        return await self.send(event.chat, message)

    def hold_answers(self, event: Event) -> "HeldAnswers | None":
        """Keep the answers to `event` until its handler's writes commit, where the platform
        never hands the event over again (a Discord interaction); None: nothing is held, and the
        handler runs without a transaction of its own (bot/unit_of_work.py)."""
        return None

    def can_reply_privately(self, event: Event) -> bool:
        """Whether `reply` can answer this event so that only its sender sees it.

        Otherwise the core sends a private answer as a direct message (`bot.private_answers`).
        """
        return self.capabilities.private_replies

    async def direct_chat_link(self) -> str | None:
        """A link that opens a private chat with the bot (Telegram: t.me/<bot>), if there is one."""
        return None

    async def edit(self, sent: SentMessage, message: Message) -> None:
        raise NotSupported(self.platform, "edit_messages")

    async def delete(self, sent: SentMessage) -> None:
        raise NotSupported(self.platform, "delete_messages")

    async def answer_button(self, event: Event, toast: str | None = None, alert: bool = False) -> None:
        """Acknowledge a button press so the client stops waiting; optionally show a toast."""

    async def send_direct(self, user_id: str, message: Message) -> SentMessage:
        """Raises DirectMessageClosed when the user has not opened a chat with the bot."""
        raise NotSupported(self.platform, "direct_messages")

    async def open_sub_chat(self, chat: ChatRef, title: str) -> SubChat:
        """A new sub-chat of a group chat, named `title`, that its members can open: a Discord
        thread, a Telegram forum topic. Sending to `SubChat.chat` posts in it. Raises
        NotSupported where the platform, or this chat (a Telegram group that is not a forum),
        has none, and MissingRights when the bot may not make one."""
        raise NotSupported(self.platform, "sub_chats")

    async def home_chat(self, space_id: str) -> ChatRef | None:
        """Where community-wide posts go in a space (Discord: a configured or system channel)."""
        from bot.identity import ChatKind

        return ChatRef(self.platform, space_id, ChatKind.GROUP, space_id=space_id)

    # --- members -------------------------------------------------------------------

    async def is_admin(self, chat: ChatRef, user_id: str) -> bool:
        return False

    async def list_admins(self, space_id: str) -> list[UserRef]:
        """The space's admins as the platform reports them (bots among them, marked `is_bot`):
        Telegram's chat administrators, a Discord guild's owner and members who may administer
        or manage it. Raises NotSupported where the platform cannot list them."""
        raise NotSupported(self.platform, "list_admins")

    async def has_role(self, chat: ChatRef, user_id: str, role: str) -> bool:
        raise NotSupported(self.platform, "roles")

    async def assign_role(self, space_id: str, user_id: str, role: str) -> None:
        """Give the member the role (a native platform creates a missing one). Raises
        MissingRights when the bot may not, LookupError when the user is not there."""
        raise NotSupported(self.platform, "roles")

    async def remove_role(self, space_id: str, user_id: str, role: str) -> None:
        raise NotSupported(self.platform, "roles")

    async def open_chat_to_role(self, space_id: str, chat_id: str, role: str) -> None:
        """Let members holding `role` see and post in a chat of the space (Discord: the role's
        channel overwrite; the role is created if missing). Raises MissingRights when the bot may
        not; NotSupported where access is by invite link instead (`create_invite`)."""
        raise NotSupported(self.platform, "roles")

    async def set_member_tag(self, space_id: str, user_id: str, tag: str | None) -> None:
        """Show `tag` (at most 16 characters) beside the member's name; None clears it.

        Raises MissingRights when the bot may not, LookupError when the user is not there."""
        raise NotSupported(self.platform, "member_tags")

    async def create_invite(self, chat: ChatRef, name: str, *, max_uses: int | None = None,
                            expires_at: datetime | None = None) -> InviteRef:
        raise NotSupported(self.platform, "member_invites")

    async def revoke_invite(self, chat: ChatRef, invite: InviteRef) -> None:
        raise NotSupported(self.platform, "member_invites")

    async def set_restrictions(self, space_id: str, user_id: str, kinds: frozenset[Restriction],
                               until: datetime | None = None) -> None:
        """Keep the member from posting `kinds` in the space (the whole set: an empty one lifts
        every restriction), until `until` where the platform ends it itself. Only the kinds in
        `capabilities.enforced_restrictions` are the platform's; the core deletes the rest.

        Raises MissingRights when the bot may not, LookupError when the user is not there or
        cannot be restricted (an admin)."""
        raise NotSupported(self.platform, "restrict_members")

    # --- the door and removals (capabilities.join_requests, capabilities.ban_members) ----------

    async def approve_join(self, chat: ChatRef, user_id: str) -> None:
        """Let in a person who asked to join (`JoinRequested`). Raises LookupError when there is
        no such request (already decided, or withdrawn), MissingRights when the bot may not."""
        raise NotSupported(self.platform, "join_requests")

    async def decline_join(self, chat: ChatRef, user_id: str) -> None:
        raise NotSupported(self.platform, "join_requests")

    async def ban(self, chat: ChatRef, user_id: str, until: datetime | None = None) -> None:
        """Remove the member and keep them out (until `until`, None: for good)."""
        raise NotSupported(self.platform, "ban_members")

    async def unban(self, chat: ChatRef, user_id: str) -> None:
        """Let a banned person back in (they are not re-added; they may join again)."""
        raise NotSupported(self.platform, "ban_members")

    async def kick(self, chat: ChatRef, user_id: str) -> None:
        """Remove the member; they may join again."""
        raise NotSupported(self.platform, "ban_members")
