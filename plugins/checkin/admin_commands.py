"""The organisers' commands: statistics, fixing a member's day, exporting check-ins."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from bot import Context, Document, Member, Permission, Rest, UserError, join_lines

from plugins.checkin import activity, keeper, leaderboard, rewards, signals
from plugins.checkin.csv_export import checkins_csv
from plugins.checkin.month import last_day, month_of
from plugins.checkin.plugin import plugin
from plugins.checkin.subject import load_subject

FIX_REFUSALS = {"future": "checkin-fix-future", "before_join": "checkin-fix-before-join",
                "already": "checkin-fix-already", "not_found": "checkin-fix-not-found"}


async def _names(ids) -> list[str]:
    return sorted(m.display_name for m in await Member.filter(id__in=list(ids)))


@plugin.command("checkin_stats", permission=Permission.ADMIN)
async def checkin_stats(ctx: Context) -> None:
    community_id, today, rules = ctx.community.id, ctx.today(), ctx.settings.rules
    counts = await activity.daily_counts(community_id, today, 7)
    active = await activity.active_ids(community_id, today)
    lines = [ctx.t("checkin-stats-today", checked=counts[-1], active=len(active)),
             ctx.t("checkin-stats-trend", trend=" · ".join(
                 f"{today - timedelta(days=len(counts) - 1 - i):%m-%d} {count}" for i, count in enumerate(counts)))]
    best = await leaderboard.top(community_id, "all", "streak", today, limit=3)
    names = {m.id: m.display_name for m in await Member.filter(id__in=[s.member_id for s in best])}
    lines.append(ctx.t("checkin-stats-longest", list=", ".join(f"{names.get(s.member_id, '?')} ({s.value})"
                                                               for s in best) or "-"))
    risky = await _names(await activity.at_risk(community_id, today, rules))
    lines.append(ctx.t("checkin-stats-at-risk", count=len(risky), list=", ".join(risky) or "-"))
    away = await _names(await activity.leave_ids(community_id, today))
    lines.append(ctx.t("checkin-stats-away", count=len(away), list=", ".join(away) or "-"))
    await ctx.reply(join_lines(lines))


@plugin.command("checkin_fix", permission=Permission.ADMIN)
async def checkin_fix(ctx: Context, who: Member, day: date, action: Literal["add", "remove"],
                      reason: Rest = "") -> None:
    subject, _ = await load_subject(ctx, who)
    reason = reason.strip()[:200] or None
    try:
        if action == "add":
            change = await keeper.admin_add(subject, day, reason, ctx.user_name, ctx.event.platform)
            await rewards.pay(ctx, who, change, reason="checkin")
            await signals.checked_in(ctx, who, change.checkin, "checkin")
        else:
            change = await keeper.admin_remove(subject, day, reason, ctx.user_name)
            if change.existing is not None and change.existing.points:
                await ctx.ledger.award(who, -change.existing.points, "checkin-revoke", f"checkin:{change.existing.id}")
            await rewards.pay(ctx, who, change, reason="checkin")
    except keeper.FixRefused as refused:
        raise UserError(FIX_REFUSALS[refused.reason], day=day.strftime("%m-%d")) from None
    await ctx.reply(f"checkin-fix-{action}-done", who=await ctx.mention(who), day=day.strftime("%m-%d"),
                    streak=change.row.current, longest=change.row.longest, reason=reason or "-")


@plugin.command("checkin_export", permission=Permission.ADMIN)
async def checkin_export(ctx: Context, month: str = "") -> None:
    first = month_of(month, ctx.today())
    data, rows = await checkins_csv(ctx.community.id, first, last_day(first), ctx.community_settings.timezone)
    name = f"checkins-{first.strftime('%Y-%m')}.csv"
    await ctx.reply("checkin-export-done", count=rows, month=first.strftime("%Y-%m"),
                    document=Document(data, name, "text/csv"))
