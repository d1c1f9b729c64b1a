"""The points ledger: every change of a member's points, shared by all plugins."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum

from bot import clock
from bot.bulk_insert import insert_many
from bot.models import LedgerEntry, Member


@dataclass(frozen=True)
class Award:
    member: Member
    delta: int
    reason: str
    reference: str | None = None


class Ledger:
    async def award_many(self, awards: Iterable[Award]) -> None:
        """Record several changes in one statement; like `award`, a (reason, reference) the
        member already has is not recorded again."""
        now = clock.now()
        await insert_many(LedgerEntry, [
            {"community_id": a.member.community_id, "member_id": a.member.id, "delta": a.delta, "reason": a.reason,
             "reference": a.reference, "created_at": now} for a in awards], skip_conflicts_on=())

    async def award(self, member: Member, delta: int, reason: str, reference: str | None = None) -> bool:
        """Record a change; with a `reference`, the same (reason, reference) counts once per member."""
        try:
            await LedgerEntry.create(community_id=member.community_id, member=member, delta=delta,
                                     reason=reason, reference=reference, created_at=clock.now())
        except IntegrityError:
            return False
        return True

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
                entry.reference = f"{entry.reference}:merged:{from_member.id}"
            entry.member_id = to_member.id
            await entry.save(update_fields=["member_id", "reference"])
