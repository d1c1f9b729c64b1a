"""Pacing of outgoing messages so a broadcast never bursts past a platform's limits.

Each adapter owns a SendQueue built from its platform's limits; every send waits for a
slot. `sleep` and `monotonic` are injectable so tests pace with a fake clock.
"""
from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimits:
    per_second_overall: float = 30
    per_minute_per_chat: float = 20
    per_second_per_chat: float = 1


class SendQueue:
    def __init__(self, limits: RateLimits, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._sleep, self._monotonic = sleep, monotonic
        self._overall: deque[float] = deque()
        self._per_chat: dict[str, deque[float]] = {}
        self._paused_until: dict[str | None, float] = {}
        self._lock = asyncio.Lock()

    async def slot(self, chat_key: str) -> None:
        """Wait until a message to `chat_key` may be sent, and take the slot."""
        async with self._lock:
            while (wait := self._wait_needed(chat_key)) > 0:
                await self._sleep(wait)
            now = self._monotonic()
            self._overall.append(now)
            self._per_chat.setdefault(chat_key, deque()).append(now)

    def ready(self, chat_key: str) -> bool:
        """Whether a message to `chat_key` could go now, with no one else waiting."""
        return not self._lock.locked() and self._wait_needed(chat_key) <= 0

    def pause(self, seconds: float, chat_key: str | None = None) -> None:
        """Honour a platform's retry-after: nothing to `chat_key` (None: anything) for a while."""
        until = self._monotonic() + seconds
        self._paused_until[chat_key] = max(self._paused_until.get(chat_key, 0), until)

    def _wait_needed(self, chat_key: str) -> float:
        now = self._monotonic()
        waits = [self._paused_until.get(None, 0) - now, self._paused_until.get(chat_key, 0) - now]
        waits.append(self._window_wait(self._overall, 1.0, self.limits.per_second_overall, now))
        chat = self._per_chat.get(chat_key)
        if chat is not None:
            waits.append(self._window_wait(chat, 60.0, self.limits.per_minute_per_chat, now))
            waits.append(self._window_wait(chat, 1.0, self.limits.per_second_per_chat, now))
        return max(waits)

    @staticmethod
    def _window_wait(sent: deque[float], window: float, allowed: float, now: float) -> float:
        """How long until fewer than `allowed` sends fall within the last `window` seconds."""
        while sent and sent[0] <= now - 60.0:
            sent.popleft()
        if allowed == math.inf:
            return 0.0
        counted = math.ceil(allowed)
        if len(sent) < counted or sent[-counted] <= now - window:  # `sent` is in time order
            return 0.0
        return sent[-counted] + window - now
