"""Small shared state: claims (dedup, run-once, cooldowns) and counters (rate limits).

One instance keeps them in memory; several instances share them through Redis.
Both follow the core clock, so moving the sandbox clock expires them too; in memory, setting
it back to before a key was set forgets the key (a minute's limit stays a minute).
"""
from __future__ import annotations

from typing import Protocol

from bot import clock


class KeyStore(Protocol):
    async def claim(self, key: str, ttl_seconds: float) -> bool:
        """True for the first caller; False while the key is held."""

    async def release(self, key: str) -> None:
        """Give a claim back before it expires (the work it guarded failed)."""

    async def count(self, key: str, ttl_seconds: float) -> int:
        """Increment a counter that lives `ttl_seconds` from its first increment."""

    async def ttl(self, key: str) -> float:
        """Seconds left on a key (0 when absent)."""

    async def generation(self, key: str) -> int:
        """A number that only `bump` changes (0 until the first bump); it never expires."""

    async def bump(self, key: str) -> int:
        """Increment `generation(key)`; returns the new value."""

    async def close(self) -> None: ...


class MemoryStore:
    def __init__(self, max_keys: int = 200_000) -> None:
        self._expiry: dict[str, float] = {}
        self._since: dict[str, float] = {}  # when each key was set: a key set "later" than now is gone
        self._counts: dict[str, int] = {}
        self._generations: dict[str, int] = {}
        self._max_keys = max_keys

    def _now(self) -> float:
        return clock.now().timestamp()

    def _alive(self, key: str) -> bool:
        expires = self._expiry.get(key)
        if expires is None:
            return False
        now = self._now()
        if expires <= now or self._since[key] > now:  # expired, or the clock was set back before it
            self._forget(key)
            return False
        return True

    def _prune(self) -> None:
        if len(self._expiry) < self._max_keys:
            return
        now = self._now()
        for key in [k for k, t in self._expiry.items() if t <= now or self._since[k] > now]:
            self._forget(key)

    def _forget(self, key: str) -> None:
        self._expiry.pop(key, None)
        self._since.pop(key, None)
        self._counts.pop(key, None)

    def _keep(self, key: str, ttl_seconds: float) -> None:
        now = self._now()
        self._since[key], self._expiry[key] = now, now + ttl_seconds

    async def claim(self, key: str, ttl_seconds: float) -> bool:
        if self._alive(key):
            return False
        self._prune()
        self._keep(key, ttl_seconds)
        return True

    async def release(self, key: str) -> None:
        self._forget(key)

    async def count(self, key: str, ttl_seconds: float) -> int:
        if not self._alive(key):
            self._prune()
            self._keep(key, ttl_seconds)
            self._counts[key] = 0
        self._counts[key] = self._counts.get(key, 0) + 1
        return self._counts[key]

    async def ttl(self, key: str) -> float:
        return max(0.0, self._expiry[key] - self._now()) if self._alive(key) else 0.0

    async def generation(self, key: str) -> int:
        return self._generations.get(key, 0)

    async def bump(self, key: str) -> int:
        self._generations[key] = self._generations.get(key, 0) + 1
        return self._generations[key]

    async def close(self) -> None:
        pass


class RedisStore:
    """Keys live in Redis under `prefix`; expiry is Redis's own (real time)."""

    def __init__(self, url: str, prefix: str = "shequn:") -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url)
        self._prefix = prefix

    @property
    def client(self):
        """The Redis client itself, for the core's own structures (the intake's stream, leases)."""
        return self._redis

    @property
    def prefix(self) -> str:
        return self._prefix

    async def claim(self, key: str, ttl_seconds: float) -> bool:
        return bool(await self._redis.set(self._prefix + key, 1, nx=True, px=max(1, int(ttl_seconds * 1000))))

    async def release(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)

    async def count(self, key: str, ttl_seconds: float) -> int:
        full = self._prefix + key
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(full)
            pipe.pexpire(full, max(1, int(ttl_seconds * 1000)), nx=True)
            value, _ = await pipe.execute()
        return int(value)

    async def ttl(self, key: str) -> float:
        millis = await self._redis.pttl(self._prefix + key)
        return max(0.0, millis / 1000)

    async def generation(self, key: str) -> int:
        return int(await self._redis.get(self._prefix + key) or 0)

    async def bump(self, key: str) -> int:
        return int(await self._redis.incr(self._prefix + key))

    async def ping(self) -> bool:
        return bool(await self._redis.ping())

    async def close(self) -> None:
        await self._redis.aclose()


def open_store(redis_url: str | None, prefix: str = "shequn:") -> KeyStore:
    return RedisStore(redis_url, prefix) if redis_url else MemoryStore()
