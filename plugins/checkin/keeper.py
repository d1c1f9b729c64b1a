"""Keeps each member's streak consistent: every change of a member's days goes through here.

Changes of one member are serialized (an in-process lock, and the streak row locked
with SELECT ... FOR UPDATE where the database has it); a check-in's uniqueness is the
database's (member, day) constraint, so a doubled or concurrent one never counts twice.

* settling: decide the days that ended since the last time (new decisions appended), for
  a batch of members at once (`settle_held`); one member is a batch of one (`settle`), and
  a check-in's group commit (recorder.py) is a batch of many (today counts at once);
* a make-up or an admin's change on day D: settle, change the mark, then replay from D with
  the decision of D-1 and replace the decisions from D on.
"""
from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import AsyncIterator

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.functions import Max
from tortoise.transactions import in_transaction

from bot import Member, column_values, insert_many, now, sole_writer

from plugins.checkin.counters import count_day
from plugins.checkin.models import AuditEntry, CardGrant, Checkin, DayDecisionRow, Leave, MemberStreak
from plugins.checkin.rows import (cards_granted, decision_on, decision_values, decisions_between,
                                  marks_of_members, marks_since, new_streak_row, save_decisions, save_streak_rows,
                                  state_of, store_state)
from plugins.checkin.streaks import (DayDecision, DayMark, MakeupVerdict, StreakState, can_make_up, new_milestones,
                                     resume_state, settle_up_to_today)
from plugins.checkin.subject import Subject

ONE_DAY = timedelta(days=1)
MAX_BATCH = 100  # members in one batch: one transaction, a fixed handful of statements
_locks: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, asyncio.Lock]]" = weakref.WeakKeyDictionary()


def member_lock(member_id: int) -> asyncio.Lock:
    """Held by every change of one member's days in this process.

    A transaction holding SQLite's only connection takes none: no other change can run until it
    ends, and a batch holding the lock while it waits for the connection would wait for ever."""
    if sole_writer():
        return asyncio.Lock()
    per_loop = _locks.setdefault(asyncio.get_running_loop(), {})
    return per_loop.setdefault(member_id, asyncio.Lock())


@asynccontextmanager
async def members_held(member_ids: Iterable[int]) -> AsyncIterator[None]:
    """The members' locks, taken in member order (so two batches never wait on each other)."""
    async with AsyncExitStack() as locks:
        for member_id in sorted(set(member_ids)):
            await locks.enter_async_context(member_lock(member_id))
        yield


@dataclass
class Change:
    row: MemberStreak
    decisions: list[DayDecision] = field(default_factory=list)  # decided by this change
    milestones: list[DayDecision] = field(default_factory=list)  # to celebrate and reward
    checkin: Checkin | None = None
    existing: Checkin | None = None  # the day was already checked in
    points: int = 0  # for the check-in itself
    bonus: int = 0  # for milestones


Adjust = Callable[[MemberStreak, list[DayDecision]], None]


# --- the streak rows -----------------------------------------------------------------------

async def locked_rows(members: Iterable[tuple[Member, date]]) -> dict[int, MemberStreak]:
    """The members' streak rows, locked in member order (inside a transaction); a missing
    row is created, settled through the day before the member's join day (given beside it)."""
    by_id = {member.id: (member, joined) for member, joined in members}
    rows = {row.member_id: row for row in await _select_rows(sorted(by_id))}
    if missing := sorted(set(by_id) - set(rows)):  # in lock order
        values = {member_id: column_values(new_streak_row(*by_id[member_id])) for member_id in missing}
        created = await insert_many(MemberStreak, list(values.values()), skip_conflicts_on=("member_id",),
                                    returning=("id", "member_id"))
        # A row this transaction inserted is its own until commit; one another made first is locked now.
        rows.update({c["member_id"]: MemberStreak(id=c["id"], **values[c["member_id"]]) for c in created})
        if raced := sorted(set(values) - set(rows)):
            rows.update({row.member_id: row for row in await _select_rows(raced)})
    return rows


async def _select_rows(member_ids: list[int]) -> list[MemberStreak]:
    return await MemberStreak.filter(member_id__in=member_ids).order_by("member_id").select_for_update()


# --- settling ------------------------------------------------------------------------------

@dataclass
class Settling:
    """One member of a batch to settle: their row (locked by the caller) and what else changes."""

    subject: Subject
    row: MemberStreak
    today: date | None = None  # the last day to decide; default the subject's today
    checked_in_on: date | None = None  # a check-in on that day ends its leave
    adjust: Adjust | None = None  # counters to change with the new decisions


