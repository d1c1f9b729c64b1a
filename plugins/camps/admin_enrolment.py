"""The organisers' side of enrolment: the approval queue with its buttons, and removing a member
(whose seat goes to the first on the waitlist)."""
from __future__ import annotations

from bot import Button, Context, Member, Permission, UserError, join_lines

from plugins.camps import cohorts, enrolment, pods
from plugins.camps.cohorts import Place
from plugins.camps.models import Enrolment, Pod
from plugins.camps.plugin import plugin


async def show_queue(ctx: Context, words: list[str]) -> None:
    waiting = await Enrolment.filter(state="pending", cohort__community_id=ctx.community.id).order_by(
        "created_at", "id").prefetch_related("cohort", "member")
    if not waiting:
        raise UserError("camps-queue-empty")
    lines, buttons = [ctx.t("camps-queue-title", count=len(waiting))], []
    for row in waiting:
        answers = "; ".join(f"{key}: {value}" for key, value in row.answers.items()) or "-"
        lines.append(ctx.t("camps-queue-line", who=row.member.display_name, cohort=row.cohort.name, answers=answers))
        buttons.append([Button(ctx.text("camps-approve-button", who=row.member.display_name), action="camps.approve",
                               args={"e": row.id}),
                        Button(ctx.text("camps-decline-button", who=row.member.display_name), action="camps.decline",
                               args={"e": row.id})])
    await ctx.reply(ctx.message(join_lines(lines), buttons=buttons))


@plugin.button("approve", permission=Permission.ADMIN)
async def approve_button(ctx: Context, e: int) -> None:
    await _decide(ctx, e, enrolment.approve, "camps-approved-toast")


@plugin.button("decline", permission=Permission.ADMIN)
async def decline_button(ctx: Context, e: int) -> None:
    await _decide(ctx, e, enrolment.decline, "camps-declined-toast")


async def _decide(ctx: Context, enrolment_id: int, decision, toast: str) -> None:
    row = await Enrolment.get_or_none(id=enrolment_id, cohort__community_id=ctx.community.id)
    place = await _place_of(ctx, row.cohort_id) if row else None
    if row is None or place is None or row.state != "pending":
        await ctx.answer("camps-decided-already")
        return
    await decision(ctx, place, row)
    member = await Member.get(id=row.member_id)
    await ctx.answer(toast, who=member.display_name)


async def remove_member(ctx: Context, words: list[str]) -> None:
    if not words:
        raise UserError("camps-remove-usage")
    member = await ctx.member_from(words[0])
    if member is None:
        raise UserError("camps-no-such-member", value=words[0])
    found = await current_enrolment(ctx, member)
    reason = " ".join(words[1:])[:200]
    await enrolment.remove(ctx, found[0], found[1], reason)
    await ctx.reply("camps-removed-done", who=await ctx.mention(member), cohort=found[0].cohort.name)


async def current_enrolment(ctx: Context, member: Member) -> tuple[Place, Enrolment]:
    """The member's latest enrolment in a cohort of this community that is not over."""
    rows = await Enrolment.filter(member_id=member.id, state__in=enrolment.ONGOING,
                                  cohort__community_id=ctx.community.id).order_by("-id")
    for row in rows:
        place = await _place_of(ctx, row.cohort_id)
        if place is not None and place.phase() != "closed":
            return place, row
    raise UserError("camps-not-enrolled", who=member.display_name)


async def _place_of(ctx: Context, cohort_id: int) -> Place | None:
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    return await cohorts.place_of(ctx.community, library, cohort_id)


async def move_member(ctx: Context, words: list[str]) -> None:
    if len(words) != 2 or not words[1].isdigit():
        raise UserError("camps-move-usage")
    member = await ctx.member_from(words[0])
    if member is None:
        raise UserError("camps-no-such-member", value=words[0])
    place, row = await current_enrolment(ctx, member)
    number = int(words[1])
    if await pods.move(ctx, place, row, number) is None:
        known = await Pod.filter(cohort_id=place.cohort.id, dissolved=False).order_by("number").values_list("number", flat=True)
        raise UserError("camps-no-such-pod", cohort=place.cohort.name, number=number,
                        pods=", ".join(map(str, known)) or "-")
    await enrolment.audit(place.cohort, ctx.member, member, "move", f"pod {number}")
    await ctx.reply("camps-moved-done", who=await ctx.mention(member), number=number)
