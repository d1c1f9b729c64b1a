"""Check-ins per second through the Telegram adapter, against a bare aiogram bot.

    python -m benchmarks.telegram_checkin                  # SQLite and PostgreSQL
    python -m benchmarks.telegram_checkin --no-postgres    # SQLite only
    python -m benchmarks.telegram_checkin --checkins 1000 --burst 500 --rounds 1

Everything runs in one process against FakeTelegram (tests/fakes/telegram_api.py), a
local Bot API server spoken to by the real aiogram client over HTTP on 127.0.0.1.

* baseline: a bare aiogram Dispatcher (start_polling, default settings) whose /checkin
  handler does one INSERT into the same database and replies;
* shequn: the full runtime (bus, middlewares, the installed plugin that provides
  /checkin, its database work) behind the Telegram adapter, replying through its
  outbox. Telegram's flood limits are lifted for this run (the baseline has none either,
  and a local Bot API server has none); the outbox, SendQueue and retries still run.
  ratio = shequn / baseline (target >= 0.7). The three run --rounds times, interleaved (a
  slow spell of this shared machine then hits all three); the medians are reported, with
  each round's ratio beside them.
* two days: each bot is measured on day one, every check-in a member's first (the tiers
  plugin places each member in the lowest tier), and again on day two, when the same members
  check in once more (the steady state). Between the days the day's scheduled jobs run, and
  what the tiers plugin still had to show in the background of day one's placements (the
  lowest tier's tags, at its sync_per_second) is taken as done: on a real second day it was
  done hours before.
* burst: 1,000 members check in within 10 s, spread over 50 groups of 20, with
  Telegram's real limits (30/s overall, 1/s and 20/min per group): every check-in must be
  answered exactly once; reply latency p50/p99 (mostly the pacing: 1,000 replies at
  30/s take >= 33 s). Members arrive in random order across the groups. One group of
  1,000 would need 50 minutes at 20 replies a minute.

Check-ins are spread over 20 groups of distinct members, each of whom has said hello
first (not measured), as in a community whose members the bot knows. PostgreSQL: a fresh database on
127.0.0.1:5432 (user postgres, or SHEQUN_TEST_POSTGRES), dropped afterwards.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import Command
from aiogram.types import Message as TgMessage
from tortoise.connection import get_connection

from bot import discovery
from bot.clock import ManualClock, current_clock, now, use_clock
from bot.config import Settings
from bot.context import Context
from bot.database import CORE_MODELS, close_database, open_database
from bot.messages import rich
from bot.plugin import Plugin
from bot.runtime import Runtime
from bot.send_queue import RateLimits
from bot.stores import MemoryStore

from adapters.telegram import TelegramAdapter
from adapters.telegram.outbox import TELEGRAM_LIMITS

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402

TOKEN = "123:ABC"
PG_ADMIN = os.environ.get("SHEQUN_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
NOW = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)  # inside the default check-in window (15:00-09:00)
UNLIMITED = RateLimits(math.inf, math.inf, math.inf)


@dataclass
class Run:
    name: str
    checkins: int
    seconds: float
    latencies: list[float]
    answered_once: int
    missing: int
    duplicates: int

    @property
    def rate(self) -> float:
        return self.checkins / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class World:
    """A FakeTelegram with groups of members, and the bookkeeping of who was answered."""

    def __init__(self, groups: int, per_group: int, first_user: int) -> None:
        self.tg = FakeTelegram(token=TOKEN, bot_username="shequn_bot")
        # Update ids of their own: the runs share one database, whose durable intake remembers the
        # update ids it handled and would drop a later run's updates as redeliveries.
        self.tg._next_update_id = first_user
        self.people: list[tuple[int, int]] = []
        self.groups = [-1_000_000_000_000 - first_user - g for g in range(groups)]
        self.per_group, self.first_user = per_group, first_user
        self.pushed: dict[tuple[int, int], float] = {}
        self._answers: dict[tuple[int, int], list[float]] = {}
        self._scanned = 0  # calls already looked at: each poll reads only the new ones

    async def __aenter__(self) -> "World":
        await self.tg.start()
        user = self.first_user
        for chat in self.groups:
            self.tg.add_chat(chat, "supergroup", title=f"Group {chat}")
            for _ in range(self.per_group):
                self.tg.add_user(user, f"Member {user}", username=f"m{user}")
                self.people.append((chat, user))
                user += 1
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.tg.close()

    async def introduce(self, settle: float = 0.0) -> None:
        """Everyone says hello first (not measured): members the bot already knows check in."""
        for chat, user in self.people:
            self.tg.message(chat, user, "hello")
        deadline = time.monotonic() + 120
        while self.tg._queue and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(settle)

    async def timed(self, name: str) -> Run:
        """Everyone checks in at once; the run, timed from the first push to the last answer."""
        self.pushed, self._answers = {}, {}
        started = time.monotonic()
        for chat, user in self.people:
            self.push(chat, user)
        await self.wait_answered(300)
        return self.result(name, started)

    def push(self, chat: int, user: int, text: str = "/checkin") -> None:
        update = self.tg.message(chat, user, text)
        self.pushed[(chat, update["message"]["message_id"])] = time.monotonic()

    def answers(self) -> dict[tuple[int, int], list[float]]:
        calls = self.tg.calls
        for call in calls[self._scanned:]:
            if call.method == "sendMessage" and call.effective:
                target = (call.params.get("reply_parameters") or {}).get("message_id")
                key = (int(call.params["chat_id"]), target)
                if key in self.pushed:
                    self._answers.setdefault(key, []).append(call.at)
        self._scanned = len(calls)
        return self._answers

    async def wait_answered(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.answers()) < len(self.pushed) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)  # a duplicate would show up now

    def result(self, name: str, started: float) -> Run:
        answers = self.answers()
        last = max((min(times) for times in answers.values()), default=started)
        latencies = [min(times) - self.pushed[key] for key, times in answers.items()]
        return Run(name, len(self.pushed), last - started, latencies,
                   sum(1 for t in answers.values() if len(t) == 1), len(self.pushed) - len(answers),
                   sum(len(t) - 1 for t in answers.values()))


# --- the two bots ------------------------------------------------------------------------

async def baseline(url: str, checkins: int, groups: int, first_user: int = 1_000_000) -> tuple[Run, Run]:
    """A bare aiogram Dispatcher: /checkin -> one INSERT -> reply; day one, then day two."""
    await open_database(url, [CORE_MODELS])
    conn = get_connection("default")
    postgres = url.startswith("postgres")
    await conn.execute_script("CREATE TABLE IF NOT EXISTS bench_baseline_checkin "
                              "(chat_id BIGINT NOT NULL, user_id BIGINT NOT NULL, at TIMESTAMP NOT NULL)")
    insert = ("INSERT INTO bench_baseline_checkin (chat_id, user_id, at) VALUES "
              + ("($1, $2, $3)" if postgres else "(?, ?, ?)"))
    dp = Dispatcher()

    @dp.message(Command("checkin"))
    async def on_checkin(message: TgMessage) -> None:
        await conn.execute_query(insert, [message.chat.id, message.from_user.id, datetime.now(UTC).replace(tzinfo=None)])
        await message.reply("Checked in!")

    async with World(groups, checkins // groups, first_user) as world:
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(world.tg.base_url)))
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=True))
        await world.tg.wait_for("getUpdates")
        await world.introduce()
        runs = (await world.timed("aiogram baseline"), await world.timed("aiogram baseline"))
        await dp.stop_polling()
        await polling
    await close_database()
    return runs


async def shequn_throughput(url: str, plugins: list, checkins: int, groups: int, first_user: int,
                            name: str) -> tuple[Run, Run]:
    """Day one (each member's first check-in), then day two (the same members again)."""
    settings = Settings.model_validate({"web": {"enabled": False}, "database": {"url": url},
                                        "bot": {"auto_migrate": True}})
    runtime = Runtime(settings, plugins, {"telegram": TelegramAdapter}, store=MemoryStore())
    async with World(groups, checkins // groups, first_user) as world:
        runtime.config.telegram = {"token": TOKEN, "api_base": world.tg.base_url}
        runtime.build_adapters()
        runtime.adapters["telegram"].pace_with(limits=UNLIMITED)
        await runtime.start()
        await world.tg.wait_for("getUpdates")
        await world.introduce()
        await settled(runtime)
        first = await world.timed(name)
        await next_day(runtime)
        second = await world.timed(name)
        await runtime.stop()
    current_clock().set(NOW)  # the next run starts on day one (its start would catch up this one's jobs)
    return first, second


async def next_day(runtime: Runtime) -> None:
    """Day two: what the tiers plugin still had to show of day one's placements is taken as done
    (see the module's docstring), and the day's scheduled jobs run before the timing starts."""
    if "tiers" in runtime.plugins:
        from plugins.tiers import first_tier
        from plugins.tiers.models import TierMember

        await first_tier.stop(runtime)
        await TierMember.filter(to_show=True).update(to_show=False)
    await settled(runtime)
    await runtime.scheduler.run_due(now() + timedelta(days=1))
    await settled(runtime)


async def shequn_burst(url: str, plugins: list, burst: int) -> Run:
    settings = Settings.model_validate({"web": {"enabled": False}, "database": {"url": url},
                                        "bot": {"auto_migrate": True}})
    runtime = Runtime(settings, plugins, {"telegram": TelegramAdapter}, store=MemoryStore())
    async with World(50, max(1, burst // 50), 3_000_000) as world:
        runtime.config.telegram = {"token": TOKEN, "api_base": world.tg.base_url}
        runtime.build_adapters()
        runtime.adapters["telegram"].pace_with(limits=TELEGRAM_LIMITS)
        await runtime.start()
        await world.tg.wait_for("getUpdates")
        started = time.monotonic()
        spacing = 10.0 / len(world.people)
        arrivals = list(world.people)
        random.Random(7).shuffle(arrivals)  # members of the 50 groups arrive mixed, as people do
        for index, (chat, user) in enumerate(arrivals):  # everyone within 10 s
            world.push(chat, user)
            await asyncio.sleep(max(0.0, started + (index + 1) * spacing - time.monotonic()))
        await world.wait_answered(600)
        burst_run = world.result("burst, Telegram limits", started)
        await runtime.stop()
    return burst_run


async def settled(runtime: Runtime) -> None:
    """Wait until the introductions are handled and answered: in the durable intake first (which
    the bus's queue does not count), then in the bus."""
    intake = runtime.adapters["telegram"].intake
    if intake is not None:
        await intake.idle(120)
    await runtime.bus.drain(120)


def one_insert_plugin(postgres: bool) -> Any:
    """The baseline's handler as a Shequn plugin: what the core and the adapter cost."""
    plugin = Plugin("bench_insert", version="1.0.0")
    insert = ("INSERT INTO bench_baseline_checkin (chat_id, user_id, at) VALUES "
              + ("($1, $2, $3)" if postgres else "(?, ?, ?)"))

    @plugin.command("checkin")
    async def checkin(ctx: Context) -> None:
        await get_connection("default").execute_query(
            insert, [int(ctx.event.chat.chat_id), int(ctx.event.user.user_id), datetime.now(UTC).replace(tzinfo=None)])
        await ctx.reply(rich("Checked in!"))

    return plugin


# --- databases ----------------------------------------------------------------------------

async def create_postgres() -> str | None:
    try:
        import asyncpg
    except ImportError:
        return None
    name = f"shequn_bench_tg_{os.getpid()}"
    try:
        admin = await asyncpg.connect(PG_ADMIN.replace("postgres://", "postgresql://"), timeout=5)
    except Exception as exc:
        print(f"PostgreSQL not reachable ({exc}); skipped")
        return None
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name + "?maxsize=20"  # a pool for 32 bus workers (both bots)


async def drop_postgres(url: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(PG_ADMIN.replace("postgres://", "postgresql://"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1].split("?")[0]}" WITH (FORCE)')
    finally:
        await admin.close()


def checkin_plugins() -> list:
    plugins = list(discovery.installed_plugins().values())
    if not any(spec.name == "checkin" for p in plugins for spec in p.commands):
        raise SystemExit("no installed plugin provides /checkin (pip install -e . registers plugins.checkin)")
    return plugins


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.rate)[len(runs) // 2]


def report(db: str, rounds: list[tuple[tuple[Run, Run], ...]], burst: Run) -> None:
    print(f"\n== {db} (median of {len(rounds)} interleaved rounds) ==")
    for day, label in ((0, "day one: every check-in a member's first"), (1, "day two: the same members again")):
        report_day(label, [r[day] for r in rounds])
    print(f"  {burst.name}: {burst.checkins} members in 10 s -> answered once {burst.answered_once}, "
          f"missing {burst.missing}, duplicates {burst.duplicates}; last answer after {burst.seconds:.1f} s; "
          f"latency p50 {burst.pct(0.5):.1f} s, p99 {burst.pct(0.99):.1f} s")


def report_day(label: str, rounds: list[tuple[Run, ...]]) -> None:
    base, ours, bare = (median_run([r[i] for r in rounds]) for i in range(3))
    print(f"  -- {label}")
    for run in (base, ours, bare):
        print(f"  {run.name:<24} {run.rate:8.1f} check-ins/s  ({run.checkins} in {run.seconds:.2f} s; "
              f"p50 {run.pct(0.5) * 1000:.0f} ms, p99 {run.pct(0.99) * 1000:.0f} ms; "
              f"missing {run.missing}, duplicates {run.duplicates})")
    print(f"  ratio shequn/baseline    {ours.rate / base.rate if base.rate else float('nan'):8.2f}  (target >= 0.7; "
          f"by round: {', '.join(f'{o.rate / b.rate:.2f}' for b, o, _ in rounds)})")
    print(f"  ratio one-insert/baseline{bare.rate / base.rate if base.rate else float('nan'):8.2f}  "
          f"(the same handler as the baseline, through the core and the adapter; by round: "
          f"{', '.join(f'{x.rate / b.rate:.2f}' for b, _, x in rounds)})")


async def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkins", type=int, default=2000, help="check-ins in the throughput runs")
    parser.add_argument("--groups", type=int, default=20, help="groups they are spread over")
    parser.add_argument("--burst", type=int, default=1000, help="members in the burst (over 50 groups)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the medians are reported")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    use_clock(ManualClock(NOW))
    plugins = checkin_plugins()
    print(f"Telegram check-in benchmark: {args.checkins} check-ins over {args.groups} groups; "
          f"burst {args.burst}; plugins: {', '.join(p.name for p in plugins)}")
    databases: list[tuple[str, str]] = []
    folder = Path(tempfile.mkdtemp(prefix="shequn-bench-tg-"))
    databases.append(("SQLite", f"sqlite://{folder / 'bench.sqlite3'}{os.environ.get('BENCH_SQLITE_PARAMS', '')}"))
    pg = None if args.no_postgres else await create_postgres()
    if pg:
        databases.append(("PostgreSQL", pg))
    try:
        for label, url in databases:
            rounds = []
            for index in range(args.rounds):  # interleaved, so a slow spell of the machine hits all three
                first_user = 10_000_000 * (index + 1)
                base = await baseline(url, args.checkins, args.groups, first_user)
                ours = await shequn_throughput(url, plugins, args.checkins, args.groups, first_user + 2_000_000,
                                               "shequn /checkin plugin")
                bare = await shequn_throughput(url, [one_insert_plugin(url.startswith("postgres"))], args.checkins,
                                               args.groups, first_user + 4_000_000, "shequn one-insert plugin")
                rounds.append(tuple(zip(base, ours, bare)))  # (day one's three, day two's three)
            burst = await shequn_burst(url, plugins, args.burst)
            report(label, rounds, burst)
    finally:
        if pg:
            await drop_postgres(pg)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(argv))


if __name__ == "__main__":
    main()
