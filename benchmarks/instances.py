"""Several instances, and what durability costs: real `shequn run` processes on the fake Bot API.

    python -m benchmarks.instances                 # all three parts
    python -m benchmarks.instances --no-postgres   # durability's cost on SQLite only
    python -m benchmarks.instances --updates 1000 --kill 2000

* durability's cost: one instance polling, the durable intake off and on, interleaved
  (`--rounds`), on SQLite and PostgreSQL: check-ins recorded per second and CPU seconds per
  update (the bot process's own). ratio = on / off (target >= 0.9).
* instances: 1, 2 and 3 webhook instances on one PostgreSQL and one Redis behind a
  round-robin proxy: check-ins per second and CPU per update (all the instances' CPU).
  Then every update must have been answered exactly once. On this 2-core machine the point
  is that nothing central is the bottleneck and nothing is doubled, not a linear curve.
* kill: `--kill` updates (2,000 by default) to one polling instance, `kill -9` at a random
  moment, a restart: every update answered exactly once, one check-in row per member.

Check-ins are counted as they are recorded (the database's rows), so Telegram's pacing of
the replies (27 a second) does not hide the handling rate; each member checks in once, in a
group of their own. The fake Bot API runs in this process.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.telegram.processes import (TOKEN, Bot, Burst, KillingTelegram, RoundRobin,  # noqa: E402
                                      check_database, fresh_postgres, post_like_telegram, sqlite_rows)

SECRET = "benchmark-secret"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s


async def recorded(rows, expected: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while (await rows("SELECT count(*) FROM checkin_checkin"))[0][0] < expected:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {(await rows('SELECT count(*) FROM checkin_checkin'))[0][0]} of {expected} recorded")
        await asyncio.sleep(0.05)


async def polling_run(database: str, durable: bool, updates: int) -> tuple[float, float]:
    """One instance polling: (check-ins/s, CPU s per update)."""
    with tempfile.TemporaryDirectory() as folder:
        async with KillingTelegram(token=TOKEN, bot_username="shequn_bot") as tg, _database(database, folder) as (url, rows):
            burst = Burst(tg, groups=updates, per_group=1, rounds=1)
            bot = Bot(Path(folder) / "bot", tg, url, {"SHEQUN_BOT__DURABLE_INTAKE": str(durable).lower()}).start()
            try:
                await bot.wait_polling(tg, 0)
                cpu, started = cpu_seconds(bot.process.pid), time.monotonic()
                burst.push()
                await recorded(rows, updates)
                seconds, used = time.monotonic() - started, cpu_seconds(bot.process.pid) - cpu
                await burst.all_answered_once(timeout=updates / 10 + 60)
            finally:
                await bot.stop()
    return updates / seconds, used / updates


async def webhook_run(instances: int, updates: int) -> tuple[float, float]:
    """`instances` webhook instances on PostgreSQL + Redis: (check-ins/s, CPU s per update)."""
    prefix = f"shequn-bench-{random.randrange(1 << 30)}:"
    with tempfile.TemporaryDirectory() as folder:
        async with KillingTelegram(token=TOKEN, bot_username="shequn_bot") as tg, fresh_postgres() as (url, rows):
            env = {"SHEQUN_REDIS__URL": "redis://127.0.0.1:6379/0", "SHEQUN_REDIS__PREFIX": prefix,
                   "SHEQUN_TELEGRAM__MODE": "webhook", "SHEQUN_TELEGRAM__URL": "https://bot.example.com/tg/hook",
                   "SHEQUN_TELEGRAM__PATH": "/tg/hook", "SHEQUN_TELEGRAM__SECRET_TOKEN": SECRET}
            bots = [Bot(Path(folder) / f"i{i}", tg, url, env).start() for i in range(instances)]
            try:
                for bot in bots:
                    await bot.wait_serving()
                burst = Burst(tg, groups=updates, per_group=1, rounds=1)
                pushed = burst.push()
                async with RoundRobin([bot.port for bot in bots]) as proxy:
                    cpu, started = sum(cpu_seconds(b.process.pid) for b in bots), time.monotonic()
                    await post_like_telegram(tg, proxy.url, pushed, SECRET, at_once=40)
                    await recorded(rows, updates)
                    seconds = time.monotonic() - started
                    used = sum(cpu_seconds(b.process.pid) for b in bots) - cpu
                await burst.all_answered_once(timeout=updates / 10 + 60)
            finally:
                for bot in bots:
                    await bot.stop()
                await _drop_keys(prefix)
    return updates / seconds, used / updates


async def kill_run(database: str, updates: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        async with KillingTelegram(token=TOKEN, bot_username="shequn_bot") as tg, _database(database, folder) as (url, rows):
            burst = Burst(tg, groups=updates // 2, per_group=1, rounds=2)
            bot = Bot(Path(folder) / "bot", tg, url).start()
            try:
                await bot.wait_polling(tg, 0)
                burst.push()
                at = random.randint(updates // 10, updates * 9 // 10)
                tg.kill_when_replying(at, bot.process)
                await asyncio.wait_for(tg.killed.wait(), updates / 5 + 60)
                await bot.stop(signal.SIGKILL)
                polls = len(tg.calls_of("getUpdates"))
                bot.start()
                await bot.wait_polling(tg, polls)
                await burst.all_answered_once(timeout=updates / 10 + 60)
                await bot.stop()
                await check_database(rows, url, len(burst.people))
            finally:
                if bot.process.poll() is None:
                    bot.process.kill()
    return f"killed at reply {at}: {updates} updates answered exactly once, {len(burst.people)} check-in rows"


class _database:
    def __init__(self, kind: str, folder: str) -> None:
        self.kind, self.folder = kind, folder

    async def __aenter__(self):
        if self.kind == "sqlite":
            path = Path(self.folder) / "bot.sqlite3"
            return f"sqlite://{path}", lambda sql: sqlite_rows(path, sql)
        self._pg = fresh_postgres()
        return await self._pg.__aenter__()

    async def __aexit__(self, *exc):
        if self.kind != "sqlite":
            await self._pg.__aexit__(*exc)


async def _drop_keys(prefix: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    keys = [key async for key in redis.scan_iter(f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


async def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=600, help="check-ins per throughput run")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved off/on rounds; medians reported")
    parser.add_argument("--kill", type=int, default=2000, help="updates in the kill -9 run (0: skip it)")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    databases = ["sqlite"] + ([] if args.no_postgres else ["postgres"])

    print(f"durability's cost: one polling instance, {args.updates} check-ins, intake off vs on")
    for database in databases:
        off, on = [], []
        for _ in range(args.rounds):
            off.append(await polling_run(database, False, args.updates))
            on.append(await polling_run(database, True, args.updates))
        (rate_off, cpu_off), (rate_on, cpu_on) = _median(off), _median(on)
        print(f"  {database:<9} off {rate_off:6.1f}/s {cpu_off * 1000:5.1f} ms CPU/update | "
              f"on {rate_on:6.1f}/s {cpu_on * 1000:5.1f} ms CPU/update | ratio {rate_on / rate_off:.2f} (target >= 0.9)"
              f"  rounds: {', '.join(f'{b[0] / a[0]:.2f}' for a, b in zip(off, on))}")
    if args.no_postgres:
        return
    print(f"\ninstances: webhook on PostgreSQL + Redis, {args.updates} check-ins")
    for instances in (1, 2, 3):
        rate, cpu = await webhook_run(instances, args.updates)
        print(f"  {instances} instance{'s' if instances > 1 else ' '} {rate:6.1f} check-ins/s  "
              f"{cpu * 1000:5.1f} ms CPU/update  (every update answered exactly once)")
    if args.kill:
        print(f"\nkill -9 mid-burst, then a restart ({args.kill} updates, polling)")
        for database in databases:
            print(f"  {database:<9} {await kill_run(database, args.kill)}")


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    rates = sorted(r for r, _ in runs)
    cpus = sorted(c for _, c in runs)
    return rates[len(rates) // 2], cpus[len(cpus) // 2]


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(argv))


if __name__ == "__main__":
    main()