async def settle_held(batch: list[Settling]) -> list[Change]:
    """Decide each member's days since their last settled day, all members in a fixed handful
    of statements. The caller holds the members' locks and rows, in a transaction."""
    marks = await marks_of_members({s.row.member_id: s.row.settled_through + ONE_DAY for s in batch})
    changes, decisions = [], []
    for item in batch:
        row, found = item.row, marks[item.row.member_id]
        day = item.checked_in_on
        if day is not None and (day <= row.settled_through or day in found.leave_days):
            await Leave.filter(member_id=row.member_id, day=day).delete()
        state, decided = settle_up_to_today(state_of(row), found.marks, item.today or item.subject.today,
                                            item.subject.rules)
        store_state(row, state)
        milestones = [d for d in decided if d.milestone is not None]
        if item.adjust:
            item.adjust(row, milestones)
        decisions += [decision_values(d, item.subject.member) for d in decided]
        changes.append(Change(row, decided, milestones))
    await insert_many(DayDecisionRow, decisions)
    await save_streak_rows([item.row for item in batch])
    return changes


async def settle_many(subjects: list[Subject]) -> list[Change]:
    """Settle several members (a job's sweep), in batches; each batch's locks in member order."""
    changes = []
    for start in range(0, len(subjects), MAX_BATCH):
        batch = subjects[start:start + MAX_BATCH]
        async with members_held(s.member.id for s in batch):
            async with in_transaction():
                rows = await locked_rows((s.member, s.joined) for s in batch)
                changes += await settle_held([Settling(s, rows[s.member.id]) for s in batch])
    return changes


async def settle(subject: Subject) -> Change:
    """Settle one member: a batch of one."""
    return (await settle_many([subject]))[0]


async def _settle_locked(subject: Subject) -> Change:
    """`settle`, for a caller that holds the member's lock already."""
    async with in_transaction():
        rows = await locked_rows([(subject.member, subject.joined)])
        return (await settle_held([Settling(subject, rows[subject.member.id])]))[0]


# --- counting ------------------------------------------------------------------------------

def counting(day: date, days: int, points: int, bonus_each: int, present: bool | None = None) -> Adjust:
    def adjust(row: MemberStreak, milestones: list[DayDecision]) -> None:
        for decision in milestones:
            count_day(row, decision.day, 0, bonus_each)
        count_day(row, day, days, points)
        if present is not None:
            row.present = present

    return adjust


# --- changing a past day -------------------------------------------------------------------

async def _rebuild_from(subject: Subject, day: date, baseline_longest: int, adjust: Adjust) -> Change:
    """Re-decide `day` and every later day; rewards only milestones the old decisions lacked."""
    member = subject.member
    async with in_transaction():
        row = await MemberStreak.select_for_update().get(member_id=member.id)
        before = await decision_on(member.id, day - ONE_DAY)
        old = await decisions_between(member.id, day, row.settled_through)
        granted_before, granted = await cards_granted(member.id, day)
        start = resume_state(before, baseline_longest, subject.joined)
        if before is None:  # no decision carries the cards given before `day`
            start = replace(start, cards=start.cards + granted_before)
        state, decisions = settle_up_to_today(start, await marks_since(member.id, day), subject.today, subject.rules,
                                              granted)
        await DayDecisionRow.filter(member_id=member.id, day__gte=day).delete()
        await save_decisions(member, decisions)
        store_state(row, state)
        milestones = _new_milestone_days(old, decisions)
        adjust(row, milestones)
        await row.save()
    return Change(row, decisions, milestones)


def _new_milestone_days(old: list[DayDecision], new: list[DayDecision]) -> list[DayDecision]:
    remaining = list(new_milestones(old, new))
    chosen = []
    for decision in reversed(new):  # the latest day that reached it
        if decision.milestone in remaining:
            remaining.remove(decision.milestone)
            chosen.append(decision)
    return sorted(chosen, key=lambda d: d.day)


async def make_up(subject: Subject, day: date, platform: str) -> tuple[MakeupVerdict, Change | None]:
    member, settings = subject.member, subject.settings
    async with member_lock(member.id):
        row = (await _settle_locked(subject)).row
        verdict = can_make_up(day, today=subject.today, joined=subject.joined, state=state_of(row),
                              decision=await decision_on(member.id, day), rules=subject.rules)
        if not verdict.allowed:
            return verdict, None
        try:
            async with in_transaction():  # a savepoint inside a unit of work: a conflict must not abort it
                checkin = await Checkin.create(community_id=member.community_id, member_id=member.id, day=day,
                                               at=now(), kind=DayMark.MADE_UP.value, platform=platform,
                                               points=settings.makeup_points)
        except IntegrityError:
            return MakeupVerdict.ALREADY_COVERED, None
        change = await _rebuild_from(subject, day, row.longest,
                                     counting(day, 1, settings.makeup_points, settings.milestone_points))
    change.checkin, change.points = checkin, settings.makeup_points
    change.bonus = settings.milestone_points * len(change.milestones)
    return verdict, change


