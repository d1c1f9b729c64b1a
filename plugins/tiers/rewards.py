"""Tiers given as another plugin's reward: a referral step with a `tier` publishes `RewardGranted`,
and the member holds that tier for its days, as a grant (`/tier_grant`) would give it."""
from __future__ import annotations

import logging

from bot import RewardGranted, SignalContext

from plugins.tiers import grants
from plugins.tiers.models import TierGrant
from plugins.tiers.plugin import plugin
from plugins.tiers.thresholds import settings_of

log = logging.getLogger(__name__)


@plugin.on(RewardGranted)
async def reward_granted(ctx: SignalContext, signal: RewardGranted) -> None:
    if not signal.tier or signal.tier_days < 1:
        return
    tier = settings_of(ctx).tier(signal.tier.lower())
    if tier is None:
        log.warning("%s rewards tier %r, which community %s does not have", signal.source, signal.tier,
                    ctx.community.slug)
        return
    reason = f"{signal.source} {signal.step} {signal.reference}"[:200]
    if await TierGrant.exists(member_id=signal.member.id, reason=reason):
        return  # told again (a redelivery that the store did not catch)
    row = await grants.grant(ctx, signal.member, tier.key, signal.tier_days, reason, by=signal.source)
    locale = ctx.community_settings.locale or signal.member.lang
    await ctx.send_direct(signal.member, "tiers-grant-received", tier=tier.display_name(locale),
                          date=row.ends_at.astimezone(ctx.community_settings.timezone).date().isoformat())
