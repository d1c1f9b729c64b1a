"""Claims and counters, in memory and in the Redis server on 127.0.0.1."""
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock, use_clock
from bot.stores import MemoryStore, RedisStore


@pytest.fixture
async def store(request):
    if request.param == "memory":
        clock = ManualClock(datetime(2026, 1, 1, tzinfo=UTC))
        previous = use_clock(clock)
        yield MemoryStore(), clock
        use_clock(previous)
        return
    redis = RedisStore("redis://127.0.0.1:6379/0", prefix=f"shequn-test-{uuid.uuid4().hex}:")
    yield redis, None
    await redis.close()


STORES = ["memory", pytest.param("redis", marks=pytest.mark.redis)]


@pytest.mark.parametrize("store", STORES, indirect=True)
async def test_a_claim_is_taken_once_until_it_expires(store):
    keys, clock = store
    assert await keys.claim("event:42", 0.3)
    assert not await keys.claim("event:42", 0.3)
    assert await keys.claim("event:43", 0.3)
    assert 0 < await keys.ttl("event:42") <= 0.3
    if clock:
        clock.advance(timedelta(seconds=0.4))
    else:
        import asyncio
        await asyncio.sleep(0.4)
    assert await keys.ttl("event:42") == 0
    assert await keys.claim("event:42", 0.3)


@pytest.mark.parametrize("store", STORES, indirect=True)
async def test_counters_count_within_their_window(store):
    keys, _ = store
    assert [await keys.count("rate:alice", 60) for _ in range(3)] == [1, 2, 3]
    assert await keys.count("rate:bob", 60) == 1


@pytest.mark.redis
async def test_two_instances_sharing_redis_see_one_claim():
    prefix = f"shequn-test-{uuid.uuid4().hex}:"
    first, second = RedisStore("redis://127.0.0.1:6379/0", prefix), RedisStore("redis://127.0.0.1:6379/0", prefix)
    try:
        results = [await first.claim("job:x:1", 10), await second.claim("job:x:1", 10)]
        assert results == [True, False]
        assert await first.ping()
    finally:
        await first.close()
        await second.close()


async def test_a_memory_key_set_after_the_time_the_clock_goes_back_to_is_forgotten():
    clock = ManualClock(datetime(2026, 3, 1, tzinfo=UTC))
    previous = use_clock(clock)
    try:
        keys = MemoryStore()
        assert await keys.count("rate:alice", 60) == 1
        assert await keys.claim("cooldown:alice", 60)
        clock.set(datetime(2026, 1, 1, tzinfo=UTC))
        clock.advance(timedelta(seconds=1))
        assert await keys.count("rate:alice", 60) == 1
        assert await keys.ttl("cooldown:alice") == 0.0
        assert await keys.claim("cooldown:alice", 60)
    finally:
        use_clock(previous)


@pytest.mark.parametrize("store", STORES, indirect=True)
async def test_a_released_claim_can_be_taken_again(store):
    keys, _ = store
    assert await keys.claim("signal:42", 60)
    await keys.release("signal:42")
    assert await keys.claim("signal:42", 60)
    assert not await keys.claim("signal:42", 60)
