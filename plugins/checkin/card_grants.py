"""Make-up cards given by other plugins: a referral step, say, publishes `RewardGranted` with
`makeup_cards`, and the member holds that many more cards at once (see keeper.grant_cards)."""
from __future__ import annotations

from bot import RewardGranted, SignalContext

from plugins.checkin import keeper
from plugins.checkin.plugin import plugin
from plugins.checkin.subject import load_subject


@plugin.on(RewardGranted)
async def reward_granted(ctx: SignalContext, signal: RewardGranted) -> None:
    if signal.makeup_cards < 1:
        return
    subject, _ = await load_subject(ctx, signal.member)
    await keeper.grant_cards(subject, signal.makeup_cards, signal.reference[:128], signal.source)
