"""Every request to the Bot API goes through here: paced, retried only when it is safe.

Pacing uses the core's `SendQueue`. Telegram's limits are ~30 messages a second overall,
one a second per chat and 20 a minute per group; private chats have no per-minute limit.
Each chat gets its own small queue for the per-chat limits (by chat kind), and one shared
queue keeps the overall rate, sharing it fairly: when more chats are ready than the rate
allows, the chats that sent least in the last minute (counting what they still have queued)
go first, so a flood from some chats does not queue everyone else's answers behind it.

Acts on members and messages (deletes, restrictions, bans, join requests) count against the
same overall rate (`act`): a chat's deletes are one share of it, each member's restrictions or
ban another, so a raider's mute goes ahead of a raid's hundreds of deletes. Acts and background
notices are sends nobody waits for: answers to members go ahead of them, and they keep a third
of the rate while both wait (bot/send_queue.py).

Retries:
* 429 `retry_after`: the chat's queue is paused that long and the request sent again.
* network errors: retried with backoff only when the request surely never left
  (connection refused, DNS, connect timeout, a pooled connection found already closed
  before the request was written). A response lost after the request was
  written is not retried: Telegram may have acted on it, and a message must never be
  sent twice. Idempotent reads (getUpdates, getChatMember, ...) are always retried.
* anything else is logged with the chat and raised; nothing is dropped silently.
"""
from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.exceptions import (TelegramAPIError, TelegramMigrateToChat, TelegramNetworkError,
                                TelegramRetryAfter)
from aiogram.methods.base import TelegramMethod

from bot.identity import ChatKind
from bot.send_budget import SharedBudget, SharedChatLimits
from bot.send_queue import RateLimits, SendQueue

log = logging.getLogger(__name__)

TELEGRAM_LIMITS = RateLimits(per_second_overall=30, per_minute_per_chat=20, per_second_per_chat=1)
DEFAULT_PER_SECOND = 27  # `[telegram] messages_per_second`: a margin under the 30, as a strict server counts


def paced_limits(per_second: float = DEFAULT_PER_SECOND) -> RateLimits:
    """Telegram's limits with our overall rate (its 30 a second, less a margin)."""
    return RateLimits(min(per_second, TELEGRAM_LIMITS.per_second_overall), TELEGRAM_LIMITS.per_minute_per_chat,
                      TELEGRAM_LIMITS.per_second_per_chat)
MAX_RETRY_AFTER = 5  # 429s in a row for one request before it is given up (and logged)
MAX_NETWORK_RETRIES = 5
BACKOFF_FIRST, BACKOFF_MAX = 0.5, 30.0
BACKGROUND = "\0background"  # the share of the overall rate every background send takes turns in
_IDLE_QUEUES = 1024  # per-chat queues kept before idle ones are forgotten

Sleep = Callable[[float], Awaitable[None]]


def surely_not_sent(error: BaseException) -> bool:
    """True when a failed request provably never reached Telegram complete.

    * no connection could be made (refused, DNS, connect timeout);
    * a pooled keep-alive connection was found closed before the request was written
      ("Cannot write to closing transport"): the server never got a whole request.
    """
    cause = error.__cause__ if isinstance(error, TelegramNetworkError) else error
    if isinstance(cause, (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)):
        return True
    inner = cause.__cause__ if isinstance(cause, aiohttp.ClientOSError) else None
    return isinstance(inner, aiohttp.ClientConnectionResetError) and "closing transport" in str(inner)


def backoff(attempt: int) -> float:
    return min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (attempt - 1))


@dataclass
class _ChatQueue:
    queue: SendQueue
    users: int = 0
    last_used: float = 0.0


