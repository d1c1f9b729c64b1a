"""The points ledger: every change of a member's points, shared by all plugins.

Each change that is recorded is told to the plugins as a `PointsAwarded` signal, whichever
plugin awarded it. Inside `ledger.transaction()` the signals wait until it commits, so a
subscriber never hears of points that were rolled back, nor runs inside the awarding
plugin's transaction.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from bot import clock
from bot.bulk_insert import insert_many
from bot.models import LedgerEntry, Member
from bot.signals import PointsAwarded, Signal


@dataclass(frozen=True)
class Award:
    member: Member
    delta: int
    reason: str
    reference: str | None = None


class SignalSink(Protocol):
    def listens_to(self, signal_type: type[Signal]) -> bool: ...

    async def publish_in(self, community_id: int, signal: Signal) -> Any: ...


_MERGED = ":merged:"  # an award both merged members had: the second keeps it under this suffix
_held: ContextVar[list[PointsAwarded] | None] = ContextVar("held_points_awarded", default=None)


def points_awarded(member: Member, delta: int, reason: str, reference: str | None, entry_id: int) -> PointsAwarded:
    """The signal of one recorded change; its reference is the ledger's own idempotence key."""
    key = f"{member.id}:{reason}:{reference}" if reference is not None else f"entry:{entry_id}"
    return PointsAwarded(member=member, points=delta, reason=reason, reference=f"points:{key}")


class Ledger:
    def __init__(self, signals: SignalSink | None = None) -> None:
        self._signals = signals  # None: nobody is told (a ledger outside a running bot)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """A database transaction whose awards are told to the plugins once it commits."""
        held: list[PointsAwarded] = []
        token = _held.set(held)
        try:
            async with in_transaction():
                yield
        finally:
            _held.reset(token)
        await self._tell(held)

    async def award_many(self, awards: Iterable[Award]) -> None:
        """Record several changes in one statement; like `award`, a (reason, reference) the
        member already has is not recorded again."""
        now, awards = clock.now(), list(awards)
        telling = self._listening()
        inserted = await insert_many(LedgerEntry, [
            {"community_id": a.member.community_id, "member_id": a.member.id, "delta": a.delta, "reason": a.reason,
             "reference": a.reference, "created_at": now} for a in awards], skip_conflicts_on=(),
            returning=("id", "member_id", "reason", "reference") if telling else ())
        if telling:
            by_key = {(a.member.id, a.reason, a.reference): a for a in awards}
            await self._tell([points_awarded(a.member, a.delta, a.reason, a.reference, row["id"])
                              for row in inserted
                              if (a := by_key.get((row["member_id"], row["reason"], row["reference"])))])

    async def award(self, member: Member, delta: int, reason: str, reference: str | None = None) -> bool:
        """Record a change; with a `reference`, the same (reason, reference) counts once per member."""
        try:
            async with in_transaction():  # a savepoint inside a unit of work: a conflict must not abort it
                entry = await LedgerEntry.create(community_id=member.community_id, member=member, delta=delta,
                                                 reason=reason, reference=reference, created_at=clock.now())
        except IntegrityError:
            return False
        if self._listening():
            await self._tell([points_awarded(member, delta, reason, reference, entry.id)])
        return True

    def _listening(self) -> bool:
        return self._signals is not None and self._signals.listens_to(PointsAwarded)

    async def _tell(self, signals: list[PointsAwarded]) -> None:
        held = _held.get()
        if held is not None:
            held.extend(signals)
            return
        for signal in signals:
            if signal.points and self._signals is not None:
                await self._signals.publish_in(signal.member.community_id, signal)

    async def balance(self, member: Member, since: datetime | None = None) -> int:
        query = LedgerEntry.filter(member_id=member.id)
        if since:
            query = query.filter(created_at__gte=since)
        row = await query.annotate(total=Sum("delta")).first().values("total")
        return int(row["total"] or 0) if row else 0

    async def history(self, member: Member, limit: int = 20) -> list[LedgerEntry]:
        return await LedgerEntry.filter(member_id=member.id).order_by("-created_at", "-id").limit(limit)

    async def top(self, community_id: int, since: datetime | None = None, limit: int = 10) -> list[tuple[int, int]]:
        """(member id, points) of the highest balances, members who left excluded."""
        query = LedgerEntry.filter(community_id=community_id, member__left_at__isnull=True)
        if since:
            query = query.filter(created_at__gte=since)
        rows = (await query.annotate(total=Sum("delta")).group_by("member_id")
                .order_by("-total").limit(limit).values("member_id", "total"))
        return [(r["member_id"], int(r["total"] or 0)) for r in rows]

    async def reassign(self, from_member: Member, to_member: Member) -> None:
        """Move a merged member's entries; an award both had keeps both, marked as merged."""
        taken = set(await LedgerEntry.filter(member_id=to_member.id, reference__isnull=False)
                    .values_list("reason", "reference"))
        for entry in await LedgerEntry.filter(member_id=from_member.id):
            if entry.reference is not None and (entry.reason, entry.reference) in taken:
                entry.reference = f"{entry.reference}{_MERGED}{from_member.id}"
            entry.member_id = to_member.id
            await entry.save(update_fields=["member_id", "reference"])

    async def give_back(self, entry_ids: list[int], from_member: Member, to_member: Member) -> None:
        """Undo `reassign` for the entries it moved: back to `to_member`, with their own references."""
        for entry in await LedgerEntry.filter(id__in=entry_ids, member_id=from_member.id):
            if entry.reference is not None and _MERGED in entry.reference:
                entry.reference = entry.reference.rsplit(_MERGED, 1)[0]
            entry.member_id = to_member.id
            await entry.save(update_fields=["member_id", "reference"])
