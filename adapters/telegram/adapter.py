"""The Telegram adapter, on aiogram 3 (its Bot client; our own polling loop, no Dispatcher).

Updates come from long polling or from a webhook served on the core's web server; both
go through `_process`, which translates an update and hands the events to
`runtime.bus.submit`. `submit` waits when the bus is full, so a flood of updates slows
polling down instead of piling up tasks (there is no task per update).

Everything sent goes through `Outbox` (pacing and safe retries, see outbox.py).
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.exceptions import (TelegramAPIError, TelegramBadRequest, TelegramForbiddenError,
                                TelegramUnauthorizedError)
from aiogram.methods import Response
from aiogram.methods import (AnswerCallbackQuery, CreateChatInviteLink, DeleteMessage, DeleteWebhook,
                             EditMessageCaption, EditMessageReplyMarkup, EditMessageText, GetChatMember, GetFile,
                             GetMe, GetUpdates, RestrictChatMember, RevokeChatInviteLink,
                             SetChatAdministratorCustomTitle, SendDocument, SendMessage, SendPhoto, SetWebhook)
from aiogram.types import (BufferedInputFile, ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup,
                           ReplyParameters, Update, User)
from aiohttp import web
from pydantic import ValidationError

from bot import buttons as button_payloads
from bot.adapter import Adapter
from bot.capabilities import Capabilities, DirectMessageClosed, NotSupported, RoleSupport
from bot.events import Event, FileTooLarge, InviteRef
from bot.identity import ChatKind, ChatRef
from bot.messages import Button, Document, Message, RichText, SentMessage
from bot.send_queue import RateLimits

from adapters.telegram import render
from adapters.telegram.commands import menu_methods
from adapters.telegram.config import TelegramConfig
from adapters.telegram.incoming import ALLOWED_UPDATES, Incoming, private_chat
from adapters.telegram.outbox import TELEGRAM_LIMITS, Outbox, backoff
from adapters.telegram.render import CAPTION_LIMIT, PLATFORM

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPLOAD = 50 * 1024 * 1024
MAX_PHOTO = 10 * 1024 * 1024
POLL_TIMEOUT = 25  # seconds a getUpdates long poll waits
STOP_TIMEOUT = 10.0  # seconds stop() waits for in-flight updates
ME_RETRY_SECONDS = 60
_REMEMBERED_CAPTIONS = 2000
_TITLE_LIMIT = 16  # Telegram's custom admin title length


_RESPONSE_TYPES: dict[Any, Any] = {}


class _Session(AiohttpSession):
    """aiogram's session, with two fixes.

    * aiogram parses every answer as `Response[T]`; pydantic keeps parametrized generics
      only weakly, so under load the class is garbage-collected and rebuilt (milliseconds
      of schema building per request). Holding each one keeps pydantic's cache warm.
    * aiogram waits 250 ms on close for TLS connections to shut down; plain HTTP needs none.
    """

    def check_response(self, bot: Bot, method: Any, status_code: int, content: str) -> Any:
        returning = method.__returning__
        if returning not in _RESPONSE_TYPES:
            _RESPONSE_TYPES[returning] = Response[returning]  # type: ignore[index]
        return super().check_response(bot, method, status_code, content)

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            tls = self.api.base.startswith("https://")
            await self._session.close()
            if tls:
                await asyncio.sleep(0.25)


class TelegramAdapter(Adapter):
    platform = PLATFORM
    config_model = TelegramConfig
    capabilities = Capabilities(roles=RoleSupport.EMULATED, member_invites=True, direct_messages=True,
                                restrict_members=True, edit_messages=True, delete_messages=True, buttons=True,
                                private_replies=False, max_upload_bytes=MAX_UPLOAD)

    def __init__(self, runtime: Any, config: TelegramConfig | dict | None, *, limits: RateLimits = TELEGRAM_LIMITS,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if not isinstance(config, TelegramConfig):
            config = TelegramConfig.model_validate(config or {})
        super().__init__(runtime, config)
        if not config.token:
            raise ValueError("the Telegram adapter needs [telegram] token")
        api = TelegramAPIServer.from_base(config.api_base) if config.api_base else PRODUCTION
        self.bot = Bot(config.token, session=_Session(api=api))
        self.outbox = Outbox(self.bot, limits, sleep=sleep, monotonic=monotonic)
        self.incoming = Incoming(self)
        self.secret = config.secret_token or secrets.token_urlsafe(32)
        self.me: User | None = None
        self.bot_id = int(config.token.split(":", 1)[0])
        self.last_update_id: int | None = None  # the newest update handed to the bus
        self.polling_failures = 0
        self._me_tried_at = -ME_RETRY_SECONDS
        self._stopping = False
        self._stop_event = asyncio.Event()
        self._poll_task: asyncio.Task | None = None
        self._fetching = False
        self._background: set[asyncio.Task] = set()
        self._webhook_busy = 0
        self._webhook_idle = asyncio.Event()
        self._webhook_idle.set()
        self._captions: OrderedDict[tuple[str, str], None] = OrderedDict()

    @classmethod
    def wants_to_run(cls, config: Any) -> bool:
        return config is not None and bool(getattr(config, "token", None))

    def pace_with(self, *, sleep: Callable[[float], Awaitable[None]] | None = None,
                  monotonic: Callable[[], float] | None = None, limits: RateLimits | None = None) -> None:
        """Replace the pacing clock or limits (tests: a fake clock) before `start`."""
        self.outbox = Outbox(self.bot, limits or self.outbox.limits, sleep=sleep or self.outbox.sleep,
                             monotonic=monotonic or self.outbox.monotonic)

    # --- life cycle ----------------------------------------------------------------------

    async def start(self) -> None:
        self._stopping = False
        self._stop_event.clear()
        await self._load_me()
        if self.config.mode == "webhook":
            if not self.runtime.config.web.enabled:
                log.error("Telegram webhook mode needs the web server: set [web] enabled = true")
            self.runtime.web.add_route("POST", self.config.path, self._on_webhook)
            await self._startup_call("setWebhook", SetWebhook(url=self.config.url, secret_token=self.secret,
                                                              allowed_updates=ALLOWED_UPDATES))
        else:
            self._poll_task = asyncio.create_task(self._poll(), name="telegram-polling")
        self.runtime.web.health_checks["telegram"] = self._healthy
        self._spawn(self.publish_commands())

    async def stop(self) -> None:
        """Stop receiving, let updates in flight finish (their replies go out), then close."""
        self._stopping = True
        self._stop_event.set()
        if self._poll_task is not None:
            if self._fetching:  # waiting on a long poll: nothing in flight, stop waiting
                self._poll_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._poll_task), STOP_TIMEOUT)
            if not self._poll_task.done():
                self._poll_task.cancel()
            self._poll_task = None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._webhook_idle.wait(), STOP_TIMEOUT)
        if not await self.runtime.bus.drain(STOP_TIMEOUT):
            log.warning("Telegram stopping with events still being handled")
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self.bot.session.close()

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _startup_call(self, what: str, method: Any) -> Any:
        """A call made once at start: a failure is logged (once) and the bot keeps serving."""
        try:
            return await self.outbox.call(method, quiet=(TelegramAPIError,))
        except Exception as exc:
            log.warning("Telegram start-up call %s failed (%s); the bot keeps serving", what, _reason(exc))
            return None

    async def _load_me(self) -> None:
        self._me_tried_at = time.monotonic()
        me = await self._startup_call("getMe", GetMe())
        if me is not None:
            self.me, self.bot_id = me, me.id
            log.info("Telegram bot @%s (%s)", me.username, me.id)

    async def username(self) -> str | None:
        """The bot's @username (getMe again, at most once a minute, if start-up could not tell)."""
        if self.me is None and time.monotonic() - self._me_tried_at >= ME_RETRY_SECONDS:
            await self._load_me()
        return self.me.username if self.me else None

    async def publish_commands(self) -> None:
        """setMyCommands for every scope and language; the first failure is logged, once."""
        methods, refused = menu_methods(self.runtime.bus.command_specs(), self.runtime.catalogs)
        if refused:
            log.warning("commands Telegram cannot list in its menu (names must be a-z, 0-9, _): %s",
                        ", ".join(refused))
        for method in methods:
            try:
                await self.outbox.call(method, quiet=(TelegramAPIError,))
            except Exception as exc:
                log.warning("Telegram start-up call setMyCommands failed (%s); the command menu may be stale, "
                            "the bot keeps serving", _reason(exc))
                return

    async def _healthy(self) -> bool:
        return self.polling_failures < 3

    # --- receiving ------------------------------------------------------------------------

    async def _poll(self) -> None:
        await self._startup_call("deleteWebhook", DeleteWebhook(drop_pending_updates=False))
        offset: int | None = None
        while not self._stopping:
            self._fetching = True
            try:
                updates = await self.bot(GetUpdates(offset=offset, timeout=POLL_TIMEOUT,
                                                    allowed_updates=ALLOWED_UPDATES),
                                         request_timeout=POLL_TIMEOUT + 15)
            except asyncio.CancelledError:
                if self._stopping:
                    break
                raise
            except TelegramUnauthorizedError as exc:
                log.error("Telegram refused the bot token (%s); polling stopped", exc.message)
                self.polling_failures = 99
                return
            except Exception as exc:
                self.polling_failures += 1
                if self.polling_failures == 1:
                    log.warning("polling Telegram failed (%s); retrying", _reason(exc))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop_event.wait(), backoff(min(self.polling_failures, 6)))
                continue
            finally:
                self._fetching = False
            if self.polling_failures:
                log.info("polling Telegram again after %d failed attempts", self.polling_failures)
                self.polling_failures = 0
            for update in updates:
                await self._process(update)
                offset = update.update_id + 1
        if offset is not None:  # confirm what was handled, so a restart does not see it again
            with contextlib.suppress(Exception):
                await self.bot(GetUpdates(offset=offset, timeout=0, limit=1, allowed_updates=ALLOWED_UPDATES),
                               request_timeout=5)

    async def _process(self, update: Update) -> None:
        try:
            events = await self.incoming.events(update)
        except Exception:
            log.exception("could not read Telegram update %s", update.update_id)
            events = []
        for event in events:
            await self.runtime.bus.submit(event)
        if self.last_update_id is None or update.update_id > self.last_update_id:
            self.last_update_id = update.update_id

    async def _on_webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER)
        if given is None or not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("refused a Telegram webhook request from %s: %s secret token", request.remote,
                        "no" if given is None else "wrong")
            return web.Response(status=403)
        if self._stopping:
            return web.Response(status=503)  # Telegram delivers it again later
        self._webhook_busy += 1
        self._webhook_idle.clear()
        try:
            try:
                data = await request.json()
                update = Update.model_validate(data, context={"bot": self.bot})
            except (ValueError, ValidationError) as exc:
                log.warning("dropped an unreadable Telegram webhook update: %s", exc)
                return web.Response(status=200)  # a non-2xx would make Telegram send it forever
            await self._process(update)
            return web.Response(status=200)
        finally:
            self._webhook_busy -= 1
            if not self._webhook_busy:
                self._webhook_idle.set()

    async def download(self, file_id: str, max_bytes: int) -> bytes:
        """A file's bytes, reading no more than `max_bytes` (+1 to tell it is too large)."""
        file = await self.outbox.call(GetFile(file_id=file_id))
        if file.file_size and file.file_size > max_bytes:
            raise FileTooLarge(file.file_size, max_bytes)
        url = self.bot.session.api.file_url(self.bot.token, file.file_path)
        data = bytearray()
        async with contextlib.aclosing(self.bot.session.stream_content(url, timeout=60)) as chunks:
            async for chunk in chunks:
                data += chunk
                if len(data) > max_bytes:
                    raise FileTooLarge(len(data), max_bytes)
        return bytes(data)

    # --- sending --------------------------------------------------------------------------

    async def send(self, chat: ChatRef, message: Message) -> SentMessage:
        return await self._send(chat, message)

    async def _send(self, chat: ChatRef, message: Message, quiet: tuple[type[BaseException], ...] = ()) -> SentMessage:
        """Text, photos and a document, in this order of carriers:

        * media with text of at most 1024 characters: the first photo (else the document)
          carries the text as its caption, the reply and the buttons; the rest follow;
        * longer text: the text goes first (split at 4096 characters; the first part
          replies, the last carries the buttons), then the photos, then the document.
        An image over 10 MB goes as a document; a file over 50 MB is refused before
        anything is sent. The returned message is the one carrying the buttons.
        """
        target = _chat_id(chat.chat_id)
        markup = await self._keyboard(message.buttons)
        reply = (ReplyParameters(message_id=int(message.reply_to), allow_sending_without_reply=True)
                 if message.reply_to and message.reply_to.isdigit() else None)
        photos = [img for img in message.images if len(img.data) <= MAX_PHOTO]
        files = [Document(img.data, img.filename) for img in message.images if len(img.data) > MAX_PHOTO]
        if message.document is not None:
            files.append(message.document)
        for item in files:
            if len(item.data) > MAX_UPLOAD:
                raise FileTooLarge(len(item.data), MAX_UPLOAD)
        blank = render.is_blank(message.content)

        async def post(method: Any) -> Any:
            return await self.outbox.send(chat.chat_id, chat.kind, method, quiet=quiet)

        media: list[tuple[str, bytes, str]] = ([("photo", p.data, p.filename) for p in photos]
                                               + [("document", f.data, f.filename) for f in files])
        if not media:
            if blank:
                raise ValueError("an empty message cannot be sent to Telegram")
            main = await self._send_text(post, target, message.content, reply, markup)
        elif blank or render.length(message.content) <= CAPTION_LIMIT:
            kind, data, name = media.pop(0)
            caption = None if blank else render.render(message.content)
            main = await post(_media_method(kind, target, data, name, caption, reply, markup))
            if caption is not None:
                self._remember_caption(chat.chat_id, str(main.message_id))
        else:
            main = await self._send_text(post, target, message.content, reply, markup)
        for kind, data, name in media:
            await post(_media_method(kind, target, data, name, None, None, None))
        return SentMessage(PLATFORM, chat.chat_id, str(main.message_id))

    @staticmethod
    async def _send_text(post: Callable[[Any], Awaitable[Any]], target: int | str, content: RichText,
                         reply: ReplyParameters | None, markup: InlineKeyboardMarkup | None) -> Any:
        pieces = render.split(content)
        sent = None
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            sent = await post(SendMessage(chat_id=target, text=render.render(piece), parse_mode="HTML",
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
        target, message_id = _chat_id(sent.chat_id), int(sent.message_id)
        markup = await self._keyboard(message.buttons)
        kind = ChatKind.PRIVATE if not str(sent.chat_id).startswith("-") else ChatKind.GROUP

        async def post(method: Any) -> Any:
            return await self.outbox.send(sent.chat_id, kind, method, quiet=(TelegramBadRequest,))

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
        try:
            await self.outbox.call(DeleteMessage(chat_id=_chat_id(sent.chat_id), message_id=int(sent.message_id)),
                                   chat_id=sent.chat_id, quiet=(TelegramBadRequest,))
        except TelegramBadRequest as err:
            if "not found" in err.message:
                return  # already gone
            log.error("deleting message %s in chat %s failed: %s", sent.message_id, sent.chat_id, err.message)
            raise

    async def answer_button(self, event: Event, toast: str | None = None, alert: bool = False) -> None:
        if not event.reply_handle:
            return
        text = toast[:200] if toast else None
        await self.outbox.call(AnswerCallbackQuery(callback_query_id=event.reply_handle, text=text,
                                                   show_alert=alert if text else None),
                               chat_id=event.chat.chat_id, idempotent=False)

    async def send_direct(self, user_id: str, message: Message) -> SentMessage:
        """Raises DirectMessageClosed when the user never started the bot or blocked it."""
        try:
            return await self._send(private_chat(user_id), message, quiet=(TelegramForbiddenError, TelegramBadRequest))
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
        member = await self.outbox.call(GetChatMember(chat_id=_chat_id(chat.chat_id), user_id=int(user_id)),
                                        chat_id=chat.chat_id)
        return member.status in ("creator", "administrator")

    async def bot_is_admin(self, chat_id: int) -> bool:
        member = await self.outbox.call(GetChatMember(chat_id=chat_id, user_id=self.bot_id), chat_id=str(chat_id),
                                        quiet=(TelegramAPIError,))
        return member.status in ("creator", "administrator")

    async def has_role(self, chat: ChatRef, user_id: str, role: str) -> bool:
        raise NotSupported(PLATFORM, "native roles (roles are emulated by the core)")

    async def assign_role(self, space_id: str, user_id: str, role: str) -> None:
        """Roles live in the core (MemberRole); where the bot promoted the member to admin,
        the role is also shown as their custom admin title."""
        member = await self.outbox.call(GetChatMember(chat_id=_chat_id(space_id), user_id=int(user_id)),
                                        chat_id=space_id)
        if member.status == "administrator" and getattr(member, "can_be_edited", False):
            await self.outbox.call(SetChatAdministratorCustomTitle(chat_id=_chat_id(space_id), user_id=int(user_id),
                                                                   custom_title=role[:_TITLE_LIMIT]),
                                   chat_id=space_id)

    async def remove_role(self, space_id: str, user_id: str, role: str) -> None:
        member = await self.outbox.call(GetChatMember(chat_id=_chat_id(space_id), user_id=int(user_id)),
                                        chat_id=space_id)
        if (member.status == "administrator" and getattr(member, "can_be_edited", False)
                and getattr(member, "custom_title", None) == role[:_TITLE_LIMIT]):
            await self.outbox.call(SetChatAdministratorCustomTitle(chat_id=_chat_id(space_id), user_id=int(user_id),
                                                                   custom_title=""), chat_id=space_id)

    async def create_invite(self, chat: ChatRef, name: str, *, max_uses: int | None = None,
                            expires_at: datetime | None = None) -> InviteRef:
        link = await self.outbox.call(CreateChatInviteLink(chat_id=_chat_id(chat.chat_id), name=name[:32] or None,
                                                           member_limit=max_uses, expire_date=expires_at),
                                      chat_id=chat.chat_id, idempotent=False)
        return InviteRef(link.invite_link, link.name, str(link.creator.id) if link.creator else None)

    async def revoke_invite(self, chat: ChatRef, invite: InviteRef) -> None:
        await self.outbox.call(RevokeChatInviteLink(chat_id=_chat_id(chat.chat_id), invite_link=invite.url),
                               chat_id=chat.chat_id)

    async def restrict(self, chat: ChatRef, user_id: str, until: datetime | None) -> None:
        await self.outbox.call(RestrictChatMember(chat_id=_chat_id(chat.chat_id), user_id=int(user_id),
                                                  permissions=_permissions(False), until_date=until),
                               chat_id=chat.chat_id)

    async def unrestrict(self, chat: ChatRef, user_id: str) -> None:
        await self.outbox.call(RestrictChatMember(chat_id=_chat_id(chat.chat_id), user_id=int(user_id),
                                                  permissions=_permissions(True)), chat_id=chat.chat_id)


def _chat_id(chat_id: str) -> int | str:
    try:
        return int(chat_id)
    except ValueError:
        return chat_id  # "@channelusername"


def _permissions(allowed: bool) -> ChatPermissions:
    return ChatPermissions(**{name: allowed for name in ChatPermissions.model_fields})


def _media_method(kind: str, target: int | str, data: bytes, filename: str, caption: str | None,
                  reply: ReplyParameters | None, markup: InlineKeyboardMarkup | None) -> Any:
    file = BufferedInputFile(data, filename)
    common = dict(chat_id=target, caption=caption, parse_mode="HTML" if caption else None,
                  reply_parameters=reply, reply_markup=markup)
    if kind == "photo":
        return SendPhoto(photo=file, **common)
    return SendDocument(document=file, **common)


def _reason(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {message}"
