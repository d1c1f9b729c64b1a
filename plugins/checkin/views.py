"""What members look at: /streak, /why, /calendar, /rank and /checkin_rules."""
from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Literal

from bot import Context, Image, Member, UserError, join_lines

from plugins.checkin import keeper, leaderboard
from plugins.checkin.calendar_image import Status, font_advice, render_calendar
from plugins.checkin.settings import CheckinSettings
from plugins.checkin.explain import explain
from plugins.checkin.models import AuditEntry, DayDecisionRow, Leave
from plugins.checkin.month import last_day, month_of
from plugins.checkin.plugin import plugin
from plugins.checkin.rows import decision_of, decisions_between
from plugins.checkin.streaks import Outcome, Preset, next_milestone
from plugins.checkin.subject import Subject, load_subject

ONE_DAY = timedelta(days=1)
WHY_DAYS = 7
GLANCE = {
    Outcome.CHECKED: "✅", Outcome.ADMIN_ADDED: "✅", Outcome.MADE_UP: "🔁", Outcome.FROZEN: "❄️",
    Outcome.REPAIRED: "🩹", Outcome.LEAVE: "🏖", Outcome.REST: "💤", Outcome.MISSED: "❌",
}
CALENDAR_STATUS = {
    Outcome.CHECKED: Status.CHECKED, Outcome.ADMIN_ADDED: Status.CHECKED, Outcome.MADE_UP: Status.MADE_UP,
    Outcome.FROZEN: Status.FROZEN, Outcome.REPAIRED: Status.FROZEN, Outcome.LEAVE: Status.LEAVE,
    Outcome.REST: Status.REST, Outcome.MISSED: Status.MISSED,
}


async def _settled_subject(ctx: Context, member: Member) -> tuple[Subject, keeper.Change]:
    subject, _ = await load_subject(ctx, member)
    return subject, await keeper.settle(subject)


@plugin.command("streak")
async def streak(ctx: Context, who: Member | None = None) -> None:
    member = who or ctx.member
    subject, change = await _settled_subject(ctx, member)
    row, today = change.row, subject.today
    first = today.replace(day=1)
    outcomes = {d.day: d.outcome for d in await decisions_between(member.id, first, today)}
    glance = "".join(GLANCE.get(outcomes.get(first + timedelta(days=i)), "⬜") for i in range((today - first).days + 1))
    upcoming = next_milestone(row.current, subject.rules)
    await ctx.reply("checkin-streak", who=await ctx.mention(member), current=row.current, longest=row.longest,
                    total=row.total_days, cards=row.cards, freezes=row.freezes, glance=glance,
                    next=upcoming or 0, month=first.strftime("%Y-%m"))


@plugin.command("why")
async def why(ctx: Context, day: date | None = None) -> None:
    subject, change = await _settled_subject(ctx, ctx.member)
    last = min(day or change.row.settled_through, change.row.settled_through)
    decisions = await decisions_between(ctx.member.id, last - timedelta(days=WHY_DAYS - 1), last)
    if not decisions:
        raise UserError("checkin-why-nothing")
    audits = {a.day: a for a in await AuditEntry.filter(member_id=ctx.member.id, day__gte=decisions[0].day,
                                                         day__lte=last).order_by("at", "id")}
    lines = [ctx.t("checkin-why-title", who=await ctx.mention(ctx.member))]
    lines += [explain(ctx, subject, d, audits.get(d.day)) for d in decisions]
    await ctx.reply(join_lines(lines))


# --- the month calendar --------------------------------------------------------------------

async def _calendar_statuses(member_id: int, first: date, today: date) -> dict[date, str]:
    last = last_day(first)
    statuses = {d: Status.FUTURE.value for d in (first + timedelta(days=i) for i in range(last.day)) if d > today}
    for day in await Leave.filter(member_id=member_id, day__gte=first, day__lte=last).values_list("day", flat=True):
        statuses[day] = Status.LEAVE.value
    rows = await DayDecisionRow.filter(member_id=member_id, day__gte=first, day__lte=last)
    for decision in map(decision_of, rows):
        statuses[decision.day] = CALENDAR_STATUS[decision.outcome].value
    return statuses


