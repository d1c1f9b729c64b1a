"""What members look at: /progress (mine, against the graduation rule), /pod (my pod) and
/board (the cohort's ranking, pod by pod and overall); /camp_dm turns task messages on or off,
/camp_named being named in the closing post."""
from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import Context, Image, Member, UserError, join_lines

from plugins.camps import cohorts, pod_places, pods, progress
from plugins.camps.cohorts import Place
from plugins.camps.enrolment import ONGOING
from plugins.camps.models import Enrolment, Pod
from plugins.camps.plugin import plugin
from plugins.camps.progress_card import render_card

BOARD_SIZE = 10


async def my_enrolment(ctx: Context, member: Member, states=("enrolled", "auditing", "graduated")) -> tuple[Place, Enrolment]:
    """The member's latest enrolment of this community (a running cohort first)."""
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    found = []
    for row in await Enrolment.filter(member_id=member.id, state__in=states,
                                      cohort__community_id=ctx.community.id).order_by("-id"):
        if place := await cohorts.place_of(ctx.community, library, row.cohort_id):
            found.append((place, row))
    if not found:
        raise UserError("camps-not-in-a-cohort", private=True)
    return next(((p, r) for p, r in found if p.phase() == "running"), found[0])


@plugin.command("progress")
async def progress_view(ctx: Context) -> None:
    place, row = await my_enrolment(ctx, ctx.member)
    done = (await progress.days_done(place, [row.member_id])).get(row.member_id, set())
    figures = (await progress.homework_figures(place, [row.member_id])).get(row.member_id)
    standing = progress.standing(place, done, figures)
    lines = [ctx.t("camps-progress-head", cohort=place.cohort.name, title=place.camp.spec.title,
                   day=standing.elapsed, days=standing.days),
             ctx.t("camps-progress-days", done=standing.done, needed=standing.needed, more=standing.still_needed,
                   marks="".join("✅" if d in done else ("⬜" if d > standing.elapsed else "❌")
                                 for d in range(1, standing.days + 1)))]
    if standing.homework_tasks:
        lines.append(ctx.t("camps-progress-homework", submitted=standing.homework_submitted,
                           accepted=standing.homework_accepted, needed=standing.homework_needed,
                           tasks=standing.homework_tasks,
                           score="-" if standing.average_score is None else f"{standing.average_score:.1f}"))
    if standing.showcases_needed:
        lines.append(ctx.t("camps-progress-showcases", shown=standing.showcased, needed=standing.showcases_needed))
    status = "auditing" if row.state == "auditing" else standing.status
    lines.append(ctx.t(f"camps-status-{status}"))
    card = render_card(f"{place.camp.spec.title} · {place.cohort.name}", standing, done, status,
                       ctx.text(f"camps-status-{status}"),
                       ctx.text("camps-progress-card", done=standing.done, needed=standing.needed,
                                day=standing.elapsed, days=standing.days))
    await ctx.reply(ctx.message(join_lines(lines), images=[Image(card, "progress.png")]), private=True)


@plugin.command("pod")
async def pod_view(ctx: Context) -> None:
    place, row = await my_enrolment(ctx, ctx.member, ("enrolled", "auditing"))
    if row.pod_id is None:
        raise UserError("camps-no-pod-yet", private=True, cohort=place.cohort.name,
                        start=place.cohort.start.isoformat())
    pod = await Pod.get(id=row.pod_id)
    await ctx.reply(join_lines([ctx.t("camps-pod-mine", cohort=place.cohort.name), *await pods.pod_lines(ctx, [pod]),
                                *pod_places.place_lines(ctx, pod)]), private=True)


@plugin.command("camp_tz")
async def camp_tz(ctx: Context, zone: str) -> None:
    """My time zone, for the pods: members are grouped with others of a near time zone."""
    try:
        if "/" not in zone and zone != "UTC":
            raise ValueError(zone)
        ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        raise UserError("camps-bad-timezone", private=True, value=zone[:40]) from None
    place, _ = await my_enrolment(ctx, ctx.member, ("enrolled", "auditing", "pending", "waiting", "answering"))
    await Enrolment.filter(member_id=ctx.member.id, state__in=ONGOING, cohort__community_id=ctx.community.id
                           ).update(timezone=zone)
    key = "camps-tz-set" if place.cohort.opened_at is None else "camps-tz-set-late"
    await ctx.reply(key, private=True, zone=zone, cohort=place.cohort.name)


