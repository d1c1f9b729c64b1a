"""Telegram updates in: long polling, or a webhook served on the core's web server.

Both go through `process`, which translates an update (`Incoming`) and hands the events
to the bus's `submit`. `submit` waits when the bus is full, so a flood of updates slows
polling down instead of piling up tasks (there is no task per update).
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.methods import DeleteWebhook, GetUpdates, SetWebhook
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.events import Event

from adapters.telegram.client import TelegramClient, reason
from adapters.telegram.config import TelegramConfig
from adapters.telegram.incoming import ALLOWED_UPDATES, Incoming
from adapters.telegram.outbox import backoff

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POLL_TIMEOUT = 25  # seconds a getUpdates long poll waits
STOP_TIMEOUT = 10.0  # seconds stop() waits for in-flight updates


class Receiver:
    def __init__(self, client: TelegramClient, config: TelegramConfig, runtime: "Runtime", secret: str,
                 submit: Callable[[Event], Awaitable[None]]) -> None:
        self.client = client
        self.config = config
        self.runtime = runtime
        self.secret = secret
        self.submit = submit
        self.incoming = Incoming(client)
        self.last_update_id: int | None = None  # the newest update handed to the bus
        self.polling_failures = 0
        self._stopping = False
        self._stop_event = asyncio.Event()
        self._poll_task: asyncio.Task | None = None
        self._fetching = False
        self._webhook_busy = 0
        self._webhook_idle = asyncio.Event()
        self._webhook_idle.set()

    async def start(self) -> None:
        self._stopping = False
        self._stop_event.clear()
        if self.config.mode == "webhook":
            if not self.runtime.config.web.enabled:
                log.error("Telegram webhook mode needs the web server: set [web] enabled = true")
            self.runtime.web.add_route("POST", self.config.path, self._on_webhook)
            await self.client.startup_call("setWebhook", SetWebhook(url=self.config.url, secret_token=self.secret,
                                                                    allowed_updates=ALLOWED_UPDATES))
        else:
            self._poll_task = asyncio.create_task(self._poll(), name="telegram-polling")

    async def stop(self) -> None:
        """Stop receiving; wait (up to STOP_TIMEOUT each) for the poll and webhook calls in flight."""
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

    async def healthy(self) -> bool:
        return self.polling_failures < 3

    async def _poll(self) -> None:
        await self.client.startup_call("deleteWebhook", DeleteWebhook(drop_pending_updates=False))
        bot = self.client.bot
        offset: int | None = None
        while not self._stopping:
            self._fetching = True
            try:
                updates = await bot(GetUpdates(offset=offset, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES),
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
                    log.warning("polling Telegram failed (%s); retrying", reason(exc))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop_event.wait(), backoff(min(self.polling_failures, 6)))
                continue
            finally:
                self._fetching = False
            if self.polling_failures:
                log.info("polling Telegram again after %d failed attempts", self.polling_failures)
                self.polling_failures = 0
            for update in updates:
                await self.process(update)
                offset = update.update_id + 1
        if offset is not None:  # confirm what was handled, so a restart does not see it again
            with contextlib.suppress(Exception):
                await bot(GetUpdates(offset=offset, timeout=0, limit=1, allowed_updates=ALLOWED_UPDATES),
                          request_timeout=5)

    async def process(self, update: Update) -> None:
        try:
            events = await self.incoming.events(update)
        except Exception:
            log.exception("could not read Telegram update %s", update.update_id)
            events = []
        for event in events:
            await self.submit(event)
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
                update = Update.model_validate(data, context={"bot": self.client.bot})
            except (ValueError, ValidationError) as exc:
                log.warning("dropped an unreadable Telegram webhook update: %s", exc)
                return web.Response(status=200)  # a non-2xx would make Telegram send it forever
            await self.process(update)
            return web.Response(status=200)
        finally:
            self._webhook_busy -= 1
            if not self._webhook_busy:
                self._webhook_idle.set()
