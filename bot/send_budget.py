"""A platform's overall send budget shared by every instance, kept in Redis.

Telegram allows a bot about 30 messages a second in all, however many processes send them.
Each instance paces itself (bot/send_queue.py); with Redis, every slot it grants also takes
one from this shared budget, a sliding window in one sorted set: at most `per_second` sends
in any second, and a third of that in any third of a second, counted on Redis's own clock
so the instances' clocks do not matter. One Lua script checks and takes atomically.

Each chat's limits (Telegram's one message a second per chat and twenty a minute per group)
are shared the same way, one sorted set per chat (`SharedChatLimits`): two instances answering
in one chat take their turns from the same window.

Without Redis there is no budget object and each process keeps its own pace. When Redis
fails, the instance falls back to its own pace (logged once) rather than stop sending.
"""
from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.send_queue import RateLimits

log = logging.getLogger(__name__)

# KEYS[1]: the window's sorted set. ARGV: windows as (microseconds, allowed) pairs, the first the longest.
# Returns 0 when a send was taken, else the microseconds until one may be.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local longest = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
local wait = 0
for i = 1, #ARGV, 2 do
  local window, allowed = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  local recent = redis.call('ZRANGEBYSCORE', KEYS[1], now - window, '+inf', 'WITHSCORES')
  local count = #recent / 2
  if count >= allowed then
    local oldest_counted = tonumber(recent[(count - allowed) * 2 + 2])
    wait = math.max(wait, oldest_counted + window - now)
  end
end
if wait > 0 then return math.max(1, math.ceil(wait)) end
redis.call('ZADD', KEYS[1], now, t[1] .. '.' .. t[2] .. '.' .. redis.call('INCR', KEYS[1] .. ':n'))
redis.call('PEXPIRE', KEYS[1], math.ceil(longest / 1000) + 1000)
redis.call('PEXPIRE', KEYS[1] .. ':n', math.ceil(longest / 1000) + 1000)
return 0
"""


class SharedBudget:
    """`take()`: 0.0 once a send is taken from the shared budget, else the seconds to wait.

    `per_second` gives an overall budget's windows; `windows` ((seconds, allowed), the longest
    first; an unlimited one is left out) any others."""

    def __init__(self, redis: Any, key: str, per_second: float = math.inf, *,
                 windows: list[tuple[float, float]] | None = None, failing: list[bool] | None = None) -> None:
        self.redis, self.key = redis, key
        self.per_second = per_second
        if windows is None:
            windows = [(1.0, math.floor(per_second)), (1 / 3, max(1, math.ceil(per_second / 3)))]
        self._windows = [int(n) for seconds, allowed in windows if allowed != math.inf
                         for n in (round(seconds * 1_000_000), allowed)]
        self._failing_flag = failing if failing is not None else [False]  # shared by one platform's chats

    @property
    def _failing(self) -> bool:
        return self._failing_flag[0]

    @_failing.setter
    def _failing(self, value: bool) -> None:
        self._failing_flag[0] = value

    async def take(self) -> float:
        if not self._windows:
            return 0.0
        try:
            wait_us = await self.redis.eval(_TAKE, 1, self.key, *self._windows)
        except Exception as exc:
            if not self._failing:
                log.warning("the shared send budget in Redis failed (%s); pacing this instance alone until it "
                            "answers again", type(exc).__name__)
                self._failing = True
            return 0.0
        if self._failing:
            log.info("the shared send budget in Redis answers again")
            self._failing = False
        return int(wait_us) / 1_000_000


def shared_budget(store: Any, platform: str, per_second: float) -> SharedBudget | None:
    """The platform's budget shared through the runtime's Redis store; None without Redis."""
    from bot.stores import RedisStore

    if not isinstance(store, RedisStore) or per_second == math.inf:
        return None
    return SharedBudget(store.client, f"{store.prefix}send-budget:{platform}", per_second)


class SharedChatLimits:
    """Each chat's own limits, shared by every instance: one window per chat in Redis."""

    def __init__(self, redis: Any, prefix: str) -> None:
        self.redis, self.prefix = redis, prefix
        self._failing = [False]

    def budget(self, chat_key: str, limits: "RateLimits") -> SharedBudget:
        return SharedBudget(self.redis, f"{self.prefix}{chat_key}", failing=self._failing,
                            windows=[(60.0, limits.per_minute_per_chat), (1.0, limits.per_second_per_chat)])


def shared_chat_limits(store: Any, platform: str) -> SharedChatLimits | None:
    """The platform's per-chat limits shared through the runtime's Redis store; None without Redis."""
    from bot.stores import RedisStore

    if not isinstance(store, RedisStore):
        return None
    return SharedChatLimits(store.client, f"{store.prefix}send-budget:{platform}:chat:")
