"""What a tier asks for beside XP, read from the activities every plugin reported."""
from __future__ import annotations

from datetime import timedelta

from bot import Member

from plugins.tiers.settings import Requirement, Tier
from plugins.tiers.models import XpEntry


async def longest_run(member: Member, kind: str) -> int:
    """The most consecutive community days with at least one activity of `kind`."""
    days = sorted(set(await XpEntry.filter(member_id=member.id, source=kind).values_list("day", flat=True)))
    best = run = 0
    for index, day in enumerate(days):
        run = run + 1 if index and day - days[index - 1] == timedelta(days=1) else 1
        best = max(best, run)
    return best


async def met(member: Member, requirement: Requirement) -> bool:
    if requirement.streak_days:
        return await longest_run(member, requirement.kind) >= requirement.streak_days
    return await XpEntry.filter(member_id=member.id, source=requirement.kind).count() >= requirement.count


async def missing(member: Member, tier: Tier) -> list[Requirement]:
    return [r for r in tier.requires if not await met(member, r)]
