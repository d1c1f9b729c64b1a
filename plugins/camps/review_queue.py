"""Who reviews a submission (作业点评), as the camp's `[review] mode` says:

* mentors: a submission waits in the cohort's queue until a mentor takes it with /review; it is
  held by that mentor alone (a conditional update: two mentors never hold one at once);
* peers: `peers` members of other pods who submitted the same task review it, assigned as
  soon as there are such members (each new submission may fill earlier ones' places);
* both: peers first; when they split (verdicts differ, or average scores more than one point
  apart) the submission goes to the mentors' queue to be settled.

Nobody reviews their own work. Late reviewers are nudged after `nudge_after` hours and their
review goes to someone else after `reassign_after` (deadlines.py)."""
from __future__ import annotations

from collections import Counter

from bot import Member, PluginContext, now

from plugins.camps.cohorts import Place
from plugins.camps.models import Enrolment, Mentor, Review, Submission

WAITING_FOR_MENTOR = ("submitted", "split")


async def is_mentor(ctx: PluginContext, place: Place, member: Member) -> bool:
    """A mentor of the cohort (/camp mentor), or a holder of the camp's mentor role."""
    if await Mentor.exists(cohort_id=place.cohort.id, member_id=member.id):
        return True
    role = place.camp.spec.review.mentor_role
    if role and await ctx.roles.holds(member, role):
        await Mentor.get_or_create(cohort_id=place.cohort.id, member_id=member.id, defaults={"at": now()})
        return True
    return False


def peers_review(place: Place) -> bool:
    return place.camp.spec.review.mode in ("peers", "both")


async def open_review_of(place: Place, reviewer: Member) -> Review | None:
    """The reviewer's oldest open review in this cohort (what /review shows first)."""
    return await Review.filter(reviewer_id=reviewer.id, state="open", submission__cohort_id=place.cohort.id
                               ).order_by("assigned_at", "id").first()


async def take_for_mentor(place: Place, mentor: Member) -> Review | None:
    """The oldest submission waiting for a mentor, now held by this one (never someone's own)."""
    waiting = await Submission.filter(cohort_id=place.cohort.id, state__in=_mentor_states(place),
                                      holder_id__isnull=True).exclude(member_id=mentor.id).order_by("created_at", "id")
    for submission in waiting:
        if await Submission.filter(id=submission.id, holder_id__isnull=True).update(holder_id=mentor.id):
            await Submission.filter(id=submission.id).update(state="in-review")
            review, _ = await Review.get_or_create(submission_id=submission.id, reviewer_id=mentor.id,
                                                   defaults={"kind": "mentor", "assigned_at": now()})
            if review.state != "open":
                review.state, review.assigned_at, review.nudged_at = "open", now(), None
                await review.save(update_fields=["state", "assigned_at", "nudged_at"])
            return review
    return None


def _mentor_states(place: Place) -> tuple[str, ...]:
    return WAITING_FOR_MENTOR if place.camp.spec.review.mode != "peers" else ("split",)


async def assign_peers(ctx: PluginContext, place: Place, day: int) -> list[Review]:
    """Give every latest submission of the day the peer reviewers it still lacks: members of
    other pods who submitted the same task, those with the fewest open reviews first."""
    if not peers_review(place):
        return []
    wanted = place.camp.spec.review.peers
    latest = await _latest_of_day(place, day)
    pods = dict(await Enrolment.filter(cohort_id=place.cohort.id).values_list("member_id", "pod_id"))
    load = Counter(await Review.filter(state="open", submission__cohort_id=place.cohort.id)
                   .values_list("reviewer_id", flat=True))
    made = []
    for submission in latest:
        if submission.state not in ("submitted", "in-review"):
            continue
        reviews = await Review.filter(submission_id=submission.id)
        asked = {review.reviewer_id for review in reviews}  # a reviewer who let one lapse is not asked again
        peers_on_it = sum(1 for review in reviews if review.kind == "peer" and review.state != "reassigned")
        peers = [s.member_id for s in latest if s.member_id != submission.member_id and s.member_id not in asked
                 and (pods.get(s.member_id) is None or pods.get(s.member_id) != pods.get(submission.member_id))]
        for reviewer in sorted(peers, key=lambda member_id: (load[member_id], member_id))[:wanted - peers_on_it]:
            review = await Review.create(submission_id=submission.id, reviewer_id=reviewer, kind="peer",
                                         assigned_at=now())
            load[reviewer] += 1
            made.append(review)
        if made and submission.state == "submitted":
            submission.state = "in-review"
            await submission.save(update_fields=["state"])
    for review in made:
        reviewer = await Member.get(id=review.reviewer_id)
        await ctx.send_direct(reviewer, "camps-review-assigned", cohort=place.cohort.name, day=day)
    return made


async def _latest_of_day(place: Place, day: int) -> list[Submission]:
    rows = await Submission.filter(cohort_id=place.cohort.id, day=day).exclude(state="superseded").order_by("id")
    return rows
