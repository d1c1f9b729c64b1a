"""What members do: check in, make up a day, take leave, choose reminders and a time zone."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import Context, Rest, UserError, join_lines

from plugins.checkin import keeper, recorder, rewards, signals
from plugins.checkin.counters import month_start
from plugins.checkin.models import Checkin, Leave, MemberStreak
from plugins.checkin.plugin import plugin
from plugins.checkin.keeper import Change
from plugins.checkin.recorder import CheckinRequest, Refusal
from plugins.checkin.rows import decisions_between
from plugins.checkin.streaks import DayDecision, MakeupVerdict, is_rest_day
from plugins.checkin.subject import Subject, load_subject

ONE_DAY = timedelta(days=1)
NOTE_LIMIT = 500


def _photo_of(ctx: Context):
    return next((a for a in getattr(ctx.event, "attachments", ()) if a.kind == "image"), None)


def _proof_given(settings, note: str, has_photo: bool) -> bool:
    proof = settings.proof
    return not proof.required or len(note) >= proof.min_note_chars or (has_photo and proof.photo_counts)


def _refuse(subject: Subject, refusal: Refusal) -> None:
    if refusal is Refusal.OUTSIDE_WINDOW:
        window = subject.settings.window
        raise UserError("checkin-outside-window", start=window.start.strftime("%H:%M"),
                        end=window.end.strftime("%H:%M"))
    if refusal is Refusal.REST_DAY:
        raise UserError("checkin-rest-day")
    proof = subject.settings.proof
    raise UserError("checkin-proof-needed" if proof.photo_counts else "checkin-proof-needed-note",
                    chars=proof.min_note_chars)


@plugin.command("checkin", keywords=lambda cfg: cfg.keywords)
async def checkin(ctx: Context, note: Rest = "") -> None:
    note, photo = note.strip()[:NOTE_LIMIT], _photo_of(ctx)
    recorded = await recorder.record(CheckinRequest(
        ctx.member, ctx.community_settings, ctx.settings, ctx.ledger, ctx.event.platform, note=note or None,
        photo=(photo.filename or "photo")[:255] if photo else None, photo_size=photo.size if photo else None,
        proof_given=_proof_given(ctx.settings, note, photo is not None)))
    subject, change = recorded.subject, recorded.change
    if recorded.refused:
        _refuse(subject, recorded.refused)
    if change.existing is not None:
        await signals.checked_in(ctx, subject.member, change.existing, "checkin")
        await _say_already(ctx, subject, change.existing)
    await signals.checked_in(ctx, subject.member, change.checkin, "checkin")
    who = await ctx.mention(subject.member)
    lines = [ctx.t("checkin-done", who=who, count=recorded.count, streak=change.row.current,
                   longest=change.row.longest, points=change.points)]
    lines += await rewards.news(ctx, subject.member, change, who)
    buttons = [[ctx.button("checkin-button-calendar", "calendar", only_for=subject.member),
                ctx.button("checkin-button-rank", "rank")]]
    if lost := await _lost_day_a_card_can_win_back(subject, change):
        lines.append(ctx.t("checkin-streak-lost", streak=lost.streak_before, day=lost.day.strftime("%m-%d"),
                           cards=change.row.cards))
        buttons.append([ctx.button("checkin-button-makeup", "makeup", only_for=subject.member,
                                   day=lost.day.isoformat())])
    await ctx.reply(join_lines(lines), buttons=buttons)


async def _lost_day_a_card_can_win_back(subject: Subject, change: Change) -> DayDecision | None:
    """A streak that starts again today: the day it was lost on, if a make-up card could still cover it."""
    window = subject.settings.makeup_window_days
    if change.row.current != 1 or change.row.cards < 1 or window < 1:
        return None
    recent = await decisions_between(subject.member.id, subject.today - timedelta(days=window),
                                     subject.today - ONE_DAY)
    lost = [d for d in recent if d.streak_lost]
    return lost[-1] if lost else None


@plugin.button("checkin_now")
async def checkin_now(ctx: Context, day: str) -> None:
    """The reminder's button: a check-in for the day it reminded of, and for no other."""
    subject, _ = await load_subject(ctx, ctx.member)
    if subject.today.isoformat() != day:
        await ctx.answer("checkin-button-stale", alert=True, day=date.fromisoformat(day).strftime("%m-%d"))
        return
    await ctx.answer()
    await checkin(ctx)


async def _say_already(ctx: Context, subject: Subject, first: Checkin) -> None:
    at = subject.clock.local(first.at).strftime("%H:%M")
    if first.platform and first.platform != ctx.event.platform:
        raise UserError("checkin-already-elsewhere", private=True, time=at, platform=first.platform)
    raise UserError("checkin-already", private=True, time=at)


