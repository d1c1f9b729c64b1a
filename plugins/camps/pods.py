"""Pods (学员分组): small groups of about `pods.size` formed at the opening, balanced by the
answers to chosen questions, each with a leader (组长): a volunteer, else the most active.
Late joiners go to the smallest pod; every move is told to the member moved."""
from __future__ import annotations

from collections import defaultdict

from bot import Member, PluginContext, RichText, rich

from plugins.camps.cohorts import ACTIVE, Place
from plugins.camps.models import DayDone, Enrolment, Pod


def pod_count(members: int, size: int) -> int:
    return max(1, round(members / size))


def deal(rows: list[Enrolment], count: int, balance_by: list[str]) -> list[list[Enrolment]]:
    """Members sorted by their answers to the balancing questions, dealt round the pods like
    cards, so each pod gets a share of each answer."""
    ordered = sorted(rows, key=lambda row: (tuple(str(row.answers.get(q, "")) for q in balance_by), row.id))
    pods: list[list[Enrolment]] = [[] for _ in range(count)]
    for index, row in enumerate(ordered):
        pods[index % count].append(row)
    return pods


async def form(place: Place) -> list[Pod]:
    """Split the enrolled members into pods (once: at the opening)."""
    existing = await Pod.filter(cohort_id=place.cohort.id).order_by("number")
    if existing:
        return existing
    rows = await Enrolment.filter(cohort_id=place.cohort.id, state__in=ACTIVE).order_by("id")
    if not rows:
        return []
    spec = place.camp.spec.pods
    formed = []
    for number, members in enumerate(deal(rows, pod_count(len(rows), spec.size), spec.balance_by), start=1):
        pod = await Pod.create(cohort_id=place.cohort.id, number=number, leader_id=await pick_leader(members))
        await Enrolment.filter(id__in=[row.id for row in members]).update(pod_id=pod.id)
        formed.append(pod)
    return formed


async def pick_leader(rows: list[Enrolment]) -> int | None:
    """A volunteer if one stepped up, else the most active (days done, then last seen)."""
    if not rows:
        return None
    volunteers = [row for row in rows if row.leader_volunteer]
    if volunteers:
        return volunteers[0].member_id
    done = defaultdict(int)
    for member_id in await DayDone.filter(cohort_id=rows[0].cohort_id,
                                          member_id__in=[r.member_id for r in rows]).values_list("member_id", flat=True):
        done[member_id] += 1
    seen = {m.id: m.last_seen_at for m in await Member.filter(id__in=[r.member_id for r in rows])}
    return max(rows, key=lambda row: (done[row.member_id], seen.get(row.member_id), -row.id)).member_id


async def pod_lines(ctx: PluginContext, pods: list[Pod]) -> list[RichText]:
    """The pods with their members mentioned, leader first."""
    lines = []
    for pod in pods:
        rows = await Enrolment.filter(pod_id=pod.id, state__in=ACTIVE).prefetch_related("member")
        mentions = [await ctx.mention(row.member) for row in sorted(rows, key=lambda r: r.member_id != pod.leader_id)]
        lines.append((*ctx.t("camps-pod-line", number=pod.number, count=len(rows)), *listed(mentions)))
    return lines


def listed(segments: list) -> RichText:
    """Mentions (or names) separated by commas."""
    parts: list = []
    for index, segment in enumerate(segments):
        parts += [", ", segment] if index else [segment]
    return rich(*parts)


async def place_late_joiner(ctx: PluginContext, place: Place, enrolment: Enrolment) -> Pod | None:
    """A member enrolled after the opening joins the smallest pod, and is told."""
    pods = await Pod.filter(cohort_id=place.cohort.id).order_by("number")
    if not pods:
        return None
    sizes = {pod.id: await Enrolment.filter(pod_id=pod.id, state__in=ACTIVE).count() for pod in pods}
    smallest = min(pods, key=lambda pod: (sizes[pod.id], pod.number))
    enrolment.pod_id = smallest.id
    await enrolment.save(update_fields=["pod_id"])
    member = await Member.get(id=enrolment.member_id)
    await ctx.send_direct(member, "camps-pod-joined", number=smallest.number, cohort=place.cohort.name)
    return smallest


async def move(ctx: PluginContext, place: Place, enrolment: Enrolment, number: int) -> Pod | None:
    """An admin's move; None when the cohort has no such pod."""
    pod = await Pod.get_or_none(cohort_id=place.cohort.id, number=number)
    if pod is None:
        return None
    enrolment.pod_id = pod.id
    await enrolment.save(update_fields=["pod_id"])
    member = await Member.get(id=enrolment.member_id)
    await ctx.send_direct(member, "camps-pod-moved", number=number, cohort=place.cohort.name)
    return pod
