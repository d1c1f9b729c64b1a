"""The Telegram adapter, on aiogram 3 (its Bot client; our own polling loop, no Dispatcher).

Receiving (polling or webhook, then translation) lives in receiving.py and incoming.py;
this module sends. Both use the bot's account (client.py), and everything sent goes
through its `Outbox` (pacing and safe retries, see outbox.py).
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import (AnswerCallbackQuery, ApproveChatJoinRequest, BanChatMember, CreateChatInviteLink,
                             CreateForumTopic, DeclineChatJoinRequest, DeleteMessage, EditMessageCaption,
                             EditMessageReplyMarkup, EditMessageText, GetChat, GetChatAdministrators, GetChatMember,
                             RestrictChatMember,
                             UnbanChatMember,
                             RevokeChatInviteLink, SendDocument, SendMessage, SendPhoto,
                             SetChatAdministratorCustomTitle, SetChatMemberTag)
from aiogram.types import (BufferedInputFile, ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup,
                           ReplyParameters)

from bot import buttons as button_payloads
from bot.adapter import Adapter
from bot.adapter_entry import token_is_set
from bot.capabilities import (Capabilities, DirectMessageClosed, MissingRights, NotSupported, Restriction,
                              RoleSupport, SubChat)
from bot.events import Event, FileTooLarge, InviteRef
from bot.identity import ChatKind, ChatRef, UserRef
from bot.intake import Answer, Intake, held_answers, open_intake
from bot.lease import Lease
from bot.messages import Button, Document, Message, RichText, SentMessage
from bot.send_budget import shared_budget, shared_chat_limits
from bot.send_queue import RateLimits

from adapters.telegram import render
from adapters.telegram.client import TelegramClient, reason
from adapters.telegram.commands import menu_methods
from adapters.telegram.config import TelegramConfig
from adapters.telegram.incoming import private_chat, user_ref
from adapters.telegram.handoff import Handoff
from adapters.telegram.outbox import paced_limits
from adapters.telegram.receiving import Receiver, chat_of_update
from adapters.telegram.render import CAPTION_LIMIT, PLATFORM

log = logging.getLogger(__name__)

MAX_UPLOAD = 50 * 1024 * 1024
MAX_PHOTO = 10 * 1024 * 1024
_REMEMBERED_CAPTIONS = 2000
_TITLE_LIMIT = 16  # Telegram's custom admin title length


class TelegramAdapter(Adapter):
    platform = PLATFORM
    config_model = TelegramConfig
    capabilities = Capabilities(roles=RoleSupport.EMULATED, member_invites=True, direct_messages=True, reactions=True,
                                member_tags=True, restrict_members=True, edit_messages=True, delete_messages=True, buttons=True,
                                private_replies=False, sub_chats=True, max_upload_bytes=MAX_UPLOAD,
                                enforced_restrictions=frozenset({Restriction.MESSAGES, Restriction.MEDIA}),
                                join_requests=True, ban_members=True)

    def __init__(self, runtime: Any, config: TelegramConfig | dict | None, *, limits: RateLimits | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if not isinstance(config, TelegramConfig):
            config = TelegramConfig.model_validate(config or {})
        super().__init__(runtime, config)
        if not config.token:
            raise ValueError("the Telegram adapter needs [telegram] token")
        limits = limits or paced_limits(config.messages_per_second)
        self.client = TelegramClient(config.token, config.api_base, limits, sleep=sleep, monotonic=monotonic)
        self.client.share_budget(shared_budget(runtime.store, PLATFORM, limits.per_second_overall),
                                 shared_chat_limits(runtime.store, PLATFORM))
        self.stop_timeout = runtime.config.bot.stop_timeout
        self.receiver = Receiver(self.client, config, runtime, config.webhook_secret(),
                                 runtime.bus.submit, self.stop_timeout)
        self.intake: Intake | None = None
        if runtime.config.bot.durable_intake:
            self.intake = self.receiver.intake = open_intake(runtime, PLATFORM, self.receiver.handle_payload,
                                                             self._deliver, chat_of_update)
            if self.intake.journal.shared:  # every instance handles; one polls
                self.receiver.lease = Lease(runtime.store.client, f"{runtime.store.prefix}lease:telegram:polling",
                                            runtime.instance_id, runtime.config.redis.takeover_seconds)
        self._background: set[asyncio.Task] = set()
        self.handoff = Handoff(PLATFORM)
        self._captions: OrderedDict[tuple[str, str], None] = OrderedDict()

    @classmethod
    def wants_to_run(cls, config: Any) -> bool:
        return token_is_set(config)

    def pace_with(self, *, sleep: Callable[[float], Awaitable[None]] | None = None,
                  monotonic: Callable[[], float] | None = None, limits: RateLimits | None = None) -> None:
        """Replace the pacing clock or limits (tests: a fake clock) before `start`."""
        self.client.pace_with(sleep=sleep, monotonic=monotonic, limits=limits)

    # --- life cycle ----------------------------------------------------------------------

    async def start(self) -> None:
        await self.client.check_account()
        if self.intake is not None:
            await self.intake.start()
        await self.receiver.start()
        self.runtime.web.health_checks["telegram"] = self.receiver.healthy
        self._spawn(self.publish_commands())

    async def stop(self) -> None:
        """Stop receiving, let updates in flight finish (their replies go out), then close.

        Within `[bot] stop_timeout`: what the intake could not finish stays stored for the
        next start."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.stop_timeout
        await self.receiver.stop()
        if self.intake is not None:
            await self.intake.stop(max(0.0, deadline - loop.time()))
        elif not await self.runtime.bus.drain(max(0.0, deadline - loop.time())):
            log.warning("Telegram stopping with events still being handled")
        if not await self.handoff.finish(max(0.0, deadline - loop.time())):
            log.warning("Telegram stopping with %d paced messages unsent", self.handoff.pending)
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self.client.close()

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def publish_commands(self) -> None:
        """setMyCommands for every scope and language; the first failure is logged, once."""
        methods, refused = menu_methods(self.runtime.bus.command_specs(), self.runtime.catalogs)
        if refused:
            log.warning("commands Telegram cannot list in its menu (names must be a-z, 0-9, _): %s",
                        ", ".join(refused))
        for method in methods:
            try:
                await self.client.outbox.call(method, quiet=(TelegramAPIError,))
            except Exception as exc:
                log.warning("Telegram start-up call setMyCommands failed (%s); the command menu may be stale, "
                            "the bot keeps serving", reason(exc))
                return

    # --- sending --------------------------------------------------------------------------

    async def send(self, chat: ChatRef, message: Message) -> SentMessage:
        held = held_answers()
        if held is not None and not held.closed:  # answering a stored update: sent once it is marked handled
            _refuse_unsendable(message)
            placeholder = self.handoff.promise(chat.chat_id)
            held.hold(Answer(chat, message, placeholder.message_id))
            return placeholder
        if self.client.outbox.busy(chat.chat_id, background=message.background):  # paced: the worker moves on
            _refuse_unsendable(message)  # what can never be sent fails now, for the caller to see
            return self.handoff.start(chat.chat_id, self._send(chat, message))
        return await self._send(chat, message)

    async def _deliver(self, answer: Answer, leaving: Callable[[], Awaitable[None]]) -> None:
        """Send an answer the intake held; `leaving` is awaited right before it goes out."""
        sending = self._send(answer.chat, answer.message, leaving=leaving)
        if answer.placeholder is None:
            await sending
        else:
            await self.handoff.fulfil(answer.placeholder, sending)

    async def _resolve(self, sent: SentMessage) -> SentMessage:
        """The real message behind a placeholder. One this update's handling still holds is sent
        now (an edit of it cannot wait for the handling to end)."""
        held = held_answers()
        if held is not None and held.owns(sent.message_id):
            for answer in held.take_all():
                self.handoff.fulfil(answer.placeholder, self._send(answer.chat, answer.message))
        return await self.handoff.resolve(sent)

    async def _send(self, chat: ChatRef, message: Message, quiet: tuple[type[BaseException], ...] = (),
                    leaving: Callable[[], Awaitable[None]] | None = None) -> SentMessage:
        """Text, photos and a document, in this order of carriers:

        * media with text of at most 1024 characters: the first photo (else the document)
          carries the text as its caption, the reply and the buttons; the rest follow;
        * longer text: the text goes first (split at 4096 characters; the first part
          replies, the last carries the buttons), then the photos, then the document.
        An image over 10 MB goes as a document; a file over 50 MB is refused before
        anything is sent. The returned message is the one carrying the buttons.
        """
        target = _chat_id(chat.chat_id)
        topic = int(chat.thread_id) if chat.thread_id and chat.thread_id.isdigit() else None
        markup = await self._keyboard(message.buttons)
        reply = (ReplyParameters(message_id=int(message.reply_to), allow_sending_without_reply=True)
                 if message.reply_to and message.reply_to.isdigit() else None)
        photos = [img for img in message.images if len(img.data) <= MAX_PHOTO]
        files = [Document(img.data, img.filename) for img in message.images if len(img.data) > MAX_PHOTO]
        if message.document is not None:
            files.append(message.document)
        _refuse_unsendable(message)
        blank = render.is_blank(message.content)

        async def post(method: Any) -> Any:
            return await self.client.outbox.send(chat.chat_id, chat.kind, method, quiet=quiet, before=leaving,
                                                 background=message.background)

        media: list[tuple[str, bytes, str]] = ([("photo", p.data, p.filename) for p in photos]
                                               + [("document", f.data, f.filename) for f in files])
        if not media:
            main = await self._send_text(post, target, message.content, reply, markup, topic)
        elif blank or render.length(message.content) <= CAPTION_LIMIT:
            kind, data, name = media.pop(0)
            caption = None if blank else render.render(message.content)
            main = await post(_media_method(kind, target, data, name, caption, reply, markup, topic))
            if caption is not None:
                self._remember_caption(chat.chat_id, str(main.message_id))
        else:
            main = await self._send_text(post, target, message.content, reply, markup, topic)
        for kind, data, name in media:
            await post(_media_method(kind, target, data, name, None, None, None, topic))
        return SentMessage(PLATFORM, chat.chat_id, str(main.message_id))

    @staticmethod
    async def _send_text(post: Callable[[Any], Awaitable[Any]], target: int | str, content: RichText,
                         reply: ReplyParameters | None, markup: InlineKeyboardMarkup | None,
                         topic: int | None = None) -> Any:
        pieces = render.split(content)
        sent = None
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            sent = await post(SendMessage(chat_id=target, message_thread_id=topic, text=render.render(piece),
                                          parse_mode="HTML",
                                          reply_parameters=reply if index == 0 else None,
                                          reply_markup=markup if last else None))
        return sent

    async def _keyboard(self, rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
        keyboard = []
        for row in rows:
            out = []
            for button in row:
                label = button.label.strip() or "…"
                if button.url:
                    out.append(InlineKeyboardButton(text=label, url=button.url))
                else:
                    out.append(InlineKeyboardButton(text=label, callback_data=await button_payloads.encode(button)))
            if out:
                keyboard.append(out)
        return InlineKeyboardMarkup(inline_keyboard=keyboard) if keyboard else None

    def _remember_caption(self, chat_id: str, message_id: str) -> None:
        self._captions[(chat_id, message_id)] = None
        while len(self._captions) > _REMEMBERED_CAPTIONS:
            self._captions.popitem(last=False)

    async def edit(self, sent: SentMessage, message: Message) -> None:
        """New text and buttons for a sent message (a caption for a photo or document).

        Media cannot be changed by an edit; text beyond one message (4096, caption 1024)
        is cut at the limit.
        """
        sent = await self._resolve(sent)
        target, message_id = _chat_id(sent.chat_id), int(sent.message_id)
        markup = await self._keyboard(message.buttons)
        kind = ChatKind.PRIVATE if not str(sent.chat_id).startswith("-") else ChatKind.GROUP

        async def post(method: Any) -> Any:
            return await self.client.outbox.send(sent.chat_id, kind, method, quiet=(TelegramBadRequest,))

        try:
            if render.is_blank(message.content):
                await post(EditMessageReplyMarkup(chat_id=target, message_id=message_id, reply_markup=markup))
            elif (sent.chat_id, sent.message_id) in self._captions:
                await post(self._caption_edit(target, message_id, message.content, markup))
            else:
                try:
                    text = render.render(render.split(message.content)[0])
                    await post(EditMessageText(chat_id=target, message_id=message_id, text=text, parse_mode="HTML",
                                               reply_markup=markup))
                except TelegramBadRequest as err:
                    if "no text in the message" not in err.message:
                        raise
                    await post(self._caption_edit(target, message_id, message.content, markup))
                    self._remember_caption(sent.chat_id, sent.message_id)
        except TelegramBadRequest as err:
            if "message is not modified" in err.message:
                return
            log.error("editing message %s in chat %s failed: %s", sent.message_id, sent.chat_id, err.message)
            raise

    @staticmethod
    def _caption_edit(target: int | str, message_id: int, content: RichText,
                      markup: InlineKeyboardMarkup | None) -> EditMessageCaption:
        caption = render.render(render.split(content, CAPTION_LIMIT)[0])
        return EditMessageCaption(chat_id=target, message_id=message_id, caption=caption, parse_mode="HTML",
                                  reply_markup=markup)

    async def delete(self, sent: SentMessage) -> None:
        """Paced with every other request (a raid's deletes take turns with the answers); while the
        pace makes it wait, the worker moves on and it goes out in the background (logged if it fails)."""
        sent = await self._resolve(sent)
        if self.client.outbox.acts_wait():
            self.handoff.start(sent.chat_id, self._delete_later(sent))
            return
        await self._delete(sent)

    async def _delete_later(self, sent: SentMessage) -> SentMessage:
        try:
            await self._delete(sent)
        except MissingRights as missing:
            log.warning("could not delete message %s in chat %s: %s", sent.message_id, sent.chat_id, missing)
        return sent

    async def _delete(self, sent: SentMessage) -> None:
        try:
            await self.client.outbox.act(DeleteMessage(chat_id=_chat_id(sent.chat_id), message_id=int(sent.message_id)),
                                         chat_id=sent.chat_id, kind="delete", quiet=(TelegramBadRequest,))
        except TelegramBadRequest as err:
            if "not found" in err.message:
                return  # already gone
            if "can't be deleted" in err.message:
                raise MissingRights(PLATFORM, "delete_messages", err.message) from None
            log.error("deleting message %s in chat %s failed: %s", sent.message_id, sent.chat_id, err.message)
            raise

    async def answer_button(self, event: Event, toast: str | None = None, alert: bool = False) -> None:
        if not event.reply_handle:
            return
        text = toast[:200] if toast else None
        await self.client.outbox.call(AnswerCallbackQuery(callback_query_id=event.reply_handle, text=text,
                                                   show_alert=alert if text else None),
                               chat_id=event.chat.chat_id, idempotent=False)

    async def direct_chat_link(self) -> str | None:
        """t.me/<bot>?start: opens the bot's private chat with the Start button showing."""
        me = await self.client.username()
        return f"https://t.me/{me}?start=private" if me else None

    async def send_direct(self, user_id: str, message: Message) -> SentMessage:
        """Raises DirectMessageClosed when the user never started the bot or blocked it.

        A `background` message the pace would hold back goes out later, and the caller moves on
        (a raid's warnings must not hold the workers): a closed chat is then only logged."""
        chat = private_chat(self.client.request_chats.get(str(user_id), user_id))
        if message.background and self.client.outbox.busy(chat.chat_id, background=True):
            _refuse_unsendable(message)
            return self.handoff.start(chat.chat_id, self._send_direct(user_id, chat, message))
        return await self._send_direct(user_id, chat, message)

    async def _send_direct(self, user_id: str, chat: ChatRef, message: Message) -> SentMessage:
        try:
            return await self._send(chat, message, quiet=(TelegramForbiddenError, TelegramBadRequest))
        except TelegramForbiddenError as err:
            log.info("cannot message Telegram user %s directly: %s", user_id, err.message)
            raise DirectMessageClosed(PLATFORM, user_id) from err
        except TelegramBadRequest as err:
            if "chat not found" in err.message.lower():
                raise DirectMessageClosed(PLATFORM, user_id) from err
            log.error("direct message to %s failed: %s", user_id, err.message)
            raise

    # --- members --------------------------------------------------------------------------

    async def is_admin(self, chat: ChatRef, user_id: str) -> bool:
        if chat.kind is ChatKind.PRIVATE:
            return False
        member = await self.client.outbox.call(GetChatMember(chat_id=_chat_id(chat.chat_id), user_id=int(user_id)),
                                        chat_id=chat.chat_id)
        return member.status in ("creator", "administrator")

    async def list_admins(self, space_id: str) -> list[UserRef]:
        admins = await self.client.outbox.call(GetChatAdministrators(chat_id=_chat_id(space_id)), chat_id=space_id)
        return [user_ref(admin.user) for admin in admins]

    async def has_role(self, chat: ChatRef, user_id: str, role: str) -> bool:
        raise NotSupported(PLATFORM, "native roles (roles are emulated by the core)")

    async def assign_role(self, space_id: str, user_id: str, role: str) -> None:
        """Roles live in the core (MemberRole); where the bot promoted the member to admin,
        the role is also shown as their custom admin title."""
        member = await self.client.outbox.call(GetChatMember(chat_id=_chat_id(space_id), user_id=int(user_id)),
                                        chat_id=space_id)
        if member.status == "administrator" and getattr(member, "can_be_edited", False):
            await self.client.outbox.call(SetChatAdministratorCustomTitle(chat_id=_chat_id(space_id), user_id=int(user_id),
                                                                   custom_title=role[:_TITLE_LIMIT]),
                                   chat_id=space_id)

    async def remove_role(self, space_id: str, user_id: str, role: str) -> None:
        member = await self.client.outbox.call(GetChatMember(chat_id=_chat_id(space_id), user_id=int(user_id)),
                                        chat_id=space_id)
        if (member.status == "administrator" and getattr(member, "can_be_edited", False)
                and getattr(member, "custom_title", None) == role[:_TITLE_LIMIT]):
            await self.client.outbox.call(SetChatAdministratorCustomTitle(chat_id=_chat_id(space_id), user_id=int(user_id),
                                                                   custom_title=""), chat_id=space_id)

    async def set_member_tag(self, space_id: str, user_id: str, tag: str | None) -> None:
        """Telegram's member tag (setChatMemberTag): regular members only, and only while the bot
        is an admin with can_manage_tags; an admin shows roles as a custom title instead."""
        try:
            await self.client.outbox.call(SetChatMemberTag(chat_id=_chat_id(space_id), user_id=int(user_id),
                                                           tag=_tag_text(tag)),
                                          chat_id=space_id, quiet=(TelegramBadRequest, TelegramForbiddenError))
        except (TelegramBadRequest, TelegramForbiddenError) as err:
            text = err.message.lower()
            if "rights" in text or "not an administrator" in text or isinstance(err, TelegramForbiddenError):
                raise MissingRights(PLATFORM, "manage_tags", err.message) from None
            raise LookupError(f"no tag for {user_id} in {space_id}: {err.message}") from None

    async def open_sub_chat(self, chat: ChatRef, title: str) -> SubChat:
        """A forum topic (createForumTopic), where the group is a forum and the bot may manage
        topics; its link opens it for the group's members."""
        if chat.kind is ChatKind.PRIVATE:
            raise NotSupported(PLATFORM, "sub_chats in a private chat")
        info = await self.client.outbox.call(GetChat(chat_id=_chat_id(chat.chat_id)), chat_id=chat.chat_id)
        if not getattr(info, "is_forum", False):
            raise NotSupported(PLATFORM, "sub_chats (the group is not a forum)")
        try:
            topic = await self.client.outbox.call(CreateForumTopic(chat_id=_chat_id(chat.chat_id), name=title[:128]),
                                                  chat_id=chat.chat_id, idempotent=False,
                                                  quiet=(TelegramBadRequest, TelegramForbiddenError))
        except (TelegramBadRequest, TelegramForbiddenError) as err:
            if "rights" in err.message.lower() or isinstance(err, TelegramForbiddenError):
                raise MissingRights(PLATFORM, "manage_topics", err.message) from None
            raise
        thread = str(topic.message_thread_id)
        return SubChat(replace(chat, thread_id=thread), _topic_link(chat.chat_id, thread, getattr(info, "username", None)))

    async def create_invite(self, chat: ChatRef, name: str, *, max_uses: int | None = None,
                            expires_at: datetime | None = None) -> InviteRef:
        link = await self.client.outbox.call(CreateChatInviteLink(chat_id=_chat_id(chat.chat_id), name=name[:32] or None,
                                                           member_limit=max_uses, expire_date=expires_at),
                                      chat_id=chat.chat_id, idempotent=False)
        return InviteRef(link.invite_link, link.name, str(link.creator.id) if link.creator else None)

    async def revoke_invite(self, chat: ChatRef, invite: InviteRef) -> None:
        await self.client.outbox.call(RevokeChatInviteLink(chat_id=_chat_id(chat.chat_id), invite_link=invite.url),
                               chat_id=chat.chat_id)

    async def set_restrictions(self, space_id: str, user_id: str, kinds: frozenset[Restriction],
                               until: datetime | None = None) -> None:
        """restrictChatMember with independent permissions: "messages" takes every right to post,
        "media" the media ones, "links" link previews (the core deletes links and forwards,
        which Telegram has no right for); no kinds gives every right back."""
        try:
            await self.client.outbox.act(RestrictChatMember(chat_id=_chat_id(space_id), user_id=int(user_id),
                                                            permissions=_permissions_without(kinds),
                                                            use_independent_chat_permissions=True,
                                                            until_date=until if kinds else None),
                                         chat_id=space_id, kind="restrict", target=str(user_id),
                                         quiet=(TelegramBadRequest, TelegramForbiddenError))
        except (TelegramBadRequest, TelegramForbiddenError) as err:
            text = err.message.lower()
            if "rights" in text or "not an administrator" in text or isinstance(err, TelegramForbiddenError):
                raise MissingRights(PLATFORM, "restrict_members", err.message) from None
            raise LookupError(f"cannot restrict {user_id} in {space_id}: {err.message}") from None

    async def approve_join(self, chat: ChatRef, user_id: str) -> None:
        await self._member_call(ApproveChatJoinRequest(chat_id=_chat_id(chat.chat_id), user_id=int(user_id)),
                                chat, "invite_users")
        self.client.request_chats.pop(str(user_id), None)

    async def decline_join(self, chat: ChatRef, user_id: str) -> None:
        await self._member_call(DeclineChatJoinRequest(chat_id=_chat_id(chat.chat_id), user_id=int(user_id)),
                                chat, "invite_users")

    async def ban(self, chat: ChatRef, user_id: str, until: datetime | None = None) -> None:
        await self._member_call(BanChatMember(chat_id=_chat_id(chat.chat_id), user_id=int(user_id), until_date=until),
                                chat, "restrict_members")

    async def unban(self, chat: ChatRef, user_id: str) -> None:
        await self._member_call(UnbanChatMember(chat_id=_chat_id(chat.chat_id), user_id=int(user_id),
                                                only_if_banned=True), chat, "restrict_members")

    async def kick(self, chat: ChatRef, user_id: str) -> None:
        """Telegram has no kick: a ban, lifted at once, removes the member and lets them come back."""
        await self.ban(chat, user_id)
        await self.unban(chat, user_id)

    async def _member_call(self, method: Any, chat: ChatRef, right: str) -> None:
        """A call on a member: a refusal for want of rights is MissingRights; a request or member that
        is not there (decided already, an admin, gone) LookupError."""
        try:
            await self.client.outbox.act(method, chat_id=chat.chat_id, kind="member", target=str(method.user_id),
                                         quiet=(TelegramBadRequest, TelegramForbiddenError))
        except TelegramForbiddenError as err:
            raise MissingRights(PLATFORM, right, err.message) from None
        except TelegramBadRequest as err:
            text = err.message.lower()
            if "rights" in text or "not an administrator" in text or "chat_admin_required" in text:
                raise MissingRights(PLATFORM, right, err.message) from None
            raise LookupError(f"{type(method).__name__} in {chat.chat_id}: {err.message}") from None


def _refuse_unsendable(message: Message) -> None:
    """Raise for a message Telegram would never take: empty, or a file over its upload limit."""
    files = [img for img in message.images if len(img.data) > MAX_PHOTO]
    for item in [*files, *([message.document] if message.document else [])]:
        if len(item.data) > MAX_UPLOAD:
            raise FileTooLarge(len(item.data), MAX_UPLOAD)
    if render.is_blank(message.content) and not message.images and message.document is None:
        raise ValueError("an empty message cannot be sent to Telegram")


def _tag_text(tag: str | None) -> str | None:
    """At most 16 characters and no emoji (Telegram refuses them), or None to clear the tag."""
    if not tag:
        return None
    kept = "".join(ch for ch in tag if ord(ch) < 0x2600 or 0x3000 <= ord(ch) < 0x1F000).strip()
    return kept[:_TITLE_LIMIT] or None


def _topic_link(chat_id: str, thread: str, username: str | None) -> str | None:
    """t.me/<group>/<topic> for a public group, t.me/c/<id>/<topic> (members only) otherwise."""
    if username:
        return f"https://t.me/{username}/{thread}"
    if chat_id.startswith("-100"):
        return f"https://t.me/c/{chat_id[4:]}/{thread}"
    return None


def _chat_id(chat_id: str) -> int | str:
    try:
        return int(chat_id)
    except ValueError:
        return chat_id  # "@channelusername"


_MEDIA_RIGHTS = ("can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
                 "can_send_video_notes", "can_send_voice_notes", "can_send_other_messages")
_POSTING_RIGHTS = ("can_send_messages", "can_send_polls", "can_add_web_page_previews", *_MEDIA_RIGHTS)
_TAKEN = {Restriction.MESSAGES: _POSTING_RIGHTS, Restriction.MEDIA: _MEDIA_RIGHTS,
          Restriction.LINKS: ("can_add_web_page_previews",), Restriction.FORWARDS: ()}


def _permissions_without(kinds: frozenset[Restriction]) -> ChatPermissions:
    """Every right but those taken: a member's own rights never go beyond the group's defaults,
    so True leaves a right as the group has it (and all True makes them a regular member again)."""
    taken = {right for kind in kinds for right in _TAKEN[kind]}
    return ChatPermissions(**{right: right not in taken for right in ChatPermissions.model_fields})


def _media_method(kind: str, target: int | str, data: bytes, filename: str, caption: str | None,
                  reply: ReplyParameters | None, markup: InlineKeyboardMarkup | None, topic: int | None = None) -> Any:
    file = BufferedInputFile(data, filename)
    common = dict(chat_id=target, message_thread_id=topic, caption=caption, parse_mode="HTML" if caption else None,
                  reply_parameters=reply, reply_markup=markup)
    if kind == "photo":
        return SendPhoto(photo=file, **common)
    return SendDocument(document=file, **common)

