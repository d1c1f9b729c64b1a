"""The organisers' homework views (private, admins only): `/camp homework [cohort]`, per task:
submitted, late, in review, accepted, changes asked and the score distribution; and
`/camp reviewers [cohort]`, each reviewer's latency (median and p90 hours from assignment to a
finished review) and who is late now."""
from __future__ import annotations

from collections import Counter
from statistics import median, quantiles

from bot import Context, Member, join_lines

from plugins.camps import deadlines
from plugins.camps.admin_views import pick_cohort
from plugins.camps.models import Review, Submission


async def homework_stats(ctx: Context, words: list[str]) -> None:
    place, _ = await pick_cohort(ctx, words)
    lines = [ctx.t("camps-hw-stats-head", cohort=place.cohort.name)]
    for task in (t for t in place.camp.spec.tasks if t.homework):
        rows = await Submission.filter(cohort_id=place.cohort.id, day=task.day).exclude(state="superseded")
        states = Counter(row.state for row in rows)
        spread = Counter(round(row.score) for row in rows if row.score is not None)
        lines.append(ctx.t("camps-hw-stats-line", day=task.day, title=task.title, submitted=len(rows),
                           late=sum(1 for row in rows if row.late),
                           review=states["submitted"] + states["in-review"] + states["split"],
                           accepted=states["accepted"], changes=states["changes"],
                           scores=" ".join(f"{score}:{spread[score]}" for score in range(4)) if spread else "-"))
    await ctx.reply(join_lines(lines))


async def reviewer_stats(ctx: Context, words: list[str]) -> None:
    place, _ = await pick_cohort(ctx, words)
    hours: dict[int, list[float]] = {}
    for reviewer_id, assigned, done in await Review.filter(state="done", submission__cohort_id=place.cohort.id
                                                           ).values_list("reviewer_id", "assigned_at", "done_at"):
        hours.setdefault(reviewer_id, []).append((done - assigned).total_seconds() / 3600)
    names = {m.id: m.display_name for m in await Member.filter(id__in=list(hours))}
    lines = [ctx.t("camps-reviewers-head", cohort=place.cohort.name)]
    for reviewer_id, taken in sorted(hours.items(), key=lambda item: names[item[0]]):
        p90 = quantiles(taken, n=10)[-1] if len(taken) > 1 else taken[0]
        lines.append(ctx.t("camps-reviewers-line", who=names[reviewer_id], count=len(taken),
                           median=f"{median(taken):.1f}", p90=f"{p90:.1f}"))
    late = await deadlines.late_reviewers(place)
    lines.append(ctx.t("camps-reviewers-late", names=", ".join(f"{m.display_name} ({n})" for m, n in late) or "-"))
    await ctx.reply(join_lines(lines))
