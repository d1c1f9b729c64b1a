"""Points for check-ins and milestones, and the good news that goes with a change."""
from __future__ import annotations

from bot.context import Context
from bot.messages import Mention, RichText
from bot.models import Member

from plugins.checkin.keeper import Change

MILESTONE_REASON = "checkin-milestone"


async def pay(ctx: Context, member: Member, change: Change, *, reason: str) -> None:
    """Award the change's points; references make a retried award count once."""
    ledger = ctx.runtime.ledger
    if change.checkin is not None and change.points:
        await ledger.award(member, change.points, reason, f"checkin:{change.checkin.id}")
    bonus_each = ctx.config.milestone_points
    for decision in change.milestones:
        if bonus_each:
            await ledger.award(member, bonus_each, MILESTONE_REASON,
                               f"{member.id}:{decision.day.isoformat()}:{decision.milestone}")


async def news(ctx: Context, member: Member, change: Change, who: Mention | None = None) -> list[RichText]:
    """`who`: the member's mention when the caller has it already."""
    lines = []
    if change.milestones and who is None:
        who = await ctx.mention(member)
    for decision in change.milestones:
        lines.append(ctx.t("checkin-milestone", who=who, days=decision.milestone, bonus=ctx.config.milestone_points))
    own_day = [d for d in change.decisions if change.checkin is not None and d.day == change.checkin.day]
    if any(d.card_earned for d in own_day):
        lines.append(ctx.t("checkin-card-earned", cards=change.row.cards))
    if any(d.freeze_earned for d in own_day):
        lines.append(ctx.t("checkin-freeze-earned", freezes=change.row.freezes))
    return lines