_REFUSALS = {
    MakeupVerdict.FUTURE: "checkin-makeup-future",
    MakeupVerdict.TODAY: "checkin-makeup-today",
    MakeupVerdict.BEFORE_JOIN: "checkin-makeup-before-join",
    MakeupVerdict.OUTSIDE_WINDOW: "checkin-makeup-outside-window",
    MakeupVerdict.ALREADY_COVERED: "checkin-makeup-covered",
    MakeupVerdict.NO_CARD: "checkin-makeup-no-card",
}


@plugin.command("makeup")
async def makeup(ctx: Context, day: date) -> None:
    subject, _ = await load_subject(ctx, ctx.member)
    verdict, change = await keeper.make_up(subject, day, ctx.event.platform)
    if change is None:
        raise UserError(_REFUSALS[verdict], day=day.strftime("%m-%d"), days=subject.settings.makeup_window_days)
    await rewards.pay(ctx, subject.member, change, reason="checkin-makeup")
    await signals.checked_in(ctx, subject.member, change.checkin, "checkin-makeup")
    who = await ctx.mention(subject.member)
    lines = [ctx.t("checkin-makeup-done", who=who, day=day.strftime("%m-%d"),
                   streak=change.row.current, cards=change.row.cards)]
    lines += await rewards.news(ctx, subject.member, change, who)
    await ctx.reply(join_lines(lines))


@plugin.button("makeup")
async def makeup_button(ctx: Context, day: str) -> None:
    await ctx.answer()
    await makeup(ctx, date.fromisoformat(day))


# --- leave ---------------------------------------------------------------------------------

@plugin.command("away")
async def away(ctx: Context, days: int, reason: Rest = "") -> None:
    subject, _ = await load_subject(ctx, ctx.member)
    cap = subject.settings.leave_days_per_month
    if days < 1 or days > max(cap, 1):
        raise UserError("checkin-away-bad-days", cap=cap)
    wanted = await _leave_days(subject, days)
    await _check_leave_cap(subject, wanted, cap)
    reason = reason.strip()[:200] or None
    for day in wanted:
        await Leave.get_or_create(member_id=subject.member.id, day=day,
                                  defaults={"community_id": ctx.community.id, "reason": reason})
    first, last = (wanted[0], wanted[-1]) if wanted else (subject.today, subject.today)
    await ctx.reply("checkin-away-done", who=await ctx.mention(subject.member), first=first.strftime("%m-%d"),
                    last=last.strftime("%m-%d"), days=len(wanted), reason=reason or "-")


async def _leave_days(subject: Subject, days: int) -> list[date]:
    """`days` days from today (tomorrow once today is checked in), rest days left out."""
    start = subject.today
    if await Checkin.exists(member_id=subject.member.id, day=start):
        start += ONE_DAY
    span = [start + timedelta(days=i) for i in range(days)]
    return [d for d in span if not is_rest_day(d, subject.rules)]


async def _check_leave_cap(subject: Subject, wanted: list[date], cap: int) -> None:
    for month in sorted({month_start(d) for d in wanted}):
        next_month = (month + timedelta(days=32)).replace(day=1)
        taken = set(await Leave.filter(member_id=subject.member.id, day__gte=month, day__lt=next_month)
                    .values_list("day", flat=True))
        new = {d for d in wanted if month_start(d) == month} - taken
        if len(taken) + len(new) > cap:
            raise UserError("checkin-away-cap", cap=cap, left=max(0, cap - len(taken)),
                            month=month.strftime("%Y-%m"))


# --- preferences ---------------------------------------------------------------------------

@plugin.command("remind")
async def remind(ctx: Context, mode: Literal["on", "off", "dm"]) -> None:
    await load_subject(ctx, ctx.member)
    await MemberStreak.filter(member_id=ctx.member.id).update(remind=mode)
    await ctx.reply(f"checkin-remind-{mode}")


@plugin.command("timezone")
async def timezone(ctx: Context, zone: str = "") -> None:
    subject, row = await load_subject(ctx, ctx.member)
    if not zone:
        await ctx.reply("checkin-timezone-show", zone=row.timezone or ctx.community.timezone)
        return
    if zone.lower() in ("reset", "off", "default"):
        chosen = None
    else:
        try:
            chosen = str(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
            raise UserError("checkin-timezone-bad", zone=zone) from None
    await MemberStreak.filter(member_id=ctx.member.id).update(timezone=chosen)
    await ctx.reply("checkin-timezone-set", zone=chosen or ctx.community.timezone)
