"""Reviewers' commands: /review hands over the next submission (the oldest of my open reviews;
for a mentor, else the oldest waiting one, held by me alone), with the rubric and buttons to
score each criterion, accept or ask for changes; /comment adds my words to it. A stale button,
or a submission someone else finished, gets a clear private answer."""
from __future__ import annotations

from bot import Context, Rest, SentMessage, UserError

from plugins.camps import cohorts, deadlines, review_card, review_outcome, review_queue
from plugins.camps.cohorts import Place
from plugins.camps.models import Review, Submission
from plugins.camps.plugin import plugin


async def reviewing_place(ctx: Context) -> Place:
    """The cohort I review in: one where I have an open review, else one I mentor (running first)."""
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    every = [p for p in await cohorts.places(ctx.community, library) if p.phase() in ("running", "ended")]
    for place in every:
        if await review_queue.open_review_of(place, ctx.member):
            return place
    for place in every:
        if await review_queue.is_mentor(ctx, place, ctx.member):
            return place
    raise UserError("camps-review-nothing", private=True)


@plugin.command("review")
async def review(ctx: Context) -> None:
    place = await reviewing_place(ctx)
    mine = await review_queue.open_review_of(place, ctx.member)
    if mine is None and await review_queue.is_mentor(ctx, place, ctx.member):
        mine = await review_queue.take_for_mentor(place, ctx.member)
    if mine is None:
        raise UserError("camps-review-queue-empty", private=True, cohort=place.cohort.name)
    await ctx.reply(await review_card.card(ctx, place, mine), private=True)
    if await review_queue.is_mentor(ctx, place, ctx.member) and (late := await deadlines.late_reviewers(place)):
        await ctx.reply("camps-reviewers-late", private=True,
                        names=", ".join(f"{member.display_name} ({count})" for member, count in late))


@plugin.command("comment")
async def comment(ctx: Context, words: Rest) -> None:
    place = await reviewing_place(ctx)
    mine = await review_queue.open_review_of(place, ctx.member)
    if mine is None:
        raise UserError("camps-review-nothing", private=True)
    mine.comment = words.strip()[:1000]
    await mine.save(update_fields=["comment"])
    submission = await Submission.get(id=mine.submission_id)
    await ctx.reply("camps-comment-noted", private=True, day=submission.day)


async def _my_open_review(ctx: Context, review_id: int) -> tuple[Place, Review] | None:
    review = await Review.get_or_none(id=review_id, reviewer_id=ctx.member.id if ctx.member else -1, state="open",
                                      submission__cohort__community_id=ctx.community.id)
    if review is None:
        await ctx.answer("camps-review-stale", alert=True)
        return None
    submission = await Submission.get(id=review.submission_id)
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    place = await cohorts.place_of(ctx.community, library, submission.cohort_id)
    if place is None or submission.state not in ("submitted", "in-review", "split"):
        await ctx.answer("camps-review-stale", alert=True)
        return None
    return place, review


@plugin.button("score")
async def score(ctx: Context, r: int, c: int, s: int) -> None:
    found = await _my_open_review(ctx, r)
    if found is None:
        return
    place, review = found
    criteria = review_outcome.rubric(place, (await Submission.get(id=review.submission_id)).day)
    if not 0 <= c < len(criteria) or not 0 <= s <= criteria[c].max:
        await ctx.answer("camps-review-stale", alert=True)
        return
    review.scores = {**review.scores, criteria[c].name: s}
    await review.save(update_fields=["scores"])
    await ctx.answer("camps-scored", criterion=criteria[c].name, score=s, max=criteria[c].max)
    await ctx.edit(_pressed(ctx), await review_card.card(ctx, place, review))


@plugin.button("verdict")
async def verdict(ctx: Context, r: int, v: str) -> None:
    found = await _my_open_review(ctx, r)
    if found is None or v not in ("accept", "changes"):
        return
    place, review = found
    names = review_outcome.criteria(place, (await Submission.get(id=review.submission_id)).day)
    if any(name not in review.scores for name in names):
        await ctx.answer("camps-review-score-all", alert=True)
        return
    await review_outcome.finish(ctx, place, review, v)
    await ctx.answer(f"camps-review-sent-{v}")
    await ctx.edit(_pressed(ctx), ctx.message("camps-review-done", verdict=ctx.text(f"camps-verdict-{v}")))


def _pressed(ctx: Context) -> SentMessage:
    return SentMessage(ctx.event.platform, ctx.event.chat.chat_id, ctx.event.message_id)
