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

from tortoise.transactions import in_transaction

from bot import Member, PluginContext, insert_many, now, select_dicts, table_of

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
            async with in_transaction():  # one commit: held, in review, and the mentor's review
                if await Submission.filter(id=submission_id, holder_id__isnull=True).update(
                        holder_id=mentor.id, state="in-review"):
                    return await _hold(submission_id, mentor)


async def _hold(submission_id: int, mentor: Member) -> Review:
    review, _ = await Review.get_or_create(submission_id=submission_id, reviewer_id=mentor.id,
                                           defaults={"kind": "mentor", "assigned_at": now()})
    if review.state != "open":
        review.state, review.assigned_at, review.nudged_at = "open", now(), None
        await review.save(update_fields=["state", "assigned_at", "nudged_at"])
    return review


def _mentor_states(place: Place) -> tuple[str, ...]:
    return WAITING_FOR_MENTOR if place.camp.spec.review.mode != "peers" else ("split",)


async def assign_peers(ctx: PluginContext, place: Place, day: int) -> list[Review]:
    """`pick_peers`, then each new reviewer is told."""
    made = await pick_peers(place, day)
    await tell_reviewers(ctx, place, day, made)
    return made


async def pick_peers(place: Place, day: int) -> list[Review]:
    """Give every latest submission of the day the peer reviewers it still lacks: members of
    other pods who submitted the same task and hold fewer than `cap` open reviews, those with
    the fewest first. The database does the counting: one query finds the submissions still
    short of peers (usually just the new one), one per such submission picks its reviewers, so
    a submission costs the same with 20 or 2,000 before it."""
    if not peers_review(place):
        return []
    wanted, cap = place.camp.spec.review.peers, place.camp.spec.review.cap
    made = []
    for short in await _short_of_peers(place, day, wanted):
        picked = [dict(submission_id=short["id"], reviewer_id=reviewer, kind="peer", state="open", scores="{}",
                       assigned_at=now()) for reviewer in await _free_peers(place, day, short, cap,
                                                                              wanted - short["peers"])]
        # written at once, so the next pick sees these loads; two submissions at once: one
        # assignment each
        made += [Review(**row) for row in
                 await insert_many(Review, picked, skip_conflicts_on=("submission_id", "reviewer_id"),
                                   returning=("submission_id", "reviewer_id"))]
    if made:
        await Submission.filter(id__in={review.submission_id for review in made}, state="submitted").update(
            state="in-review")
    return made


async def tell_reviewers(ctx: PluginContext, place: Place, day: int, made: list[Review]) -> None:
    if not made:
        return
    for reviewer in await Member.filter(id__in={review.reviewer_id for review in made}).order_by("id"):
        await ctx.send_direct(reviewer, "camps-review-assigned", cohort=place.cohort.name, day=day)


_SUBMISSIONS, _REVIEWS, _ENROLMENTS = table_of(Submission), table_of(Review), table_of(Enrolment)
_PEERS_ON = (f"(SELECT COUNT(*) FROM {_REVIEWS} r WHERE r.submission_id = s.id AND r.kind = 'peer'"
             f" AND r.state <> 'reassigned')")
_SHORT_OF_PEERS = (
    f"SELECT s.id, s.member_id, e.pod_id, {_PEERS_ON} AS peers FROM {_SUBMISSIONS} s"
    f" LEFT JOIN {_ENROLMENTS} e ON e.cohort_id = s.cohort_id AND e.member_id = s.member_id"
    f" WHERE s.cohort_id = ? AND s.day = ? AND s.state IN ('submitted', 'in-review') AND {_PEERS_ON} < ?"
    f" ORDER BY s.id")
# Who may review a submission: the day's other submitters, outside the author's pod, not asked
# before for it (who let one lapse is not asked again), under the cap; the least loaded first.
_FREE_PEERS = (
    f"SELECT s.member_id, COALESCE(l.n, 0) AS load FROM {_SUBMISSIONS} s"
    f" LEFT JOIN {_ENROLMENTS} e ON e.cohort_id = s.cohort_id AND e.member_id = s.member_id"
    f" LEFT JOIN (SELECT r.reviewer_id, COUNT(*) AS n FROM {_REVIEWS} r JOIN {_SUBMISSIONS} rs"
    f" ON rs.id = r.submission_id WHERE rs.cohort_id = ? AND r.state = 'open' AND r.kind = 'peer'"
    f" GROUP BY r.reviewer_id) l ON l.reviewer_id = s.member_id"
    f" WHERE s.cohort_id = ? AND s.day = ? AND s.state <> 'superseded' AND s.member_id <> ?"
    f" AND (e.pod_id IS NULL OR e.pod_id <> ?) AND COALESCE(l.n, 0) < ?"
    f" AND NOT EXISTS (SELECT 1 FROM {_REVIEWS} a WHERE a.submission_id = ? AND a.reviewer_id = s.member_id)"
    f" ORDER BY load, s.member_id LIMIT ?")


async def _short_of_peers(place: Place, day: int, wanted: int) -> list[dict]:
    return await select_dicts(Submission, _SHORT_OF_PEERS, [place.cohort.id, day, wanted])


async def _free_peers(place: Place, day: int, short: dict, cap: int, how_many: int) -> list[int]:
    rows = await select_dicts(Submission, _FREE_PEERS, [
        place.cohort.id, place.cohort.id, day, short["member_id"], short["pod_id"] or -1, cap, short["id"], how_many])
    return [row["member_id"] for row in rows]
