"""The nightly floor sweep on many members: `python -m benchmarks.tiers_sweep [--members 100000] [--no-postgres]`.

100,000 members, a fifth of them in tiers with an activity floor, each with some XP in the
window (about half fall below their floor). Timed: one sweep (the first, which schedules every
member newly below), then a second (nothing new: the steady nightly case). Baseline in the same
run: one plain `SELECT count(*)` over the XP table. Target: under 10 s on PostgreSQL.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import random
import time

from bot import JobContext, insert_many, now
from bot.models import Community, Member

from adapters.sandbox.testing import drop_test_databases, start_sandbox, stop_sandbox

from plugins.tiers import floor, plugin
from plugins.tiers.models import TierMember, XpEntry


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    return parser.parse_args(argv)


async def load(community: Community, members: int) -> None:
    moment, rng = now(), random.Random(3)
    await insert_many(Member, [{"community_id": community.id, "display_name": f"m{i}", "joined_at": moment,
                                "last_seen_at": moment} for i in range(members)])
    ids = [m for m in await Member.filter(community_id=community.id).values_list("id", flat=True)]
    tiers = ["newcomer"] * 80 + ["member"] * 14 + ["core"] * 5 + ["elder"]
    standing = [{"community_id": community.id, "member_id": i, "xp": 0, "season_xp": 0, "earned": rng.choice(tiers),
                 "shown": None, "present": True, "synced": 0, "to_show": False} for i in ids]
    for row in standing:
        row["shown"] = row["earned"]
    await insert_many(TierMember, standing)
    day = now().date()
    await insert_many(XpEntry, [{"community_id": community.id, "member_id": r["member_id"], "source": "checkin",
                                 "amount": rng.randrange(0, 400), "reference": f"c{r['member_id']}", "day": day,
                                 "at": moment} for r in standing if r["earned"] != "newcomer"])


async def run_on(database: str, members: int) -> None:
    logging.getLogger("bot.runtime").setLevel(logging.ERROR)  # one instance: no Redis needed
    sandbox = await start_sandbox({"plugins": {"tiers": {}}}, plugins=[plugin], database=database)
    try:
        community = await Community.get(slug="demo")
        started = time.perf_counter()
        await load(community, members)
        loaded = time.perf_counter() - started
        ctx = JobContext(sandbox.runtime, community, "tiers")
        started = time.perf_counter()
        await XpEntry.filter(community_id=community.id).count()
        baseline = time.perf_counter() - started
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            await floor.sweep(ctx)
            timings.append(time.perf_counter() - started)
        below = await TierMember.filter(below_floor_since__isnull=False).count()
        print(f"{database}: {members} members loaded in {loaded:.1f} s; {below} below their floor")
        print(f"  first sweep {timings[0]:.2f} s, steady sweep {timings[1]:.2f} s (target < 10 s); "
              f"baseline count(*) over the XP rows {baseline * 1000:.0f} ms")
    finally:
        await stop_sandbox(sandbox)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    asyncio.run(run_on("sqlite", args.members))
    if not args.no_postgres:
        asyncio.run(run_on("postgres", args.members))
        asyncio.run(drop_test_databases())


if __name__ == "__main__":
    main()
