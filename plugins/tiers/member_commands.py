"""What members ask: /tier (my tier, XP, next threshold, my activity against the floor), /tier why
(XP by source), /levels (the board)."""
from __future__ import annotations

from datetime import timedelta
from typing import Literal

from bot import Context, Member, join_lines

from plugins.tiers.settings import Tier, TiersSettings
from plugins.tiers.levels import level_of
from plugins.tiers.models import TierApproval, TierGrant, TierMember
from plugins.tiers.plugin import plugin
from plugins.tiers.requirements import missing
from plugins.tiers.standing import xp_basis
from plugins.tiers.xp import by_source, recent_xp, standing_of
from plugins.tiers.thresholds import settings_of

WHY_DAYS = 30
BOARD_SIZE = 10


@plugin.command("tier", private=True)
async def tier(ctx: Context, detail: Literal["why"] | None = None) -> None:
    if detail == "why":
        await _why(ctx, ctx.member)
        return
    settings: TiersSettings = settings_of(ctx)
    row = await standing_of(ctx.member)
    level = level_of(row.xp, settings.curve)
    shown = settings.tier(row.shown) or settings.tiers[0]
    lines = [ctx.t("tiers-status", tier=_name(ctx, shown), level=level.level, xp=row.xp,
                   into=level.into, needed=level.needed)]
    lines += await _next_step(ctx, row, settings)
    lines += await _floor_lines(ctx, row, settings)
    grant = await TierGrant.filter(member_id=ctx.member.id, ended=False).order_by("-ends_at").first()
    if grant:
        lines.append(ctx.t("tiers-granted-until", tier=_name(ctx, settings.tier(grant.tier)),
                           date=grant.ends_at.astimezone(ctx.community_settings.timezone).date().isoformat()))
    if shown.privileges:
        lines.append(ctx.t("tiers-privileges", list=", ".join(shown.privileges)))
    await ctx.reply(join_lines(lines), private=True)


async def _next_step(ctx: Context, row: TierMember, settings: TiersSettings) -> list:
    rank = settings.rank_of(row.earned)
    if rank + 1 >= len(settings.tiers):
        return [ctx.t("tiers-top")]
    nxt = settings.tiers[rank + 1]
    lines = [ctx.t("tiers-next", tier=_name(ctx, nxt), xp=nxt.xp, left=max(0, nxt.xp - xp_basis(settings, row)))]
    for requirement in await missing(ctx.member, nxt):
        if requirement.streak_days:
            lines.append(ctx.t("tiers-needs-streak", kind=requirement.kind, days=requirement.streak_days))
        else:
            lines.append(ctx.t("tiers-needs-count", kind=requirement.kind, count=requirement.count))
    if nxt.approval:
        waiting = await TierApproval.exists(member_id=ctx.member.id, tier=nxt.key, state="pending")
        lines.append(ctx.t("tiers-needs-approval-waiting" if waiting else "tiers-needs-approval"))
    return lines


async def _floor_lines(ctx: Context, row: TierMember, settings: TiersSettings) -> list:
    earned = settings.tier(row.earned)
    if earned is None or not earned.floor_xp or settings.rank_of(earned.key) == 0:
        return []
    recent = await recent_xp(ctx.member, ctx.today() - timedelta(days=earned.floor_days))
    lines = [ctx.t("tiers-floor", recent=recent, days=earned.floor_days, floor=earned.floor_xp,
                   tier=_name(ctx, earned))]
    if row.steps_down_on:
        lower = settings.tiers[settings.rank_of(earned.key) - 1]
        lines.append(ctx.t("tiers-steps-down-on", date=row.steps_down_on.isoformat(), tier=_name(ctx, lower)))
    return lines


async def _why(ctx: Context, member: Member) -> None:
    sources = await by_source(member, ctx.today() - timedelta(days=WHY_DAYS))
    lines = [ctx.t("tiers-why-title", days=WHY_DAYS)]
    lines += [ctx.t("tiers-why-line", source=source, xp=xp, times=times) for source, xp, times in sources]
    if not sources:
        lines.append(ctx.t("tiers-why-none"))
    await ctx.reply(join_lines(lines), private=True)


@plugin.command("levels")
async def levels(ctx: Context, period: Literal["season", "all"] = "all") -> None:
    settings: TiersSettings = settings_of(ctx)
    order = "-season_xp" if period == "season" else "-xp"
    rows = await (TierMember.filter(community_id=ctx.community.id, present=True).order_by(order, "member_id")
                  .limit(BOARD_SIZE))
    names = {m.id: m.display_name for m in await Member.filter(id__in=[r.member_id for r in rows])}
    lines = [ctx.t("tiers-board-title-season" if period == "season" else "tiers-board-title")]
    for place, row in enumerate(rows, 1):
        xp = row.season_xp if period == "season" else row.xp
        lines.append(ctx.t("tiers-board-line", place=place, name=names.get(row.member_id, "?"),
                           level=level_of(row.xp, settings.curve).level, xp=xp,
                           tier=_name(ctx, settings.tier(row.shown) or settings.tiers[0])))
    if not rows:
        lines.append(ctx.t("tiers-board-empty"))
    await ctx.reply(join_lines(lines))


def _name(ctx: Context, tier: Tier | None) -> str:
    return tier.display_name(ctx.locale) if tier else "-"
