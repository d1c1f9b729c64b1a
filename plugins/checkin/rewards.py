"""Points for check-ins and milestones, and the good news that goes with a change."""
from __future__ import annotations

from bot import Award, Context, Member, Mention, RichText

from plugins.checkin.keeper import Change

MILESTONE_REASON = "checkin-milestone"


def awards(member: Member, change: Change, *, reason: str, bonus_each: int) -> list[Award]:
    """The change's points; references make a retried award count once."""
    due = []
    if change.checkin is not None and change.points:
        due.append(Award(member, change.points, reason, f"checkin:{change.checkin.id}"))
    if bonus_each:
        due += [Award(member, bonus_each, MILESTONE_REASON, f"{member.id}:{d.day.isoformat()}:{d.milestone}")
                for d in change.milestones]
    return due


async def pay(ctx: Context, member: Member, change: Change, *, reason: str) -> None:
    await ctx.ledger.award_many(awards(member, change, reason=reason,
                                               bonus_each=ctx.settings.milestone_points))


async def news(ctx: Context, member: Member, change: Change, who: Mention | None = None) -> list[RichText]:
    """`who`: the member's mention when the caller has it already."""
    lines = []
    if change.milestones and who is None:
        who = await ctx.mention(member)
    for decision in change.milestones:
        lines.append(ctx.t("checkin-milestone", who=who, days=decision.milestone, bonus=ctx.settings.milestone_points))
    own_day = [d for d in change.decisions if change.checkin is not None and d.day == change.checkin.day]
    if any(d.card_earned for d in own_day):
        lines.append(ctx.t("checkin-card-earned", cards=change.row.cards))
    if any(d.freeze_earned for d in own_day):
        lines.append(ctx.t("checkin-freeze-earned", freezes=change.row.freezes))
    return lines
