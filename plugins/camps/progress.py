"""Progress: which days a member has done by the camp's rule, and whether they are on track
to graduate. A check-in anywhere (the check-in plugin's Activity signal) marks the day; an
excuse counts as done; a homework submission adds its own source. Homework figures (submitted,
accepted, average score) count toward the graduation rule."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from bot import Activity, SignalContext, now

from plugins.camps import cohorts
from plugins.camps.cohorts import ACTIVE, Place
from plugins.camps.models import DayDone, Enrolment, Showcase, Submission
from plugins.camps.plugin import plugin

CHECKIN_KINDS = ("checkin", "checkin-makeup")


def counts(rule: str, sources: set[str]) -> bool:
    """Whether a day with these sources is done under the camp's `day_counts_by` rule."""
    if "excused" in sources:
        return True
    if rule == "both":
        return {"checkin", "homework"} <= sources
    if rule == "either":
        return bool(sources & {"checkin", "homework"})
    return rule in sources


async def days_done(place: Place, member_ids: list[int] | None = None) -> dict[int, set[int]]:
    """Each member's done days (numbers) in the cohort."""
    query = DayDone.filter(cohort_id=place.cohort.id)
    if member_ids is not None:
        query = query.filter(member_id__in=member_ids)
    sources: dict[tuple[int, int], set[str]] = defaultdict(set)
    for member_id, day, source in await query.values_list("member_id", "day", "source"):
        sources[(member_id, day)].add(source)
    rule = place.camp.spec.graduation.day_counts_by
    done: dict[int, set[int]] = defaultdict(set)
    for (member_id, day), found in sources.items():
        if counts(rule, found):
            done[member_id].add(day)
    return done


@dataclass(frozen=True)
class Standing:
    done: int
    elapsed: int  # days started so far (today included), at most the camp's length
    days: int
    needed: int  # days done the graduation rule asks for
    homework_tasks: int
    homework_needed: int
    homework_accepted: int = 0  # the homework-review issue fills these
    homework_submitted: int = 0
    average_score: float | None = None
    showcased: int = 0  # homework shown in the showcase
    showcases_needed: int = 0

    @property
    def days_left(self) -> int:
        return self.days - self.elapsed

    @property
    def status(self) -> str:
        """on-track, at-risk (behind the pace) or out-of-reach (the rule can no longer be met)."""
        if self.done + self.days_left + 1 < self.needed:
            return "out-of-reach"
        pace = math.ceil(self.needed * max(self.elapsed - 1, 0) / self.days) if self.days else 0
        return "on-track" if self.done >= pace else "at-risk"

    @property
    def still_needed(self) -> int:
        return max(self.needed - self.done, 0)


@dataclass(frozen=True)
class HomeworkFigures:
    submitted: int = 0  # tasks with a submission
    accepted: int = 0  # tasks whose latest version was accepted
    average_score: float | None = None  # of the settled latest versions
    showcased: int = 0  # shown in the showcase, with the author's consent


async def homework_figures(place: Place, member_ids: list[int] | None = None) -> dict[int, HomeworkFigures]:
    """Each member's homework: tasks submitted, accepted, the average settled score, and how
    many were shown in the showcase."""
    query = Submission.filter(cohort_id=place.cohort.id).exclude(state="superseded")
    shown = Showcase.filter(state="shown", submission__cohort_id=place.cohort.id)
    if member_ids is not None:
        query = query.filter(member_id__in=member_ids)
        shown = shown.filter(submission__member_id__in=member_ids)
    showcased = Counter(await shown.values_list("submission__member_id", flat=True))
    rows: dict[int, list[tuple[str, float | None]]] = defaultdict(list)
    for member_id, state, score in await query.values_list("member_id", "state", "score"):
        rows[member_id].append((state, score))
    figures = {}
    for member_id, found in rows.items():
        scores = [score for _, score in found if score is not None]
        figures[member_id] = HomeworkFigures(len(found), sum(1 for state, _ in found if state == "accepted"),
                                             sum(scores) / len(scores) if scores else None,
                                             showcased[member_id])
    return figures


def standing(place: Place, done: set[int], homework: HomeworkFigures | None = None) -> Standing:
    spec = place.camp.spec
    homework_tasks = sum(1 for task in spec.tasks if task.homework)
    homework = homework or HomeworkFigures()
    return Standing(done=len(done), elapsed=min(max(place.day_number(), 0), spec.days), days=spec.days,
                    needed=math.ceil(spec.graduation.days_done * spec.days - 1e-9),
                    homework_tasks=homework_tasks,
                    homework_needed=math.ceil(spec.graduation.homework_accepted * homework_tasks - 1e-9),
                    homework_accepted=homework.accepted, homework_submitted=homework.submitted,
                    average_score=homework.average_score, showcased=homework.showcased,
                    showcases_needed=spec.graduation.showcases)


@plugin.on(Activity)
async def count_checkin(ctx: SignalContext, activity: Activity) -> None:
    """A check-in marks the member's day in each running cohort they are in."""
    if activity.kind not in CHECKIN_KINDS:
        return
    rows = await Enrolment.filter(member_id=activity.member.id, state__in=ACTIVE,
                                  cohort__community_id=ctx.community.id)
    if not rows:
        return
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    for row in rows:
        place = await cohorts.place_of(ctx.community, library, row.cohort_id)
        if place is None:
            continue
        # A check-in counts for the cohort's day when it came; a make-up for the day it fills.
        day = place.day_number(activity.day if activity.kind == "checkin-makeup" else None)
        if not 1 <= day <= place.camp.spec.days:
            continue
        _, created = await DayDone.get_or_create(cohort_id=row.cohort_id, member_id=row.member_id, day=day,
                                                 source="checkin",
                                                 defaults={"reference": activity.reference, "at": now()})
        if created and row.state == "auditing":
            row.state = "enrolled"
            await row.save(update_fields=["state"])
            await ctx.send_direct(activity.member, "camps-back-from-auditing", cohort=place.cohort.name)
