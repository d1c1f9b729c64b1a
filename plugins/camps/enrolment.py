"""Enrolment (招生): the cohort's threshold (a code, questions, an admin's approval), asked one
step at a time in a direct message, then a seat or the waitlist.

An enrolment's state: answering → (pending →) enrolled, or full → waiting → enrolled when a
seat frees; declined, removed and left end it. Seats are held by enrolled, auditing and
graduated members; two members taking the last seat at once are settled by who came first.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot import Button, Community, Context, Member, PluginContext, UserError, now, plain_text

from plugins.camps import pods
from plugins.camps.camp_file import Question
from plugins.camps.cohorts import HOLDS_SEAT, Place
from plugins.camps.models import AuditEntry, Cohort, Enrolment, MemberTier

ONGOING = ("answering", "pending", "full", "waiting", "enrolled", "auditing")
MAY_RETRY = ("declined", "left", "full")


@dataclass(frozen=True)
class Step:
    kind: str  # "code" or "question"
    question: Question | None = None


def steps_of(place: Place) -> list[Step]:
    rules = place.camp.spec.enrolment
    return ([Step("code")] if rules.code else []) + [Step("question", q) for q in rules.questions]


def label(ctx: PluginContext, member: Member, message_id: str, **args) -> str:
    """A button label in the member's language."""
    return plain_text(ctx.t_for(member, message_id, **args))


# --- starting -------------------------------------------------------------------------

async def begin(ctx: Context, place: Place) -> None:
    """The member asks to enrol: refused with a reason, or the first step asked privately."""
    member, cohort = ctx.member, place.cohort
    existing = await Enrolment.get_or_none(cohort_id=cohort.id, member_id=member.id)
    if existing is not None and existing.state == "removed":
        raise UserError("camps-enrol-removed", private=True, cohort=cohort.name)
    if existing is not None and existing.state in ONGOING and existing.state not in ("answering", "full"):
        raise UserError(f"camps-enrol-already-{existing.state}", private=True, cohort=cohort.name)
    if not place.enrolment_open():
        raise UserError("camps-enrol-closed", private=True, cohort=cohort.name, until=place.enrol_until.isoformat())
    if not await tier_allows(place, member):
        raise UserError("camps-enrol-tier", private=True, cohort=cohort.name, tier=place.camp.spec.enrolment.min_tier)
    if other := await _other_cohort(place, member):
        raise UserError("camps-enrol-other-cohort", private=True, cohort=cohort.name, other=other.name)
    if existing is None:
        existing = await Enrolment.create(cohort_id=cohort.id, member_id=member.id, state="answering",
                                          created_at=now())
    elif existing.state != "answering":
        existing.state, existing.step, existing.answers = "answering", 0, {}
        await existing.save()
    await proceed(ctx, place, existing)


async def tier_allows(place: Place, member: Member) -> bool:
    """The camp's minimum tier, against the member's tier as the tier plugin last said."""
    rules = place.camp.spec.enrolment
    if not rules.min_tier:
        return True
    held = await MemberTier.get_or_none(member_id=member.id)
    if held is None or held.tier not in rules.tier_order:
        return False
    return rules.tier_order.index(held.tier) >= rules.tier_order.index(rules.min_tier)


async def _other_cohort(place: Place, member: Member) -> Cohort | None:
    """Another cohort of the same camp the member is in and that has not ended."""
    rows = await Enrolment.filter(member_id=member.id, state__in=ONGOING, cohort__camp=place.camp.slug,
                                  cohort__community_id=place.cohort.community_id,
                                  cohort__graduated_at__isnull=True).exclude(cohort_id=place.cohort.id
                                                                           ).prefetch_related("cohort")
    for row in rows:
        other = Place(row.cohort, place.camp)
        if other.phase() in ("upcoming", "running"):
            return row.cohort
    return None


# --- the threshold's steps --------------------------------------------------------------

