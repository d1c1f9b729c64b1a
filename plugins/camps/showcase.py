"""The showcase (优秀作业). After every `[showcase] every` days of a cohort, the highest-scored
accepted homework of those days (its latest versions, not shown before) is offered to the
mentors (else the organisers), privately, a button each. A mentor's pick asks the author's
consent with a button; nothing is shown before they agree. Then the work (its words, its first
image, its link) is posted in the cohort's chats and, if the camp names one, a community-wide
chat, and the author gets an Activity ("camps-showcased")."""
from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from bot import Activity, Button, Context, Image, JobContext, Member, join_lines, now, plain_text

from plugins.camps import cohorts, mentors, reactions
from plugins.camps.cohorts import Place
from plugins.camps.models import Showcase, Submission, SubmissionFile
from plugins.camps.once import claim, send_once
from plugins.camps.plugin import plugin


async def watch(ctx: JobContext, place: Place, claimed: set[str]) -> None:
    every = place.camp.spec.showcase.every
    last_finished = min(place.day_number() - 1, place.camp.spec.days)
    for day in range(every, last_finished + 1, every):
        if f"showcase:{day}" not in claimed and await claim(place, f"showcase:{day}"):
            await offer(ctx, place, day - every + 1, day)


async def candidates(place: Place, first: int, last: int) -> list[tuple[Submission, int | None]]:
    """The days' highest-scored accepted homework, then the most-reacted (with their reactions)
    where the platform reports reactions; none shown before, none twice."""
    spec = place.camp.spec.showcase
    shown = set(await Showcase.all().values_list("submission_id", flat=True))
    rows = await Submission.filter(cohort_id=place.cohort.id, day__gte=first, day__lte=last, state="accepted",
                                   score__isnull=False).order_by("-score", "created_at", "id").prefetch_related("member")
    best = [(row, None) for row in rows if row.id not in shown][:spec.candidates]
    taken = shown | {row.id for row, _ in best}
    reacted = [(sid, n) for sid, n in await reactions.most_reacted(place.cohort.id, first, last,
                                                                   spec.reacted + len(taken)) if sid not in taken]
    rows = await Submission.filter(id__in=[sid for sid, _ in reacted]).prefetch_related("member")
    by_id = {row.id: row for row in rows}
    return best + [(by_id[sid], n) for sid, n in reacted[:spec.reacted]]


async def offer(ctx: JobContext, place: Place, first: int, last: int) -> None:
    found = await candidates(place, first, last)
    if not found:
        return
    for mentor in await mentors.to_tell(place, None):
        buttons = [[Button(plain_text(_described(ctx, mentor, row, count, "pick")), action="camps.showcase_pick",
                           args={"s": row.id}, only_for=mentor.id)] for row, count in found]
        lines = [ctx.t_for(mentor, "camps-showcase-offer", cohort=place.cohort.name, first=first, last=last)]
        lines += [_described(ctx, mentor, row, count, "candidate") for row, count in found]
        await send_once(ctx, place, mentor, f"showcase-offer:{last}",
                        lambda lines=lines, buttons=buttons: ctx.message(join_lines(lines), buttons=buttons))


def _described(ctx: JobContext, mentor: Member, row: Submission, reactions_count: int | None, what: str):
    """A candidate's line ("candidate") or button label ("pick"): its score, or its reactions."""
    args = {"who": row.member.display_name, "day": row.day, "text": row.text[:120] or "-"}
    if reactions_count is None:
        return ctx.t_for(mentor, f"camps-showcase-{what}-button" if what == "pick" else "camps-showcase-candidate",
                         score=f"{row.score:.1f}", **args)
    return ctx.t_for(mentor, f"camps-showcase-{what}-reacted", reactions=reactions_count, **args)


@plugin.button("showcase_pick")
async def pick(ctx: Context, s: int) -> None:
    submission = await Submission.get_or_none(id=s, cohort__community_id=ctx.community.id)
    place = await _place(ctx, submission)
    if submission is None or place is None or not await mentors.may_pick(ctx, place, ctx.member):
        await ctx.answer("camps-stale-button", alert=True)
        return
    try:
        async with in_transaction():  # a savepoint inside a unit of work: a conflict must not abort it
            await Showcase.create(submission_id=submission.id, picked_by_id=ctx.member.id, at=now())
    except IntegrityError:
        await ctx.answer("camps-showcase-picked-already", alert=True)
        return
    author = await Member.get(id=submission.member_id)
    task = place.camp.spec.task(submission.day)
    ask = ctx.t_for(author, "camps-showcase-consent", day=submission.day, title=task.title if task else "-",
                    cohort=place.cohort.name)
    buttons = [[Button(plain_text(ctx.t_for(author, "camps-showcase-yes")), action="camps.showcase_consent",
                       args={"s": submission.id, "y": 1}, only_for=author.id),
                Button(plain_text(ctx.t_for(author, "camps-showcase-no")), action="camps.showcase_consent",
                       args={"s": submission.id, "y": 0}, only_for=author.id)]]
    await ctx.send_direct(author, ctx.message(ask, buttons=buttons))
    await ctx.answer("camps-showcase-asked", who=author.display_name)


@plugin.button("showcase_consent")
async def consent(ctx: Context, s: int, y: int) -> None:
    submission = await Submission.get_or_none(id=s, member_id=ctx.member.id if ctx.member else -1,
                                              cohort__community_id=ctx.community.id)
    place = await _place(ctx, submission)
    if submission is None or place is None or not await Showcase.filter(submission_id=s, state="asked").update(
            state="shown" if y else "declined"):
        await ctx.answer("camps-stale-button", alert=True)
        return
    if not y:
        await ctx.answer("camps-showcase-declined")
        return
    await show(ctx, place, submission, ctx.member)
    await ctx.answer("camps-showcase-thanks")


async def show(ctx: Context, place: Place, submission: Submission, author: Member) -> None:
    task = place.camp.spec.task(submission.day)
    lines = [ctx.t("camps-showcase-post", who=await ctx.mention(author), day=submission.day,
                   title=task.title if task else "-", cohort=place.cohort.name)]
    if submission.text:
        lines.append(ctx.t("camps-review-card-text", text=submission.text[:1500]))
    if submission.link:
        lines.append(ctx.t("camps-showcase-link", link=submission.link))
    first = await SubmissionFile.filter(submission_id=submission.id, kind="image").order_by("id").first()
    message = ctx.message(join_lines(lines), images=[Image(first.data, first.filename)] if first else [])
    chats = list(place.cohort.chats) or await ctx.chat_keys([])
    channel = place.camp.spec.showcase.channel
    await ctx.post_in(chats + ([channel] if channel and channel not in chats else []), message)
    await ctx.publish(Activity(member=author, kind="camps-showcased", reference=f"camps-showcased:{submission.id}"))


async def _place(ctx: Context, submission: Submission | None) -> Place | None:
    if submission is None:
        return None
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    return await cohorts.place_of(ctx.community, library, submission.cohort_id)
