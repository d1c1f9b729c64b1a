"""Scheduled work per community: settling ended days, reminders, the organisers' digest."""
from __future__ import annotations

import logging
import math
from dataclasses import replace
from datetime import date, timedelta

from tortoise.expressions import Q

from bot import Button, JobContext, Member, RichText, join_lines, now, plain_text

from plugins.checkin import activity, keeper
from plugins.checkin.settings import daily_cron
from plugins.checkin.community_day import day_bounds
from plugins.checkin.models import Checkin, Leave, MemberStreak
from plugins.checkin.plugin import plugin
from plugins.checkin.streaks import Outcome, outcome_if_missed
from plugins.checkin.rows import state_of
from plugins.checkin.subject import Subject, subject_of

log = logging.getLogger(__name__)
ONE_DAY = timedelta(days=1)
MENTIONS_PER_MESSAGE = 20


async def _live_subjects(ctx: JobContext, only_unsettled: bool = False) -> list[tuple[Subject, MemberStreak]]:
    """Members still here with a running streak, settled through their last finished day.

    `only_unsettled` skips members already settled through the community's yesterday
    (members with a personal time zone are always looked at)."""
    query = MemberStreak.filter(community_id=ctx.community.id, present=True, current__gt=0)
    if only_unsettled:
        query = query.filter(Q(settled_through__lt=ctx.today() - ONE_DAY) | Q(timezone__isnull=False))
    rows = await query
    members = {m.id: m for m in await Member.filter(id__in=[r.member_id for r in rows])}
    subjects = [(subject_of(members[row.member_id], ctx.community_settings, ctx.settings, row), row)
                for row in rows if row.member_id in members]
    behind = [subject for subject, row in subjects if row.settled_through < subject.today - ONE_DAY]
    settled = {change.row.member_id: change.row for change in await keeper.settle_many(behind)}
    subjects = [(subject, settled.get(row.member_id, row)) for subject, row in subjects]
    return [(subject, row) for subject, row in subjects if row.current > 0]


@plugin.job("settle", cron="7 * * * *")
async def settle_ended_days(ctx: JobContext) -> None:
    """Hourly: streaks that ended are reset in time for /rank, reminders and the digest."""
    await _live_subjects(ctx, only_unsettled=True)


# --- reminders -----------------------------------------------------------------------------

def _needs_reminder(subject: Subject, row: MemberStreak) -> bool:
    today = subject.today
    return (row.remind != "off" and row.last_reminded != today and row.settled_through < today
            and outcome_if_missed(state_of(row), today, subject.rules) is not Outcome.REST)


@plugin.job("remind", cron=lambda cfg: daily_cron(cfg.remind_time))
async def remind(ctx: JobContext) -> None:
    in_group: list[tuple[Subject, MemberStreak]] = []
    for subject, row in await _live_subjects(ctx):
        if not _needs_reminder(subject, row) or await _on_leave(subject):
            continue
        await MemberStreak.filter(id=row.id).update(last_reminded=subject.today)
        if row.remind == "dm" and await _remind_directly(ctx, subject, row):
            continue
        in_group.append((subject, row))
    for start in range(0, len(in_group), MENTIONS_PER_MESSAGE):
        lines = [ctx.t("checkin-remind-group-title")]
        for subject, row in in_group[start:start + MENTIONS_PER_MESSAGE]:
            lines.append(ctx.t("checkin-remind-group-line", who=await ctx.mention(subject.member),
                               streak=row.current, hours=_hours_left(subject)))
        await ctx.post(join_lines(lines), buttons=[[_checkin_now(ctx, ctx.today())]])


def _checkin_now(ctx: JobContext, day: date, member: Member | None = None) -> Button:
    """"Check in now" for the day reminded of; with `member`, theirs alone, labelled in their language."""
    button = ctx.button("checkin-button-checkin-now", "checkin_now", only_for=member, day=day.isoformat())
    return replace(button, label=plain_text(ctx.t_for(member, "checkin-button-checkin-now"))) if member else button


async def _on_leave(subject: Subject) -> bool:
    return await Leave.exists(member_id=subject.member.id, day=subject.today)


def _hours_left(subject: Subject) -> int:
    seconds = (subject.clock.deadline(subject.today) - now()).total_seconds()
    return max(1, math.ceil(seconds / 3600))


async def _remind_directly(ctx: JobContext, subject: Subject, row: MemberStreak) -> bool:
    text = ctx.t_for(subject.member, "checkin-remind-dm-text", streak=row.current, hours=_hours_left(subject))
    sent = await ctx.send_direct(subject.member, text,
                                 buttons=[[_checkin_now(ctx, subject.today, subject.member)]])
    return sent is not None


# --- the organisers' digest ----------------------------------------------------------------

@plugin.job("digest", cron=lambda cfg: daily_cron(cfg.digest_time) if cfg.digest else None)
async def digest(ctx: JobContext) -> None:
    await _live_subjects(ctx)
    community_id, rules = ctx.community.id, ctx.settings.rules
    day = ctx.today() - ONE_DAY
    checked = await activity.checked_ids(community_id, day)
    active = await activity.active_ids(community_id, day)
    missed = await activity.missed_on(community_id, day, rules)
    late = await _made_up_during(ctx, day)
    rates = [await _rate(community_id, day - timedelta(days=back)) for back in range(6, -1, -1)]
    lines = [ctx.t("checkin-digest-title", day=day.strftime("%m-%d")),
             ctx.t("checkin-digest-counts", checked=len(checked), late=late, missed=len(missed), active=len(active)),
             ctx.t("checkin-digest-rate", rate=rates[-1], average=round(sum(rates) / len(rates)),
                   trend=" · ".join(f"{r}%" for r in rates))]
    opted_in = set(await MemberStreak.filter(member_id__in=list(missed), remind="on")
                   .values_list("member_id", flat=True))
    if opted_in:
        members = await Member.filter(id__in=list(opted_in)).order_by("display_name")
        lines.append(_mention_line(ctx, [await ctx.mention(m) for m in members]))
    await ctx.post(join_lines(lines))


def _mention_line(ctx: JobContext, mentions: list) -> RichText:
    segments: list = [*ctx.t("checkin-digest-missed-by")]
    for index, mention in enumerate(mentions):
        if index:
            segments.extend(ctx.t("checkin-list-separator"))
        segments.append(mention)
    return tuple(segments)


async def _made_up_during(ctx: JobContext, day) -> int:
    start, end = day_bounds(day, ctx.community_settings.timezone, ctx.community_settings.day_start_hour)
    return await Checkin.filter(community_id=ctx.community.id, kind="made_up", at__gte=start, at__lt=end).count()


async def _rate(community_id: int, day) -> int:
    active = await activity.active_ids(community_id, day)
    if not active:
        return 0
    return round(100 * len(await activity.checked_ids(community_id, day) & active) / len(active))
