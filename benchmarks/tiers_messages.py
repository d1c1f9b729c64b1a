"""Message XP under load: 500 chat messages a second across 10,000 members, through the sandbox bus.

    python -m benchmarks.tiers_messages                  # 10,000 members, 20 s of traffic
    python -m benchmarks.tiers_messages --seconds 5      # shorter

The 10,000 members are there before the flood (written at once, each in the lowest tier), as in
a community that has been running: what is measured is the steady state, not members' first
arrival. Each simulated second delivers `--rate` group messages from random members (the clock
moves a second per batch, so the 60 s cooldown works as in real time), with a `/tier` command
every 50 messages whose latency is recorded. Counted messages are written in batches
(plugins/tiers/message_xp.py). Printed: the CPU cost per message beside the bare check-in
path measured in the same run (a `/checkin` through the same bus), the database writes against
the ceiling of one per member per cooldown, and the commands' p99 latency (target < 1 s).
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import timedelta

from bot import insert_many, now
from bot.models import Community, Identity, Member

from adapters.sandbox.testing import start_sandbox, stop_sandbox

from plugins.tiers.models import TierMember, XpEntry

BATCH = 50


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=500, help="messages per simulated second")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--checkins", type=int, default=1000, help="check-ins for the baseline")
    parser.add_argument("--no-postgres", action="store_true", help="(accepted with the other benchmarks)")
    return parser.parse_args(argv)


async def bare_checkins(sandbox, count: int) -> float:
    """CPU seconds per /checkin through the bus (the baseline)."""
    adapter = sandbox.adapter()
    started = time.process_time()
    for start in range(0, count, BATCH):
        await asyncio.gather(*(adapter.says(f"c{i}", "/checkin") for i in range(start, min(count, start + BATCH))))
    return (time.process_time() - started) / count


async def message_flood(sandbox, members: int, rate: int, seconds: int) -> tuple[float, list[float]]:
    """CPU seconds per message, and the latencies of the /tier commands sent meanwhile."""
    adapter, rng, latencies = sandbox.adapter(), random.Random(7), []

    async def timed_command(user: str) -> None:
        began = time.perf_counter()
        await adapter.says(user, "/tier")
        latencies.append(time.perf_counter() - began)

    started = time.process_time()
    for _second in range(seconds):
        for start in range(0, rate, BATCH):
            users = [f"m{rng.randrange(members)}" for _ in range(min(BATCH, rate - start))]
            await asyncio.gather(*(adapter.says(u, "a message long enough to count for XP") for u in users),
                                 timed_command(f"m{rng.randrange(members)}"))
        sandbox.clock.set(sandbox.clock.now() + timedelta(seconds=1))
    return (time.process_time() - started) / (rate * seconds), latencies


async def members_already_there(count: int) -> None:
    """`count` members of the demo community, m0 ... m<count-1>, each in the lowest tier."""
    community = await Community.get(slug="demo")
    at = now()
    rows = await insert_many(Member, [dict(community_id=community.id, display_name=f"M{i}", lang=None, joined_at=at,
                                           left_at=None, last_seen_at=at) for i in range(count)], returning=("id",))
    ids = [row["id"] for row in rows]
    await insert_many(Identity, [dict(community_id=community.id, member_id=m, platform="sandbox", user_id=f"m{i}",
                                      username=f"m{i}", last_seen_at=at, names_member=True)
                                 for i, m in enumerate(ids)])
    await insert_many(TierMember, [dict(community_id=community.id, member_id=m, xp=0, season_xp=0, earned="newcomer",
                                        shown="newcomer", present=True, synced=0, to_show=False) for m in ids])


def settings(enabled: bool) -> dict:
    return {"plugins": {"tiers": {"messages": {"enabled": enabled, "cooldown_seconds": 60, "min_length": 10,
                                               "daily_cap": 50}}},
            "bot": {"rate_limit_per_minute": 1_000_000}}


async def run(args: argparse.Namespace) -> None:
    sandbox = await start_sandbox(settings(False))
    try:
        baseline = await bare_checkins(sandbox, args.checkins)
        await members_already_there(args.members)
        without_xp, _ = await message_flood(sandbox, args.members, args.rate, args.seconds)
    finally:
        await stop_sandbox(sandbox)
    sandbox = await start_sandbox(settings(True))
    try:
        await members_already_there(args.members)
        per_message, latencies = await message_flood(sandbox, args.members, args.rate, args.seconds)
        writes = await XpEntry.filter(source="message").count()
    finally:
        await stop_sandbox(sandbox)
    messages = args.rate * args.seconds
    ceiling = min(messages, args.members * -(-args.seconds // 60))
    p99 = statistics.quantiles(latencies, n=100)[98]
    print(f"{messages} messages from {args.members} members at {args.rate}/s ({args.seconds} s of traffic)")
    print(f"  CPU per message: {per_message * 1000:.2f} ms with message XP, {without_xp * 1000:.2f} ms without "
          f"(the bus alone); bare /checkin {baseline * 1000:.2f} ms (ratio {per_message / baseline:.2f})")
    print(f"  message XP writes: {writes} (ceiling, one per member per cooldown: {ceiling})")
    print(f"  /tier during the flood: p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p99 {p99 * 1000:.0f} ms (target < 1000 ms) over {len(latencies)} commands")
    print(f"  sustained on this machine: {1 / per_message:.0f} messages per CPU second (target 500/s)")


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parse(argv)))


if __name__ == "__main__":
    main()
