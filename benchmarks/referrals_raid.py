"""A raid on one referral link (issue 16): 1,000 joins within 60 s through the real Telegram
adapter and aiogram against FakeTelegram (tests/fakes), with Telegram's real limits.

    python -m benchmarks.referrals_raid                     # 1,000 joins in 60 s
    python -m benchmarks.referrals_raid --joins 300 --seconds 20

Alice asks /invite; then `--joins` chat_member updates carrying her link arrive evenly over
`--seconds`, while members of `--chats` other groups send /ping every 3 s. Printed: how many
join rows were recorded (each join once) and how many are on hold by the velocity rule, and
the other members' p50/p99 latency (update reaching the Bot API to reply reaching it) beside
the same pings with no raid, measured in the same run (the baseline), and the ratio.
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
from plugins.referrals import plugin as referrals
from plugins.referrals.models import Referral

PING_EVERY = 3.0
RAIDERS = 5_000_000


def ping_plugin() -> Plugin:
    plugin = Plugin("bench_ping", version="1.0.0")

    @plugin.command("ping")
    async def ping(ctx: Context) -> None:
        await ctx.reply(rich("pong"))

    return plugin


async def measure(folder: Path, name: str, chats: int, seconds: float, joins: int) -> tuple[Run, int, int]:
    url = f"sqlite://{folder / (name.replace(' ', '-') + '.sqlite3')}"
    settings = Settings.model_validate({"web": {"enabled": False}, "database": {"url": url},
                                        "bot": {"auto_migrate": True}})
    runtime = Runtime(settings, [ping_plugin(), referrals], {"telegram": TelegramAdapter}, store=MemoryStore())
    async with World(chats + 1, 1, 1_000_000) as world:
        raided, alice = world.people[0]
        pingers = world.people[1:]
        world.tg.set_admin(raided, world.tg.bot_id)  # so Telegram sends chat_member updates with the link
        for user in range(RAIDERS, RAIDERS + joins):
            world.tg.add_user(user, f"Raider {user}")
        runtime.config.telegram = {"token": TOKEN, "api_base": world.tg.base_url}
        runtime.build_adapters()
        runtime.adapters["telegram"].pace_with(limits=TELEGRAM_LIMITS)
        await runtime.start()
        await world.tg.wait_for("getUpdates")
        await world.introduce(settle=1.0)
        world.tg.message(raided, alice, "/invite")
        link = (await world.tg.wait_for("createChatInviteLink"))[0].result["invite_link"]
        await runtime.bus.drain(60)
        started = time.monotonic()
        pings = int(seconds / PING_EVERY) * len(pingers)
        events = sorted([(i * seconds / pings, "ping", i) for i in range(pings)] +
                        [(i * seconds / joins, "join", i) for i in range(joins)])
        for at, kind, index in events:
            await asyncio.sleep(max(0.0, started + at - time.monotonic()))
            if kind == "ping":
                chat, user = pingers[index % len(pingers)]
                world.push(chat, user, "/ping")
            else:
                world.tg.chat_member(raided, RAIDERS + index, invite_link=link)
        await world.wait_answered(60)
        await runtime.bus.drain(120)
        run = world.result(name, started)
        recorded = await Referral.all().count()
        held = await Referral.filter(status="hold").count()
        await runtime.stop()
    return run, recorded, held


async def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--joins", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--chats", type=int, default=20, help="other groups, one member each, pinging every 3 s")
    parser.add_argument("--no-postgres", action="store_true", help="(accepted with the other benchmarks)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("bot.runtime").setLevel(logging.CRITICAL)  # the ping plugin has no catalogs, on purpose
    folder = Path(tempfile.mkdtemp(prefix="shequn-bench-raid-"))
    base, _, _ = await measure(folder, "no raid", args.chats, args.seconds, 0)
    raid, recorded, held = await measure(folder, "raid", args.chats, args.seconds, args.joins)
    print(f"raid: {args.joins} joins on one link in {args.seconds:.0f} s: {recorded} recorded, {held} on hold "
          f"(velocity rule: > 10 joins in 10 minutes)")
    for r in (base, raid):
        print(f"  {r.name:<8} other members' /ping: {len(r.latencies)} answers, p50 {r.pct(0.5) * 1000:.0f} ms, "
              f"p99 {r.pct(0.99) * 1000:.0f} ms, missing {r.missing}")
    print(f"  p99 during the raid {raid.pct(0.99) / base.pct(0.99):.2f}x the baseline's")


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(argv))


if __name__ == "__main__":
    main()
