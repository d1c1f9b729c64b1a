"""Deadlines for reviewers: an open review is nudged (once) after `nudge_after` hours, and after
`reassign_after` hours it goes to someone else: a peer's to another peer, a mentor's back to
the mentors' queue. Looked at by the calendar's tick."""
from __future__ import annotations

from datetime import timedelta

from bot import Member, PluginContext, now

from plugins.camps import review_queue
from plugins.camps.cohorts import Place
from plugins.camps.models import Review, Submission
from plugins.camps.once import send_once


async def watch(ctx: PluginContext, place: Place) -> None:
    rules = place.camp.spec.review
    moment = now()
    for review in await Review.filter(state="open", submission__cohort_id=place.cohort.id).order_by("id"):
        waited = moment - review.assigned_at
        if waited >= timedelta(hours=rules.reassign_after):
            await _reassign(ctx, place, review)
        elif waited >= timedelta(hours=rules.nudge_after) and review.nudged_at is None:
            await _nudge(ctx, place, review, int(waited.total_seconds() // 3600))


async def _nudge(ctx: PluginContext, place: Place, review: Review, hours: int) -> None:
    review.nudged_at = now()
    await review.save(update_fields=["nudged_at"])
    submission = await Submission.get(id=review.submission_id)
    reviewer = await Member.get(id=review.reviewer_id)
    await send_once(ctx, place, reviewer, f"review-nudge:{review.id}", lambda: ctx.message(ctx.t_for(
        reviewer, "camps-review-nudge", day=submission.day, cohort=place.cohort.name, hours=hours)))


async def _reassign(ctx: PluginContext, place: Place, review: Review) -> None:
    if not await Review.filter(id=review.id, state="open").update(state="reassigned"):
        return  # finished meanwhile
    submission = await Submission.get(id=review.submission_id)
    if review.kind == "mentor":
        await Submission.filter(id=submission.id, holder_id=review.reviewer_id).update(
            holder_id=None, state="split" if await Review.exists(submission_id=submission.id, kind="peer",
                                                                 state="done") else "submitted")
    reviewer = await Member.get(id=review.reviewer_id)
    await send_once(ctx, place, reviewer, f"review-reassigned:{review.id}", lambda: ctx.message(ctx.t_for(
        reviewer, "camps-review-reassigned", day=submission.day, cohort=place.cohort.name)))
    if review.kind == "peer":
        await review_queue.assign_peers(ctx, place, submission.day)


async def late_reviewers(place: Place) -> list[tuple[Member, int]]:
    """Reviewers with reviews open past `nudge_after`, and how many (for the mentors)."""
    limit = now() - timedelta(hours=place.camp.spec.review.nudge_after)
    counts: dict[int, int] = {}
    for reviewer_id in await Review.filter(state="open", submission__cohort_id=place.cohort.id,
                                           assigned_at__lt=limit).values_list("reviewer_id", flat=True):
        counts[reviewer_id] = counts.get(reviewer_id, 0) + 1
    members = {m.id: m for m in await Member.filter(id__in=list(counts))}
    return [(members[i], n) for i, n in sorted(counts.items())]