def calendar_title(text, first: date, name: str) -> str:
    # The year goes in as text: a number would be grouped by locale ("2,026").
    return text("checkin-calendar-title", year=str(first.year), month=first.month, name=name)


@plugin.command("calendar")
async def calendar(ctx: Context, month: str = "") -> None:
    subject, _ = await _settled_subject(ctx, ctx.member)
    first = month_of(month, subject.today)
    statuses = await _calendar_statuses(ctx.member.id, first, subject.today)
    title = calendar_title(ctx.text, first, ctx.member.display_name)
    weekdays = ctx.text("checkin-calendar-weekdays").split()
    legend = {s.value: ctx.text(f"checkin-calendar-{s.value.replace('_', '-')}")
              for s in Status if s not in (Status.NONE, Status.FUTURE)}
    png = await asyncio.to_thread(render_calendar, first.year, first.month, statuses, title=title,
                                  weekday_names=weekdays, legend=legend, today=subject.today,
                                  font_path=subject.settings.calendar_font)
    await ctx.reply("checkin-calendar-caption", month=first.strftime("%Y-%m"),
                    images=[Image(png, f"calendar-{first.strftime('%Y-%m')}.png")])


@plugin.button("calendar")
async def calendar_button(ctx: Context) -> None:
    await ctx.answer()
    await calendar(ctx)


# --- leaderboard ---------------------------------------------------------------------------

@plugin.command("rank")
async def rank(ctx: Context, period: Literal["week", "month", "all"] = "all",
               metric: Literal["streak", "total", "points"] = "streak") -> None:
    today = ctx.today()
    standings = await leaderboard.top(ctx.community.id, period, metric, today)
    names = {m.id: m.display_name for m in await Member.filter(id__in=[s.member_id for s in standings])}
    lines = [ctx.t(f"checkin-rank-title-{metric}", period=ctx.text(f"checkin-period-{period}"))]
    if not standings:
        lines.append(ctx.t("checkin-rank-empty"))
    for s in standings:
        lines.append(ctx.t(f"checkin-rank-line-{metric}", rank=s.rank, name=names.get(s.member_id, "?"),
                           value=s.value))
    own = await leaderboard.position(ctx.community.id, ctx.member.id, period, metric, today)
    lines.append(ctx.t(f"checkin-rank-you-{metric}", rank=own.rank, value=own.value) if own
                 else ctx.t("checkin-rank-you-none"))
    await ctx.reply(join_lines(lines))


@plugin.button("rank")
async def rank_button(ctx: Context) -> None:
    await ctx.answer()
    await rank(ctx)


# --- the rules -----------------------------------------------------------------------------

@plugin.command("checkin_rules")
async def checkin_rules(ctx: Context) -> None:
    settings = ctx.settings
    lines = [ctx.t(f"checkin-rules-{settings.preset.value}", every=settings.repair_every_days,
                   rest=", ".join(ctx.text(f"checkin-weekday-{d}") for d in settings.rest_days),
                   start=settings.window_start, end=settings.window_end)]
    lines.append(ctx.t("checkin-rules-day", hour=ctx.community_settings.day_start_hour, zone=ctx.community.timezone)
                 if settings.preset is not Preset.WINDOW else ctx.t("checkin-rules-window-day"))
    lines.append(ctx.t("checkin-rules-points", points=settings.points, keywords=" / ".join(settings.keywords)))
    lines.append(ctx.t("checkin-rules-makeup", days=settings.makeup_window_days, every=settings.card_every,
                       max=settings.max_cards))
    if settings.freezes:
        lines.append(ctx.t("checkin-rules-freezes", every=settings.freeze_every, max=settings.max_freezes))
    lines.append(ctx.t("checkin-rules-leave", days=settings.leave_days_per_month))
    lines.append(ctx.t("checkin-rules-milestones", list=", ".join(map(str, settings.milestones)),
                       bonus=settings.milestone_points))
    if settings.proof.required:
        lines.append(ctx.t("checkin-rules-proof", chars=settings.proof.min_note_chars))
    await ctx.reply(join_lines(lines))


@plugin.check
def calendar_font(settings: CheckinSettings) -> list[tuple[str, str]]:
    advice = font_advice(settings.calendar_font)
    return [("calendar_font", advice)] if advice else []
