"""Deciding an application: approved, declined (with a reason), or sent to the admins' queue.

Each decision is one guarded update (`state` still open), so a double press, a second admin or
a redelivered update decides once. The applicant is told either way, privately.
"""
from __future__ import annotations

from bot import Member, Message, MissingRights, NotSupported, PluginContext, join_lines, now, plain_text

from plugins.gate.admins import tell_missing_right, to_admins
from plugins.gate.models import OPEN_STATES, Application

DECLINE_REASONS = ("answers", "incomplete", "spam")


async def approve(ctx: PluginContext, application: Application, *, by: str) -> bool:
    """Let the applicant in; False when it was already decided (or the bot may not, said once)."""
    if not await _decide(application, "approved", by, None):
        return False
    member = await Member.get(id=application.member_id)
    try:
        if application.via == "request":
            await ctx.moderation.approve_join(application.chat, application.user_id)
        else:
            await ctx.roles.take(member, ctx.settings.door.newcomer_role)
    except MissingRights as problem:  # the admins let them in by hand: back to the queue, said once
        await Application.filter(id=application.id).update(state="asking", decided_at=None, decided_by=None)
        await tell_missing_right(ctx, problem)
        await send_to_queue(ctx, application)
        return False
    except (LookupError, NotSupported):
        pass  # the request was withdrawn or decided on the platform meanwhile: the decision stands
    await Member.filter(id=member.id, left_at__isnull=False).update(left_at=None)  # asked, not in: now in
    await ctx.send_direct(member, "gate-approved", community=ctx.community.name or ctx.community.slug)
    return True


async def decline(ctx: PluginContext, application: Application, *, by: str, reason: str) -> bool:
    if not await _decide(application, "declined" if by != "timeout" else "expired", by, reason):
        return False
    member = await Member.get(id=application.member_id)
    try:
        if application.via == "request":
            await ctx.moderation.decline_join(application.chat, application.user_id)
        else:
            await ctx.moderation.kick(application.chat, application.user_id)
    except MissingRights as problem:
        await tell_missing_right(ctx, problem)
    except (LookupError, NotSupported):
        pass
    await ctx.send_direct(member, "gate-declined", community=ctx.community.name or ctx.community.slug,
                          reason=reason)
    return True


async def _decide(application: Application, state: str, by: str, reason: str | None) -> bool:
    decided = await Application.filter(id=application.id, state__in=OPEN_STATES).update(
        state=state, decided_at=now(), decided_by=by[:64], reason=reason[:500] if reason else None)
    if decided:
        application.state = state
    return bool(decided)


async def send_to_queue(ctx: PluginContext, application: Application, *, unreachable: bool = False) -> None:
    """The admins decide: the applicant is told, the admins get the answers and the buttons (in the
    log chat, else each privately, once)."""
    await Application.filter(id=application.id, state="asking").update(state="queued")
    application.state = "queued"
    member = await Member.get(id=application.member_id)
    if not unreachable:
        await ctx.send_direct(member, "gate-queued")
    await to_admins(ctx, lambda admins: queue_item(admins, application, member, unreachable=unreachable),
                    key=f"application:{application.id}")


def queue_item(ctx: PluginContext, application: Application, member: Member, *, unreachable: bool = False) -> Message:
    """One application as the admins see it: who, every answer with its verdict, and the buttons."""
    lines = [ctx.t("gate-queue-head", number=application.id, name=member.display_name or application.user_id,
                   chat=application.chat)]
    if unreachable:
        lines.append(ctx.t("gate-queue-unreachable"))
    questions = ctx.settings.door.questions
    for answer in application.answers:
        index = answer["question"]
        question = questions[index] if index < len(questions) else None
        asked = (question.text(ctx.locale) if question else None) or ctx.text("gate-rules-short")
        verdict = {True: "gate-verdict-pass", False: "gate-verdict-fail", None: "gate-verdict-review"}[answer["passed"]]
        lines.append(ctx.t("gate-queue-answer", number=index + 1, question=asked[:200], answer=answer["answer"],
                           verdict=ctx.text(verdict)))
    buttons = [(ctx.button("gate-button-approve", "approve", application=application.id),),
               tuple(ctx.button(f"gate-button-decline-{reason}", "decline", application=application.id,
                                reason=reason) for reason in DECLINE_REASONS)]
    return ctx.message(join_lines(lines), buttons=buttons)


def reason_text(ctx: PluginContext, member: Member, reason: str) -> str:
    """A decline reason in the applicant's language."""
    return plain_text(ctx.t_for(member, f"gate-reason-{reason}"))

