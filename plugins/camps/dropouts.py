"""The drop-out watch (no competitor has it): after each day of a cohort, members who missed
`warn_after` days in a row get a private nudge with the catch-up step; one more, and their
pod leader and mentor (mentors.py) are told, privately; `audit_after`, and they move to
auditing, off the board, until a day done brings them back. Then pods that drop-outs left
too small are merged into the others (pods.rebalance), unless the camp turns it off."""
from __future__ import annotations

from bot import JobContext, Member

from plugins.camps import mentors, pods, progress
from plugins.camps.enrolment import audit
from plugins.camps.cohorts import Place
from plugins.camps.models import Enrolment, Pod
from plugins.camps.once import claim, send_once


async def watch(ctx: JobContext, place: Place, claimed: set[str]) -> None:
    """Look at each finished day once, in order (a restart catches up on the days it missed)."""
    last_finished = min(place.day_number() - 1, place.camp.spec.days)
    for day in range(1, last_finished + 1):
        if f"watch:{day}" not in claimed and await claim(place, f"watch:{day}"):
            await _after_day(ctx, place, day)
            if place.camp.spec.pods.rebalance and place.phase() == "running":
                await rebalance_and_audit(ctx, place, None)


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
    """The pod's leader and its mentor (or the cohort's mentors, or its organisers), privately."""
    pod = await Pod.get_or_none(id=row.pod_id) if row.pod_id else None
    if pod is not None and pod.leader_id is not None and pod.leader_id != row.member_id:
        leader = await Member.get(id=pod.leader_id)
        await send_once(ctx, place, leader, f"leader:{row.member_id}:{day}", lambda: ctx.message(ctx.t_for(
            leader, "camps-tell-leader", who=row.member.display_name, missed=missed, number=pod.number)))
    for mentor in await mentors.to_tell(place, pod):
        if mentor.id == row.member_id:
            continue
        await send_once(ctx, place, mentor, f"mentor:{row.member_id}:{day}", lambda mentor=mentor: ctx.message(
            ctx.t_for(mentor, "camps-tell-mentor", who=row.member.display_name, missed=missed,
                      number=pod.number if pod else "-", cohort=place.cohort.name)))


async def rebalance_and_audit(ctx, place: Place, actor: Member | None) -> list[tuple[Member, int, int]]:
    moves = await pods.rebalance(ctx, place)
    for member, old, new in moves:
        await audit(place.cohort, actor, member, "rebalance", f"pod {old} to pod {new}")
    return moves


