"""What a platform can do, declared by its adapter and queried by plugins."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.identity import ChatRef


class Restriction(StrEnum):
    """What a member may be kept from posting in the community's chats (`ctx.restrictions`)."""

    MESSAGES = "messages"  # anything at all: read-only
    LINKS = "links"
    MEDIA = "media"  # photos, videos, files, voice, stickers
    FORWARDS = "forwards"


ALL_RESTRICTIONS = frozenset(Restriction)


class RoleSupport(StrEnum):
    NATIVE = "native"  # real platform roles (Discord)
    EMULATED = "emulated"  # kept by the core; shown as a title or tag (Telegram)
    NONE = "none"


@dataclass(frozen=True)
class Capabilities:
    roles: RoleSupport = RoleSupport.EMULATED
    member_invites: bool = False
    direct_messages: bool = False
    restrict_members: bool = False
    # what the platform itself stops a restricted member from posting; the core deletes the rest
    enforced_restrictions: frozenset[Restriction] = frozenset()
    join_requests: bool = False  # groups that admit by request, approved or declined by the bot
    ban_members: bool = False  # remove a member (kick) or keep them out (ban)
    edit_messages: bool = False
    delete_messages: bool = False
    buttons: bool = True
    private_replies: bool = False  # ephemeral answers visible to the caller only
    member_tags: bool = False  # a short label beside a member's name (Telegram's member tag)
    # Sub-chats of a group, for a part of it to talk apart: a Discord thread, a Telegram forum
    # topic (only where the group is a forum), a sandbox sub-chat. See Adapter.open_sub_chat.
    sub_chats: bool = False
    reactions: bool = False  # members' reactions to messages arrive as ReactionChanged events
    # A button can open a form (a Discord modal): Button(form=...), answered as FormSubmitted.
    # Elsewhere such a press gets a "not available here" note: plugins check and fall back.
    forms: bool = False
    max_upload_bytes: int = 10 * 1024 * 1024


@dataclass(frozen=True)
class SubChat:
    """A sub-chat the platform made: `chat` (its ChatRef, with `thread_id`) and, where the
    platform has one, a link that opens it."""

    chat: "ChatRef"
    link: str | None = None

    @property
    def key(self) -> str:
        """How `post_in` names it: "platform:space/chat#thread"."""
        return self.chat.key or ""


class NotSupported(Exception):
    """The platform lacks a capability; plugins check `capabilities` and fall back."""

    def __init__(self, platform: str, capability: str) -> None:
        super().__init__(f"{platform} does not support {capability}")
        self.platform, self.capability = platform, capability


class DirectMessageClosed(Exception):
    """The user has not opened (or has closed) direct messages with the bot."""

    def __init__(self, platform: str, user_id: str) -> None:
        super().__init__(f"cannot message {platform}:{user_id} directly")
        self.platform, self.user_id = platform, user_id


class MissingRights(Exception):
    """The platform refused because the bot lacks a right an admin can give it.

    `right` names what to fix: "role_order" (Discord: the bot's role sits below the role),
    "manage_roles", "manage_tags" (Telegram: can_manage_tags), "restrict_members" (Telegram:
    can_restrict_members; also mute, ban, kick), "delete_messages", "invite_users" (approve or decline
    join requests), "manage_topics" (Telegram: a forum topic), "create_threads" (Discord). Plugins
    tell the admins once.
    """

    def __init__(self, platform: str, right: str, detail: str | None = None) -> None:
        super().__init__(f"{platform}: the bot lacks {right}" + (f" ({detail})" if detail else ""))
        self.platform, self.right, self.detail = platform, right, detail
