"""Counting chat messages for XP, many at a time (group commit, as the check-in recorder does).

A counted message (past its cooldown, long enough) waits for the batch being written, then
goes in the next with every other that arrived meanwhile: one transaction and a handful of
statements, however many members (the standing rows made where missing, today's message XP
per member for the daily cap, the XP entries inserted at once with a reference counted once,
the totals raised in one statement per amount). Alone, a message is written at once.

Only a member whose new XP reaches their next tier's threshold is reviewed for promotion
afterwards: a message can do nothing else to a tier. A batch that fails is written again one
message at a time, so one bad message never sinks the others.
"""
from __future__ import annotations

import asyncio
import logging
import weakref
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from tortoise.expressions import F
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from bot import Context, Member, inside_transaction, insert_many, now

from plugins.tiers.models import TierMember, XpEntry
from plugins.tiers.settings import TiersSettings
from plugins.tiers.thresholds import settings_of

log = logging.getLogger(__name__)
SOURCE = "message"
MAX_BATCH = 500


@dataclass
class CountedMessage:
    member: Member
    reference: str
    day: date
    xp: int
    daily_cap: int
    settings: TiersSettings


async def count(ctx: Context, member: Member, reference: str) -> bool:
    """Record one counted message (with whatever others are waiting); whether the member's XP
    now reaches their next tier, so they should be reviewed."""
    rules = settings_of(ctx).messages
    message = CountedMessage(member, reference, ctx.today(), rules.xp, rules.daily_cap, settings_of(ctx))
    if inside_transaction():  # a unit of work: write it in there (the writer would wait for it on SQLite)
        return member.id in await _write_batch([message])
    return await _writer().add(message)


class _Writer:
    def __init__(self) -> None:
        self._waiting: list[tuple[CountedMessage, asyncio.Future]] = []
        self._task: asyncio.Task | None = None

    async def add(self, message: CountedMessage) -> bool:
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((message, future))
        if self._task is None:
            self._task = asyncio.create_task(self._write_while_waiting())
        return await future

    async def _write_while_waiting(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
                await self._write(batch)
        finally:
            self._task = None

    async def _write(self, batch: list[tuple[CountedMessage, asyncio.Future]]) -> None:
        try:
            reached = await _write_batch([message for message, _ in batch])
        except Exception as exc:
            if len(batch) > 1:
                log.warning("a batch of %d counted messages failed; writing them one by one", len(batch),
                            exc_info=True)
                for item in batch:
                    await self._write([item])
                return
            reached = exc
        for message, future in batch:
            if future.done():
                continue
            if isinstance(reached, Exception):
                future.set_exception(reached)
            else:
                future.set_result(message.member.id in reached)


_writers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Writer]" = weakref.WeakKeyDictionary()


def _writer() -> _Writer:
    return _writers.setdefault(asyncio.get_running_loop(), _Writer())


async def _write_batch(messages: list[CountedMessage]) -> set[int]:
    """Write the batch in one transaction; the ids of the members whose next tier is now in reach."""
    members = {m.member.id: m.member for m in messages}
    async with in_transaction():
        await insert_many(TierMember, [{"community_id": member.community_id, "member_id": member_id, "xp": 0,
                                        "season_xp": 0, "present": True, "synced": 0}
                                       for member_id, member in members.items()],
                          skip_conflicts_on=("member_id",))
        amounts = _capped(messages, await _earned_today(messages))
        rows = [{"community_id": m.member.community_id, "member_id": m.member.id, "source": SOURCE,
                 "amount": amount, "reference": m.reference, "day": m.day, "at": now()}
                for m, amount in zip(messages, amounts)]
        inserted = await insert_many(XpEntry, rows, skip_conflicts_on=("member_id", "source", "reference"),
                                     returning=("member_id", "reference"))
        counted = {(row["member_id"], row["reference"]) for row in inserted}
        raised: dict[int, int] = defaultdict(int)
        for m, amount in zip(messages, amounts):
            if amount and (m.member.id, m.reference) in counted:
                raised[m.member.id] += amount
        by_amount: dict[int, list[int]] = defaultdict(list)
        for member_id, amount in raised.items():
            by_amount[amount].append(member_id)
        for amount, member_ids in by_amount.items():
            await TierMember.filter(member_id__in=member_ids).update(xp=F("xp") + amount,
                                                                     season_xp=F("season_xp") + amount)
    return await _in_reach_of_next_tier(messages, set(raised))


async def _earned_today(messages: list[CountedMessage]) -> dict[tuple[int, date], int]:
    capped = [m for m in messages if m.daily_cap]
    if not capped:
        return {}
    rows = await (XpEntry.filter(member_id__in={m.member.id for m in capped}, source=SOURCE,
                                 day__in={m.day for m in capped})
                  .annotate(total=Sum("amount")).group_by("member_id", "day").values("member_id", "day", "total"))
    return {(row["member_id"], _day(row["day"])): int(row["total"] or 0) for row in rows}


def _capped(messages: list[CountedMessage], earned: dict[tuple[int, date], int]) -> list[int]:
    """Each message's XP after the daily cap, in order (two of one member in a batch share it)."""
    amounts = []
    for m in messages:
        key = (m.member.id, m.day)
        amount = m.xp if not m.daily_cap else max(0, min(m.xp, m.daily_cap - earned.get(key, 0)))
        earned[key] = earned.get(key, 0) + amount
        amounts.append(amount)
    return amounts


async def _in_reach_of_next_tier(messages: list[CountedMessage], member_ids: set[int]) -> set[int]:
    if not member_ids:
        return set()
    settings = {m.member.id: m.settings for m in messages}
    rows = await TierMember.filter(member_id__in=member_ids).values("member_id", "xp", "season_xp", "earned")
    reached = set()
    for row in rows:
        tiers = settings[row["member_id"]]
        basis = row["season_xp"] if tiers.seasons else row["xp"]
        above = tiers.tiers[tiers.rank_of(row["earned"]) + 1:]
        if row["earned"] is None or any(basis >= tier.xp for tier in above):
            reached.add(row["member_id"])
    return reached


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
