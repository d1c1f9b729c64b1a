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
    """The oldest submission waiting for a mentor, now held by this one (never someone's own).
    Looked at a few at a time: a queue of thousands is never read whole."""
    while True:
        waiting = await Submission.filter(cohort_id=place.cohort.id, state__in=_mentor_states(place),
                                          holder_id__isnull=True).exclude(member_id=mentor.id).order_by(
            "created_at", "id").limit(10).values_list("id", flat=True)
        if not waiting:
            return None
        for submission_id in waiting:
            if await Submission.filter(id=submission_id, holder_id__isnull=True).update(holder_id=mentor.id):
                return await _hold(submission_id, mentor)


async def _hold(submission_id: int, mentor: Member) -> Review:
    await Submission.filter(id=submission_id).update(state="in-review")
    review, _ = await Review.get_or_create(submission_id=submission_id, reviewer_id=mentor.id,
                                           defaults={"kind": "mentor", "assigned_at": now()})
    if review.state != "open":
        review.state, review.assigned_at, review.nudged_at = "open", now(), None
        await review.save(update_fields=["state", "assigned_at", "nudged_at"])
    return review


def _mentor_states(place: Place) -> tuple[str, ...]:
    return WAITING_FOR_MENTOR if place.camp.spec.review.mode != "peers" else ("split",)


async def assign_peers(ctx: PluginContext, place: Place, day: int) -> list[Review]:
    """Give every latest submission of the day the peer reviewers it still lacks: members of
    other pods who submitted the same task and hold fewer than `cap` open reviews, those with
    the fewest first. (A few queries whatever the cohort's size: it runs on every submission.)"""
    if not peers_review(place):
        return []
    wanted, cap = place.camp.spec.review.peers, place.camp.spec.review.cap
    latest = await Submission.filter(cohort_id=place.cohort.id, day=day).exclude(state="superseded").order_by(
        "id").values_list("id", "member_id", "state")
    asked: dict[int, set[int]] = {}
    peers_on: Counter = Counter()
    for submission_id, reviewer_id, kind, state in await Review.filter(
            submission__cohort_id=place.cohort.id, submission__day=day).values_list(
            "submission_id", "reviewer_id", "kind", "state"):
        asked.setdefault(submission_id, set()).add(reviewer_id)  # who let one lapse is not asked again
        peers_on[submission_id] += kind == "peer" and state != "reassigned"
    needy = [(sid, author) for sid, author, state in latest
             if state in ("submitted", "in-review") and peers_on[sid] < wanted]
    if not needy:
        return []
    pods = dict(await Enrolment.filter(cohort_id=place.cohort.id).values_list("member_id", "pod_id"))
    load = Counter(await Review.filter(state="open", kind="peer", submission__cohort_id=place.cohort.id)
                   .values_list("reviewer_id", flat=True))
    submitters = [author for _, author, _ in latest]
    made = []
    for submission_id, author in needy:
        mine = asked.get(submission_id, set())
        peers = [member for member in submitters if member != author and member not in mine and load[member] < cap
                 and (pods.get(member) is None or pods.get(member) != pods.get(author))]
        for reviewer in sorted(peers, key=lambda member: (load[member], member))[:wanted - peers_on[submission_id]]:
            made.append(Review(submission_id=submission_id, reviewer_id=reviewer, kind="peer", assigned_at=now()))
            load[reviewer] += 1
    if not made:
        return []
    await Review.bulk_create(made, ignore_conflicts=True)  # two submissions at once: one assignment each
    await Submission.filter(id__in={review.submission_id for review in made}, state="submitted").update(
        state="in-review")
    for reviewer_id in Counter(review.reviewer_id for review in made):
        reviewer = await Member.get(id=reviewer_id)
        await ctx.send_direct(reviewer, "camps-review-assigned", cohort=place.cohort.name, day=day)
    return made