async def grant_cards(subject: Subject, cards: int, reference: str, source: str) -> bool:
    """Give the member make-up cards from outside, once per reference (False: given already).

    They are attached to the day before the make-up window (or the last settled day, if
    earlier), so a replay has them on every day they could fill; the stored decisions from
    that day on hold them too."""
    member = subject.member
    window = timedelta(days=subject.settings.makeup_window_days + 1)
    async with member_lock(member.id):
        await _settle_locked(subject)
        async with in_transaction():
            row = await MemberStreak.select_for_update().get(member_id=member.id)
            day = min(row.settled_through, subject.today - window)
            try:
                async with in_transaction():  # a savepoint: the conflict must not abort what encloses it
                    await CardGrant.create(community_id=member.community_id, member_id=member.id,
                                           reference=reference, day=day, cards=cards, source=source[:32], at=now())
            except IntegrityError:
                return False
            row.cards += cards
            await row.save(update_fields=["cards"])
            await DayDecisionRow.filter(member_id=member.id, day__gte=day) \
                .update(cards_after=F("cards_after") + cards)
    return True


class FixRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # future | before_join | already | not_found


async def admin_add(subject: Subject, day: date, reason: str | None, admin_name: str, platform: str) -> Change:
    member, settings = subject.member, subject.settings
    async with member_lock(member.id):
        row = (await _settle_locked(subject)).row
        if day > subject.today:
            raise FixRefused("future")
        if day < subject.joined:
            raise FixRefused("before_join")
        try:
            async with in_transaction():  # a savepoint inside a unit of work: a conflict must not abort it
                checkin = await Checkin.create(community_id=member.community_id, member_id=member.id, day=day,
                                               at=now(), kind=DayMark.ADMIN_ADDED.value, platform=platform,
                                               note=reason, points=settings.points)
        except IntegrityError:
            raise FixRefused("already") from None
        await Leave.filter(member_id=member.id, day=day).delete()
        await _audit(member, day, "add", reason, admin_name)
        change = await _rebuild_from(subject, day, row.longest,
                                     counting(day, 1, settings.points, settings.milestone_points))
    change.checkin, change.points = checkin, settings.points
    change.bonus = settings.milestone_points * len(change.milestones)
    return change


async def admin_remove(subject: Subject, day: date, reason: str | None, admin_name: str) -> Change:
    member, settings = subject.member, subject.settings
    async with member_lock(member.id):
        await _settle_locked(subject)
        checkin = await Checkin.get_or_none(member_id=member.id, day=day)
        if checkin is None:
            raise FixRefused("not_found")
        await checkin.delete()
        await _audit(member, day, "remove", reason, admin_name)
        baseline = await _longest_before(member.id, day)
        change = await _rebuild_from(subject, day, baseline,
                                     counting(day, -1, -checkin.points, settings.milestone_points))
    change.existing, change.points = checkin, -checkin.points
    change.bonus = settings.milestone_points * len(change.milestones)
    return change


async def _longest_before(member_id: int, day: date) -> int:
    row = await (DayDecisionRow.filter(member_id=member_id, day__lt=day)
                 .annotate(longest=Max("streak_after")).first().values("longest"))
    return int(row["longest"] or 0) if row else 0


async def _audit(member, day: date, action: str, reason: str | None, admin_name: str) -> None:
    await AuditEntry.create(community_id=member.community_id, member_id=member.id, day=day, action=action,
                            reason=reason or None, admin_name=admin_name, at=now())


# --- starting over (linked accounts) ---------------------------------------------------------

async def rebuild_all(subject: Subject) -> MemberStreak:
    """Decide every day of the member again from their first day (after moving days in)."""
    member = subject.member
    async with member_lock(member.id):
        first_checkin = await Checkin.filter(member_id=member.id).order_by("day").first()
        first = min(subject.joined, first_checkin.day) if first_checkin else subject.joined
        async with in_transaction():
            row = await MemberStreak.select_for_update().get(member_id=member.id)
            granted_before, granted = await cards_granted(member.id, first)
            start = replace(StreakState.new_member(first), cards=granted_before)
            state, decisions = settle_up_to_today(start, await marks_since(member.id, first), subject.today,
                                                  subject.rules, granted)
            await DayDecisionRow.filter(member_id=member.id).delete()
            await save_decisions(member, decisions)
            store_state(row, state)
            await _recount_periods(row, subject.today)
            await row.save()
    return row


async def _recount_periods(row: MemberStreak, today: date) -> None:
    row.week_start, row.week_days, row.week_points = None, 0, 0
    row.month_start, row.month_days, row.month_points = None, 0, 0
    earliest = min(today - timedelta(days=today.weekday()), today.replace(day=1))
    for day, points in await Checkin.filter(member_id=row.member_id, day__gte=earliest).values_list("day", "points"):
        before = row.points
        count_day(row, day, 1, points)
        row.points = before  # all-time points were merged already
