"""A platform's overall send budget shared by every instance, kept in Redis.

Telegram allows a bot about 30 messages a second in all, however many processes send them.
Each instance paces itself (bot/send_queue.py); with Redis, every slot it grants also takes
one from this shared budget, a sliding window in one sorted set: at most `per_second` sends
in any second, and a third of that in any third of a second, counted on Redis's own clock
so the instances' clocks do not matter. One Lua script checks and takes atomically.

Without Redis there is no budget object and each process keeps its own pace. When Redis
fails, the instance falls back to its own pace (logged once) rather than stop sending.
"""
from __future__ import annotations

import logging
import math
from typing import Any

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
    """`take()`: 0.0 once a send is taken from the shared budget, else the seconds to wait."""

    def __init__(self, redis: Any, key: str, per_second: float) -> None:
        self.redis, self.key = redis, key
        self.per_second = per_second
        third = max(1, math.ceil(per_second / 3))
        self._windows = [1_000_000, math.floor(per_second), 333_333, third]
        self._failing = False

    async def take(self) -> float:
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