@plugin.command("board")
async def board(ctx: Context) -> None:
    place, _ = await my_enrolment(ctx, ctx.member, ONGOING + ("graduated",))
    rows = await Enrolment.filter(cohort_id=place.cohort.id, state__in=("enrolled", "graduated")
                                  ).prefetch_related("member")
    member_ids = [row.member_id for row in rows]
    done = await progress.days_done(place, member_ids)
    scores = {member_id: figures.average_score
              for member_id, figures in (await progress.homework_figures(place, member_ids)).items()}
    ranked = sorted(rows, key=lambda r: (-len(done.get(r.member_id, ())), -(scores.get(r.member_id) or 0),
                                         r.member.display_name))
    lines = [ctx.t("camps-board-title", cohort=place.cohort.name)]
    lines += [_board_line(ctx, index, row.member.display_name, len(done.get(row.member_id, ())), scores.get(row.member_id))
              for index, row in enumerate(ranked[:BOARD_SIZE], start=1)]
    by_pod: dict[int, list[Enrolment]] = {}
    for row in rows:
        if row.pod_id:
            by_pod.setdefault(row.pod_id, []).append(row)
    numbers = {pod.id: pod.number for pod in await Pod.filter(cohort_id=place.cohort.id)}
    pod_days = {pod_id: _average([len(done.get(r.member_id, ())) for r in members]) for pod_id, members in by_pod.items()}
    pod_scores = {pod_id: _average([scores[r.member_id] for r in members if scores.get(r.member_id) is not None])
                  for pod_id, members in by_pod.items()}
    pod_ranking = sorted(by_pod, key=lambda pod_id: (-pod_days[pod_id], -(pod_scores[pod_id] or 0)))
    if pod_ranking:
        lines.append(ctx.t("camps-board-pods"))
        lines += [_pod_line(ctx, numbers[pod_id], pod_days[pod_id], pod_scores[pod_id], len(by_pod[pod_id]))
                  for pod_id in pod_ranking]
    await ctx.reply(join_lines(lines))


def _average(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _board_line(ctx: Context, rank: int, who: str, done: int, score: float | None) -> str:
    if score is None:
        return ctx.t("camps-board-line", rank=rank, who=who, done=done)
    return ctx.t("camps-board-line-scored", rank=rank, who=who, done=done, score=f"{score:.1f}")


def _pod_line(ctx: Context, number: int, days: float, score: float | None, count: int) -> str:
    if score is None:
        return ctx.t("camps-board-pod-line", number=number, average=f"{days:.1f}", count=count)
    return ctx.t("camps-board-pod-line-scored", number=number, average=f"{days:.1f}", score=f"{score:.1f}",
                 count=count)


@plugin.command("camp_dm")
async def camp_dm(ctx: Context, mode: Literal["on", "off"]) -> None:
    place, row = await my_enrolment(ctx, ctx.member, ("enrolled", "auditing", "pending", "waiting"))
    row.direct_messages = mode == "on"
    await row.save(update_fields=["direct_messages"])
    await ctx.reply(f"camps-dm-{mode}", private=True, cohort=place.cohort.name)


@plugin.command("camp_named")
async def camp_named(ctx: Context, mode: Literal["on", "off"]) -> None:
    place, row = await my_enrolment(ctx, ctx.member, ("enrolled", "auditing", "pending", "waiting"))
    row.named = mode == "on"
    await row.save(update_fields=["named"])
    await ctx.reply(f"camps-named-{mode}", private=True, cohort=place.cohort.name)


@plugin.command("pod_lead")
async def pod_lead(ctx: Context) -> None:
    """Volunteer as a pod leader (组长): at the opening, a volunteer leads their pod."""
    place, row = await my_enrolment(ctx, ctx.member, ("enrolled",))
    if place.cohort.opened_at is not None:
        raise UserError("camps-lead-too-late", private=True, cohort=place.cohort.name)
    row.leader_volunteer = True
    await row.save(update_fields=["leader_volunteer"])
    await ctx.reply("camps-lead-thanks", private=True, cohort=place.cohort.name)
