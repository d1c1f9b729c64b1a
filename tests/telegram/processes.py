"""Real `shequn run` processes on the fake Bot API, and a burst of check-ins to answer.

The fake runs in the test's event loop; each process's output goes to a file in its folder.
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp import web

from adapters.sandbox.testing import POSTGRES_ADMIN_URL
from tests.fakes.telegram_api import FakeTelegram
from tests.shequn_process import environment, free_port

TOKEN = "123:ABC"
GROUPS, PER_GROUP, ROUNDS = 20, 2, 2  # 80 updates: each member checks in twice (a kill lands mid-burst at any size)
STOP_TIMEOUT = 2
LEAVING_AT_A_KILL = 3  # answers that may be between their leaving mark and their request at a kill


class KillingTelegram(FakeTelegram):
    """The fake Bot API, able to `kill -9` a bot the moment its own k-th reply arrives.

    That moment is the classic trap: Telegram has the reply, and the bot has not heard back.
    Every other task of the bot is wherever it happens to be. (Killed at a moment of its own
    choosing, a bot may be caught between an answer marked as leaving and its request: the
    window the platform leaves, see bot/intake.py; the tests do not aim at it.)
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._kill_at: tuple[int, subprocess.Popen] | None = None
        self._replies_from_victim = 0
        self.killed = asyncio.Event()

    def kill_when_replying(self, replies: int, process: subprocess.Popen) -> None:
        self._kill_at, self._replies_from_victim = (replies, process), 0
        self.killed.clear()

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["method"] == "sendMessage" and self._kill_at is not None:
            at, process = self._kill_at
            peer = request.transport.get_extra_info("peername") if request.transport else None
            if peer and peer[1] in _local_ports(process.pid):
                self._replies_from_victim += 1
                if self._replies_from_victim >= at:
                    self._kill_at = None
                    process.kill()  # the request has arrived: Telegram takes it, the bot never hears back
                    self.killed.set()
        return await super()._handle_api(request)


def _local_ports(pid: int) -> set[int]:
    """The local TCP ports of a process's sockets (from /proc)."""
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    ports = set()
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
                fields = line.split()
                if fields[9] in inodes:
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


class Burst:
    """The fake Bot API with groups of members, and who was answered how often."""

    def __init__(self, tg: FakeTelegram, first_user: int = 500_000, *, groups: int = GROUPS,
                 per_group: int = PER_GROUP, rounds: int = ROUNDS) -> None:
        self.tg, self.rounds = tg, rounds
        self.people = []
        for g in range(groups):
            chat = -1_002_000_000_000 - g
            tg.add_chat(chat, "supergroup", title=f"Group {g}")
            for p in range(per_group):
                user = first_user + g * per_group + p
                tg.add_user(user, f"Member {user}")
                self.people.append((chat, user))
        self.pushed: set[tuple[int, int]] = set()
        self.started: datetime | None = None  # when the first update was pushed

    def push(self) -> list[dict]:
        """Every member checks in ROUNDS times; the updates, in the order they arrive."""
        self.started = self.started or datetime.now(UTC)
        updates = []
        for chat, user in [person for _ in range(self.rounds) for person in self.people]:
            updates.append(self.tg.message(chat, user, "/checkin"))
            self.pushed.add((chat, updates[-1]["message"]["message_id"]))
        return updates

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
            missing = sorted(self.pushed - set(self.answers()))[:5]
            assert time.monotonic() < deadline, f"{len(self.answers())} of {count} updates answered; not: {missing}"
            await asyncio.sleep(0.01)

    async def all_answered_once(self, timeout: float = 60, *, killed: bool = False,
                                settled: Callable[[], Awaitable[bool]] | None = None) -> set[tuple[int, int]]:
        """Wait for every update's answer, and check none came twice. After a `kill -9`, an
        answer marked as leaving whose request the kill cut off is lost, never sent twice
        (bot/intake.py): at most one per send in flight at the kill, which the caller checks
        against the journal where it can. Returns those never answered.

        `settled()`: True once the bots' journal holds nothing more to send. Then a short
        quiet is enough for a late answer or a duplicate to show; without it, a longer one."""
        may_lose = LEAVING_AT_A_KILL if killed else 0
        await self.wait_answers(len(self.pushed) - may_lose, timeout)
        if settled is not None:
            deadline = time.monotonic() + timeout
            while not await settled():
                assert time.monotonic() < deadline, "the journal still holds answers to send"
                await asyncio.sleep(0.05)
        await self._quiet(seconds=0.5 if settled is not None or not may_lose else 2.0)
        counts = self.answers()
        twice = {key: n for key, n in counts.items() if n > 1}
        assert not twice, f"{len(twice)} updates answered more than once"
        unanswered = self.pushed - set(counts)
        assert len(unanswered) <= may_lose, f"{len(unanswered)} updates never answered: {sorted(unanswered)[:5]}"
        return unanswered

    async def _quiet(self, seconds: float) -> None:
        """Wait until no answer has come for `seconds`."""
        seen, since = len(self.tg.calls_of("sendMessage")), time.monotonic()
        while time.monotonic() - since < seconds:
            await asyncio.sleep(0.05)
            now = len(self.tg.calls_of("sendMessage"))
            if now != seen:
                seen, since = now, time.monotonic()


