"""The sandbox adapter: a platform in memory, on the same bus path as the real ones."""
from __future__ import annotations

import contextvars
import logging
import secrets
import uuid
from dataclasses import replace
from datetime import datetime

from bot import buttons, clock
from bot.adapter import Adapter
from bot.capabilities import (ALL_RESTRICTIONS, Capabilities, DirectMessageClosed, NotSupported, Restriction,
                              RoleSupport, SubChat)
from bot.errors import StartupError
from bot.events import (Attachment, BotAdded, ButtonPressed, Event, FormSubmitted, InviteRef, JoinRequested,
                        MemberJoined, MemberLeft, MessageReceived, ReactionChanged)
from bot.form_opening import NOT_A_FORM, opening
from bot.forms import Form
from bot.i18n import normalize_locale
from bot.member_restrictions import broken_by
from bot.identity import ChatKind, ChatRef, UserRef
from bot.messages import Image, Message, SentMessage, Text

from adapters.sandbox.clock_file import clock_file, restore_offset
from adapters.sandbox.world import SandboxButton, SandboxMessage, SandboxWorld

log = logging.getLogger(__name__)
_collector: contextvars.ContextVar[list[SandboxMessage] | None] = contextvars.ContextVar("sandbox_replies",
                                                                                       default=None)


