"""Earning XP: each source's weight and daily cap, a reference counted once, one total per member."""
from __future__ import annotations

from datetime import date

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from bot import Member, PluginContext, now

from plugins.tiers.models import TierMember, XpEntry


async def standing_of(member: Member) -> TierMember:
    """The member's totals and tier, made on first use."""
    row, _ = await TierMember.get_or_create(member_id=member.id, defaults={"community_id": member.community_id})
    return row


async def earned_today(member: Member, source: str, day: date) -> int:
    row = await (XpEntry.filter(member_id=member.id, source=source, day=day)
                 .annotate(total=Sum("amount")).first().values("total"))
    return int(row["total"] or 0) if row else 0


async def earn(ctx: PluginContext, member: Member, source: str, amount: int, reference: str | None,
               daily_cap: int = 0) -> int | None:
    """Record XP from `source` under `reference`, capped per day; the XP counted (0 when capped),
    or None when this reference was counted before. The entry and the member's totals are written
    in one transaction: a crash between them cannot lose XP that a redelivery would then refuse."""
    day = ctx.today()
    await standing_of(member)
    try:
        async with in_transaction():
            if daily_cap and amount > 0:
                amount = max(0, min(amount, daily_cap - await earned_today(member, source, day)))
            await XpEntry.create(community_id=member.community_id, member_id=member.id, source=source,
                                 amount=amount, reference=reference, day=day, at=now())
            if amount:
                await TierMember.filter(member_id=member.id).update(xp=F("xp") + amount,
                                                                    season_xp=F("season_xp") + amount)
    except IntegrityError:
        return None
    return amount


async def recent_xp(member: Member, since: date) -> int:
    row = await (XpEntry.filter(member_id=member.id, day__gt=since)
                 .annotate(total=Sum("amount")).first().values("total"))
    return int(row["total"] or 0) if row else 0


async def recent_by_member(community_id: int, since: date) -> dict[int, int]:
    """XP per member after `since`, in one grouped query (the nightly sweep)."""
    rows = await (XpEntry.filter(community_id=community_id, day__gt=since).annotate(total=Sum("amount"))
                  .group_by("member_id").values("member_id", "total"))
    return {r["member_id"]: int(r["total"] or 0) for r in rows}


async def by_source(member: Member, since: date) -> list[tuple[str, int, int]]:
    """(source, XP, times) after `since`, the most XP first: what /tier why shows."""
    rows = await XpEntry.filter(member_id=member.id, day__gt=since).values_list("source", "amount")
    totals: dict[str, list[int]] = {}
    for source, amount in rows:
        entry = totals.setdefault(source, [0, 0])
        entry[0] += amount
        entry[1] += 1
    return sorted(((s, xp, n) for s, (xp, n) in totals.items()), key=lambda item: (-item[1], item[0]))
