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
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import asyncpg
import pytest

from adapters.sandbox.testing import POSTGRES_ADMIN_URL
from tests.fakes.telegram_api import FakeTelegram
from tests.shequn_process import environment, free_port

TOKEN = "123:ABC"
GROUPS, PER_GROUP, ROUNDS = 30, 2, 2  # 120 updates: each member checks in twice
STOP_TIMEOUT = 2


class Burst:
    """The fake Bot API with groups of members, and who was answered how often."""

    def __init__(self, tg: FakeTelegram, first_user: int = 500_000) -> None:
        self.tg = tg
        self.people = []
        for g in range(GROUPS):
            chat = -1_002_000_000_000 - g
            tg.add_chat(chat, "supergroup", title=f"Group {g}")
            for p in range(PER_GROUP):
                user = first_user + g * PER_GROUP + p
                tg.add_user(user, f"Member {user}")
                self.people.append((chat, user))
        self.pushed: set[tuple[int, int]] = set()

    def push(self) -> None:
        arrivals = [person for _ in range(ROUNDS) for person in self.people]
        for chat, user in arrivals:
            update = self.tg.message(chat, user, "/checkin")
            self.pushed.add((chat, update["message"]["message_id"]))

    def answers(self) -> dict[tuple[int, int], int]:
        counts: dict[tuple[int, int], int] = {}
        for call in self.tg.calls_of("sendMessage", effective=True):
            key = (int(call.params["chat_id"]), (call.params.get("reply_parameters") or {}).get("message_id"))
            if key in self.pushed:
                counts[key] = counts.get(key, 0) + 1
        return counts

    async def wait_answers(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.answers()) < count:
            assert time.monotonic() < deadline, f"{len(self.answers())} of {count} updates answered"
            await asyncio.sleep(0.01)

    async def all_answered_once(self) -> None:
        await self.wait_answers(len(self.pushed))
        await asyncio.sleep(0.5)  # a late duplicate would show now
        counts = self.answers()
        twice = {key: n for key, n in counts.items() if n > 1}
        assert not twice, f"{len(twice)} updates answered more than once"
        assert len(counts) == len(self.pushed)


class Bot:
    """One `shequn run` process on the fake Bot API; its output goes to a file."""

    def __init__(self, workdir: Path, tg: FakeTelegram, database_url: str, extra: dict | None = None) -> None:
        self.workdir, self.port = workdir, free_port()
        (workdir / "config.toml").write_text('enabled_plugins = ["checkin"]\n')
        self.env = environment({"SHEQUN_TELEGRAM__TOKEN": TOKEN, "SHEQUN_TELEGRAM__API_BASE": tg.base_url,
                                "SHEQUN_DATABASE__URL": database_url, "SHEQUN_WEB__PORT": str(self.port),
                                "SHEQUN_BOT__RATE_LIMIT_PER_MINUTE": "100000",
                                "SHEQUN_BOT__STOP_TIMEOUT": str(STOP_TIMEOUT), **(extra or {})})
        self.process: subprocess.Popen | None = None
        self.runs = 0

    def start(self) -> "Bot":
        self.runs += 1
        log = open(self.workdir / f"run{self.runs}.log", "w")
        self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=self.workdir, env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT)
        return self

    def output(self) -> str:
        return (self.workdir / f"run{self.runs}.log").read_text()

    async def wait_polling(self, tg: FakeTelegram, polls_before: int) -> None:
        deadline = time.monotonic() + 30
        while len(tg.calls_of("getUpdates")) <= polls_before:
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, "the bot never polled"
            await asyncio.sleep(0.02)

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        self.process.send_signal(sig)
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            assert time.monotonic() < deadline, f"still running {timeout} s after {sig!r}:\n{self.output()}"
            await asyncio.sleep(0.02)
        return self.process.returncode


@pytest.fixture(params=["sqlite", "postgres"])
async def database(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "bot.sqlite3"
        yield f"sqlite://{path}", lambda sql: _sqlite_rows(path, sql)
        return
    name = f"shequn_durable_{uuid.uuid4().hex[:12]}"
    admin_url = POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://")
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"

    async def rows(sql: str) -> list:
        connection = await asyncpg.connect(url)
        try:
            return [tuple(r) for r in await connection.fetch(sql)]
        finally:
            await connection.close()

    try:
        yield url.replace("postgresql://", "postgres://"), rows
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _sqlite_rows(path: Path, sql: str) -> list:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
async def tg():
    async with FakeTelegram(token=TOKEN, bot_username="shequn_bot") as fake:
        yield fake


async def _check_database(rows, url: str, members: int) -> None:
    checkins, pairs, who = (await rows("SELECT count(*), count(DISTINCT member_id || ':' || day), "
                                       "count(DISTINCT member_id) FROM checkin_checkin"))[0]
    assert checkins == pairs == who == members
    if url.startswith("sqlite"):
        assert await rows("PRAGMA integrity_check") == [("ok",)]
    else:
        await rows("CREATE EXTENSION IF NOT EXISTS amcheck")
        checked = await rows("SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
                             "WHERE a.amname = 'btree' AND n.nspname = 'public'")
        assert checked  # every index of the bot's tables is consistent with its table


async def test_kill_9_mid_burst_then_restart_answers_every_update_once(tg, database, tmp_path):
    url, rows = database
    burst = Burst(tg)
    bot = Bot(tmp_path, tg, url).start()
    await bot.wait_polling(tg, 0)
    burst.push()
    await burst.wait_answers(random.randint(len(burst.pushed) // 10, len(burst.pushed) * 9 // 10))
    await asyncio.sleep(random.uniform(0, 0.03))
    assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
    answered_before = len(burst.answers())
    polls = len(tg.calls_of("getUpdates"))
    bot.start()
    await bot.wait_polling(tg, polls)
    await burst.all_answered_once()
    assert answered_before < len(burst.pushed)  # the kill came mid-burst
    assert await bot.stop() == 0
    await _check_database(rows, url, len(burst.people))


async def test_sigterm_mid_burst_exits_0_within_the_stop_timeout_and_loses_nothing(tg, tmp_path):
    url = f"sqlite://{tmp_path / 'bot.sqlite3'}"
    burst = Burst(tg)
    bot = Bot(tmp_path, tg, url).start()
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
    await burst.all_answered_once()
    assert await bot.stop() == 0
    await _check_database(lambda sql: _sqlite_rows(tmp_path / "bot.sqlite3", sql), url, len(burst.people))
