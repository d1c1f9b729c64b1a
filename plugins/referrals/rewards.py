"""Reward steps (任务宝 5 / 10 / 20): each granted once per member and campaign, whatever is
redelivered or run on two instances — the grant's unique row and the ledger's reference say so."""
from __future__ import annotations

from tortoise.exceptions import IntegrityError

from bot import Member, PluginContext, RewardGranted, now

from plugins.referrals.admin_queue import push_prize
from plugins.referrals.models import ReferralGrant
from plugins.referrals.progress import recognized_of, score_of
from plugins.referrals.settings import Step


async def grant_due(ctx: PluginContext, member: Member) -> list[Step]:
    """Give the member every step their score has reached and they do not have yet."""
    settings = ctx.settings
    score = await score_of(settings, member)
    granted = []
    for step in settings.steps:
        if step.at <= score and await _grant(ctx, member, step):
            granted.append(step)
    return granted


async def _grant(ctx: PluginContext, member: Member, step: Step) -> bool:
    campaign = ctx.settings.campaign
    try:
        async with ctx.ledger.transaction():
            grant = await ReferralGrant.create(community_id=member.community_id, member_id=member.id,
                                               campaign=campaign, step=step.at, at=now(), prize=step.prize)
            if step.points:
                await ctx.ledger.award(member, step.points, "referrals", f"referrals:{campaign}:{step.at}")
    except IntegrityError:
        return False  # granted already (a redelivery, another instance)
    reference = f"referrals:{member.id}:{campaign}:{step.at}"
    await ctx.publish(RewardGranted(member=member, source="referrals", step=f"{campaign}:{step.at}",
                                    makeup_cards=step.makeup_cards, tier=step.tier, tier_days=step.tier_days,
                                    reference=reference))
    if step.role:
        await ctx.roles.give(member, step.role)
    if step.prize:
        await push_prize(ctx, grant)
    await ctx.send_direct(member, "referrals-step-reached", count=step.at, points=step.points,
                          cards=step.makeup_cards, prize=step.prize or "none")
    return True


async def give_badges(ctx: PluginContext, member: Member) -> list[str]:
    """Recognition, not a perk (so Discord's too): each step's badge role, once its count is reached."""
    badged = [step for step in ctx.settings.steps if step.badge]
    if not badged:
        return []
    count = await recognized_of(ctx.settings, member)
    given = []
    for step in badged:
        if step.at <= count and not await ctx.roles.holds(member, step.badge):
            await ctx.roles.give(member, step.badge)
            given.append(step.badge)
    return given
