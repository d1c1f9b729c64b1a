"""The bot's account on Telegram: aiogram's `Bot` behind the `Outbox`, and who the bot is.

Both halves of the adapter use it: receiving asks who the bot is (its id and @username,
whether it is an admin somewhere) and downloads files; sending posts through its outbox.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.exceptions import (TelegramAPIError, TelegramNetworkError, TelegramNotFound,
                                TelegramUnauthorizedError)
from aiogram.methods import GetChatMember, GetFile, GetMe, Response
from aiogram.types import User

from bot.errors import StartupError
from bot.events import FileTooLarge
from bot.send_budget import SharedBudget, SharedChatLimits
from bot.send_queue import RateLimits

from adapters.telegram.outbox import Outbox

log = logging.getLogger(__name__)

ME_RETRY_SECONDS = 60
START_TIMEOUT = 10  # seconds getMe may take at start before the Bot API counts as unreachable

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


class TelegramClient:
    def __init__(self, token: str, api_base: str | None, limits: RateLimits, *,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        api = TelegramAPIServer.from_base(api_base) if api_base else PRODUCTION
        self.bot = Bot(token, session=_Session(api=api))
        self.outbox = Outbox(self.bot, limits, sleep=sleep, monotonic=monotonic)
        self.me: User | None = None
        self.bot_id = int(token.split(":", 1)[0])
        # user id -> the private chat a join request gave for them (user_chat_id), for send_direct
        self.request_chats: dict[str, str] = {}
        self._me_tried_at = -ME_RETRY_SECONDS

    def pace_with(self, *, sleep: Callable[[float], Awaitable[None]] | None = None,
                  monotonic: Callable[[], float] | None = None, limits: RateLimits | None = None) -> None:
        """Replace the pacing clock or limits (tests: a fake clock) before the adapter starts."""
        self.outbox = Outbox(self.bot, limits or self.outbox.limits, sleep=sleep or self.outbox.sleep,
                             monotonic=monotonic or self.outbox.monotonic, shared=self.outbox.shared,
                             shared_chats=self.outbox.shared_chats)

    def share_budget(self, budget: SharedBudget | None, chats: SharedChatLimits | None = None) -> None:
        """Take every send also from the budget all instances share, and from its chat's window all
        instances share (several instances on Redis)."""
        self.outbox = Outbox(self.bot, self.outbox.limits, sleep=self.outbox.sleep, monotonic=self.outbox.monotonic,
                             shared=budget, shared_chats=chats)

    async def startup_call(self, what: str, method: Any) -> Any:
        """A call made once at start: a failure is logged (once) and the bot keeps serving."""
        try:
            return await self.outbox.call(method, quiet=(TelegramAPIError,))
        except Exception as exc:
            log.warning("Telegram start-up call %s failed (%s); the bot keeps serving", what, reason(exc))
            return None

    async def check_account(self) -> None:
        """getMe at start. A token Telegram rejects, or a Bot API that cannot be reached, ends
        the start (StartupError); another failure is logged and getMe is tried again later."""
        self._me_tried_at = time.monotonic()
        try:
            me = await self.bot(GetMe(), request_timeout=START_TIMEOUT)
        except (TelegramUnauthorizedError, TelegramNotFound) as exc:
            raise StartupError(f"Telegram rejected the bot token ({exc.message}): set [telegram] token, or "
                               "SHEQUN_TELEGRAM__TOKEN, to the token @BotFather gave you") from None
        except TelegramNetworkError as exc:
            where = self.bot.session.api.base.split("/bot{token}")[0]
            raise StartupError(f"cannot reach the Telegram Bot API at {where} ({reason(exc)}): check the "
                               "network and any proxy, or [telegram] api_base") from None
        except Exception as exc:
            log.warning("Telegram start-up call getMe failed (%s); the bot keeps serving", reason(exc))
            return
        self._remember(me)

    async def load_me(self) -> None:
        self._me_tried_at = time.monotonic()
        me = await self.startup_call("getMe", GetMe())
        if me is not None:
            self._remember(me)

    def _remember(self, me: User) -> None:
        self.me, self.bot_id = me, me.id
        log.info("Telegram bot @%s (%s)", me.username, me.id)

    async def username(self) -> str | None:
        """The bot's @username (getMe again, at most once a minute, if start-up could not tell)."""
        if self.me is None and time.monotonic() - self._me_tried_at >= ME_RETRY_SECONDS:
            await self.load_me()
        return self.me.username if self.me else None

    async def bot_is_admin(self, chat_id: int) -> bool:
        member = await self.outbox.call(GetChatMember(chat_id=chat_id, user_id=self.bot_id), chat_id=str(chat_id),
                                        quiet=(TelegramAPIError,))
        return member.status in ("creator", "administrator")

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

    async def close(self) -> None:
        await self.bot.session.close()


def reason(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {message}"
