"""Pods (学员分组): small groups of about `pods.size` formed at the opening, by time zone (members
ordered by their UTC offset and cut into pods, so a pod can meet at a sensible hour) and
balanced by the answers to chosen questions, each with a leader (组长): a volunteer, else the
most active. Late joiners go to the smallest pod; pods shrunk by drop-outs are merged into the
others (`rebalance`); every move is told to the member moved, and greeted where the pod talks."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot import Member, PluginContext, RichText, rich

from plugins.camps import pod_places
from plugins.camps.cohorts import ACTIVE, Place
from plugins.camps.models import DayDone, Enrolment, Pod


def pod_count(members: int, size: int) -> int:
    return max(1, round(members / size))


def utc_offset(zone: str, on: date) -> float:
    """Hours ahead of UTC at noon of a day (so summer time counts as it will be then)."""
    offset = datetime.combine(on, time(12), tzinfo=ZoneInfo(zone)).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def offsets_of(place: Place, rows: list[Enrolment]) -> dict[int, float]:
    """Each enrolment's UTC offset: the member's own time zone (/camp_tz), else the cohort's."""
    return {row.id: utc_offset(row.timezone or place.cohort.timezone, place.cohort.start) for row in rows}


def split(rows: list[Enrolment], count: int, balance_by: list[str], offsets: dict[int, float]) -> list[list[Enrolment]]:
    """Members ordered by UTC offset and cut into `count` pods of near-equal size; members of one
    offset that fill several pods are dealt round those pods by their answers (`deal`)."""
    ordered = sorted(rows, key=lambda row: (offsets[row.id], row.id))
    sizes = [len(rows) // count + (1 if index < len(rows) % count else 0) for index in range(count)]
    chunks, start = [], 0
    for size in sizes:
        chunks.append(ordered[start:start + size])
        start += size
    bands = [[0]]
    for index in range(1, count):
        if chunks[index - 1] and chunks[index] and offsets[chunks[index - 1][-1].id] == offsets[chunks[index][0].id]:
            bands[-1].append(index)
        else:
            bands.append([index])
    pods: list[list[Enrolment]] = [[] for _ in range(count)]
    for band in bands:
        dealt = deal([row for index in band for row in chunks[index]], len(band), balance_by)
        for index, members in zip(band, dealt):
            pods[index] = members
    return pods


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
    groups = split(rows, pod_count(len(rows), spec.size), spec.balance_by, offsets_of(place, rows))
    for number, members in enumerate(groups, start=1):
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
    pods = await Pod.filter(cohort_id=place.cohort.id, dissolved=False).order_by("number")
    if not pods:
        return None
    sizes = {pod.id: await Enrolment.filter(pod_id=pod.id, state__in=ACTIVE).count() for pod in pods}
    smallest = min(pods, key=lambda pod: (sizes[pod.id], pod.number))
    enrolment.pod_id = smallest.id
    await enrolment.save(update_fields=["pod_id"])
    member = await Member.get(id=enrolment.member_id)
    await ctx.send_direct(member, "camps-pod-joined", number=smallest.number, cohort=place.cohort.name)
    await pod_places.greet(ctx, place, smallest, member)
    return smallest


async def move(ctx: PluginContext, place: Place, enrolment: Enrolment, number: int) -> Pod | None:
    """An admin's move; None when the cohort has no such pod."""
    pod = await Pod.get_or_none(cohort_id=place.cohort.id, number=number, dissolved=False)
    if pod is None:
        return None
    enrolment.pod_id = pod.id
    await enrolment.save(update_fields=["pod_id"])
    member = await Member.get(id=enrolment.member_id)
    await ctx.send_direct(member, "camps-pod-moved", number=number, cohort=place.cohort.name)
    await pod_places.greet(ctx, place, pod, member)
    return pod


def smallest_pod(place: Place) -> int:
    """Below this many active members a pod is merged into the others (at least 2)."""
    spec = place.camp.spec.pods
    return spec.min_size if spec.min_size is not None else max(2, spec.size // 2)


async def rebalance(ctx: PluginContext, place: Place) -> list[tuple[Member, int, int]]:
    """Merge pods that drop-outs left smaller than `min_size` (enrolled members, auditing ones
    aside) into the others: the smallest first, each member to the pod nearest their time
    zone, then the smallest. Each member moved is told, and greeted in their new pod; a pod
    whose leader dropped out gets a new one, who is told. Returns (member, from, to) moves."""
    pods = await Pod.filter(cohort_id=place.cohort.id, dissolved=False).order_by("number")
    rows = await Enrolment.filter(cohort_id=place.cohort.id, state__in=ACTIVE).prefetch_related("member")
    offsets = offsets_of(place, rows)
    members = {pod.id: [row for row in rows if row.pod_id == pod.id] for pod in pods}

    def active(pod: Pod) -> int:
        return sum(1 for row in members[pod.id] if row.state == "enrolled")

    moves: list[tuple[Member, int, int]] = []
    while len(pods) > 1 and (small := [pod for pod in pods if active(pod) < smallest_pod(place)]):
        gone = min(small, key=lambda pod: (active(pod), -pod.number))
        pods.remove(gone)
        gone.dissolved = True
        await gone.save(update_fields=["dissolved"])
        for row in sorted(members.pop(gone.id), key=lambda row: (row.state != "enrolled", row.id)):
            target = min(pods, key=lambda pod: (abs(offsets[row.id] - _centre(members[pod.id], offsets)),
                                                active(pod), pod.number))
            members[target.id].append(row)
            row.pod_id = target.id
            await row.save(update_fields=["pod_id"])
            moves.append((row.member, gone.number, target.number))
            await ctx.send_direct(row.member, "camps-pod-rebalanced", old=gone.number, number=target.number,
                                  cohort=place.cohort.name)
            await pod_places.greet(ctx, place, target, row.member)
    for pod in pods:
        await _keep_a_leader(ctx, place, pod, members[pod.id])
    return moves


def _centre(rows: list[Enrolment], offsets: dict[int, float]) -> float:
    return sum(offsets[row.id] for row in rows) / len(rows) if rows else 0.0


async def _keep_a_leader(ctx: PluginContext, place: Place, pod: Pod, rows: list[Enrolment]) -> None:
    """A pod whose leader is no longer an enrolled member of it gets a new leader, who is told."""
    enrolled = [row for row in rows if row.state == "enrolled"]
    if not enrolled or any(row.member_id == pod.leader_id for row in enrolled):
        return
    pod.leader_id = await pick_leader(enrolled)
    await pod.save(update_fields=["leader_id"])
    leader = await Member.get(id=pod.leader_id)
    await ctx.send_direct(leader, "camps-pod-new-leader", number=pod.number, cohort=place.cohort.name)
