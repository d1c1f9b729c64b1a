"""The organisers' views and changes of a running cohort: /camp stats (a funnel by day, who is
at risk, pods' health), /camp export (CSV), /camp excuse, /camp announce. Each change is
audited."""
from __future__ import annotations

import csv
import io
import re

from bot import Context, Document, UserError, join_lines, now

from plugins.camps import cohorts, enrolment, progress
from plugins.camps.admin_enrolment import current_enrolment
from plugins.camps.cohorts import ACTIVE, Place
from plugins.camps.models import DayDone, Enrolment, Pod, Review, Submission
from plugins.camps.once import send_once

_DAYS = re.compile(r"^\d{1,3}(-\d{1,3})?(,\d{1,3}(-\d{1,3})?)*$")


async def pick_cohort(ctx: Context, words: list[str]) -> tuple[Place, list[str]]:
    """The cohort named first, else the one that is running (or enrolling) now."""
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    every = [p for p in await cohorts.places(ctx.community, library) if p.phase() != "closed"]
    if words and (named := [p for p in every if p.cohort.name == words[0].lower()]):
        return named[0], words[1:]
    running = [p for p in every if p.phase() == "running"] or every
    if len(running) != 1:
        raise UserError("camps-which-cohort", cohorts=", ".join(p.cohort.name for p in every) or "-")
    return running[0], words


async def stats(ctx: Context, words: list[str]) -> None:
    place, _ = await pick_cohort(ctx, words)
    rows = await Enrolment.filter(cohort_id=place.cohort.id, state__in=ACTIVE).prefetch_related("member")
    done = await progress.days_done(place, [row.member_id for row in rows])
    today = min(max(place.day_number(), 0), place.camp.spec.days)
    active_today = sum(1 for row in rows if today in done.get(row.member_id, ()))
    funnel = " · ".join(f"{day}:{sum(1 for row in rows if day in done.get(row.member_id, ()))}"
                        for day in range(1, today + 1)) or "-"
    figures = await progress.homework_figures(place, [row.member_id for row in rows])
    risky = [row for row in rows if progress.standing(place, done.get(row.member_id, set()),
                                                      figures.get(row.member_id)).status != "on-track"
             or row.state == "auditing"]
    lines = [ctx.t("camps-stats-head", cohort=place.cohort.name, day=today, days=place.camp.spec.days),
             ctx.t("camps-stats-enrolled", enrolled=len(rows), today=active_today,
                   waiting=await Enrolment.filter(cohort_id=place.cohort.id, state="waiting").count(),
                   pending=await Enrolment.filter(cohort_id=place.cohort.id, state="pending").count()),
             ctx.t("camps-stats-funnel", funnel=funnel),
             ctx.t("camps-stats-at-risk", count=len(risky),
                   names=", ".join(sorted(row.member.display_name for row in risky)) or "-")]
    for pod in await Pod.filter(cohort_id=place.cohort.id, dissolved=False).order_by("number"):
        members = [row for row in rows if row.pod_id == pod.id]
        average = sum(len(done.get(r.member_id, ())) for r in members) / len(members) if members else 0
        lines.append(ctx.t("camps-stats-pod", number=pod.number, count=len(members), average=f"{average:.1f}",
                           risky=sum(1 for r in risky if r.pod_id == pod.id)))
    await ctx.reply(join_lines(lines))


async def export(ctx: Context, words: list[str]) -> None:
    place, _ = await pick_cohort(ctx, words)
    rows = await Enrolment.filter(cohort_id=place.cohort.id).exclude(state__in=("answering", "full")
                                                                    ).order_by("id").prefetch_related("member", "pod")
    sources: dict[tuple[int, int], set[str]] = {}
    for member_id, day, source in await DayDone.filter(cohort_id=place.cohort.id).values_list(
            "member_id", "day", "source"):
        sources.setdefault((member_id, day), set()).add(source)
    done = await progress.days_done(place)
    days = range(1, place.camp.spec.days + 1)
    table = [["member", "state", "pod", *(f"day {d}" for d in days), "days done"]]
    table += [[row.member.display_name, row.state, row.pod.number if row.pod else "",
               *("+".join(sorted(sources.get((row.member_id, d), ()))) for d in days),
               len(done.get(row.member_id, ()))] for row in rows]
    figures = await progress.homework_figures(place)
    scores = [["member", "homework tasks", "submitted", "accepted", "average score"]]
    scores += [[row.member.display_name, sum(1 for t in place.camp.spec.tasks if t.homework),
                figures[row.member_id].submitted if row.member_id in figures else 0,
                figures[row.member_id].accepted if row.member_id in figures else 0,
                _score(figures.get(row.member_id))] for row in rows]
    await ctx.reply(ctx.message("camps-export-days", document=_csv(table, f"{place.cohort.name}-days.csv"),
                                cohort=place.cohort.name))
    await ctx.reply(ctx.message("camps-export-scores", document=_csv(scores, f"{place.cohort.name}-scores.csv"),
                                cohort=place.cohort.name))
    await ctx.reply(ctx.message("camps-export-submissions", cohort=place.cohort.name,
                                document=_csv(await submission_rows(place), f"{place.cohort.name}-submissions.csv")))


