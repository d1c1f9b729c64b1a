"""The organisers' pod tools: `/camp rebalance [cohort]` merges pods that drop-outs left too small
(what the calendar also does after each day), and `/camp mentor @member [pod]` makes a mentor.
Both are audited and answered privately; everyone moved or made a mentor is told."""
from __future__ import annotations

from bot import Context, UserError, join_lines

from plugins.camps import dropouts, mentors
from plugins.camps.admin_views import pick_cohort
from plugins.camps.enrolment import audit
from plugins.camps.models import Pod


async def rebalance_pods(ctx: Context, words: list[str]) -> None:
    place, _ = await pick_cohort(ctx, words)
    if place.cohort.opened_at is None:
        raise UserError("camps-no-pod-yet", cohort=place.cohort.name, start=place.cohort.start.isoformat())
    moves = await dropouts.rebalance_and_audit(ctx, place, ctx.member)
    if not moves:
        await ctx.reply("camps-rebalanced-none", cohort=place.cohort.name)
        return
    lines = [ctx.t("camps-rebalanced", cohort=place.cohort.name, count=len(moves))]
    lines += [ctx.t("camps-rebalanced-line", who=member.display_name, old=old, number=new) for member, old, new in moves]
    await ctx.reply(join_lines(lines))


async def make_mentor(ctx: Context, words: list[str]) -> None:
    if not words or len(words) > 3:
        raise UserError("camps-mentor-usage")
    member = await ctx.member_from(words[0])
    if member is None:
        raise UserError("camps-no-such-member", value=words[0])
    place, rest = await pick_cohort(ctx, words[1:])
    pod = None
    if rest:
        if not rest[0].isdigit():
            raise UserError("camps-mentor-usage")
        pod = await Pod.get_or_none(cohort_id=place.cohort.id, number=int(rest[0]), dissolved=False)
        if pod is None:
            known = await Pod.filter(cohort_id=place.cohort.id, dissolved=False).order_by("number").values_list(
                "number", flat=True)
            raise UserError("camps-no-such-pod", cohort=place.cohort.name, number=rest[0],
                            pods=", ".join(map(str, known)) or "-")
    if not await mentors.grant(place, member, pod):
        raise UserError("camps-mentor-already", who=member.display_name, cohort=place.cohort.name)
    await audit(place.cohort, ctx.member, member, "mentor", f"pod {pod.number}" if pod else "cohort")
    suffix = "-pod" if pod else ""
    await ctx.send_direct(member, f"camps-mentor-told{suffix}", cohort=place.cohort.name, number=pod.number if pod else 0)
    await ctx.reply(f"camps-mentor-done{suffix}", who=await ctx.mention(member), cohort=place.cohort.name,
                    number=pod.number if pod else 0)
