"""A member's numbers: what counts toward the next step, and what shows on the board."""
from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Count, Sum

from bot import Member

from plugins.referrals.models import Referral, ReferralAdjustment
from plugins.referrals.settings import ReferralsSettings, Step


@dataclass(frozen=True)
class Progress:
    score: int  # toward the steps: confirmed, still counted, on a rewarding platform, plus adjustments
    confirmed: int
    pending: int
    void: int
    held: int  # on hold or uncertain: waiting for an admin
    next_step: Step | None


def in_campaign(settings: ReferralsSettings) -> dict:
    window: dict = {"campaign": settings.campaign}
    if settings.starts:
        window["joined_at__gte"] = settings.starts
    if settings.ends:
        window["joined_at__lte"] = settings.ends
    return window


async def score_of(settings: ReferralsSettings, member: Member) -> int:
    silent = [p for p, on in settings.rewards_on.items() if not on]
    counted = Referral.filter(community_id=member.community_id, inviter_id=member.id, status="confirmed", counts=True,
                              **in_campaign(settings))
    if silent:  # recognition only there (Discord by default)
        counted = counted.exclude(platform__in=silent)
    adjusted = await ReferralAdjustment.filter(member_id=member.id).annotate(total=Sum("amount")).first() \
        .values("total")
    return await counted.count() + int((adjusted or {}).get("total") or 0)


async def recognized_of(settings: ReferralsSettings, member: Member) -> int:
    """Confirmed referrals on every platform, rewardless ones too: what the board and badges show."""
    return await Referral.filter(community_id=member.community_id, inviter_id=member.id, status="confirmed",
                                 counts=True, **in_campaign(settings)).count()


async def progress_of(settings: ReferralsSettings, member: Member) -> Progress:
    rows = await Referral.filter(community_id=member.community_id, inviter_id=member.id, **in_campaign(settings)) \
        .group_by("status") \
        .annotate(n=Count("id")).values("status", "n")
    by = {row["status"]: row["n"] for row in rows}
    score = await score_of(settings, member)
    return Progress(score, by.get("confirmed", 0), by.get("pending", 0), by.get("void", 0),
                    by.get("hold", 0) + by.get("uncertain", 0), settings.next_step(score))
