"""The activity floor (淘汰): a member whose XP of the last `floor_days` falls below their tier's floor is
warned privately `warn_days` ahead, and after `grace_days` steps down one tier, never straight to the bottom."""
from __future__ import annotations

from datetime import date, timedelta

from bot import JobContext, Member

from plugins.tiers.settings import Tier, TiersSettings
from plugins.tiers.models import TierMember
from plugins.tiers.standing import set_earned
from plugins.tiers.xp import recent_by_member


async def sweep(ctx: JobContext) -> None:
    """One pass over the community's members: one grouped XP query per floor window, a write only
    for members whose schedule changes."""
    settings: TiersSettings = ctx.settings
    today = ctx.today()
    floors = {t.key: t for t in settings.tiers[1:] if t.floor_xp}
    recent = {days: await recent_by_member(ctx.community.id, today - timedelta(days=days))
              for days in {t.floor_days for t in floors.values()}}
    rows = await TierMember.filter(community_id=ctx.community.id, present=True,
                                   earned__in=list(floors) or ["-"])
    for row in rows:
        tier = floors[row.earned]
        await _check(ctx, row, tier, recent[tier.floor_days].get(row.member_id, 0), today)
    await (TierMember.filter(community_id=ctx.community.id, below_floor_since__isnull=False)
           .exclude(earned__in=list(floors) or ["-"])
           .update(below_floor_since=None, steps_down_on=None, warned_on=None))


async def _check(ctx: JobContext, row: TierMember, tier: Tier, recent: int, today: date) -> None:
    settings: TiersSettings = ctx.settings
    if recent >= tier.floor_xp:
        if row.below_floor_since is not None:
            row.below_floor_since = row.steps_down_on = row.warned_on = None
            await row.save(update_fields=["below_floor_since", "steps_down_on", "warned_on"])
        return
    if row.below_floor_since is None:
        row.below_floor_since, row.steps_down_on = today, today + timedelta(days=settings.grace_days)
        await row.save(update_fields=["below_floor_since", "steps_down_on"])
    member = await Member.get(id=row.member_id)
    if today >= row.steps_down_on:
        lower = settings.tiers[settings.rank_of(tier.key) - 1]
        await set_earned(ctx, member, row, lower.key, "stepped_down")
        await ctx.send_direct(member, "tiers-stepped-down", old=tier.display_name(_lang(ctx, member)),
                              new=lower.display_name(_lang(ctx, member)))
    elif row.warned_on is None and today >= row.steps_down_on - timedelta(days=settings.warn_days):
        row.warned_on = today
        await row.save(update_fields=["warned_on"])
        await ctx.send_direct(member, "tiers-floor-warning", tier=tier.display_name(_lang(ctx, member)),
                              need=tier.floor_xp - recent, days=tier.floor_days,
                              date=row.steps_down_on.isoformat())


def _lang(ctx: JobContext, member: Member) -> str | None:
    return ctx.community_settings.locale or member.lang or ctx.locale
