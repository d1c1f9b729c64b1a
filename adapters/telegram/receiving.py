"""Telegram updates in: long polling, or a webhook served on the core's web server.

Updates arrive as raw JSON and are read one by one, so one that aiogram cannot decode is
logged once and skipped while everything behind it flows.

With the durable intake (`[bot] durable_intake`, the default) an update is stored before
Telegram is told: polling confirms an offset, and the webhook answers 200, only once the
updates are committed; the intake's workers handle them (`handle_payload`). Without it,
`process` hands the events to the bus's `submit` and the offset follows what was handled.
Either way a full bus or intake slows polling down instead of piling up tasks.
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.methods import DeleteWebhook, GetUpdates, SetWebhook
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.events import Event
from bot.intake import Intake
from bot.lease import Lease

from adapters.telegram.client import TelegramClient, reason
from adapters.telegram.config import TelegramConfig
from adapters.telegram.incoming import ALLOWED_UPDATES, Incoming
from adapters.telegram.outbox import backoff

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POLL_TIMEOUT = 25  # seconds a getUpdates long poll waits


class RawUpdates(GetUpdates):
    """getUpdates answered as plain JSON: each update is decoded on its own (`decode`)."""

    __returning__ = list[dict[str, Any]]


class Receiver:
    def __init__(self, client: TelegramClient, config: TelegramConfig, runtime: "Runtime", secret: str,
                 submit: Callable[[Event], Awaitable[None]], stop_timeout: float = 10.0) -> None:
        self.client = client
        self.config = config
        self.runtime = runtime
        self.secret = secret
        self.submit = submit
        self.stop_timeout = stop_timeout
        self.intake: Intake | None = None  # set by the adapter when updates are stored first
        self.lease: Lease | None = None  # several instances (Redis): polled by the lease's holder only
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
        """Stop receiving; wait (up to the stop timeout each) for the poll and webhook calls in flight."""
        self._stopping = True
        self._stop_event.set()
        if self._poll_task is not None:
            if self._fetching:  # waiting on a long poll: nothing in flight, stop waiting
                self._poll_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._poll_task), self.stop_timeout)
            if not self._poll_task.done():
                self._poll_task.cancel()
            self._poll_task = None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._webhook_idle.wait(), self.stop_timeout)

    async def healthy(self) -> bool:
        return self.polling_failures < 3

    async def _poll(self) -> None:
        await self.client.startup_call("deleteWebhook", DeleteWebhook(drop_pending_updates=False))
        if self.lease is None:
            await self._poll_updates(asyncio.Event())
            return
        try:
            while not self._stopping:
                if await self._take_lease():
                    await self._poll_holding_the_lease()
                else:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stop_event.wait(), self.lease.millis / 3000)
        finally:
            await self.lease.release()

    async def _take_lease(self) -> bool:
        try:
            return await self.lease.take()
        except Exception as exc:
            log.warning("could not ask Redis for the polling lease (%s)", type(exc).__name__)
            return False

    async def _poll_holding_the_lease(self) -> None:
        """Several instances: only the holder of the lease polls; all handle from the shared intake."""
        log.info("this instance polls Telegram now (it holds the polling lease)")
        lost = asyncio.Event()
        keeper = asyncio.create_task(self.lease.keep(lost))
        try:
            await self._poll_updates(lost)
        finally:
            keeper.cancel()
        if lost.is_set() and not self._stopping:
            log.warning("the polling lease went to another instance; this one stops polling")

    async def _poll_updates(self, lost: asyncio.Event) -> None:
        bot = self.client.bot
        offset: int | None = None
        while not self._stopping and not lost.is_set():
            self._fetching = True
            try:
                updates = await bot(RawUpdates(offset=offset, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES),
                                    request_timeout=POLL_TIMEOUT + 15)
                await self.take(updates)
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
            if updates:  # every one handled or stored: Telegram may forget them at the next call
                offset = max(_update_id(u) or 0 for u in updates) + 1
        if offset is not None:  # confirm what was handled, so a restart does not see it again
            with contextlib.suppress(Exception):
                await bot(GetUpdates(offset=offset, timeout=0, limit=1, allowed_updates=ALLOWED_UPDATES),
                          request_timeout=5)

    async def take(self, updates: list[dict[str, Any]]) -> None:
        """Store the updates (durable intake) or handle them; returns once they are safe."""
        readable = [u for u in updates if _update_id(u) is not None]
        if len(readable) < len(updates):
            log.warning("skipped %d Telegram updates without an update_id", len(updates) - len(readable))
        if self.intake is not None:
            await self.intake.put([(str(_update_id(u)), u) for u in readable])
        else:
            for update in readable:
                await self.process(update)
        for update in readable:
            self._seen(_update_id(update))

    def decode(self, data: dict[str, Any]) -> Update | None:
        """The update as aiogram's model; None (logged once, with its id and type) if it cannot be read."""
        try:
            return Update.model_validate(data, context={"bot": self.client.bot})
        except (ValidationError, ValueError, TypeError) as exc:
            kind = next((k for k in data if k != "update_id"), "nothing")
            log.warning("skipped Telegram update %s (%s): it cannot be read (%s)", data.get("update_id"), kind,
                        str(exc).splitlines()[0][:200])
            return None

    async def handle_payload(self, data: dict[str, Any]) -> None:
        """An intake entry: its events, each run to the end by the bus (the intake holds the answers)."""
        update = self.decode(data)
        for event in await self._events(update) if update is not None else []:
            await self.runtime.bus.handle(event)

    async def process(self, data: dict[str, Any]) -> None:
        """Without the intake: the update's events handed to the bus."""
        update = self.decode(data)
        for event in await self._events(update) if update is not None else []:
            await self.submit(event)

    async def _events(self, update: Update) -> list[Event]:
        try:
            return await self.incoming.events(update)
        except Exception:
            log.exception("could not read Telegram update %s", update.update_id)
            return []

    def _seen(self, update_id: int) -> None:
        if self.last_update_id is None or update_id > self.last_update_id:
            self.last_update_id = update_id

    def _secret_matches(self, given: str | None) -> bool:
        """Byte for byte and in constant time; a value that is not even text is simply wrong."""
        if given is None:
            return False
        try:
            candidate = given.encode()
        except UnicodeEncodeError:
            return False
        return hmac.compare_digest(candidate, self.secret.encode())

    async def _on_webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER)
        if not self._secret_matches(given):
            log.warning("refused a Telegram webhook request from %s: %s secret token", request.remote,
                        "no" if given is None else "wrong")
            return web.Response(status=403)
        if self._stopping:
            return web.Response(status=503)  # Telegram delivers it again later
        self._webhook_busy += 1
        self._webhook_idle.clear()
        try:
            try:
                data = json.loads(await request.read())
            except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested too deep
                log.warning("refused a Telegram webhook request from %s: not readable JSON (%s)", request.remote,
                            type(exc).__name__)
                return web.Response(status=400)
            if not isinstance(data, dict) or _update_id(data) is None:
                log.warning("refused a Telegram webhook request from %s: not an update", request.remote)
                return web.Response(status=400)
            await self.take([data])  # 200 only once it is handled or stored: else Telegram sends it again
            return web.Response(status=200)
        finally:
            self._webhook_busy -= 1
            if not self._webhook_busy:
                self._webhook_idle.set()


def _update_id(update: Any) -> int | None:
    value = update.get("update_id") if isinstance(update, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def chat_of_update(update: Any) -> int | None:
    """The chat a raw update comes from (the intake serves chats fairly); None if it names none."""
    for path in (("message", "chat"), ("edited_message", "chat"), ("chat_member", "chat"),
                 ("my_chat_member", "chat"), ("callback_query", "message", "chat"), ("callback_query", "from")):
        found = _dig(update, path)
        if isinstance(found, dict) and isinstance(found.get("id"), int):
            return found["id"]
    return None


def _dig(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data
