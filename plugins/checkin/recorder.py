"""Recording check-ins, many at a time (group commit).

A check-in that arrives while a batch is being written waits for the next batch, which
takes every check-in that arrived meanwhile: one transaction and a fixed handful of
statements, however many members. Alone, a check-in is written at once.

* each member appears once in a batch: a second check-in of the same member goes in the
  next batch and finds the first (the (member, day) constraint decides, not this code);
* the members' locks (keeper.member_lock) are held, and on PostgreSQL their streak rows
  locked in member order, so a batch never races a make-up or an admin's fix;
* the keeper settles the batch (keeper.settle_held), the same way it settles one member;
* a batch that fails is written again one check-in at a time, so one bad check-in never
  sinks the others;
* one batch at a time: each counts the day's check-ins inside its transaction, after the
  batch before it committed, so the numbers replies show ("number 12 today") do not
  repeat. (A member busy with a make-up, written alone beside the batch, or two instances
  writing at the same moment may show one twice.)
"""
from __future__ import annotations

import asyncio
import logging
import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from tortoise.functions import Count

from bot import CommunitySettings, Ledger, Member, inside_transaction, insert_many, now

from plugins.checkin import keeper, rewards
from plugins.checkin.keeper import Change, Settling, counting, member_lock
from plugins.checkin.models import Checkin, MemberStreak
from plugins.checkin.settings import CheckinSettings
from plugins.checkin.streaks import DayMark, is_rest_day
from plugins.checkin.subject import Subject, subject_of

log = logging.getLogger(__name__)
MAX_BATCH = keeper.MAX_BATCH


class Refusal(StrEnum):
    OUTSIDE_WINDOW = "outside_window"
    REST_DAY = "rest_day"
    NO_PROOF = "no_proof"  # the community asks for a note or photo, and there was none


@dataclass
class CheckinRequest:
    member: Member
    community_settings: CommunitySettings
    settings: CheckinSettings
    ledger: Ledger
    platform: str
    note: str | None = None
    photo: str | None = None
    photo_size: int | None = None
    proof_given: bool = True
    at: datetime = field(default_factory=now)


@dataclass
class Recorded:
    subject: Subject
    day: date | None = None
    refused: Refusal | None = None
    change: Change | None = None  # change.existing: the day was checked in already
    count: int = 0  # the community's check-ins that day, this one included


async def record(request: CheckinRequest) -> Recorded:
    """Record one check-in (with whatever others are waiting) and say what it changed.

    Inside a unit of work (bot/unit_of_work.py) the check-in is written in its transaction
    instead, alone: it commits or rolls back with the handler's other writes, and on SQLite
    the batch writer would wait for the connection that transaction holds."""
    if inside_transaction():
        return (await _write_batch([request]))[0]
    return await _recorder().record(request)


# --- batching ------------------------------------------------------------------------------

class _Recorder:
    def __init__(self) -> None:
        self._waiting: list[tuple[CheckinRequest, asyncio.Future]] = []
        self._writer: asyncio.Task | None = None
        self._aside: set[asyncio.Task] = set()

    async def record(self, request: CheckinRequest) -> Recorded:
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((request, future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_while_waiting())
        return await future

    async def _write_while_waiting(self) -> None:
        try:
            while self._waiting:
                if batch := self._next_batch():  # empty when everyone waiting went aside
                    await self._write(batch)
        finally:
            self._writer = None

    def _next_batch(self) -> list[tuple[CheckinRequest, asyncio.Future]]:
        batch, later, members = [], [], set()
        for item in self._waiting:
            member_id = item[0].member.id
            if member_id in members or len(batch) >= MAX_BATCH:
                later.append(item)
            elif member_lock(member_id).locked():
                self._write_aside(item)
            else:
                members.add(member_id)
                batch.append(item)
        self._waiting = later
        return batch

    def _write_aside(self, item: tuple[CheckinRequest, asyncio.Future]) -> None:
        """A member busy with another change (a make-up, a fix) is written alone once it is
        done, instead of holding up everybody else's batch."""
        task = asyncio.create_task(self._write([item]))
        self._aside.add(task)
        task.add_done_callback(self._aside.discard)

    async def _write(self, batch: list[tuple[CheckinRequest, asyncio.Future]]) -> None:
        try:
            results = await _write_batch([request for request, _ in batch])
        except Exception as exc:
            if len(batch) > 1:
                log.warning("a batch of %d check-ins failed; writing them one by one", len(batch), exc_info=True)
                for item in batch:
                    await self._write([item])
                return
            results = [exc]
        for (_, future), result in zip(batch, results):
            if future.done():  # the caller gave up waiting
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)


_recorders: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Recorder]" = weakref.WeakKeyDictionary()


