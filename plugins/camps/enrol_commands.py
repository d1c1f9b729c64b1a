"""Enrolling, as members do it: /enroll [cohort], the keyword 报名, the enrol button of /camps,
then the threshold's steps in a direct message (choice buttons, typed answers) and the
waitlist button."""
from __future__ import annotations

from bot import Context, MessageReceived, UserError

from plugins.camps import cohorts, enrolment
from plugins.camps.cohorts import Place
from plugins.camps.models import Enrolment
from plugins.camps.plugin import plugin


@plugin.command("enroll", keywords=lambda settings: settings.keywords)
async def enroll(ctx: Context, cohort: str = "") -> None:
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    if cohort:
        place = await cohorts.find(ctx.community, library, cohort)
        if place is None:
            raise UserError("camps-unknown-cohort", private=True, cohort=cohort)
    else:
        open_now = [p for p in await cohorts.places(ctx.community, library) if p.enrolment_open()]
        if len(open_now) != 1:
            raise UserError("camps-enrol-which" if open_now else "camps-none-open", private=True,
                            cohorts=", ".join(p.cohort.name for p in open_now))
        place = open_now[0]
    await enrolment.begin(ctx, place)


@plugin.button("enrol")
async def enrol_button(ctx: Context, cohort: int) -> None:
    place = await _place(ctx, cohort)
    if place is None:
        await ctx.answer("camps-cohort-gone")
        return
    await ctx.answer()
    await enrolment.begin(ctx, place)


@plugin.button("answer")
async def answer_button(ctx: Context, e: int, s: int, c: int) -> None:
    found = await _enrolment(ctx, e)
    if found is None or not await enrolment.answer_choice(ctx, found[0], found[1], s, c):
        await ctx.answer("camps-answer-stale")
        return
    await ctx.answer()


@plugin.button("waitlist")
async def waitlist_button(ctx: Context, e: int) -> None:
    found = await _enrolment(ctx, e)
    if found is None or found[1].state != "full":
        await ctx.answer("camps-answer-stale")
        return
    await ctx.answer()
    await enrolment.join_waitlist(ctx, *found)


@plugin.on(MessageReceived)
async def typed_answer(ctx: Context) -> None:
    """A message in the direct chat answers the step being asked, if one is."""
    event = ctx.event
    if ctx.in_group or ctx.member is None or event.text.strip()[:1] in ("/", "") or event.user.is_bot:
        return
    asking = await Enrolment.filter(member_id=ctx.member.id, state="answering").order_by("-id").first()
    if asking is None:
        return
    found = await _enrolment(ctx, asking.id)
    if found is not None:
        await enrolment.answer_text(ctx, found[0], found[1], event.text)


async def _place(ctx: Context, cohort_id: int) -> Place | None:
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    return await cohorts.place_of(ctx.community, library, cohort_id)


async def _enrolment(ctx: Context, enrolment_id: int) -> tuple[Place, Enrolment] | None:
    """The presser's own enrolment in a cohort of this community, with its place."""
    row = await Enrolment.get_or_none(id=enrolment_id)
    if row is None or ctx.member is None or row.member_id != ctx.member.id:
        return None
    place = await _place(ctx, row.cohort_id)
    return (place, row) if place else None
