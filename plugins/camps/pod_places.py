"""Where a pod talks: in each of its cohort's chats, a sub-chat of its own where the platform has
one (a Discord thread; a Telegram forum topic where the group is a forum; a sandbox sub-chat).
Where it has none, a pod's posts go to the chat itself, addressed to the pod's members by
mention. Each entry of `Pod.places` is {"chat": the cohort chat, "sub": the sub-chat or None,
"link": a link that opens it, or None, "title": its name}."""
from __future__ import annotations

from bot import Member, PluginContext, RichText, join_lines, rich

from plugins.camps.cohorts import ACTIVE, Place
from plugins.camps.models import Enrolment, Pod


async def open_places(ctx: PluginContext, place: Place, pods: list[Pod]) -> None:
    """A sub-chat per pod in each of the cohort's chats (once: a pod with places keeps them),
    and a welcome there naming the pod's members."""
    chats = await ctx.chat_keys(place.cohort.chats)
    for pod in pods:
        if pod.places:
            continue
        title = ctx.text("camps-pod-place-title", number=pod.number, cohort=place.cohort.name)
        entries = []
        for chat in chats:
            sub = await ctx.open_sub_chat(chat, title)
            entries.append({"chat": chat, "sub": sub.key if sub else None, "link": sub.link if sub else None,
                            "title": title})
        pod.places = entries
        await pod.save(update_fields=["places"])
        await post_to_pod(ctx, pod, await welcome(ctx, place, pod))


async def welcome(ctx: PluginContext, place: Place, pod: Pod) -> RichText:
    rows = await Enrolment.filter(pod_id=pod.id, state__in=ACTIVE).prefetch_related("member")
    leader = next((row.member for row in rows if row.member_id == pod.leader_id), None)
    mentions = [await ctx.mention(row.member) for row in rows]
    lines = [(*ctx.t("camps-pod-welcome", number=pod.number, cohort=place.cohort.name), *_listed(mentions))]
    if leader is not None:
        lines.append(ctx.t("camps-pod-welcome-leader", leader=await ctx.mention(leader)))
    return join_lines(lines)


async def greet(ctx: PluginContext, place: Place, pod: Pod, member: Member) -> None:
    """A member who joined the pod later (or was moved to it) is welcomed where it talks."""
    await post_to_pod(ctx, pod, ctx.t("camps-pod-newcomer", who=await ctx.mention(member), number=pod.number,
                                      cohort=place.cohort.name))


async def post_to_pod(ctx: PluginContext, pod: Pod, content: RichText) -> None:
    """In the pod's sub-chats; in a chat without one, the post opens with the pod's mentions."""
    subs = [entry["sub"] for entry in pod.places if entry.get("sub")]
    plain = [entry["chat"] for entry in pod.places if not entry.get("sub")]
    if subs:
        await ctx.post_in(subs, content)
    if plain:
        rows = await Enrolment.filter(pod_id=pod.id, state__in=ACTIVE).prefetch_related("member")
        mentions = [await ctx.mention(row.member) for row in rows]
        await ctx.post_in(plain, join_lines([(*ctx.t("camps-pod-addressed", number=pod.number), *_listed(mentions)),
                                             content]))


def place_lines(ctx: PluginContext, pod: Pod) -> list[RichText]:
    """For /pod: where the pod talks, a line per sub-chat (its link where there is one)."""
    return [ctx.t("camps-pod-place", where=entry.get("link") or entry.get("title") or entry["sub"])
            for entry in pod.places if entry.get("sub")]


def _listed(segments: list) -> tuple:
    parts: list = []
    for index, segment in enumerate(segments):
        parts += [", ", segment] if index else [segment]
    return tuple(rich(*parts)) if parts else ()