async def proceed(ctx: PluginContext, place: Place, enrolment: Enrolment) -> None:
    """Ask the current step, or finish when every step is answered."""
    steps = steps_of(place)
    member = await Member.get(id=enrolment.member_id)
    if enrolment.step >= len(steps):
        await finish(ctx, place, enrolment, member)
        return
    step = steps[enrolment.step]
    if step.kind == "code":
        message = ctx.message(ctx.t_for(member, "camps-ask-code", cohort=place.cohort.name))
    else:
        buttons = [[Button(choice, action="camps.answer", args={"e": enrolment.id, "s": enrolment.step, "c": index},
                           only_for=member.id)] for index, choice in enumerate(step.question.choices)]
        hint = "camps-ask-choose" if buttons else "camps-ask-write"
        message = ctx.message(ctx.t_for(member, "camps-ask-question", number=enrolment.step + 1, count=len(steps),
                                        question=step.question.text, hint=plain_text(ctx.t_for(member, hint))),
                              buttons=buttons)
    if await ctx.send_direct(member, message) is None:
        raise UserError("camps-enrol-open-direct", private=True)
    if isinstance(ctx, Context) and ctx.in_group and enrolment.step == 0:
        await ctx.reply("camps-enrol-asked-privately", private=True, cohort=place.cohort.name)


async def answer_text(ctx: Context, place: Place, enrolment: Enrolment, text: str) -> None:
    """A typed answer in the direct chat: the code, or a free answer to a question."""
    step = steps_of(place)[enrolment.step]
    if step.kind == "code":
        if text.strip().casefold() != place.camp.spec.enrolment.code.casefold():
            await ctx.reply("camps-code-wrong", cohort=place.cohort.name)
            return
    elif step.question.choices:
        await ctx.reply("camps-answer-with-buttons")
        return
    else:
        enrolment.answers = {**enrolment.answers, step.question.id: text.strip()[:300]}
    enrolment.step += 1
    await enrolment.save()
    await proceed(ctx, place, enrolment)


async def answer_choice(ctx: Context, place: Place, enrolment: Enrolment, step_index: int, choice: int) -> bool:
    """A choice button; False when it is not the question being asked any more."""
    steps = steps_of(place)
    if enrolment.state != "answering" or step_index != enrolment.step or step_index >= len(steps):
        return False
    question = steps[step_index].question
    if question is None or not 0 <= choice < len(question.choices):
        return False
    enrolment.answers = {**enrolment.answers, question.id: question.choices[choice]}
    enrolment.step += 1
    await enrolment.save()
    await proceed(ctx, place, enrolment)
    return True


# --- seats --------------------------------------------------------------------------------

async def finish(ctx: PluginContext, place: Place, enrolment: Enrolment, member: Member) -> None:
    if place.camp.spec.enrolment.approval and enrolment.state == "answering":
        enrolment.state = "pending"
        await enrolment.save()
        await ctx.send_direct(member, "camps-enrol-pending", cohort=place.cohort.name)
        return
    await seat(ctx, place, enrolment, member)


async def seat(ctx: PluginContext, place: Place, enrolment: Enrolment, member: Member) -> None:
    """Enrol the member if a seat is free, else offer the waitlist."""
    if await take_seat(place, enrolment):
        await ctx.send_direct(member, "camps-enrolled", cohort=place.cohort.name, title=place.camp.spec.title,
                              start=place.cohort.start.isoformat(), timezone=place.cohort.timezone)
        await let_in(ctx, place, member)
        await pods.place_late_joiner(ctx, place, enrolment)
        return
    enrolment.state = "full"
    await enrolment.save()
    offer = ctx.message(ctx.t_for(member, "camps-full", cohort=place.cohort.name),
                        buttons=[[Button(label(ctx, member, "camps-waitlist-button"), action="camps.waitlist",
                                         args={"e": enrolment.id}, only_for=member.id)]])
    await ctx.send_direct(member, offer)


async def let_in(ctx: PluginContext, place: Place, member: Member) -> None:
    """Into the cohort's chats: its role (a real role on Discord, which opens its channels), and
    a one-person invite link to each chat where the platform makes them (Telegram), except
    the chat the member enrolled from."""
    await ctx.roles.give(member, cohort_role(place.cohort))
    here = ctx.chat_key if isinstance(ctx, Context) else None
    links = []
    for chat in place.cohort.chats:
        if chat != here and (link := await ctx.invite_link(chat, f"{place.cohort.name} {member.id}")):
            links.append(link)
    if links:
        await ctx.send_direct(member, "camps-invite", cohort=place.cohort.name, links="\n".join(links))