class Outbox:
    def __init__(self, bot: Bot, limits: RateLimits = paced_limits(), *, sleep: Sleep = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic, shared: SharedBudget | None = None,
                 shared_chats: SharedChatLimits | None = None) -> None:
        self.bot = bot
        self.limits = limits
        self.sleep, self.monotonic = sleep, monotonic
        self.shared = shared  # the overall rate shared by every instance (Redis), on top of this one's
        self.shared_chats = shared_chats  # and each chat's limits, the same way
        self._overall = SendQueue(RateLimits(limits.per_second_overall, math.inf, math.inf),
                                  sleep=sleep, monotonic=monotonic, shared=shared)
        self._chats: dict[str, _ChatQueue] = {}
        self._acting: Counter[str] = Counter()  # acts waiting or under way, per share

    # --- pacing ------------------------------------------------------------------------

    def _chat_queue(self, chat_id: str, kind: ChatKind) -> _ChatQueue:
        entry = self._chats.get(chat_id)
        if entry is None:
            if len(self._chats) >= _IDLE_QUEUES:
                self._forget_idle()
            per_minute = math.inf if kind is ChatKind.PRIVATE else self.limits.per_minute_per_chat
            limits = RateLimits(math.inf, per_minute, self.limits.per_second_per_chat)
            entry = self._chats[chat_id] = _ChatQueue(SendQueue(limits, sleep=self.sleep, monotonic=self.monotonic,
                                                                shared_chats=self.shared_chats))
        return entry

    def _forget_idle(self) -> None:
        horizon = self.monotonic() - 61
        for chat_id in [c for c, e in self._chats.items() if not e.users and e.last_used < horizon]:
            del self._chats[chat_id]

    def busy(self, chat_id: str, *, background: bool = False) -> bool:
        """Whether a message to this chat would have to wait for its pacing (or the overall rate)."""
        entry = self._chats.get(chat_id)
        return (entry is not None and (entry.users > 0 or not entry.queue.ready(chat_id))) \
            or not self._overall.ready("*", waited_for=not background)

    def acts_wait(self) -> bool:
        """Whether an act now would have to wait for the overall rate."""
        return not self._overall.ready("*", waited_for=False)

    def pause(self, chat_id: str, seconds: float) -> None:
        entry = self._chats.get(chat_id)
        if entry is not None:
            entry.queue.pause(seconds, chat_id)

    # --- requests ----------------------------------------------------------------------

    async def send(self, chat_id: str, kind: ChatKind, method: TelegramMethod, *,
                   quiet: tuple[type[BaseException], ...] = (),
                   before: Callable[[], Awaitable[None]] | None = None, background: bool = False) -> Any:
        """A request that posts to a chat: paced, 429-aware, never sent twice.

        `quiet` errors are raised without being logged (the caller turns them into
        something else, e.g. DirectMessageClosed). `before` is awaited once the pace allows
        the request, right before it goes out (the durable intake marks the answer leaving).
        `background` sends share one share of the overall rate: they go after the others.
        """
        entry = self._chat_queue(chat_id, kind)
        entry.users += 1
        share = BACKGROUND if background else None
        try:
            return await self._run(method, chat_id, entry, idempotent=False, quiet=quiet, before=before, share=share)
        finally:
            entry.users -= 1
            entry.last_used = self.monotonic()

    async def act(self, method: TelegramMethod, *, chat_id: str, kind: str, target: str = "",
                  quiet: tuple[type[BaseException], ...] = ()) -> Any:
        """A request that acts on a member or a message (`kind`: "delete", "restrict", ...): paced
        within the overall rate, retried like a read (done twice, it changes nothing more). Its
        share of the rate is the kind's in the chat, or the `target` member's: a chat's deletes
        take turns together, while the mute of one member goes ahead of them."""
        share = f"{kind}:{chat_id}:{target}"
        self._acting[share] += 1
        try:
            return await self._run(method, chat_id, None, idempotent=True, quiet=quiet, share=share)
        finally:
            self._acting[share] -= 1
            if not self._acting[share]:
                del self._acting[share]

    async def call(self, method: TelegramMethod, *, chat_id: str | None = None, idempotent: bool = True,
                   quiet: tuple[type[BaseException], ...] = ()) -> Any:
        """A request that posts nothing to a chat (answers, reads, settings): not paced."""
        return await self._run(method, chat_id, None, idempotent=idempotent, quiet=quiet)

    async def _run(self, method: TelegramMethod, chat_id: str | None, entry: _ChatQueue | None, *,
                   idempotent: bool, quiet: tuple[type[BaseException], ...],
                   before: Callable[[], Awaitable[None]] | None = None, share: str | None = None) -> Any:
        name = method.__api_method__
        flood_waits = network_tries = 0
        while True:
            if entry is not None:
                await entry.queue.slot(chat_id)
                await self._overall.slot("*", share=share or chat_id, backlog=lambda: entry.users - 1,
                                         waited_for=share is None)
            elif share is not None:
                await self._overall.slot("*", share=share, backlog=lambda: self._acting[share] - 1, waited_for=False)
            if before is not None:
                await before()
            try:
                return await self.bot(method)
            except TelegramRetryAfter as err:
                flood_waits += 1
                if flood_waits > MAX_RETRY_AFTER:
                    if not isinstance(err, quiet):
                        log.error("%s to chat %s given up after %d flood waits: %s", name, chat_id,
                                  MAX_RETRY_AFTER, err.message)
                    raise
                log.warning("%s to chat %s: flood control, retrying in %s s", name, chat_id, err.retry_after)
                if entry is not None:
                    entry.queue.pause(err.retry_after, chat_id)
                else:
                    await self.sleep(err.retry_after)
            except TelegramMigrateToChat as err:
                if chat_id is None or not hasattr(method, "chat_id"):
                    raise
                log.warning("chat %s became supergroup %s; sending there (rebind the community to it)",
                            chat_id, err.migrate_to_chat_id)
                method.chat_id = err.migrate_to_chat_id
            except TelegramNetworkError as err:
                safe = idempotent or surely_not_sent(err)
                if safe and network_tries < MAX_NETWORK_RETRIES:
                    network_tries += 1
                    delay = backoff(network_tries)
                    log.warning("%s to chat %s: %s; retrying in %.1f s", name, chat_id, err.message, delay)
                    await self.sleep(delay)
                    continue
                if not isinstance(err, quiet):
                    why = ("it may have reached Telegram, so it is not sent again" if not safe
                           else f"gave up after {network_tries} retries")
                    log.error("%s to chat %s failed: %s (%s)", name, chat_id, err.message, why)
                raise
            except TelegramAPIError as err:
                if not isinstance(err, quiet):
                    log.error("%s to chat %s failed: %s", name, chat_id, err.message)
                raise
