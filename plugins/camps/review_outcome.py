"""What a finished review does. A mentor's review settles the submission; peers' reviews settle
it once every assigned peer is done, unless they split (verdicts differ, or average scores more
than one point apart) where a mentor settles splits (mode "both"). Settled: accepted or changes
asked, with the average score. The learner is told privately: the scores by criterion, the
comments, the verdict and, when changes are asked, a button to send a new version. Each review
done publishes an Activity ("camps-review") so a tier plugin can reward reviewing, and accepted
homework one ("camps-homework-accepted") for its author, once per task."""
from __future__ import annotations

from statistics import mean

from bot import Activity, Member, PluginContext, join_lines, now

from plugins.camps.camp_file import Criterion
from plugins.camps.cohorts import Place
from plugins.camps.models import Review, Submission

SCALE = 3  # averages are on this scale, whatever each criterion's: 4 of 5 counts as 2.4
SPLIT = 1.0  # points (of SCALE) between peers' average scores that need a mentor
OVERALL = Criterion(name="overall")


def rubric(place: Place, day: int) -> list[Criterion]:
    task = place.camp.spec.task(day)
    return list(task.rubric) if task and task.rubric else [OVERALL]


def criteria(place: Place, day: int) -> list[str]:
    return [criterion.name for criterion in rubric(place, day)]


def average(review: Review, scales: dict[str, int]) -> float:
    """The review's mean score on the 0-SCALE scale (each criterion scaled from its own)."""
    scaled = [score * SCALE / scales.get(name, SCALE) for name, score in review.scores.items()]
    return mean(scaled) if scaled else 0.0


def scales_of(place: Place, day: int) -> dict[str, int]:
    return {criterion.name: criterion.max for criterion in rubric(place, day)}


async def finish(ctx: PluginContext, place: Place, review: Review, verdict: str) -> None:
    review.verdict, review.state, review.done_at = verdict, "done", now()
    await review.save(update_fields=["verdict", "state", "done_at"])
    reviewer = await Member.get(id=review.reviewer_id)
    await ctx.publish(Activity(member=reviewer, kind="camps-review", reference=f"camps-review:{review.id}"))
    submission = await Submission.get(id=review.submission_id)
    if review.kind == "mentor":
        await settle(ctx, place, submission, [review])
        return
    if await Review.exists(submission_id=submission.id, kind="peer", state="open"):
        return
    peers = await Review.filter(submission_id=submission.id, kind="peer", state="done").order_by("id")
    if place.camp.spec.review.mode == "both" and split(peers, scales_of(place, submission.day)):
        submission.state = "split"
        await submission.save(update_fields=["state"])
        return
    await settle(ctx, place, submission, peers)


def split(reviews: list[Review], scales: dict[str, int]) -> bool:
    verdicts = {review.verdict for review in reviews}
    scores = [average(review, scales) for review in reviews]
    return len(verdicts) > 1 or (len(scores) > 1 and max(scores) - min(scores) > SPLIT)


async def settle(ctx: PluginContext, place: Place, submission: Submission, reviews: list[Review]) -> None:
    accepts = sum(1 for review in reviews if review.verdict == "accept")
    accepted = accepts * 2 > len(reviews) if len(reviews) > 1 else accepts == 1
    submission.state = "accepted" if accepted else "changes"
    scales = scales_of(place, submission.day)
    submission.score = round(mean(average(review, scales) for review in reviews), 2)
    submission.holder_id, submission.settled_at = None, now()
    await submission.save(update_fields=["state", "score", "holder_id", "settled_at"])
    await tell_learner(ctx, place, submission, reviews)
    if accepted:  # once per task, whatever version is accepted (a tier plugin rewards it)
        author = await Member.get(id=submission.member_id)
        await ctx.publish(Activity(member=author, kind="camps-homework-accepted",
                                   reference=f"camps-homework-accepted:{place.cohort.id}:{author.id}:{submission.day}"))


async def tell_learner(ctx: PluginContext, place: Place, submission: Submission, reviews: list[Review]) -> None:
    learner = await Member.get(id=submission.member_id)
    task = place.camp.spec.task(submission.day)
    lines = [ctx.t_for(learner, "camps-reviewed", day=submission.day, title=task.title if task else "-",
                       version=submission.version, score=f"{submission.score:.1f}")]
    for criterion in rubric(place, submission.day):
        given = [review.scores[criterion.name] for review in reviews if criterion.name in review.scores]
        lines.append(ctx.t_for(learner, "camps-reviewed-criterion", criterion=criterion.name, max=criterion.max,
                               score=f"{mean(given):.1f}" if given else "-"))
    lines += [ctx.t_for(learner, "camps-reviewed-comment", comment=review.comment) for review in reviews
              if review.comment]
    lines.append(ctx.t_for(learner, f"camps-reviewed-{submission.state}"))
    buttons = []
    if submission.state == "changes":
        buttons = [[ctx.button("camps-resubmit-button", "resubmit", only_for=learner, c=place.cohort.id,
                               d=submission.day)]]
    await ctx.send_direct(learner, ctx.message(join_lines(lines), buttons=buttons))
