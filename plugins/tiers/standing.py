"""A member's tier: earned by XP (and requirements, and an admin's approval for top tiers), lifted
by a grant, and every change published as `TierChanged`, audited and shown on each platform."""
from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from bot import Member, PluginContext, TierChanged, now

from plugins.tiers import display, first_tier
from plugins.tiers.settings import Tier, TiersSettings
from plugins.tiers.models import TierApproval, TierAudit, TierGrant, TierMember
from plugins.tiers.requirements import missing
from plugins.tiers.xp import recent_xp, standing_of
from plugins.tiers.thresholds import settings_of


def xp_basis(settings: TiersSettings, row: TierMember) -> int:
    """The XP tiers follow: this season's when seasons are on, else lifetime."""
    return row.season_xp if settings.seasons else row.xp


async def qualifies(ctx: PluginContext, member: Member, tier: Tier, row: TierMember) -> bool:
    """XP over the threshold, the requirements met, and active enough to keep it at once."""
    if xp_basis(settings_of(ctx), row) < tier.xp:
        return False
    if tier.floor_xp and await recent_xp(member, ctx.today() - timedelta(days=tier.floor_days)) < tier.floor_xp:
        return False
    return not await missing(member, tier)


async def review(ctx: PluginContext, member: Member) -> None:
    """Promote the member as far as they now qualify; never a step down (the floor sweep does that)."""
    row = await standing_of(member)
    settings: TiersSettings = settings_of(ctx)
    current = settings.rank_of(row.earned)
    for rank in range(len(settings.tiers) - 1, max(current, 0), -1):  # the lowest tier is everyone's
        tier = settings.tiers[rank]
        if not await qualifies(ctx, member, tier, row):
            continue
        if tier.approval and not await _approved(ctx, member, tier):
            continue
        await set_earned(ctx, member, row, tier.key, "promoted")
        return
    if row.earned is None and await granted_tier(ctx, member) is None:
        await first_tier.place(ctx, member, row)
    elif row.earned is None:
        await set_earned(ctx, member, row, settings.tiers[0].key, "promoted", quiet=True)


async def _approved(ctx: PluginContext, member: Member, tier: Tier) -> bool:
    """Approved before; else queued once for the admins, and the member told."""
    approval, created = await TierApproval.get_or_create(
        member_id=member.id, tier=tier.key, defaults={"community_id": member.community_id, "at": now()})
    if created:
        await ctx.send_direct(member, "tiers-approval-waiting", tier=tier.display_name(display.locale_of(ctx, member)))
    return approval.state == "approved"


async def set_earned(ctx: PluginContext, member: Member, row: TierMember, tier: str, action: str, *,
                     by: str | None = None, reason: str | None = None, quiet: bool = False) -> None:
    old = row.earned
    row.earned, row.tier_since = tier, ctx.today()
    row.below_floor_since = row.steps_down_on = row.warned_on = None
    async with in_transaction():  # the change and its audit, or neither
        await row.save(update_fields=["earned", "tier_since", "below_floor_since", "steps_down_on", "warned_on"])
        await TierAudit.create(community_id=member.community_id, member_id=member.id, action=action, old=old,
                               new=tier, reason=reason, by=by, at=now())
    changed = await refresh_shown(ctx, member, row)
    if changed and action == "promoted" and not quiet:
        await congratulate(ctx, member, settings_of(ctx).tier(tier))


async def granted_tier(ctx: PluginContext, member: Member) -> str | None:
    """The highest tier an unexpired grant gives the member."""
    keys = await TierGrant.filter(member_id=member.id, ended=False, ends_at__gt=now()).values_list("tier", flat=True)
    return max(keys, key=settings_of(ctx).rank_of, default=None)


async def refresh_shown(ctx: PluginContext, member: Member, row: TierMember | None = None) -> bool:
    """Put the member's tier in effect (earned, or a grant above it); publish and show a change."""
    row = row or await standing_of(member)
    settings: TiersSettings = settings_of(ctx)
    if row.earned is None:  # everyone starts in the lowest tier
        row.earned, row.tier_since = settings.tiers[0].key, ctx.today()
        await row.save(update_fields=["earned", "tier_since"])
    shown = max([row.earned, await granted_tier(ctx, member)], key=settings.rank_of)
    if shown == row.shown:
        return False
    old, row.shown = row.shown, shown
    never_shown, row.to_show = row.to_show, False  # placed, and still waiting for the background
    await row.save(update_fields=["shown", "to_show"])
    await ctx.publish(TierChanged(member=member, old=old, new=shown,
                                  reference=f"tier:{member.id}:{now().isoformat()}:{shown}"))
    if row.present:
        await display.show(ctx, member, None if never_shown else settings.tier(old), settings.tier(shown))
    if settings.rank_of(shown) > settings.rank_of(old):
        await display.invite_to_tier_chats(ctx, member, settings.tier(shown))
    return True


async def congratulate(ctx: PluginContext, member: Member, tier: Tier) -> None:
    how = settings_of(ctx).congratulate
    if how == "private":
        await ctx.send_direct(member, "tiers-promoted-private", tier=tier.display_name(display.locale_of(ctx, member)))
    elif how == "public":
        await ctx.post("tiers-promoted-public", who=await ctx.mention(member), tier=tier.display_name(ctx.locale))
