"""Who and where: platform-neutral references to users and chats."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.untrusted import USERNAME_LENGTH, clean_lang, clean_name


class ChatKind(StrEnum):
    GROUP = "group"
    PRIVATE = "private"
    CHANNEL = "channel"


@dataclass(frozen=True)
class ChatRef:
    """A place messages are sent to.

    `space_id` is what a community binds: the Telegram chat itself, or the Discord guild
    that holds the channel `chat_id`. Private chats have no space. `lang` is the place's own
    language where the platform has one (a Discord server's preferred locale).
    """

    platform: str
    chat_id: str
    kind: ChatKind
    space_id: str | None = None
    title: str | None = None
    lang: str | None = field(default=None, compare=False)
    thread_id: str | None = None  # a sub-chat of the chat: a Telegram forum topic, a Discord thread

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_name(self.title))

    @property
    def space_key(self) -> str | None:
        return f"{self.platform}:{self.space_id}" if self.space_id else None

    @property
    def key(self) -> str | None:
        """The chat as `post_in` names it: "platform:space/chat", "…#thread" for a sub-chat."""
        if not self.space_id:
            return None
        return f"{self.platform}:{self.space_id}/{self.chat_id}" + (f"#{self.thread_id}" if self.thread_id else "")


@dataclass(frozen=True)
class UserRef:
    platform: str
    user_id: str
    name: str
    username: str | None = None
    lang: str | None = None
    is_bot: bool = False
    # A message sent in the name of a chat (Telegram's anonymous group admins): never a member.
    anonymous: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name(self.name) or self.user_id[:50])
        object.__setattr__(self, "username", clean_name(self.username, USERNAME_LENGTH))
        object.__setattr__(self, "lang", clean_lang(self.lang))

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.user_id}"