def _recorder() -> _Recorder:
    return _recorders.setdefault(asyncio.get_running_loop(), _Recorder())


# --- one batch -----------------------------------------------------------------------------

async def _write_batch(requests: list[CheckinRequest]) -> list[Recorded]:
    async with keeper.members_held(r.member.id for r in requests):
        async with requests[0].ledger.transaction():  # the points are told once it commits
            rows = await keeper.locked_rows((r.member, _joined(r)) for r in requests)
            placed = [_place(r, rows[r.member.id]) for r in requests]
            wanted = [(r, p) for r, p in zip(requests, placed) if p.refused is None]
            if wanted:
                new = await _insert_checkins(wanted)
                await _tell_existing([p for _, p in wanted if p.subject.member.id not in new], rows)
                fresh = [(r, p, new[r.member.id]) for r, p in wanted if r.member.id in new]
                if fresh:
                    await _settle(fresh, rows)
                    await _count(fresh)
    return placed


def _joined(request: CheckinRequest) -> date:
    return subject_of(request.member, request.community_settings, request.settings).joined


def _place(request: CheckinRequest, row: MemberStreak) -> Recorded:
    """Which day the check-in counts for, or why it cannot count."""
    subject = subject_of(request.member, request.community_settings, request.settings, row)
    day = subject.clock.checkin_day(request.at)
    if day is None:
        return Recorded(subject, refused=Refusal.OUTSIDE_WINDOW)
    if is_rest_day(day, subject.rules):
        return Recorded(subject, day, refused=Refusal.REST_DAY)
    if not request.proof_given:
        return Recorded(subject, day, refused=Refusal.NO_PROOF)
    return Recorded(subject, day)


async def _insert_checkins(wanted: list[tuple[CheckinRequest, Recorded]]) -> dict[int, Checkin]:
    """Insert the days in one statement; the ones inserted (a day taken already is skipped)."""
    by_member = sorted(wanted, key=lambda item: item[0].member.id)  # one lock order on PostgreSQL
    values = [{"community_id": r.member.community_id, "member_id": r.member.id, "day": p.day, "at": r.at,
               "kind": DayMark.CHECKED.value, "platform": r.platform, "note": r.note, "photo": r.photo,
               "photo_size": r.photo_size, "points": r.settings.points} for r, p in by_member]
    inserted = {row["member_id"]: row["id"] for row in await insert_many(
        Checkin, values, skip_conflicts_on=("member_id", "day"), returning=("id", "member_id"))}
    return {row["member_id"]: Checkin(id=inserted[row["member_id"]], **row)
            for row in values if row["member_id"] in inserted}


async def _tell_existing(already: list[Recorded], rows: dict[int, MemberStreak]) -> None:
    """The check-ins found in place of the ones not inserted (the same day, checked in before)."""
    if not already:
        return
    found = {(c.member_id, c.day): c for c in await Checkin.filter(
        member_id__in=[p.subject.member.id for p in already], day__in=list({p.day for p in already}))}
    for placed in already:
        member_id = placed.subject.member.id
        placed.change = Change(rows[member_id], existing=found[(member_id, placed.day)])


async def _settle(fresh: list[tuple[CheckinRequest, Recorded, Checkin]], rows: dict[int, MemberStreak]) -> None:
    """The keeper settles the batch (today counts at once), then the points are paid."""
    changes = await keeper.settle_held([
        Settling(placed.subject, rows[request.member.id], today=placed.subject.clock.current_day(request.at),
                 checked_in_on=placed.day,
                 adjust=counting(placed.day, 1, request.settings.points, request.settings.milestone_points, True))
        for request, placed, _ in fresh])
    for (request, placed, checkin), change in zip(fresh, changes):
        change.checkin, change.points = checkin, request.settings.points
        change.bonus = request.settings.milestone_points * len(change.milestones)
        placed.change = change
    await fresh[0][0].ledger.award_many(
        award for r, p, _ in fresh
        for award in rewards.awards(r.member, p.change, reason="checkin", bonus_each=r.settings.milestone_points))


async def _count(fresh: list[tuple[CheckinRequest, Recorded, Checkin]]) -> None:
    """Each check-in's place in its community's day: the first of a day is 1."""
    communities = {r.member.community_id for r, _, _ in fresh}
    days = {p.day for _, p, _ in fresh}
    totals = {(c, d): n for c, d, n in await Checkin.filter(community_id__in=communities, day__in=days)
              .annotate(n=Count("id")).group_by("community_id", "day").values_list("community_id", "day", "n")}
    later = Counter((r.member.community_id, p.day) for r, p, _ in fresh)
    for request, placed, _ in fresh:
        key = (request.member.community_id, placed.day)
        later[key] -= 1
        placed.count = totals[key] - later[key]
