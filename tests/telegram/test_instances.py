"""Issue 13, section 3: several instances on one PostgreSQL and one Redis (real processes).

* Three webhook instances behind a small round-robin proxy; one is killed (`kill -9`)
  mid-burst and the others take over its pending updates: every update answered once.
* Two polling instances: exactly one polls (the lease); when the poller is killed the other
  takes the lease and the poller's pending updates over, and nothing is lost.
"""
from __future__ import annotations

import asyncio
import random
import signal
import uuid

import pytest
from redis.asyncio import Redis

from tests.telegram.processes import TOKEN, Burst, KillingTelegram, RoundRobin, post_like_telegram, check_database, fresh_postgres

SECRET = "instances-secret"
TAKEOVER = 2  # seconds an instance may be silent before its updates are taken over (the lease's too)


@pytest.fixture
async def tg():
    async with KillingTelegram(token=TOKEN, bot_username="shequn_bot") as fake:
        yield fake


@pytest.fixture
async def redis_prefix():
    prefix = f"shequn-test-{uuid.uuid4().hex[:8]}:"
    yield prefix
    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    keys = [key async for key in redis.scan_iter(f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


def stream_settled(prefix: str):
    """For `all_answered_once`: the shared intake (a Redis Stream) holds no update left to handle or answer."""
    async def settled() -> bool:
        redis = Redis.from_url("redis://127.0.0.1:6379/0")
        try:
            return await redis.xlen(f"{prefix}intake:telegram") == 0
        finally:
            await redis.aclose()

    return settled


def _instance_env(url: str, prefix: str, mode: str) -> dict:
    env = {"SHEQUN_REDIS__URL": "redis://127.0.0.1:6379/0", "SHEQUN_REDIS__PREFIX": prefix,
           "SHEQUN_REDIS__TAKEOVER_SECONDS": str(TAKEOVER), "SHEQUN_TELEGRAM__MODE": mode}
    if mode == "webhook":
        env.update({"SHEQUN_TELEGRAM__URL": "https://bot.example.com/tg/hook", "SHEQUN_TELEGRAM__PATH": "/tg/hook",
                    "SHEQUN_TELEGRAM__SECRET_TOKEN": SECRET})
    return env


async def test_three_webhook_instances_one_killed_mid_burst_every_update_answered_once(tg, redis_prefix, tmp_path, launch):
    async with fresh_postgres() as (url, rows):
        bots = [launch(tmp_path / f"instance{i}", tg, url, _instance_env(url, redis_prefix, "webhook")).start()
                for i in range(3)]
        for bot in bots:
            await bot.wait_serving()
        burst = Burst(tg, rounds=1)
        updates = burst.push()
        async with RoundRobin([bot.port for bot in bots]) as proxy:
            posting = asyncio.create_task(post_like_telegram(tg, proxy.url, updates, SECRET))
            victim = random.choice(bots)
            # the victim answers only its share (about a third), so the kill comes well inside it
            tg.kill_when_replying(random.randint(max(1, len(updates) // 20), max(2, len(updates) // 8)), victim.process)
            await asyncio.wait_for(tg.killed.wait(), 60)
            assert await victim.stop(signal.SIGKILL) == -signal.SIGKILL
            await posting
            await burst.all_answered_once(timeout=60, killed=True, settled=stream_settled(redis_prefix))
            assert all(proxy.served)  # every instance received
        for bot in bots:
            if bot is not victim:
                assert await bot.stop() == 0
        await check_database(rows, url, len(burst.people), burst.started)


async def test_two_polling_instances_one_polls_and_the_other_takes_over_when_it_dies(tg, redis_prefix, tmp_path, launch):
    async with fresh_postgres() as (url, rows):
        bots = [launch(tmp_path / f"instance{i}", tg, url, _instance_env(url, redis_prefix, "polling")).start()
                for i in range(2)]
        for bot in bots:
            await bot.wait_serving()
        burst = Burst(tg)
        burst.push()
        await burst.wait_answers(1)
        [poller] = [bot for bot in bots if "this instance polls Telegram now" in bot.output()]
        [other] = [bot for bot in bots if bot is not poller]
        # the poller answers only its share (about half, less when the machine is busy and the other
        # instance takes more), so the kill comes early in it
        tg.kill_when_replying(random.randint(max(1, len(burst.pushed) // 50), max(2, len(burst.pushed) // 12)),
                              poller.process)
        await asyncio.wait_for(tg.killed.wait(), 60)
        assert await poller.stop(signal.SIGKILL) == -signal.SIGKILL
        await burst.all_answered_once(timeout=60, killed=True, settled=stream_settled(redis_prefix))
        assert "this instance polls Telegram now" in other.output()
        assert await other.stop() == 0
        await check_database(rows, url, len(burst.people), burst.started)