class Bot:
    """One `shequn run` process on the fake Bot API; its output goes to a file."""

    def __init__(self, workdir: Path, tg: FakeTelegram, database_url: str, extra: dict | None = None) -> None:
        self.workdir, self.port = workdir, free_port()
        workdir.mkdir(parents=True, exist_ok=True)
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
        deadline = time.monotonic() + 90  # a busy machine: migrations, imports
        while len(tg.calls_of("getUpdates")) <= polls_before:
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, "the bot never polled"
            await asyncio.sleep(0.02)

    async def wait_serving(self) -> None:
        deadline = time.monotonic() + 90  # a busy machine: migrations, imports
        async with aiohttp.ClientSession() as session:
            while True:
                assert self.process.poll() is None, self.output()
                assert time.monotonic() < deadline, "the bot never served /healthz"
                try:
                    async with session.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        self.process.send_signal(sig)
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            assert time.monotonic() < deadline, f"still running {timeout} s after {sig!r}:\n{self.output()}"
            await asyncio.sleep(0.02)
        return self.process.returncode


@asynccontextmanager
async def fresh_postgres():
    """A new, empty PostgreSQL database: its URL and a way to query it; dropped afterwards."""
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


async def sqlite_rows(path: Path, sql: str) -> list:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


async def marked_as_leaving(rows, unanswered: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of these (chat, message) updates, those whose answer the table journal marked as leaving."""
    marked = set()
    for payload, sent in await rows("SELECT payload, sent FROM core_intake WHERE sent > 0"):
        message = json.loads(payload).get("message") or {}
        key = ((message.get("chat") or {}).get("id"), message.get("message_id"))
        if key in unanswered:
            marked.add(key)
    return marked


def table_settled(rows) -> Callable[[], Awaitable[bool]]:
    """For `all_answered_once`: the table journal (core_intake) has no update left to handle or answer."""
    async def settled() -> bool:
        return (await rows("SELECT count(*) FROM core_intake WHERE state < 2"))[0][0] == 0

    return settled


def community_day(at: datetime) -> date:
    """The check-in day of a community first seen from a message: UTC, the day starting at 04:00."""
    return (at.astimezone(UTC) - timedelta(hours=4)).date()


async def check_database(rows, url: str, members: int, since: datetime | None = None) -> None:
    """One check-in per member and day, none doubled, none lost, and the database's own check.

    A burst that ran across the communities' day start (04:00 UTC, `since` to now) may count
    a member's second check-in for the next day: then each member has one or two days.
    """
    checkins, pairs, who = (await rows("SELECT count(*), count(DISTINCT member_id || ':' || day), "
                                       "count(DISTINCT member_id) FROM checkin_checkin"))[0]
    crossed = since is not None and community_day(since) != community_day(datetime.now(UTC))
    expected = f"{members} to {2 * members}" if crossed else str(members)
    assert checkins == pairs and who == members and (members <= pairs <= 2 * members if crossed else pairs == members), (
        f"{checkins} check-ins, {pairs} member-days, {who} members; {expected} expected:\n"
        f"{await rows('SELECT member_id, day, count(*) FROM checkin_checkin GROUP BY member_id, day HAVING count(*) > 1')}\n"
        f"{await rows('SELECT count(*), count(DISTINCT community_id) FROM core_member')}")
    if url.startswith("sqlite"):
        assert await rows("PRAGMA integrity_check") == [("ok",)]
    else:
        await rows("CREATE EXTENSION IF NOT EXISTS amcheck")
        checked = await rows("SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
                             "WHERE a.amname = 'btree' AND n.nspname = 'public'")
        assert checked  # every index of the bot's tables is consistent with its table


class RoundRobin:
    """A load balancer as small as it gets: each post to the next instance, skipping dead ones."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self._next = itertools.cycle(range(len(ports)))
        self.served = [0] * len(ports)
        self.port = free_port()

    async def __aenter__(self) -> "RoundRobin":
        app = web.Application()
        app.router.add_post("/tg/hook", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc) -> None:
        await self._session.close()
        await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/tg/hook"

    async def _forward(self, request: web.Request) -> web.Response:
        body, headers = await request.read(), {k: v for k, v in request.headers.items() if k.lower() != "host"}
        for _ in self.ports:
            index = next(self._next)
            try:
                async with self._session.post(f"http://127.0.0.1:{self.ports[index]}/tg/hook", data=body,
                                              headers=headers) as answer:
                    self.served[index] += 1
                    return web.Response(status=answer.status)
            except aiohttp.ClientError:
                continue  # a dead instance: the next one (nginx's proxy_next_upstream)
        return web.Response(status=502)


async def post_like_telegram(tg: FakeTelegram, url: str, updates: list[dict], secret: str,
                             at_once: int = 8) -> None:
    """Telegram posts a few updates at a time and posts again whatever did not get a 200."""
    gate = asyncio.Semaphore(at_once)

    async def post(update: dict) -> None:
        async with gate:
            while (status := await tg.post_webhook(url, update, secret)) != 200:
                await asyncio.sleep(0.2)
            assert status == 200

    await asyncio.gather(*(post(u) for u in updates))
