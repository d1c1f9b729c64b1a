"""The sandbox's make-believe platform: users, chats and every message sent in them."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.identity import ChatKind, ChatRef, UserRef
from bot.messages import Document, Message, RichText, plain_text

DEMO_CHAT = "demo"


@dataclass
class SandboxButton:
    label: str
    payload: str | None = None
    url: str | None = None


@dataclass
class SandboxMessage:
    id: str
    chat: str
    sender: str  # a user name, or "bot"
    content: RichText
    images: int = 0
    image_data: tuple[bytes, ...] = ()
    document: Document | None = None
    buttons: list[list[SandboxButton]] = field(default_factory=list)
    reply_to: str | None = None
    private: bool = False
    edited: bool = False

    @property
    def text(self) -> str:
        return plain_text(self.content)

    def to_json(self) -> dict:
        return {
            "id": self.id, "chat": self.chat, "from": self.sender, "text": self.text,
            "images": self.images, "reply_to": self.reply_to, "edited": self.edited,
            "document": self.document.filename if self.document else None,
            "buttons": [[{"label": b.label, "url": b.url, "index": [r, c]} for c, b in enumerate(row)]
                        for r, row in enumerate(self.buttons)],
        }


class SandboxWorld:
    def __init__(self, platform: str, users: list[str], admins: list[str]) -> None:
        self.platform = platform
        self.users: dict[str, UserRef] = {}
        self.admins = set(admins)
        self.chats: dict[str, ChatRef] = {}
        self.messages: dict[str, SandboxMessage] = {}
        self.members: dict[str, set[str]] = {}
        self.closed_dms: set[str] = set()
        self.invites: dict[str, str] = {}  # url -> name
        self._ids = itertools.count(1)
        self.add_chat(DEMO_CHAT, ChatKind.GROUP, "Demo group")
        for name in users:
            self.user(name)

    def next_id(self) -> str:
        return str(next(self._ids))

    def add_chat(self, chat_id: str, kind: ChatKind, title: str | None = None) -> ChatRef:
        space = chat_id if kind is not ChatKind.PRIVATE else None
        chat = self.chats[chat_id] = ChatRef(self.platform, chat_id, kind, space_id=space, title=title or chat_id)
        self.members.setdefault(chat_id, set())
        return chat

    def user(self, name: str, lang: str | None = None) -> UserRef:
        existing = self.users.get(name)
        if existing is None or (lang and existing.lang != lang):
            existing = self.users[name] = UserRef(self.platform, name, name.capitalize(), username=name,
                                                  lang=lang or (existing.lang if existing else None))
            self.add_chat(f"dm:{name}", ChatKind.PRIVATE, f"{name} (private)")
        return existing

    def chat(self, chat_id: str) -> ChatRef:
        if chat_id not in self.chats:
            if chat_id.startswith("dm:"):
                self.user(chat_id[3:])
            else:
                self.add_chat(chat_id, ChatKind.GROUP)
        return self.chats[chat_id]

    def record(self, chat_id: str, sender: str, message: Message, rendered_buttons: list[list[SandboxButton]]) -> SandboxMessage:
        stored = SandboxMessage(self.next_id(), chat_id, sender, message.content, len(message.images),
                                tuple(i.data for i in message.images), message.document, rendered_buttons,
                                message.reply_to, message.private)
        self.messages[stored.id] = stored
        return stored

    def history(self, chat_id: str) -> list[SandboxMessage]:
        return [m for m in self.messages.values() if m.chat == chat_id]