class SandboxAdapter(Adapter):
    platform = "sandbox"
    capabilities = Capabilities(roles=RoleSupport.EMULATED, member_invites=True, direct_messages=True, reactions=True,
                                restrict_members=True, edit_messages=True, delete_messages=True, buttons=True,
                                private_replies=True, member_tags=True, sub_chats=True,
                                enforced_restrictions=ALL_RESTRICTIONS, join_requests=True, ban_members=True,
                                forms=True)

    def __init__(self, runtime, config, platform: str = "sandbox") -> None:
        super().__init__(runtime, config)
        self.platform = platform
        self.world = SandboxWorld(platform, list(config.users), list(config.admins))

    async def start(self) -> None:
        from adapters.sandbox.web import mount

        if self.platform == "sandbox":
            self._refuse_to_open_beside_real_platforms()
            mount(self.runtime.web, self)
            settable = clock.current_clock()
            if isinstance(settable, clock.OffsetClock):
                restore_offset(self.clock_file, settable)

    @property
    def clock_file(self):
        return clock_file(self.runtime.config.bot.data_dir)

    def _refuse_to_open_beside_real_platforms(self) -> None:
        real = sorted(p for p in self.runtime.adapters if not p.startswith("sandbox"))
        if not real or not self.runtime.config.web.enabled:
            return
        if not self.config.token:
            raise StartupError(f"the sandbox is enabled beside {', '.join(real)}: anyone reaching the web port could "
                               "act as any sandbox user; set [sandbox] token (SHEQUN_SANDBOX__TOKEN) or disable "
                               "[sandbox]")
        log.warning("the sandbox runs beside %s; its API and page need the [sandbox] token", ", ".join(real))

    # --- outgoing --------------------------------------------------------------------

    async def send(self, chat: ChatRef, message: Message) -> SentMessage:
        return await self._post(chat, message)

    async def reply(self, event: Event, message: Message) -> SentMessage:
        if not message.private or event.user is None:
            return await super().reply(event, message)
        return await self._post(event.chat, replace(message, reply_to=getattr(event, "message_id", None)),
                                visible_to=event.user.user_id)

    async def _post(self, chat: ChatRef, message: Message, visible_to: str | None = None) -> SentMessage:
        rows = [[await self._render_button(b) for b in row] for row in message.buttons]
        stored = self.world.record(self.world.name_of(chat), "bot", message, rows, visible_to)
        collected = _collector.get()
        if collected is not None:
            collected.append(stored)
        return SentMessage(self.platform, chat.chat_id, stored.id)

    async def _render_button(self, button) -> SandboxButton:
        if button.url:
            return SandboxButton(button.label, url=button.url)
        return SandboxButton(button.label, payload=await buttons.encode(button), form=button.form is not None)

    async def edit(self, sent: SentMessage, message: Message) -> None:
        stored = self.world.messages[sent.message_id]
        stored.content = message.content
        stored.buttons = [[await self._render_button(b) for b in row] for row in message.buttons]
        stored.edited = True
        collected = _collector.get()
        if collected is not None and stored not in collected:
            collected.append(stored)

    async def delete(self, sent: SentMessage) -> None:
        self.world.messages.pop(sent.message_id, None)

    async def send_direct(self, user_id: str, message: Message) -> SentMessage:
        if user_id in self.world.closed_dms:
            raise DirectMessageClosed(self.platform, user_id)
        return await self.send(self.world.chat(f"dm:{user_id}"), message)

    async def open_sub_chat(self, chat: ChatRef, title: str) -> SubChat:
        if chat.kind is not ChatKind.GROUP or chat.thread_id:
            raise NotSupported(self.platform, "sub_chats outside a group")
        sub = self.world.add_sub_chat(chat, title)
        return SubChat(sub)  # no link: the API names it "<group>#<n>"

    async def answer_button(self, event: Event, toast: str | None = None, alert: bool = False) -> None:
        if toast:
            toasts = _toasts.get()
            if toasts is not None:
                toasts.append(toast)

    # --- members ---------------------------------------------------------------------

    async def is_admin(self, chat: ChatRef, user_id: str) -> bool:
        return self.world.is_admin(chat.space_id or chat.chat_id, user_id)

    async def list_admins(self, space_id: str) -> list[UserRef]:
        return [self.world.user(name) for name in self.world.admins_of(space_id)]

    def _in_group(self, space_id: str, user_id: str) -> None:
        if user_id not in self.world.members.get(space_id, ()):
            raise LookupError(f"{user_id} is not in {space_id}")

    async def assign_role(self, space_id: str, user_id: str, role: str) -> None:
        """Roles are the core's (emulated); the sandbox also lists them, for the API to show."""
        self._in_group(space_id, user_id)
        self.world.roles.setdefault((space_id, user_id), set()).add(role)

    async def remove_role(self, space_id: str, user_id: str, role: str) -> None:
        self.world.roles.get((space_id, user_id), set()).discard(role)

    async def set_member_tag(self, space_id: str, user_id: str, tag: str | None) -> None:
        self._in_group(space_id, user_id)
        if tag:
            self.world.tags[(space_id, user_id)] = tag[:16]
        else:
            self.world.tags.pop((space_id, user_id), None)

    async def create_invite(self, chat: ChatRef, name: str, *, max_uses=None, expires_at=None) -> InviteRef:
        url = f"https://sandbox.invalid/join/{secrets.token_urlsafe(6)}"
        self.world.invites[url] = name
        return InviteRef(url, name)

    async def revoke_invite(self, chat: ChatRef, invite: InviteRef) -> None:
        self.world.invites.pop(invite.url, None)

    async def set_restrictions(self, space_id: str, user_id: str, kinds: frozenset[Restriction],
                               until: datetime | None = None) -> None:
        """Kept in the world: listed by GET /sandbox/api/members, and `says` refuses what breaks them."""
        self._in_group(space_id, user_id)
        if kinds:
            self.world.restrictions[(space_id, user_id)] = (kinds, until)
        else:
            self.world.restrictions.pop((space_id, user_id), None)

    async def approve_join(self, chat: ChatRef, user_id: str) -> None:
        """As on Telegram: the request is gone, the person is in, and the bot hears them join."""
        if (chat.chat_id, user_id) not in self.world.join_requests:
            raise LookupError(f"{user_id} has no join request in {chat.chat_id}")
        invite = self.world.join_requests.pop((chat.chat_id, user_id))
        self.world.members[chat.chat_id].add(user_id)
        await self.runtime.bus.handle(MemberJoined(platform=self.platform, chat=self.world.chat(chat.chat_id),
                                                   user=self.world.user(user_id), at=clock.now(), invite=invite))

    async def decline_join(self, chat: ChatRef, user_id: str) -> None:
        if self.world.join_requests.pop((chat.chat_id, user_id), False) is False:
            raise LookupError(f"{user_id} has no join request in {chat.chat_id}")

    async def ban(self, chat: ChatRef, user_id: str, until: datetime | None = None) -> None:
        self.world.members[chat.chat_id].discard(user_id)
        self.world.banned[(chat.chat_id, user_id)] = until

    async def unban(self, chat: ChatRef, user_id: str) -> None:
        self.world.banned.pop((chat.chat_id, user_id), None)

    async def kick(self, chat: ChatRef, user_id: str) -> None:
        self.world.members[chat.chat_id].discard(user_id)

    # --- incoming (what a person does) -------------------------------------------------

    async def deliver(self, event: Event) -> "Outcome":
        replies: list[SandboxMessage] = []
        toasts: list[str] = []
        token_r, token_t = _collector.set(replies), _toasts.set(toasts)
        try:
            await self.runtime.bus.handle(event)
        finally:
            _collector.reset(token_r)
            _toasts.reset(token_t)
        return Outcome(replies, toasts)

    async def says(self, user: str, text: str, chat: str = "demo", lang: str | None = None, *,
                   image: str | None = None, forwarded: bool = False,
                   forwarded_from: str | None = None,
                   attachments: list[tuple[str, str, bytes]] | tuple = (), reply_to: str | None = None) -> "Outcome":
        """`user` posts `text` in `chat` (with an image named `image`, or as a forward; `forwarded_from`
        names where from: "channel", "chat", "user", "hidden"), with files (`attachments`: kind
        "image" or "document", name, bytes), replying to message `reply_to`.

        Raises Refused, as the platform would, when a restriction of theirs forbids it or they are banned."""
        sender = self.world.user(user, lang)
        where = self.world.chat(chat)
        if self._banned(where.chat_id, user):
            raise Refused(user, [], banned=True)
        self.world.members[where.chat_id].add(user)
        files = tuple(Attachment(kind=kind, filename=name, size=len(data), fetch=_fetcher(data))
                      for kind, name, data in attachments)
        files += (_image(image),) if image else ()
        message = MessageReceived(platform=self.platform, chat=where, user=sender, at=clock.now(), message_id="",
                                  text=text, attachments=files, forwarded=forwarded or forwarded_from is not None,
                                  forwarded_from=forwarded_from,
                                  reply_to_message_id=reply_to if reply_to in self.world.messages else None)
        if broken := broken_by(message) & self.world.restrictions_of(where.chat_id, user, clock.now()):
            raise Refused(user, sorted(broken))
        images = tuple(Image(data, name) for kind, name, data in attachments if kind == "image")
        stored = self.world.record(self.world.name_of(where), user,
                                   Message((Text(text),), images, reply_to=message.reply_to_message_id), [])
        mentions = tuple(self.world.users[w[1:]] for w in text.split() if w.startswith("@") and w[1:] in self.world.users)
        return await self.deliver(replace(message, message_id=stored.id, mentions=mentions, event_id=f"m{stored.id}"))

    async def press(self, user: str, message_id: str, row: int, column: int) -> "Outcome":
        """A press; a button that opens a form answers with the form (`Outcome.form`) as a
        platform shows one, and reaches no handler until `fill_in`."""
        message, button = self._button(user, message_id, row, column)
        opened = await opening(self.runtime, button.payload, self.platform, user) if self.capabilities.forms \
            else NOT_A_FORM
        if opened.refusal:
            return Outcome([], [self._text_for(user, opened.refusal)])
        if opened.form is not None:
            return Outcome([], [], form=opened.form)
        return await self.deliver(ButtonPressed(platform=self.platform, chat=self.world.chat(message.chat),
                                                user=self.world.user(user), at=clock.now(), message_id=message_id,
                                                payload=button.payload))

    async def fill_in(self, user: str, message_id: str, row: int, column: int, values: dict[str, str]) -> "Outcome":
        """`user` sends the form a button opens, filled in with `values` (field key -> value)."""
        message, button = self._button(user, message_id, row, column)
        return await self.deliver(FormSubmitted(platform=self.platform, chat=self.world.chat(message.chat),
                                                user=self.world.user(user), at=clock.now(), message_id=message_id,
                                                payload=button.payload, values=dict(values)))

    def _button(self, user: str, message_id: str, row: int, column: int) -> tuple[SandboxMessage, SandboxButton]:
        message = self.world.messages[message_id]
        if not message.seen_by(user):
            raise LookupError("no such message")
        button = message.buttons[row][column]
        if button.payload is None:
            raise ValueError("a link button opens a URL; there is nothing to press")
        return message, button

    def _text_for(self, user: str, message_id: str) -> str:
        return self.runtime.catalogs.text(normalize_locale(self.world.user(user).lang), message_id)

    async def react(self, user: str, message_id: str, emoji: str, added: bool = True) -> "Outcome":
        """`user` adds (or takes back) a reaction on a message they can see; a repeat changes nothing."""
        message = self.world.messages[message_id]
        if not message.seen_by(user) or message.chat.startswith("dm:") and message.chat != f"dm:{user}":
            raise LookupError("no such message")
        key = (message_id, user, emoji)
        if (key in self.world.reactions) == added:
            return Outcome([], [])
        (self.world.reactions.add if added else self.world.reactions.discard)(key)
        return await self.deliver(ReactionChanged(platform=self.platform, chat=self.world.chat(message.chat),
                                                  user=self.world.user(user), at=clock.now(), message_id=message_id,
                                                  emoji=emoji, added=added,
                                                  event_id=f"r{self.world.next_id()}"))

    async def join(self, user: str, chat: str = "demo", invite: str | None = None) -> "Outcome":
        where = self.world.chat(chat)
        if self._banned(where.chat_id, user):
            return Outcome([], [])
        self.world.members[where.chat_id].add(user)
        ref = InviteRef(invite, self.world.invites.get(invite)) if invite else None
        return await self.deliver(MemberJoined(platform=self.platform, chat=where, user=self.world.user(user),
                                               at=clock.now(), invite=ref, event_id=f"join:{uuid.uuid4().hex}"))

    async def request_join(self, user: str, chat: str = "demo", invite: str | None = None,
                           lang: str | None = None) -> "Outcome":
        """`user` asks to join `chat` (a group that admits by request); a banned user cannot."""
        where = self.world.chat(chat)
        if self._banned(where.chat_id, user) or user in self.world.members[where.chat_id]:
            return Outcome([], [])
        ref = InviteRef(invite, self.world.invites.get(invite)) if invite else None
        self.world.join_requests[(where.chat_id, user)] = ref
        return await self.deliver(JoinRequested(platform=self.platform, chat=where, user=self.world.user(user, lang),
                                                at=clock.now(), invite=ref, event_id=f"j{self.world.next_id()}"))

    def _banned(self, chat_id: str, user: str) -> bool:
        if (chat_id, user) not in self.world.banned:
            return False
        until = self.world.banned[(chat_id, user)]
        return until is None or until > clock.now()

    async def leave(self, user: str, chat: str = "demo") -> "Outcome":
        where = self.world.chat(chat)
        self.world.members[where.chat_id].discard(user)
        return await self.deliver(MemberLeft(platform=self.platform, chat=where, user=self.world.user(user),
                                             at=clock.now()))

    async def add_bot(self, chat: str, by: str) -> "Outcome":
        return await self.deliver(BotAdded(platform=self.platform, chat=self.world.chat(chat),
                                           user=self.world.user(by), at=clock.now()))


class Refused(Exception):
    """The sandbox refused a post, as a platform does for a restricted member."""

    def __init__(self, user: str, broken: list[Restriction], *, banned: bool = False) -> None:
        super().__init__(f"{user} is banned from this chat" if banned
                         else f"{user} may not post this here (restricted: {', '.join(broken)})")
        self.user, self.broken = user, broken


def _image(name: str) -> Attachment:
    async def fetch(_max_bytes: int) -> bytes:
        return b""

    return Attachment(kind="image", filename=name, size=0, fetch=fetch)


def _fetcher(data: bytes):
    async def fetch(max_bytes: int) -> bytes:
        return data[:max_bytes + 1]

    return fetch


_toasts: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("sandbox_toasts", default=None)


class Outcome(list):
    """The bot's messages caused by one action (a list), plus any button toasts, and the form a
    press opened."""

    def __init__(self, replies: list[SandboxMessage], toasts: list[str], form: Form | None = None) -> None:
        super().__init__(replies)
        self.toasts = toasts
        self.form = form

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self)
