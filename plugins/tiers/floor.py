"""The activity floor (淘汰): a member whose XP of the last `floor_days` falls below their tier's floor is
warned privately `warn_days` ahead, and after `grace_days` steps down one tier, never straight to the bottom."""
from __future__ import annotations

from datetime import date, timedelta

from bot import JobContext, Member

from plugins.tiers.models import TierMember
from plugins.tiers.settings import Tier, TiersSettings
from plugins.tiers.standing import set_earned
from plugins.tiers.xp import recent_by_member
from plugins.tiers.thresholds import settings_of

CHUNK = 1000  # ids per bulk update (SQLite bounds a statement's variables)
COLUMNS = ("id", "member_id", "earned", "below_floor_since", "steps_down_on", "warned_on")


async def sweep(ctx: JobContext) -> None:
    """One pass over the community: one grouped XP query per floor window, plain tuples for the rows,
    bulk updates for members who fall below or climb back; a write of its own only for a member
    warned or stepping down."""
    settings: TiersSettings = settings_of(ctx)
    today = ctx.today()
    floors = {t.key: t for t in settings.tiers[1:] if t.floor_xp}
    recent = {days: await recent_by_member(ctx.community.id, today - timedelta(days=days))
              for days in {t.floor_days for t in floors.values()}}
    rows = await (TierMember.filter(community_id=ctx.community.id, present=True, earned__in=list(floors) or ["-"])
                  .values_list(*COLUMNS))
    recovered, fallen, due = [], [], []
    for row_id, member_id, earned, below_since, steps_down_on, warned_on in rows:
        tier = floors[earned]
        xp = recent[tier.floor_days].get(member_id, 0)
        if xp >= tier.floor_xp:
            if below_since is not None:
                recovered.append(row_id)
            continue
        if below_since is None:
            fallen.append(row_id)
            steps_down_on = today + timedelta(days=settings.grace_days)
        if today >= steps_down_on or (warned_on is None
                                      and today >= steps_down_on - timedelta(days=settings.warn_days)):
            due.append((row_id, tier, xp))
    await _bulk(recovered, below_floor_since=None, steps_down_on=None, warned_on=None)
    await _bulk(fallen, below_floor_since=today, steps_down_on=today + timedelta(days=settings.grace_days))
    for row_id, tier, xp in due:
        await _step_or_warn(ctx, await TierMember.get(id=row_id), tier, xp, today)
    await (TierMember.filter(community_id=ctx.community.id, below_floor_since__isnull=False)
           .exclude(earned__in=list(floors) or ["-"])
           .update(below_floor_since=None, steps_down_on=None, warned_on=None))


async def _bulk(ids: list[int], **values) -> None:
    for start in range(0, len(ids), CHUNK):
        await TierMember.filter(id__in=ids[start:start + CHUNK]).update(**values)


async def _step_or_warn(ctx: JobContext, row: TierMember, tier: Tier, recent: int, today: date) -> None:
    settings: TiersSettings = settings_of(ctx)
    member = await Member.get(id=row.member_id)
    if today >= row.steps_down_on:
        lower = settings.tiers[settings.rank_of(tier.key) - 1]
        await set_earned(ctx, member, row, lower.key, "stepped_down")
        await ctx.send_direct(member, "tiers-stepped-down", old=tier.display_name(_lang(ctx, member)),
                              new=lower.display_name(_lang(ctx, member)))
        return
    row.warned_on = today
    await row.save(update_fields=["warned_on"])
    await ctx.send_direct(member, "tiers-floor-warning", tier=tier.display_name(_lang(ctx, member)),
                          need=tier.floor_xp - recent, days=tier.floor_days, date=row.steps_down_on.isoformat())


def _lang(ctx: JobContext, member: Member) -> str | None:
    return ctx.community_settings.locale or member.lang or ctx.locale
