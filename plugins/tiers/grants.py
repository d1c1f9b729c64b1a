"""Granted tiers (paid or honorary) with an end: reminded ahead, back to the earned tier after,
never kicked. `grant` is what a payment provider (Telegram Stars subscriptions) will call."""
from __future__ import annotations

from datetime import timedelta

from bot import JobContext, Member, PluginContext, now

from plugins.tiers.models import TierAudit, TierGrant
from plugins.tiers.standing import refresh_shown
from plugins.tiers.thresholds import settings_of


async def grant(ctx: PluginContext, member: Member, tier: str, days: int, reason: str, by: str) -> TierGrant:
    """Give `tier` for `days` from now, whatever the member earned; audited."""
    row = await TierGrant.create(community_id=member.community_id, member_id=member.id, tier=tier,
                                 ends_at=now() + timedelta(days=days), reason=reason[:200], granted_by=by[:200])
    await TierAudit.create(community_id=member.community_id, member_id=member.id, action="granted", new=tier,
                           amount=days, reason=reason[:200], by=by[:200], at=now())
    await refresh_shown(ctx, member)
    return row


async def revoke(ctx: PluginContext, member: Member, reason: str, by: str) -> int:
    """End every running grant of the member; how many ended."""
    ended = await TierGrant.filter(member_id=member.id, ended=False).update(ended=True)
    if ended:
        await TierAudit.create(community_id=member.community_id, member_id=member.id, action="revoked",
                               reason=reason[:200], by=by[:200], at=now())
        await refresh_shown(ctx, member)
    return ended


async def expire_and_remind(ctx: JobContext) -> None:
    community_id, moment = ctx.community.id, now()
    for row in await TierGrant.filter(community_id=community_id, ended=False, ends_at__lte=moment):
        row.ended = True
        await row.save(update_fields=["ended"])
        member = await Member.get(id=row.member_id)
        await TierAudit.create(community_id=community_id, member_id=member.id, action="expired", old=row.tier,
                               reason=row.reason, at=moment)
        await refresh_shown(ctx, member)
        await ctx.send_direct(member, "tiers-grant-ended", tier=_name(ctx, row.tier, member))
    soon = moment + timedelta(days=settings_of(ctx).grant_reminder_days)
    for row in await TierGrant.filter(community_id=community_id, ended=False, reminded=False, ends_at__lte=soon):
        row.reminded = True
        await row.save(update_fields=["reminded"])
        member = await Member.get(id=row.member_id)
        await ctx.send_direct(member, "tiers-grant-ending", tier=_name(ctx, row.tier, member),
                              date=row.ends_at.astimezone(ctx.community_settings.timezone).date().isoformat())


def _name(ctx: PluginContext, key: str, member: Member) -> str:
    tier = settings_of(ctx).tier(key)
    return tier.display_name(ctx.community_settings.locale or member.lang) if tier else key
