"""The drop-out watch (no competitor has it): after each day of a cohort, members who missed
`warn_after` days in a row get a private nudge with the catch-up step; one more, and their
pod leader is told; `audit_after`, and they move to auditing, off the board, until a day
done brings them back."""
from __future__ import annotations

from bot import JobContext, Member

from plugins.camps import progress
from plugins.camps.cohorts import Place
from plugins.camps.models import Enrolment, Pod
from plugins.camps.once import claim, send_once


async def watch(ctx: JobContext, place: Place, claimed: set[str]) -> None:
    """Look at each finished day once, in order (a restart catches up on the days it missed)."""
    last_finished = min(place.day_number() - 1, place.camp.spec.days)
    for day in range(1, last_finished + 1):
        if f"watch:{day}" not in claimed and await claim(place, f"watch:{day}"):
            await _after_day(ctx, place, day)


def missed_in_a_row(done: set[int], day: int, since: int) -> int:
    """How many days up to `day` (back to `since`) were missed in a row."""
    count = 0
    while day >= since and day not in done:
        count, day = count + 1, day - 1
    return count


async def _after_day(ctx: JobContext, place: Place, day: int) -> None:
    rules = place.camp.spec.dropouts
    rows = await Enrolment.filter(cohort_id=place.cohort.id, state="enrolled").prefetch_related("member")
    done = await progress.days_done(place, [row.member_id for row in rows])
    for row in rows:
        since = max(1, place.day_number(row.enrolled_at.astimezone(place.zone).date()) if row.enrolled_at else 1)
        missed = missed_in_a_row(done.get(row.member_id, set()), day, since)
        if missed == rules.warn_after:
            await _nudge(ctx, place, row, day, missed)
        elif missed == rules.warn_after + 1:
            await _tell_leader(ctx, place, row, day, missed)
        if missed >= rules.audit_after:
            row.state = "auditing"
            await row.save(update_fields=["state"])
            await send_once(ctx, place, row.member, f"auditing:{day}",
                            lambda: ctx.message(ctx.t_for(row.member, "camps-auditing", cohort=place.cohort.name,
                                                          missed=missed)))


async def _nudge(ctx: JobContext, place: Place, row: Enrolment, day: int, missed: int) -> None:
    catch_up = place.camp.spec.task(day - missed + 1)
    title = catch_up.title if catch_up else "-"
    await send_once(ctx, place, row.member, f"nudge:{day}", lambda: ctx.message(ctx.t_for(
        row.member, "camps-nudge", missed=missed, cohort=place.cohort.name, day=day - missed + 1, title=title)))


async def _tell_leader(ctx: JobContext, place: Place, row: Enrolment, day: int, missed: int) -> None:
    pod = await Pod.get_or_none(id=row.pod_id) if row.pod_id else None
    if pod is None or pod.leader_id is None or pod.leader_id == row.member_id:
        return
    leader = await Member.get(id=pod.leader_id)
    await send_once(ctx, place, leader, f"leader:{row.member_id}:{day}", lambda: ctx.message(ctx.t_for(
        leader, "camps-tell-leader", who=row.member.display_name, missed=missed, number=pod.number)))


