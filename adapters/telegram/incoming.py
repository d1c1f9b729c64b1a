"""Telegram updates to the core's events.

Polling and webhook (receiving.py) both hand every update to `Incoming.events`, so the two modes
behave the same. Each event carries `event_id=str(update_id)`; the bus drops
redeliveries.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import (CallbackQuery, Chat, ChatInviteLink, ChatJoinRequest, ChatMember, ChatMemberUpdated, Message,
                           MessageReactionUpdated, ReactionType, ReactionTypeCustomEmoji, ReactionTypeEmoji, Update,
                           User)

from bot import clock
from bot.events import (Attachment, BotAdded, BotRemoved, ButtonPressed, Event, FileTooLarge, InviteRef,
                        JoinRequested, MemberJoined, MemberLeft, MessageReceived, ReactionChanged)
from bot.identity import ChatKind, ChatRef, UserRef

from adapters.telegram.client import TelegramClient
from adapters.telegram.render import PLATFORM

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query", "chat_member", "my_chat_member", "chat_join_request",
                   "message_reaction"]
_COMMAND_TO = re.compile(r"^/([A-Za-z0-9_]+)@([A-Za-z0-9_]+)(?=\s|$)")
_MEMBER_FEED_SECONDS = 600
_IN = ("creator", "administrator", "member")
TELEGRAM_SERVICE_USER = 777000  # "Telegram": forwards the linked channel's posts into the group


def chat_ref(chat: Chat, message: Any = None) -> ChatRef:
    """The chat; for a message in a forum topic, the topic (answers go there too)."""
    if chat.type == "private":
        return ChatRef(PLATFORM, str(chat.id), ChatKind.PRIVATE)
    kind = ChatKind.CHANNEL if chat.type == "channel" else ChatKind.GROUP
    topic = getattr(message, "message_thread_id", None) if getattr(message, "is_topic_message", False) else None
    return ChatRef(PLATFORM, str(chat.id), kind, space_id=str(chat.id), title=chat.title,
                   thread_id=str(topic) if topic else None)


def user_ref(user: User) -> UserRef:
    return UserRef(PLATFORM, str(user.id), user.full_name, user.username, user.language_code, bool(user.is_bot))


def _author(message: Message, text: str) -> UserRef | None:
    """Who a message counts as from; None when no member wrote it.

    A post of the group's linked channel (forwarded by "Telegram", 777000), a message sent
    in the name of a channel, and anything else with a `sender_chat` never act as a
    member. An anonymous admin (`sender_chat` is the group itself) is heard only for a
    command, so that the core can explain why it cannot act on it.
    """
    sender, chat = message.from_user, message.sender_chat
    if chat is None and not message.is_automatic_forward and sender.id != TELEGRAM_SERVICE_USER:
        return user_ref(sender)
    if chat is not None and chat.id == message.chat.id and text.startswith("/"):
        return UserRef(PLATFORM, str(chat.id), chat.title or "", is_bot=True, anonymous=True)
    return None


def _invite(link: ChatInviteLink | None) -> InviteRef | None:
    if link is None:
        return None
    return InviteRef(link.invite_link, link.name, str(link.creator.id) if link.creator else None)


_ORIGINS = {"channel": "channel", "chat": "chat", "user": "user", "hidden_user": "hidden"}


def _forwarded_from(message: Message) -> str | None:
    origin = message.forward_origin
    return _ORIGINS.get(str(getattr(origin.type, "value", origin.type))) if origin is not None else None


def _emoji_of(reactions: list[ReactionType] | None) -> list[str]:
    keys = []
    for reaction in reactions or []:
        if isinstance(reaction, ReactionTypeEmoji):
            keys.append(reaction.emoji)
        elif isinstance(reaction, ReactionTypeCustomEmoji):
            keys.append(f"custom:{reaction.custom_emoji_id}")
    return keys


def private_chat(user_id: int | str) -> ChatRef:
    return ChatRef(PLATFORM, str(user_id), ChatKind.PRIVATE)


def is_in(member: ChatMember) -> bool:
    return member.status in _IN or (member.status == "restricted" and bool(getattr(member, "is_member", False)))


def normalize_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Incoming:
    def __init__(self, client: TelegramClient) -> None:
        self.client = client
        # chat id -> (delivers chat_member updates?, until): the bot is an admin there
        self._member_feed: dict[int, tuple[bool, float]] = {}

    async def events(self, update: Update) -> list[Event]:
        event_id = str(update.update_id)
        if update.message is not None:
            return await self._message(update.message, event_id)
        if update.callback_query is not None:
            return [self._button(update.callback_query, event_id)]
        if update.chat_member is not None:
            return self._chat_member(update.chat_member, event_id)
        if update.my_chat_member is not None:
            return self._my_chat_member(update.my_chat_member, event_id)
        if update.chat_join_request is not None:
            return self._join_request(update.chat_join_request, event_id)
        if update.message_reaction is not None:
            return self._reactions(update.message_reaction, event_id)
        return []

    def _reactions(self, update: MessageReactionUpdated, event_id: str) -> list[Event]:
        """One event per emoji added or taken back (anonymous reactions, by a chat, are left out:
        nobody to count them for). Telegram sends these where the bot is an admin."""
        if update.user is None or update.user.is_bot:
            return []
        old, new = _emoji_of(update.old_reaction), _emoji_of(update.new_reaction)
        changes = [(emoji, True) for emoji in new if emoji not in old] + \
            [(emoji, False) for emoji in old if emoji not in new]
        return [ReactionChanged(platform=PLATFORM, chat=chat_ref(update.chat), user=user_ref(update.user),
                                at=clock.now(), event_id=f"{event_id}:{index}", message_id=str(update.message_id),
                                emoji=emoji, added=added) for index, (emoji, added) in enumerate(changes)]

    # --- messages ------------------------------------------------------------------------

    async def _message(self, message: Message, event_id: str) -> list[Event]:
        if message.new_chat_members or message.left_chat_member:
            return await self._service_membership(message, event_id)
        sender = message.from_user
        if sender is None:  # channel posts and the like
            return []
        text = normalize_text(message.text if message.text is not None else (message.caption or ""))
        if text.startswith("/"):
            text = await self._own_command(text)
            if text is None:
                return []
        author = _author(message, text)
        if author is None:
            return []
        reply_to = message.reply_to_message
        return [MessageReceived(platform=PLATFORM, chat=chat_ref(message.chat, message), user=author,
                                at=clock.now(), event_id=event_id, message_id=str(message.message_id), text=text,
                                attachments=self._attachments(message), mentions=self._mentions(message),
                                reply_to_message_id=str(reply_to.message_id) if reply_to else None,
                                forwarded=message.forward_origin is not None,
                                forwarded_from=_forwarded_from(message))]

    async def _own_command(self, text: str) -> str | None:
        """`/cmd@this_bot args` -> `/cmd args`; None for a command addressed to another bot."""
        match = _COMMAND_TO.match(text)
        if match is None:
            return text
        me = await self.client.username()
        if me is None or match[2].lower() != me.lower():
            return None
        return f"/{match[1]}{text[match.end():]}"

    @staticmethod
    def _mentions(message: Message) -> tuple[UserRef, ...]:
        entities = message.entities or message.caption_entities or []
        return tuple(user_ref(e.user) for e in entities if e.type == "text_mention" and e.user is not None)

    def _attachments(self, message: Message) -> tuple[Attachment, ...]:
        found = []
        if message.photo:
            biggest = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
            found.append(Attachment("image", None, biggest.file_size, self.fetcher(biggest.file_id)))
        if message.document is not None:
            doc = message.document
            kind = "image" if (doc.mime_type or "").startswith("image/") else "document"
            found.append(Attachment(kind, doc.file_name, doc.file_size, self.fetcher(doc.file_id)))
        return tuple(found)

    def fetcher(self, file_id: str) -> Callable[[int], Awaitable[bytes]]:
        async def fetch(max_bytes: int) -> bytes:
            return await self.client.download(file_id, max_bytes)

        return fetch

    # --- buttons ---------------------------------------------------------------------------

    def _button(self, query: CallbackQuery, event_id: str) -> ButtonPressed:
        message = query.message
        if message is not None:
            chat, message_id = chat_ref(message.chat, message), str(message.message_id)
        else:  # a message sent in inline mode: there is no chat
            chat, message_id = private_chat(query.from_user.id), query.inline_message_id or ""
        return ButtonPressed(platform=PLATFORM, chat=chat, user=user_ref(query.from_user), at=clock.now(),
                             event_id=event_id, message_id=message_id, payload=query.data or "",
                             reply_handle=query.id)

    # --- membership --------------------------------------------------------------------------

    def _chat_member(self, update: ChatMemberUpdated, event_id: str) -> list[Event]:
        if update.chat.type in ("private", "channel"):
            return []
        self._member_feed[update.chat.id] = (True, time.monotonic() + _MEMBER_FEED_SECONDS)
        user = update.new_chat_member.user
        if user.id == self.client.bot_id:
            return []
        was, now = is_in(update.old_chat_member), is_in(update.new_chat_member)
        common = dict(platform=PLATFORM, chat=chat_ref(update.chat), user=user_ref(user), at=clock.now(),
                      event_id=event_id)
        if not was and now:
            link = update.invite_link
            invite = (InviteRef(link.invite_link, link.name, str(link.creator.id) if link.creator else None)
                      if link is not None else None)
            return [MemberJoined(**common, invite=invite)]
        if was and not now:
            return [MemberLeft(**common)]
        return []

    def _join_request(self, request: ChatJoinRequest, event_id: str) -> list[Event]:
        """Someone asks to join; the bot may write to them at `user_chat_id` (for 5 minutes), which
        Telegram does not promise to equal their user id: the client remembers it for send_direct."""
        user = request.from_user
        self.client.request_chats[str(user.id)] = str(request.user_chat_id)
        return [JoinRequested(platform=PLATFORM, chat=chat_ref(request.chat), user=user_ref(user), at=clock.now(),
                              event_id=event_id, invite=_invite(request.invite_link), bio=request.bio)]

    def _my_chat_member(self, update: ChatMemberUpdated, event_id: str) -> list[Event]:
        if update.chat.type == "private":
            return []  # a user blocked or unblocked the bot; send_direct finds out when it matters
        new = update.new_chat_member
        self._member_feed[update.chat.id] = (new.status == "administrator",
                                             time.monotonic() + _MEMBER_FEED_SECONDS)
        was, now = is_in(update.old_chat_member), is_in(new)
        common = dict(platform=PLATFORM, chat=chat_ref(update.chat), user=user_ref(update.from_user),
                      at=clock.now(), event_id=event_id)
        if not was and now:
            return [BotAdded(**common)]
        if was and not now:
            return [BotRemoved(**common)]
        return []

    async def _service_membership(self, message: Message, event_id: str) -> list[Event]:
        """Join/leave service messages, for chats where the bot gets no chat_member updates.

        Where the bot is an admin Telegram sends `chat_member` updates, which also tell the
        invite link; the service message would be a duplicate there and is skipped.
        """
        if message.chat.type == "private" or await self._delivers_member_updates(message.chat.id):
            return []
        chat = chat_ref(message.chat)
        if message.left_chat_member is not None:
            users, cls = [message.left_chat_member], MemberLeft
        else:
            users, cls = list(message.new_chat_members or []), MemberJoined
        users = [u for u in users if u.id != self.client.bot_id]  # the bot itself: my_chat_member
        return [cls(platform=PLATFORM, chat=chat, user=user_ref(u), at=clock.now(),
                    event_id=event_id if len(users) == 1 else f"{event_id}.{u.id}") for u in users]

    async def _delivers_member_updates(self, chat_id: int) -> bool:
        known = self._member_feed.get(chat_id)
        if known is not None and known[1] > time.monotonic():
            return known[0]
        try:
            admin = await self.client.bot_is_admin(chat_id)
        except Exception as exc:
            log.warning("could not tell whether the bot is an admin in %s: %s", chat_id, exc)
            admin = False
        self._member_feed[chat_id] = (admin, time.monotonic() + _MEMBER_FEED_SECONDS)
        return admin


__all__ = ["ALLOWED_UPDATES", "Incoming", "FileTooLarge", "chat_ref", "user_ref", "private_chat"]
