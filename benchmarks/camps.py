"""Course camps: the unlock fan-out, /progress on a big cohort, and a certificate render.

    python -m benchmarks.camps                    # all three; /progress on SQLite and PostgreSQL
    python -m benchmarks.camps --no-postgres      # /progress on SQLite only
    python -m benchmarks.camps --members 500      # smaller

* fan-out: a cohort of 2,000 members with direct messages on; day 1 unlocks and each member
  gets the task by DM through the real aiogram client against FakeTelegram
  (tests/fakes/telegram_api.py) at Telegram's real limits (the adapter's pacing), with the
  bot stopped and started again half-way. Reported: DMs delivered once / twice / never, the
  most sends in any one second (Telegram answers 429 above ~30), and the time against the
  platform floor (members / 30 s).
* /progress: a cohort of 2,000 members after 21 days (about 34,000 days done); the p50 of
  /progress through the sandbox bus, beside the p50 of a command that only replies (the
  same path without the plugin's work). Target: p50 < 50 ms.
* certificate: the p50 of rendering one certificate image, beside the p50 of saving a blank
  image of the same size as JPEG. Target: p50 < 100 ms.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot import Context, Plugin, insert_many
from bot.clock import ManualClock, use_clock
from bot.models import Community, Member
from bot.runtime import Runtime

from adapters.sandbox.testing import start_sandbox, stop_sandbox

from plugins.camps import plugin as camps
from plugins.camps.certificate import SIZE, render
from plugins.camps.models import Certificate, Cohort, DayDone, Enrolment

from benchmarks.telegram_bench import (TELEGRAM_PER_SECOND, TOKEN, FakeTelegram, busiest_second, insert_members,
                                       telegram_runtime)

GROUP = -1_000_000_777
START = date(2026, 3, 9)

CAMP = """title = "Benchmark camp"
days = 30
[[tasks]]
day = 1
unlock = "08:00"
title = "Day one"
material = "Read the first chapter."
{tasks}
[[cohorts]]
name = "bench"
community = "bench"
start = {start}
timezone = "UTC"
"""


def camp_folder(start: date) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="shequn-camps-bench-")) / "camps"
    folder.mkdir()
    tasks = "".join(f'[[tasks]]\nday = {d}\ntitle = "Day {d}"\n' for d in range(2, 31))
    (folder / "bench.toml").write_text(CAMP.format(tasks=tasks, start=start.isoformat()), encoding="utf-8")
    return folder


def p50(values: list[float]) -> float:
    return statistics.median(values)


# --- the unlock fan-out -----------------------------------------------------------------

async def fan_out(members: int) -> None:
    folder = camp_folder(START)
    workdir = Path(tempfile.mkdtemp(prefix="shequn-fanout-"))
    url = f"sqlite://{workdir / 'shequn.sqlite3'}"
    clock = ManualClock(datetime(2026, 3, 9, 7, 59, tzinfo=UTC))
    previous = use_clock(clock)
    tg = FakeTelegram(token=TOKEN, bot_username="shequn_bot")
    await tg.start()
    tg.add_chat(GROUP, "supergroup", title="Camp")
    users = list(range(5_000_000, 5_000_000 + members))
    for user in users:
        tg.add_user(user, f"Member {user}", username=f"u{user}")
    try:
        runtime = await _telegram_runtime(url, folder, tg)
        await _enrol_everyone(users)
        started = time.monotonic()
        fan = asyncio.create_task(runtime.scheduler.run_due(datetime(2026, 3, 9, 8, 1, tzinfo=UTC)))
        while _dms(tg) < members // 2 and not fan.done():
            await asyncio.sleep(0.05)
        fan.cancel()  # the bot stops half-way through the fan-out ...
        await asyncio.gather(fan, return_exceptions=True)
        await runtime.stop()
        sent_before, calls_before = _dms(tg), len(tg.calls)
        clock.set(datetime(2026, 3, 9, 8, 2, tzinfo=UTC))
        stopped = time.monotonic()
        runtime = await _telegram_runtime(url, folder, tg)  # ... and starts again: the catch-up goes on
        restart_gap = time.monotonic() - stopped
        await runtime.scheduler.run_due(datetime(2026, 3, 9, 8, 3, tzinfo=UTC))
        await runtime.bus.drain(60)
        elapsed = time.monotonic() - started
        await runtime.stop()
    finally:
        await tg.close()
        use_clock(previous)
    counts = {user: 0 for user in users}
    times: list[list[float]] = [[], []]  # before the restart, after it
    for index, call in enumerate(tg.calls):
        if call.method == "sendMessage" and call.effective and int(call.params["chat_id"]) in counts:
            counts[int(call.params["chat_id"])] += 1
            times[index >= calls_before].append(call.at)
    once = sum(1 for c in counts.values() if c == 1)
    twice = sum(1 for c in counts.values() if c > 1)
    never = sum(1 for c in counts.values() if c == 0)
    busiest = [busiest_second(phase) for phase in times]
    across = busiest_second(times[0] + times[1])
    floor = members / TELEGRAM_PER_SECOND
    print(f"unlock fan-out, {members} members with DMs on, restart after {sent_before} DMs:")
    print(f"  delivered once {once}, more than once {twice}, never {never}")
    print(f"  most DMs in one second: {busiest[0]} before the restart, {busiest[1]} after it "
          f"(Telegram's limit ~{TELEGRAM_PER_SECOND}/s); {across} in the second around the restart, "
          f"which took {restart_gap:.2f} s")
    print(f"  time {elapsed:.1f} s against the platform floor {floor:.1f} s ({elapsed / floor:.2f}x)")


async def _telegram_runtime(url: str, folder: Path, tg: FakeTelegram) -> Runtime:
    return await telegram_runtime(url, tg, GROUP, camps, {"folder": str(folder), "tick_minutes": 1})


async def _enrol_everyone(users: list[int]) -> None:
    now = datetime(2026, 3, 9, 7, 59, tzinfo=UTC)
    community, member_ids = await insert_members(users, now)
    cohort = await _declared_cohort(community)
    await insert_many(Enrolment, [dict(cohort_id=cohort.id, member_id=m, state="enrolled", step=0, answers="{}",
                                       direct_messages=True, named=True, leader_volunteer=False, pod_id=None,
                                       created_at=now, enrolled_at=now, waiting_since=None) for m in member_ids])


async def _declared_cohort(community: Community) -> Cohort:
    cohort = await Cohort.get_or_none(community_id=community.id, name="bench")
    if cohort is None:  # the files' cohorts are written on the plugin's first look
        cohort = await Cohort.create(community_id=community.id, camp="bench", name="bench", start=START,
                                     timezone="UTC", chats=[], declared=True, created_at=datetime.now(UTC))
    return cohort


def _dms(tg: FakeTelegram) -> int:
    return sum(1 for call in tg.calls if call.method == "sendMessage" and call.effective
               and int(call.params["chat_id"]) > 0)


# --- /progress ------------------------------------------------------------------------------

async def progress(members: int, database: str, asks: int = 200) -> None:
    today = START + timedelta(days=20)  # day 21
    folder = camp_folder(START)
    ping = Plugin("ping")

    @ping.command("ping")
    async def answer(ctx: Context) -> None:
        await ctx.reply("camps-none-open")

    sandbox = await start_sandbox({"plugins": {"camps": {"folder": str(folder), "tick_minutes": 60}},
                                   "communities": {"bench": {"name": "Bench", "chats": ["sandbox:demo"]}}},
                                  plugins=[camps, ping], database=database,
                                  start=datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=12))
    try:
        names = [f"p{i}" for i in range(members)]
        for name in names:
            await sandbox.user(name).says("hi")
        community = await Community.get(slug="bench")
        cohort = await _declared_cohort(community)
        ids = await Member.filter(community_id=community.id).values_list("id", flat=True)
        now = sandbox.now
        await insert_many(Enrolment, [dict(cohort_id=cohort.id, member_id=m, state="enrolled", step=0, answers="{}",
                                           direct_messages=True, named=True, leader_volunteer=False, pod_id=None,
                                           created_at=now, enrolled_at=now, waiting_since=None) for m in ids])
        rng = random.Random(21)
        done = [dict(cohort_id=cohort.id, member_id=m, day=d, source="checkin", reference=None, at=now)
                for m in ids for d in range(1, 22) if rng.random() < 0.8]
        for index in range(0, len(done), 5000):
            await insert_many(DayDone, done[index:index + 5000])
        chosen = [rng.choice(names) for _ in range(asks)]
        timings: dict[str, list[float]] = {"/ping": [], "/progress": []}
        for name in chosen:  # interleaved: a slow spell hits both
            for command in timings:
                started = time.perf_counter()
                replies = await sandbox.user(name).says(command)
                timings[command].append((time.perf_counter() - started) * 1000)
                assert replies, command
        print(f"/progress, {members} members after 21 days ({len(done)} days done), {database}: "
              f"p50 {p50(timings['/progress']):.1f} ms (target < 50 ms); "
              f"baseline /ping p50 {p50(timings['/ping']):.1f} ms "
              f"({p50(timings['/progress']) / p50(timings['/ping']):.2f}x)")
    finally:
        await stop_sandbox(sandbox)


# --- a certificate ---------------------------------------------------------------------------

def certificate(renders: int = 30) -> None:
    from PIL import Image
    import io

    sample = Certificate(code="ABCD-EFGH-JKLM-NPQR", name="张三 Alice", camp_title="Python in 7 days",
                         start=START, end=START + timedelta(days=6))
    made, blank = [], []
    for _ in range(renders):
        started = time.perf_counter()
        render(sample, "https://example.org/camps/verify/ABCD-EFGH-JKLM-NPQR", "Certificate", "2026-03-09")
        made.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        Image.new("RGB", SIZE, "#fbf8f1").save(io.BytesIO(), format="JPEG", quality=92)
        blank.append((time.perf_counter() - started) * 1000)
    print(f"certificate render: p50 {p50(made):.1f} ms (target < 100 ms); "
          f"baseline blank JPEG of the same size p50 {p50(blank):.1f} ms")


async def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.camps")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--only", choices=("fanout", "progress", "certificate"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("bot.runtime").setLevel(logging.CRITICAL)  # the ping plugin has no catalog of its own
    if args.only in (None, "certificate"):
        certificate()
    if args.only in (None, "progress"):
        await progress(args.members, "sqlite")
        if not args.no_postgres:
            await progress(args.members, "postgres")
    if args.only in (None, "fanout"):
        await fan_out(args.members)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(argv))


if __name__ == "__main__":
    main()
