"""Issue 13, section 1: nothing handed over is lost, nothing answered twice (real processes).

A real `shequn run` polls the fake Bot API (in this test's event loop) on SQLite or
PostgreSQL. A burst of check-ins arrives; the process is killed (`kill -9`) or stopped
(SIGTERM) at a random moment of it, then started again: every update is answered exactly
once, and every member who checked in has exactly one check-in row.

Replies are paced as on Telegram (27 a second overall, one a second per group), so the
burst is spread over many small groups and kept to a few hundred updates (the benchmarks
do the big figures).
"""
from __future__ import annotations

import asyncio
import random
import signal
import time

import aiohttp
import pytest

from tests.telegram.processes import (STOP_TIMEOUT, TOKEN, Burst, KillingTelegram, check_database, fresh_postgres,
                                      marked_as_leaving, sqlite_rows, table_settled)


@pytest.fixture(params=["sqlite", "postgres"])
async def database(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "bot.sqlite3"
        yield f"sqlite://{path}", lambda sql: sqlite_rows(path, sql)
        return
    async with fresh_postgres() as found:
        yield found


@pytest.fixture
async def tg():
    async with KillingTelegram(token=TOKEN, bot_username="shequn_bot") as fake:
        yield fake


async def test_kill_9_mid_burst_then_restart_answers_every_update_once(tg, database, tmp_path, launch):
    url, rows = database
    burst = Burst(tg)
    bot = launch(tmp_path, tg, url).start()
    await bot.wait_polling(tg, 0)
    burst.push()
    tg.kill_when_replying(random.randint(len(burst.pushed) // 10, len(burst.pushed) * 9 // 10), bot.process)
    await asyncio.wait_for(tg.killed.wait(), 60)
    assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
    answered_before = len(burst.answers())
    polls = len(tg.calls_of("getUpdates"))
    bot.start()
    await bot.wait_polling(tg, polls)
    unanswered = await burst.all_answered_once(killed=True, settled=table_settled(rows))
    assert answered_before < len(burst.pushed)  # the kill came mid-burst
    assert await bot.stop() == 0
    assert await marked_as_leaving(rows, unanswered) == unanswered  # lost in the leaving window, not dropped
    await check_database(rows, url, len(burst.people), burst.started)


async def test_sigterm_mid_burst_exits_0_within_the_stop_timeout_and_loses_nothing(tg, tmp_path, launch):
    url = f"sqlite://{tmp_path / 'bot.sqlite3'}"
    burst = Burst(tg)
    bot = launch(tmp_path, tg, url).start()
    await bot.wait_polling(tg, 0)
    burst.push()
    await burst.wait_answers(random.randint(len(burst.pushed) // 10, len(burst.pushed) // 2))
    started = time.monotonic()
    assert await bot.stop(signal.SIGTERM) == 0
    assert time.monotonic() - started < STOP_TIMEOUT + 8  # the stop timeout, then closing (generous: a busy machine)
    first_run = bot.output()
    assert "Unclosed client session" not in first_run and "Traceback" not in first_run
    polls = len(tg.calls_of("getUpdates"))
    bot.start()
    await bot.wait_polling(tg, polls)
    await burst.all_answered_once(settled=table_settled(lambda sql: sqlite_rows(tmp_path / "bot.sqlite3", sql)))
    assert await bot.stop() == 0
    await check_database(lambda sql: sqlite_rows(tmp_path / "bot.sqlite3", sql), url, len(burst.people),
                         burst.started)


WEBHOOK_SECRET = "durability-secret"


async def post_until_accepted(tg: KillingTelegram, url: str, updates: list[dict], at_once: int = 8) -> None:
    """Telegram posts a few updates at a time, and posts again whatever did not get a 200 (a dead
    instance refuses the connection or drops it)."""
    gate = asyncio.Semaphore(at_once)

    async def post(update: dict) -> None:
        async with gate:
            while True:
                try:
                    if await tg.post_webhook(url, update, WEBHOOK_SECRET) == 200:
                        return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)

    await asyncio.gather(*(post(u) for u in updates))


async def test_kill_9_of_a_webhook_instance_then_restart_handles_every_update_it_accepted(tg, tmp_path, launch):
    """One webhook instance on SQLite (the table journal): a 200 means the update is stored, so
    after a `kill -9` and a restart every update is handled once, those accepted but not yet
    answered before the kill included, and any refused are posted again."""
    url = f"sqlite://{tmp_path / 'bot.sqlite3'}"
    rows = lambda sql: sqlite_rows(tmp_path / "bot.sqlite3", sql)  # noqa: E731
    bot = launch(tmp_path, tg, url, {"SHEQUN_TELEGRAM__MODE": "webhook", "SHEQUN_TELEGRAM__PATH": "/tg/hook",
                                     "SHEQUN_TELEGRAM__URL": "https://bot.example.com/tg/hook",
                                     "SHEQUN_TELEGRAM__SECRET_TOKEN": WEBHOOK_SECRET}).start()
    await bot.wait_serving()
    burst = Burst(tg, groups=10, rounds=1)  # 20 updates: a restart costs most of this test's time
    updates = burst.push()
    posting = asyncio.create_task(post_until_accepted(tg, f"http://127.0.0.1:{bot.port}/tg/hook", updates))
    tg.kill_when_replying(random.randint(max(1, len(updates) // 10), len(updates) // 2), bot.process)
    await asyncio.wait_for(tg.killed.wait(), 60)
    assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
    assert len(burst.answers()) < len(updates)  # the kill came mid-burst (most were accepted with a 200 by then)
    bot.start()
    await bot.wait_serving()
    await asyncio.wait_for(posting, 60)
    unanswered = await burst.all_answered_once(killed=True, settled=table_settled(rows))
    assert await bot.stop() == 0
    assert await marked_as_leaving(rows, unanswered) == unanswered  # lost in the leaving window, not dropped
    await check_database(rows, url, len(burst.people), burst.started)