async def submission_rows(place: Place) -> list[list]:
    """Every submission (each version): its status, lateness, settled score, and each review's
    scores by criterion, verdict and reviewer."""
    table = [["member", "day", "version", "state", "late", "score", "submitted at", "reviews"]]
    for row in await Submission.filter(cohort_id=place.cohort.id).order_by("member_id", "day", "version"
                                                                           ).prefetch_related("member"):
        reviews = await Review.filter(submission_id=row.id).order_by("id").prefetch_related("reviewer")
        table.append([row.member.display_name, row.day, row.version, row.state, "yes" if row.late else "",
                      "" if row.score is None else f"{row.score:.2f}", row.created_at.isoformat(timespec="minutes"),
                      "; ".join(f"{r.reviewer.display_name} ({r.kind}, {r.state}"
                                + (f", {r.verdict}" if r.verdict else "")
                                + "".join(f", {name} {score}" for name, score in r.scores.items()) + ")"
                                for r in reviews)])
    return table


def _score(figures) -> str:
    return f"{figures.average_score:.2f}" if figures is not None and figures.average_score is not None else ""


def _csv(rows: list[list], filename: str) -> Document:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return Document(("\ufeff" + out.getvalue()).encode("utf-8"), filename, "text/csv")  # BOM: Excel reads UTF-8


def day_numbers(text: str, days: int) -> list[int]:
    """'3', '3,5' or '2-4' as day numbers of the camp; ValueError otherwise."""
    if not _DAYS.match(text):
        raise ValueError(text)
    found: set[int] = set()
    for part in text.split(","):
        first, _, last = part.partition("-")
        found.update(range(int(first), int(last or first) + 1))
    if not found or min(found) < 1 or max(found) > days:
        raise ValueError(text)
    return sorted(found)


async def excuse(ctx: Context, words: list[str]) -> None:
    if len(words) < 2:
        raise UserError("camps-excuse-usage")
    member = await ctx.member_from(words[0])
    if member is None:
        raise UserError("camps-no-such-member", value=words[0])
    place, _ = await current_enrolment(ctx, member)
    try:
        days = day_numbers(words[1], place.camp.spec.days)
    except ValueError:
        raise UserError("camps-bad-days", value=words[1], days=place.camp.spec.days) from None
    reason = " ".join(words[2:])[:120]
    for day in days:
        await DayDone.get_or_create(cohort_id=place.cohort.id, member_id=member.id, day=day, source="excused",
                                    defaults={"reference": reason or None, "at": now()})
    listed = ", ".join(map(str, days))
    await enrolment.audit(place.cohort, ctx.member, member, "excuse", f"days {listed}: {reason}")
    await ctx.send_direct(member, "camps-excused", cohort=place.cohort.name, days=listed, reason=reason or "-")
    await ctx.reply("camps-excused-done", who=await ctx.mention(member), days=listed, cohort=place.cohort.name)


async def announce(ctx: Context, words: list[str]) -> None:
    place, rest = await pick_cohort(ctx, words)
    text = " ".join(rest).strip()
    if not text:
        raise UserError("camps-announce-usage")
    entry = await enrolment.audit(place.cohort, ctx.member, None, "announce", text)
    await ctx.post_in(place.cohort.chats, "camps-announcement", cohort=place.cohort.name, text=text)
    sent = 0
    for row in await Enrolment.filter(cohort_id=place.cohort.id, state__in=ACTIVE,
                                      direct_messages=True).prefetch_related("member"):
        sent += await send_once(ctx, place, row.member, f"announce:{entry.id}", lambda member=row.member: ctx.message(
            ctx.t_for(member, "camps-announcement", cohort=place.cohort.name, text=text)))
    await ctx.reply("camps-announced", cohort=place.cohort.name, count=sent)
