"""The send budget shared by instances through Redis (real Redis on 127.0.0.1:6379)."""
from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid

import pytest
from redis.asyncio import Redis

from bot.send_budget import SharedBudget, SharedChatLimits
from bot.send_queue import RateLimits, SendQueue

REDIS = "redis://127.0.0.1:6379/0"
PER_SECOND = 20
JITTER = 0.1  # seconds between a slot granted on Redis's clock and its stamp here, at most


@pytest.fixture
async def redis():
    client = Redis.from_url(REDIS)
    key = f"shequn-test-{uuid.uuid4().hex[:8]}:send-budget:telegram"
    yield client, key
    await client.delete(key, key + ":n")
    await client.aclose()


def instance(client, key: str) -> SendQueue:
    """One instance's overall queue, as the Telegram outbox builds it, with the shared budget."""
    return SendQueue(RateLimits(PER_SECOND, math.inf, math.inf), shared=SharedBudget(client, key, PER_SECOND))


async def send(queue: SendQueue, count: int, stamps: list[float]) -> None:
    async def one(n: int) -> None:
        await queue.slot(f"chat{n % 7}")
        stamps.append(time.monotonic())

    await asyncio.gather(*(one(n) for n in range(count)))


def most_in_any_window(stamps: list[float], seconds: float) -> int:
    stamps = sorted(stamps)
    return max(sum(1 for s in stamps[i:] if s < start + seconds) for i, start in enumerate(stamps))


@pytest.mark.redis
async def test_two_instances_sharing_one_budget_never_exceed_it_together(redis):
    client, key = redis
    stamps: list[float] = []
    started = time.monotonic()
    await asyncio.gather(send(instance(client, key), 30, stamps), send(instance(client, key), 30, stamps))
    assert len(stamps) == 60
    assert most_in_any_window(stamps, 1.0 - JITTER) <= PER_SECOND
    # each instance alone would have sent its 30 within about a second: together they take the budget's time
    assert time.monotonic() - started >= (60 - PER_SECOND) / PER_SECOND - JITTER


@pytest.mark.redis
async def test_instances_with_their_own_prefix_keep_their_own_budget(redis):
    client, key = redis
    stamps: list[float] = []
    await asyncio.gather(send(instance(client, key), PER_SECOND // 2, stamps),
                         send(instance(client, key + "-other"), PER_SECOND // 2, stamps))
    await client.delete(key + "-other", key + "-other:n")
    assert len(stamps) == PER_SECOND  # neither waited on the other's sends: both fit their own second
    assert max(stamps) - min(stamps) < 1.0


async def test_without_an_answer_from_redis_each_instance_paces_itself(caplog):
    client = Redis.from_url("redis://127.0.0.1:1/0")  # nothing listens there
    queue = SendQueue(RateLimits(PER_SECOND, math.inf, math.inf), shared=SharedBudget(client, "k", PER_SECOND))
    stamps: list[float] = []
    with caplog.at_level(logging.WARNING, logger="bot.send_budget"):
        await send(queue, PER_SECOND + 5, stamps)
    await client.aclose()
    assert len(stamps) == PER_SECOND + 5
    assert most_in_any_window(stamps, 1.0 - JITTER) <= PER_SECOND  # its own pace still holds
    assert sum("shared send budget in Redis failed" in r.message for r in caplog.records) == 1


def chat_instance(client, prefix: str, limits: RateLimits) -> SendQueue:
    """One instance's queue with per-chat limits shared through Redis, as the Discord adapter builds it
    (the Telegram outbox gives each chat's queue the same `shared_chats`)."""
    return SendQueue(limits, shared_chats=SharedChatLimits(client, prefix))


async def send_to(queue: SendQueue, chat: str, count: int, stamps: list[float]) -> None:
    for _ in range(count):
        await queue.slot(chat)
        stamps.append(time.monotonic())


@pytest.mark.redis
async def test_two_instances_sending_to_one_chat_never_exceed_its_limits_together(redis):
    client, key = redis
    prefix = key + ":chat:"
    per_second = RateLimits(math.inf, math.inf, 4)
    one, two = chat_instance(client, prefix, per_second), chat_instance(client, prefix, per_second)
    shared, elsewhere = [], []
    started = time.monotonic()
    await asyncio.gather(send_to(one, "group", 6, shared), send_to(two, "group", 6, shared),
                         send_to(two, "other", 4, elsewhere))
    assert most_in_any_window(shared, 1.0 - JITTER) <= 4  # each instance alone would send 4 a second: 8
    assert time.monotonic() - started >= (12 - 4) / 4 - JITTER
    assert max(elsewhere) - started < 0.5  # another chat never waited on this one's window

    per_minute = RateLimits(math.inf, 5, math.inf)
    one, two = chat_instance(client, prefix, per_minute), chat_instance(client, prefix, per_minute)
    await asyncio.gather(send_to(one, "busy", 3, []), send_to(two, "busy", 2, []))
    for queue in (one, two):  # the chat's five a minute are spent, whichever instance sent them
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(queue.slot("busy"), 0.3)
    await asyncio.wait_for(one.slot("quiet"), 0.3)
    await client.delete(*[k async for k in client.scan_iter(prefix + "*")])
