"""The sandbox's make-believe platform: users, chats and every message sent in them."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime

from bot import clock
from bot.capabilities import Restriction
from bot.identity import ChatKind, ChatRef, UserRef
from bot.messages import Document, Message, RichText, plain_text

DEMO_CHAT = "demo"


@dataclass
class SandboxButton:
    label: str
    payload: str | None = None
    url: str | None = None
    form: bool = False  # the press opens a form


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
    visible_to: str | None = None  # a private answer: only this user sees it
    edited: bool = False

    @property
    def text(self) -> str:
        return plain_text(self.content)

    @property
    def private(self) -> bool:
        return self.visible_to is not None

    def seen_by(self, user: str | None) -> bool:
        return self.visible_to is None or self.visible_to == user

    def to_json(self) -> dict:
        return {
            "id": self.id, "chat": self.chat, "from": self.sender, "text": self.text,
            "images": self.images, "reply_to": self.reply_to, "edited": self.edited,
            "private": self.private, "to": self.visible_to,
            "document": self.document.filename if self.document else None,
            "document_url": f"/sandbox/api/documents/{self.id}" if self.document else None,
            "buttons": [[{"label": b.label, "url": b.url, "index": [r, c], **({"form": True} if b.form else {})}
                         for c, b in enumerate(row)]
                        for r, row in enumerate(self.buttons)],
        }


class SandboxWorld:
    def __init__(self, platform: str, users: list[str], admins: list[str]) -> None:
        self.platform = platform
        self.users: dict[str, UserRef] = {}
        self.admins = {a for a in admins if "@" not in a}  # admins of every group
        self.chat_admins = {tuple(a.split("@", 1)) for a in admins if "@" in a}  # ("mallory", "club")
        self.chats: dict[str, ChatRef] = {}
        self.messages: dict[str, SandboxMessage] = {}
        self.members: dict[str, set[str]] = {}
        self.closed_dms: set[str] = set()
        self.invites: dict[str, str] = {}  # url -> name
        self.tags: dict[tuple[str, str], str] = {}  # (chat, user) -> the tag shown beside the name
        self.roles: dict[tuple[str, str], set[str]] = {}  # (chat, user) -> roles
        # (chat, user) -> what they may not post, and until when (None: until lifted)
        self.restrictions: dict[tuple[str, str], tuple[frozenset[Restriction], datetime | None]] = {}
        self.join_requests: dict[tuple[str, str], object] = {}  # (chat, user) -> the invite they came by
        self.banned: dict[tuple[str, str], object] = {}  # (chat, user) -> until (None: for good)
        self.reactions: set[tuple[str, str, str]] = set()  # (message id, user, emoji)
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

    def add_sub_chat(self, chat: ChatRef, title: str) -> ChatRef:
        """A sub-chat of a group (like a thread): named "<group>#<n>" in the API."""
        number = 1 + sum(1 for ref in self.chats.values() if ref.chat_id == chat.chat_id and ref.thread_id)
        sub = ChatRef(self.platform, chat.chat_id, ChatKind.GROUP, space_id=chat.space_id, title=title,
                      thread_id=str(number))
        self.chats[self.name_of(sub)] = sub
        return sub

    @staticmethod
    def name_of(chat: ChatRef) -> str:
        """A chat's name in the API: its id, with "#<n>" for a sub-chat."""
        return f"{chat.chat_id}#{chat.thread_id}" if chat.thread_id else chat.chat_id

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

    def record(self, chat_id: str, sender: str, message: Message, rendered_buttons: list[list[SandboxButton]],
               visible_to: str | None = None) -> SandboxMessage:
        stored = SandboxMessage(self.next_id(), chat_id, sender, message.content, len(message.images),
                                tuple(i.data for i in message.images), message.document, rendered_buttons,
                                message.reply_to, visible_to)
        self.messages[stored.id] = stored
        return stored

    def is_admin(self, chat_id: str, user: str) -> bool:
        return user in self.admins or (user, chat_id) in self.chat_admins

    def admins_of(self, chat_id: str) -> list[str]:
        return sorted(self.admins | {user for user, chat in self.chat_admins if chat == chat_id})

    def restrictions_of(self, chat_id: str, user: str, now: datetime) -> frozenset[Restriction]:
        kinds, until = self.restrictions.get((chat_id, user), (frozenset(), None))
        return kinds if until is None or until > now else frozenset()

    def member_list(self, chat_id: str, now: datetime | None = None) -> list[dict]:
        """Who is in a group, with the tag, roles and restrictions the bot gave them."""
        now = now or clock.now()
        return [{"user": name, "tag": self.tags.get((chat_id, name)),
                 "roles": sorted(self.roles.get((chat_id, name), ())),
                 "restrictions": sorted(self.restrictions_of(chat_id, name, now)),
                 "restricted_until": _iso(self.restrictions.get((chat_id, name), ((), None))[1])}
                for name in sorted(self.members.get(chat_id, ()))]

    def history(self, chat_id: str) -> list[SandboxMessage]:
        """Everything said in a chat, private answers included (what a test sees)."""
        return [m for m in self.messages.values() if m.chat == chat_id]

    def history_seen_by(self, chat_id: str, user: str | None) -> list[SandboxMessage]:
        """What `user` sees in a chat: everyone's messages and the private answers to them."""
        return [m for m in self.history(chat_id) if m.seen_by(user)]


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None