def cohort_role(cohort: Cohort) -> str:
    return f"camp {cohort.name}"


async def take_seat(place: Place, enrolment: Enrolment) -> bool:
    """Enrolled, unless the seats are taken; of members seated at once, the first ones keep theirs."""
    seats = place.cohort.seats
    if seats is not None and await _seated(place.cohort) >= seats:
        return False
    enrolment.state, enrolment.enrolled_at = "enrolled", now()
    await enrolment.save()
    if seats is None:
        return True
    order = await Enrolment.filter(cohort_id=place.cohort.id, state__in=HOLDS_SEAT).order_by(
        "enrolled_at", "id").values_list("id", flat=True)
    if enrolment.id in order[:seats]:
        return True
    enrolment.state, enrolment.enrolled_at = "full", None
    await enrolment.save()
    return False


async def _seated(cohort: Cohort) -> int:
    return await Enrolment.filter(cohort_id=cohort.id, state__in=HOLDS_SEAT).count()


async def join_waitlist(ctx: Context, place: Place, enrolment: Enrolment) -> None:
    if await take_seat(place, enrolment):  # a seat freed up since the offer
        await ctx.reply("camps-enrolled", cohort=place.cohort.name, title=place.camp.spec.title,
                        start=place.cohort.start.isoformat(), timezone=place.cohort.timezone)
        await let_in(ctx, place, ctx.member)
        await pods.place_late_joiner(ctx, place, enrolment)
        return
    enrolment.state, enrolment.waiting_since = "waiting", now()
    await enrolment.save()
    queue = await Enrolment.filter(cohort_id=place.cohort.id, state="waiting").order_by(
        "waiting_since", "id").values_list("id", flat=True)
    await ctx.reply("camps-waiting", cohort=place.cohort.name, position=queue.index(enrolment.id) + 1)


async def fill_freed_seats(ctx: PluginContext, place: Place) -> None:
    """Move the first waiting members into freed seats, and tell each."""
    while True:
        first = await Enrolment.filter(cohort_id=place.cohort.id, state="waiting").order_by(
            "waiting_since", "id").first()
        if first is None or not await take_seat(place, first):
            return
        member = await Member.get(id=first.member_id)
        await ctx.send_direct(member, "camps-seat-freed", cohort=place.cohort.name,
                              start=place.cohort.start.isoformat())
        await let_in(ctx, place, member)
        await pods.place_late_joiner(ctx, place, first)


# --- the organisers' side ----------------------------------------------------------------

async def audit(cohort: Cohort, actor: Member | None, subject: Member | None, action: str,
                detail: str = "") -> AuditEntry:
    return await AuditEntry.create(cohort_id=cohort.id, community_id=cohort.community_id,
                                   actor_id=actor.id if actor else None,
                            subject_id=subject.id if subject else None, action=action,
                            detail=detail[:300] or None, at=now())


async def audit_community(community: Community, actor: Member | None, action: str, detail: str = "") -> AuditEntry:
    """A change of no one cohort (a reload of the camp files)."""
    return await AuditEntry.create(community_id=community.id, actor_id=actor.id if actor else None, action=action,
                                   detail=detail[:300] or None, at=now())


async def approve(ctx: Context, place: Place, enrolment: Enrolment) -> None:
    member = await Member.get(id=enrolment.member_id)
    await audit(place.cohort, ctx.member, member, "approve")
    await seat(ctx, place, enrolment, member)


async def decline(ctx: Context, place: Place, enrolment: Enrolment) -> None:
    member = await Member.get(id=enrolment.member_id)
    enrolment.state = "declined"
    await enrolment.save()
    await audit(place.cohort, ctx.member, member, "decline")
    await ctx.send_direct(member, "camps-declined", cohort=place.cohort.name)


async def remove(ctx: Context, place: Place, enrolment: Enrolment, reason: str) -> None:
    member = await Member.get(id=enrolment.member_id)
    held_seat = enrolment.state in HOLDS_SEAT
    enrolment.state, enrolment.pod_id = "removed", None
    await enrolment.save()
    await audit(place.cohort, ctx.member, member, "remove", reason)
    await ctx.send_direct(member, "camps-removed", cohort=place.cohort.name, reason=reason or "-")
    if held_seat:
        await fill_freed_seats(ctx, place)
