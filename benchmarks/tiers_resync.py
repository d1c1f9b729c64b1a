"""Role sync: a threshold change moves every member, through real aiogram against FakeTelegram.

    python -m benchmarks.tiers_resync                   # 2,000 members (about 8 minutes)
    python -m benchmarks.tiers_resync --members 10000   # the issue's 10,000 (about 47 minutes)

Every member holds "Member" at 150 XP; the ladder's Member threshold is raised to 200 and the bot
started: each member moves down to "Newcomer" (tag, core roles, audit) through the Telegram
adapter (tests/fakes/telegram_api.py). The bot is stopped half-way and started again. Printed:
members moved once / twice / never, the most Bot API requests in any one second beside
Telegram's ~30 (and the 429s answered), and the time against the platform floor (the requests
made / 30 a second).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot import insert_many
from bot.clock import ManualClock, use_clock
from bot.runtime import Runtime

from plugins.tiers import plugin as tiers
from plugins.tiers import resync
from plugins.tiers.models import TierAudit, TierMember

from benchmarks.telegram_bench import (TELEGRAM_PER_SECOND, TOKEN, FakeTelegram, busiest_second, insert_members,
                                       telegram_runtime)

GROUP = -1_000_000_888
OLD = [{"key": "newcomer", "name": "Newcomer", "name_zh": "新人", "xp": 0},
       {"key": "member", "name": "Member", "name_zh": "成员", "xp": 100}]
NEW = [OLD[0], {**OLD[1], "xp": 200}]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--no-postgres", action="store_true", help="(accepted with the other benchmarks)")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> None:
    logging.getLogger("plugins.tiers").setLevel(logging.WARNING)
    workdir = Path(tempfile.mkdtemp(prefix="shequn-resync-"))
    url = f"sqlite://{workdir / 'shequn.sqlite3'}"
    previous = use_clock(ManualClock(datetime(2026, 3, 9, 8, 0, tzinfo=UTC)))
    tg = FakeTelegram(token=TOKEN, bot_username="shequn_bot")
    await tg.start()
    tg.add_chat(GROUP, "supergroup", title="Tiers")
    tg.set_admin(GROUP, tg.bot_id, can_manage_tags=True)
    users = list(range(6_000_000, 6_000_000 + args.members))
    for user in users:
        tg.add_user(user, f"Member {user}", username=f"u{user}")
        tg.set_member_status(GROUP, user, "member")
    try:
        runtime = await _runtime(url, tg, OLD)
        await _members_in_member_tier(users)
        await runtime.stop()
        calls_before = len(tg.calls)
        started = time.monotonic()
        runtime = await _runtime(url, tg, NEW)  # the raised threshold: the re-sync starts
        total = len(users)
        while await TierAudit.filter(action="resynced").count() < total // 2:
            await asyncio.sleep(0.2)
        for task in resync._running.values():  # the bot stops half-way ...
            task.cancel()
        await asyncio.gather(*resync._running.values(), return_exceptions=True)
        await runtime.stop()
        halfway = len(tg.calls)
        runtime = await _runtime(url, tg, NEW)  # ... and starts again: the re-sync resumes
        await asyncio.gather(*resync._running.values())
        elapsed = time.monotonic() - started
        moves = await _moves_per_member()
        shown = await TierMember.filter(shown="newcomer").count()
        await runtime.stop()
    finally:
        await tg.close()
        use_clock(previous)
    calls = [c for c in tg.calls[calls_before:] if c.method != "getUpdates"]
    once = sum(1 for n in moves.values() if n == 1)
    twice = sum(1 for n in moves.values() if n > 1)
    never = total - once - twice
    throttled = sum(1 for c in calls if (c.error or {}).get("error_code") == 429)
    tagged = {int(c.params["user_id"]) for c in calls if c.method == "setChatMemberTag" and c.effective
              and c.params.get("tag") == "Newcomer"}
    floor = len(calls) / TELEGRAM_PER_SECOND
    print(f"role sync after a threshold change, {total} members, restart after {halfway - calls_before} requests:")
    print(f"  moved once {once}, more than once {twice}, never {never}; shown as Newcomer {shown}, "
          f"tagged on Telegram {len(tagged)}")
    print(f"  most Bot API requests in one second: {busiest_second([c.at for c in calls])} "
          f"(Telegram's limit ~{TELEGRAM_PER_SECOND}/s); 429s answered: {throttled}")
    print(f"  {len(calls)} requests in {elapsed:.1f} s against the platform floor {floor:.1f} s "
          f"({elapsed / floor:.2f}x)")


async def _runtime(url: str, tg: FakeTelegram, ladder: list[dict]) -> Runtime:
    return await telegram_runtime(url, tg, GROUP, tiers, {"tiers": ladder})


async def _members_in_member_tier(users: list[int]) -> None:
    community, ids = await insert_members(users, datetime(2026, 3, 9, 8, 0, tzinfo=UTC))
    await insert_many(TierMember, [dict(community_id=community.id, member_id=m, xp=150, season_xp=150,
                                        earned="member", shown="member", present=True, synced=0, to_show=False) for m in ids])


async def _moves_per_member() -> dict[int, int]:
    counts: dict[int, int] = {}
    for member_id in await TierAudit.filter(action="resynced").values_list("member_id", flat=True):
        counts[member_id] = counts.get(member_id, 0) + 1
    return counts


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parse(argv)))


if __name__ == "__main__":
    main()
