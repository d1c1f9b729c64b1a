"""/rank latency with many members and check-ins, and calendar render time.

    python -m benchmarks.checkin_rank                   # 100k members, 1M check-ins
    python -m benchmarks.checkin_rank --members 10000   # smaller
    python -m benchmarks.checkin_rank --no-postgres     # SQLite only

Synthetic data is bulk-loaded (executemany on SQLite, COPY on PostgreSQL), then each
leaderboard query (top 10 plus the caller's own position, for a caller near the bottom)
runs repeatedly; the median is reported. Targets: /rank < 50 ms, calendar < 50 ms.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tortoise.connection import get_connection

from bot.models import Member
from bot.database import CORE_MODELS, ModelApp, close_database, migrate, open_database

from plugins.checkin import leaderboard
from plugins.checkin.calendar_image import render_calendar
from plugins.checkin.counters import month_start, week_start

APPS = [CORE_MODELS, ModelApp("checkin", "plugins.checkin.models", "plugins.checkin.migrations")]
PG_ADMIN = os.environ.get("SHEQUN_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
TODAY = date(2026, 3, 18)
HISTORY_DAYS = 60
QUERIES = [("all", "streak"), ("all", "total"), ("all", "points"), ("week", "total"), ("month", "points")]
REPEATS = 15
NOW = datetime(2026, 3, 18, 12, tzinfo=UTC)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
        cpu = model
    except (OSError, StopIteration):
        pass
    return (f"{platform.node()} · {platform.platform()} · {cpu} · {os.cpu_count()} CPUs · "
            f"Python {platform.python_version()} · SQLite {sqlite3.sqlite_version}")


# --- synthetic data -----------------------------------------------------------------------

def member_rows(members: int) -> list[tuple]:
    return [(i, 1, f"member{i}", None, NOW, None if i % 20 else NOW, NOW) for i in range(1, members + 1)]


def streak_rows(members: int, rng: random.Random) -> list[tuple]:
    rows, this_week, this_month = [], week_start(TODAY), month_start(TODAY)
    for i in range(1, members + 1):
        total = rng.randint(0, HISTORY_DAYS)
        current = rng.randint(0, min(total, 30))
        week = this_week if rng.random() < 0.6 else this_week - timedelta(days=7)
        rows.append((i, 1, i, TODAY, current, max(current, rng.randint(0, total)), 0, 0, None, total,
                     total * 10, week, rng.randint(0, 7), rng.randint(0, 70), this_month, rng.randint(0, 18),
                     rng.randint(0, 180), i % 20 != 0, None, "on", None))
    return rows


def checkin_rows(members: int, checkins: int) -> list[tuple]:
    per_member, first_day = max(1, checkins // members), TODAY - timedelta(days=HISTORY_DAYS)
    rows, row_id = [], 1
    for i in range(1, members + 1):
        for k in range(per_member):
            day = first_day + timedelta(days=(i + 6 * k) % HISTORY_DAYS)
            rows.append((row_id, 1, i, day, NOW, "checked", "sandbox", None, None, None, 10))
            row_id += 1
    return rows


MEMBER_COLUMNS = ("id", "community_id", "display_name", "lang", "joined_at", "left_at", "last_seen_at")
STREAK_COLUMNS = ("id", "community_id", "member_id", "settled_through", "current", "longest", "cards", "freezes",
                  "last_repair_day", "total_days", "points", "week_start", "week_days", "week_points",
                  "month_start", "month_days", "month_points", "present", "timezone", "remind", "last_reminded")
CHECKIN_COLUMNS = ("id", "community_id", "member_id", "day", "at", "kind", "platform", "note", "photo",
                   "photo_size", "points")
TABLES = (("core_member", MEMBER_COLUMNS), ("checkin_member", STREAK_COLUMNS), ("checkin_checkin", CHECKIN_COLUMNS))


async def load(members: int, checkins: int, postgres: bool) -> None:
    conn = get_connection("default")
    await conn.execute_query("INSERT INTO core_community (id, slug, name, timezone, day_start_hour, "
                             "admin_overrides, created_at) VALUES (1, 'bench', 'Bench', 'UTC', 4, '[]', "
                             + ("$1)" if postgres else "?)"), [NOW])
    rng = random.Random(6)
    data = {"core_member": member_rows(members), "checkin_member": streak_rows(members, rng),
            "checkin_checkin": checkin_rows(members, checkins)}
    for table, columns in TABLES:
        rows = data[table]
        if postgres:
            async with conn.acquire_connection() as raw:
                await raw.copy_records_to_table(table, records=rows, columns=list(columns))
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            await conn.execute_many(sql, [list(r) for r in rows])
    await conn.execute_script("ANALYZE")


# --- measuring ----------------------------------------------------------------------------

async def time_rank(members: int) -> dict[tuple[str, str], float]:
    caller = members - 1  # near the bottom: the widest count for its position
    results = {}
    for period, metric in QUERIES:
        samples = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            standings = await leaderboard.top(1, period, metric, TODAY)
            await Member.filter(id__in=[s.member_id for s in standings]).values_list("display_name")
            await leaderboard.position(1, caller, period, metric, TODAY)
            samples.append((time.perf_counter() - start) * 1000)
        results[(period, metric)] = statistics.median(samples)
    return results


def time_calendar() -> float:
    outcomes = {date(2026, 3, d): s for d, s in zip(range(1, 32), ["checked", "made_up", "missed", "frozen",
                                                                     "leave", "rest"] * 6)}
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        render_calendar(2026, 3, outcomes, title="Alice · 2026年3月", weekday_names="一 二 三 四 五 六 日".split(),
                        legend={"checked": "已打卡", "made_up": "补卡", "missed": "断签"}, today=TODAY)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


async def run_backend(name: str, url: str, members: int, checkins: int) -> None:
    await open_database(url, APPS)
    try:
        await migrate(url, APPS)
        started = time.perf_counter()
        await load(members, checkins, postgres=name == "PostgreSQL")
        print(f"{name}: loaded {members:,} members and {checkins:,} check-ins in {time.perf_counter() - started:.1f} s")
        for (period, metric), ms in (await time_rank(members)).items():
            verdict = "ok" if ms < 50 else "OVER TARGET"
            print(f"  /rank {period:<5} {metric:<6} top 10 + names + own position: {ms:6.2f} ms  ({verdict}, target < 50 ms)")
    finally:
        await close_database()


async def with_postgres(members: int, checkins: int) -> None:
    import asyncpg

    name = f"shequn_bench_{os.getpid()}"
    admin = await asyncpg.connect(PG_ADMIN.replace("postgres://", "postgresql://"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
        await run_backend("PostgreSQL", PG_ADMIN.rsplit("/", 1)[0] + "/" + name, members, checkins)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def run(members: int, checkins: int, postgres: bool) -> None:
    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="shequn-bench-") as folder:
        await run_backend("SQLite", f"sqlite://{folder}/bench.sqlite3", members, checkins)
    if postgres:
        try:
            await with_postgres(members, checkins)
        except OSError as exc:
            print(f"PostgreSQL: skipped, no server at {PG_ADMIN} ({exc})")
    ms = time_calendar()
    print(f"calendar render (608x688 PNG, CJK title): {ms:.1f} ms ({'ok' if ms < 50 else 'OVER TARGET'}, target < 50 ms)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--checkins", type=int, default=None, help="default: 10 per member")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    asyncio.run(run(args.members, args.checkins or args.members * 10, not args.no_postgres))


if __name__ == "__main__":
    main()
