"""A lease in Redis: one instance at a time holds it, renews it while it lives, and another
takes it over once it lapses (polling Telegram is done by exactly one instance)."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

log = logging.getLogger(__name__)

# Renew or give back only a lease this instance still holds (another may have taken it over).
_RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0"
_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


class Lease:
    def __init__(self, redis: Any, key: str, owner: str, seconds: float) -> None:
        self.redis, self.key, self.owner = redis, key, owner
        self.millis = max(1, int(seconds * 1000))
        self.held = False

    async def take(self) -> bool:
        """Hold the lease if it is free (or ours already); True while this instance holds it."""
        if await self.redis.set(self.key, self.owner, nx=True, px=self.millis):
            self.held = True
        else:
            self.held = bool(await self.redis.eval(_RENEW, 1, self.key, self.owner, self.millis))
        return self.held

    async def renew(self) -> bool:
        self.held = bool(await self.redis.eval(_RENEW, 1, self.key, self.owner, self.millis))
        return self.held

    async def release(self) -> None:
        if self.held:
            with contextlib.suppress(Exception):
                await self.redis.eval(_RELEASE, 1, self.key, self.owner)
        self.held = False

    async def keep(self, lost: asyncio.Event) -> None:
        """Renew a third of the lease's time apart until it is lost (then set `lost`)."""
        while True:
            await asyncio.sleep(self.millis / 3000)
            try:
                renewed = await self.renew()
            except Exception as exc:
                log.warning("could not renew the lease %s (%s)", self.key, type(exc).__name__)
                renewed = False
            if not renewed:
                lost.set()
                return
