"""The card a reviewer works on: the task, the work (its words, link and first files), the rubric
with the scores given so far, a row of score buttons per criterion, and accept / ask for changes.
A comment is added with /comment."""
from __future__ import annotations

from bot import Button, Document, Image, Member, Message, PluginContext, join_lines

from plugins.camps.camp_file import Criterion
from plugins.camps.cohorts import Place
from plugins.camps.models import Review, Submission, SubmissionFile
from plugins.camps.review_outcome import rubric


async def card(ctx: PluginContext, place: Place, review: Review) -> Message:
    submission = await Submission.get(id=review.submission_id)
    author = await Member.get(id=submission.member_id)
    task = place.camp.spec.task(submission.day)
    lines = [ctx.t("camps-review-card", day=submission.day, title=task.title if task else "-",
                   who=author.display_name, version=submission.version, cohort=place.cohort.name)]
    if submission.late:
        lines.append(ctx.t("camps-review-card-late"))
    if submission.text:
        lines.append(ctx.t("camps-review-card-text", text=submission.text[:1500]))
    criteria = rubric(place, submission.day)
    lines += [ctx.t("camps-review-card-score", criterion=criterion.name, max=criterion.max,
                    score=str(review.scores.get(criterion.name, "—"))) for criterion in criteria]
    if review.comment:
        lines.append(ctx.t("camps-reviewed-comment", comment=review.comment))
    lines.append(ctx.t("camps-review-card-how"))
    files = await SubmissionFile.filter(submission_id=submission.id).order_by("id")
    images = [Image(f.data, f.filename) for f in files if f.kind == "image"][:1]
    document = next((Document(f.data, f.filename) for f in files if f.kind != "image"), None)
    rows = [row for index, criterion in enumerate(criteria) for row in _score_rows(review, index, criterion)]
    rows.append([Button(ctx.text("camps-accept-button"), action="camps.verdict", args={"r": review.id, "v": "accept"},
                        only_for=review.reviewer_id),
                 Button(ctx.text("camps-changes-button"), action="camps.verdict",
                        args={"r": review.id, "v": "changes"}, only_for=review.reviewer_id)])
    return ctx.message(join_lines(lines), images=images, document=document, buttons=rows)


def _score_rows(review: Review, index: int, criterion: Criterion) -> list[list[Button]]:
    """Buttons 0 to the criterion's max (the first one named), in rows as even as they come."""
    buttons = [Button(("✓ " if review.scores.get(criterion.name) == score else "")
                      + (f"{criterion.name[:16]}: {score}" if score == 0 else str(score)),
                      action="camps.score", args={"r": review.id, "c": index, "s": score}, only_for=review.reviewer_id)
               for score in range(criterion.max + 1)]
    width = -(-len(buttons) // criterion.button_rows)
    return [buttons[start:start + width] for start in range(0, len(buttons), width)]
