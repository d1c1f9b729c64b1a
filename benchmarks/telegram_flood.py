"""Other chats' latency while one user, or fifty, flood the bot (issue 11: p99 under 1 s).

    python -m benchmarks.telegram_flood                       # the three runs below
    python -m benchmarks.telegram_flood --seconds 20 --chats 40 --flood 500

The real Telegram adapter and aiogram client against FakeTelegram (tests/fakes), a local
Bot API server on 127.0.0.1, with Telegram's real limits (30/s overall, 1/s and 20/min per
group, 1/s per private chat) and the default per-user rate limit. Each run starts a fresh
bot and database:

* no flood (the baseline): `--chats` groups, one member each, send /ping every 3 s for
  `--seconds`, spread evenly; the bot answers each with one reply;
* one flooder: the same, while one user sends `--flood` unknown commands in their private
  chat at once, as the run begins;
* fifty flooders: the same, while 50 users send `--flood`/50 each.

It prints the p50/p99/max latency of the other chats' answers (from the update reaching the
Bot API to the reply reaching it) for each run, and each flood's p99 over the baseline's.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from pathlib import Path

from bot import Context, Plugin, rich
from bot.config import Settings
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.telegram import TelegramAdapter
from adapters.telegram.outbox import TELEGRAM_LIMITS
from benchmarks.telegram_checkin import TOKEN, Run, World

PING_EVERY = 3.0  # seconds between one chat's pings: within 20 replies a minute per group
FLOODER_IDS = 9_000_000


def ping_plugin() -> Plugin:
    plugin = Plugin("bench_ping", version="1.0.0")  # answers in rich text: no catalogs

    @plugin.command("ping")
    async def ping(ctx: Context) -> None:
        await ctx.reply(rich("pong"))

    return plugin


async def measure(folder: Path, name: str, chats: int, seconds: float, flooders: int, flood: int) -> Run:
    url = f"sqlite://{folder / (name.replace(' ', '-') + '.sqlite3')}"
    settings = Settings.model_validate({"web": {"enabled": False}, "database": {"url": url},
                                        "bot": {"auto_migrate": True}})
    runtime = Runtime(settings, [ping_plugin()], {"telegram": TelegramAdapter}, store=MemoryStore())
    async with World(chats, 1, 1_000_000) as world:
        for user in range(FLOODER_IDS, FLOODER_IDS + flooders):
            world.tg.add_user(user, f"Flooder {user}")
        runtime.config.telegram = {"token": TOKEN, "api_base": world.tg.base_url}
        runtime.build_adapters()
        runtime.adapters["telegram"].pace_with(limits=TELEGRAM_LIMITS)
        await runtime.start()
        await world.tg.wait_for("getUpdates")
        await world.introduce(settle=1.0)
        await runtime.bus.drain(120)
        for round_ in range(flood // flooders if flooders else 0):
            for user in range(FLOODER_IDS, FLOODER_IDS + flooders):
                world.tg.message(user, user, f"/nosuch{round_}")
        started = time.monotonic()
        pings = int(seconds / PING_EVERY)
        for index in range(pings * chats):  # chat after chat, each every PING_EVERY seconds
            chat, user = world.people[index % chats]
            world.push(chat, user, "/ping")
            await asyncio.sleep(max(0.0, started + (index + 1) * PING_EVERY / chats - time.monotonic()))
        await world.wait_answered(60)
        run = world.result(name, started)
        await runtime.stop()
    return run


def report(runs: list[Run]) -> None:
    base = runs[0]
    for run in runs:
        ratio = "" if run is base else f"; p99 {run.pct(0.99) / base.pct(0.99):.2f}x the baseline's"
        print(f"  {run.name:<16} {len(run.latencies):4d} answers: p50 {run.pct(0.5) * 1000:5.0f} ms, "
              f"p99 {run.pct(0.99) * 1000:5.0f} ms, max {max(run.latencies, default=0) * 1000:5.0f} ms; "
              f"missing {run.missing}, duplicates {run.duplicates}{ratio}")
    worst = max(run.pct(0.99) for run in runs[1:])
    print(f"  worst p99 during a flood: {worst * 1000:.0f} ms (target < 1000 ms)")


async def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=40, help="other chats (groups of one member), each pinging")
    parser.add_argument("--seconds", type=float, default=15, help="how long the other chats ping")
    parser.add_argument("--flood", type=int, default=500, help="unknown commands the flooders send in all")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("bot.runtime").setLevel(logging.CRITICAL)  # the ping plugin has no catalogs, on purpose
    folder = Path(tempfile.mkdtemp(prefix="shequn-bench-flood-"))
    print(f"Telegram flood benchmark: {args.chats} other chats pinging every {PING_EVERY:.0f} s for "
          f"{args.seconds:.0f} s; floods of {args.flood} unknown commands; SQLite in {folder}")
    runs = [await measure(folder, "no flood", args.chats, args.seconds, 0, 0),
            await measure(folder, "one flooder", args.chats, args.seconds, 1, args.flood),
            await measure(folder, "fifty flooders", args.chats, args.seconds, 50, args.flood)]
    report(runs)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(argv))


if __name__ == "__main__":
    main()
