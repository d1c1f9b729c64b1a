"""The admins' queue: applications whose answers need a person, approved or declined with a reason
by a button (in the log chat, or under `/gate_queue`) or by `/gate_approve`, `/gate_decline`."""
from __future__ import annotations

from bot import Context, Member, NotSupported, Permission, Rest, SentMessage, UserError

from plugins.gate.decisions import DECLINE_REASONS, approve, decline, queue_item, reason_text
from plugins.gate.models import Application
from plugins.gate.plugin import plugin


@plugin.command("gate_queue", permission=Permission.ADMIN)
async def gate_queue(ctx: Context) -> None:
    waiting = await Application.filter(community_id=ctx.community.id, state="queued").order_by("id").limit(10)
    if not waiting:
        await ctx.reply("gate-queue-empty")
        return
    for application in waiting:
        await ctx.reply(queue_item(ctx, application, await Member.get(id=application.member_id)))


@plugin.command("gate_approve", permission=Permission.ADMIN)
async def gate_approve(ctx: Context, number: int) -> None:
    application = await _queued(ctx, number)
    if not await approve(ctx, application, by=ctx.event.user.key):
        raise UserError("gate-already-decided", number=number)
    await ctx.reply("gate-done-approved", number=number)


@plugin.command("gate_decline", permission=Permission.ADMIN)
async def gate_decline(ctx: Context, number: int, reason: Rest) -> None:
    application = await _queued(ctx, number)
    if not await decline(ctx, application, by=ctx.event.user.key, reason=reason[:500]):
        raise UserError("gate-already-decided", number=number)
    await ctx.reply("gate-done-declined", number=number)


async def _queued(ctx: Context, number: int) -> Application:
    application = await Application.get_or_none(id=number, community_id=ctx.community.id)
    if application is None:
        raise UserError("gate-no-application", number=number)
    if application.state not in ("queued", "asking"):
        raise UserError("gate-already-decided", number=number)
    return application


@plugin.button("approve", permission=Permission.ADMIN)
async def approve_button(ctx: Context, application: int) -> None:
    found = await Application.get_or_none(id=application, community_id=ctx.community.id)
    if found is None or not await approve(ctx, found, by=ctx.event.user.key):
        await ctx.answer("gate-already-decided", number=application)
        return
    await ctx.answer("gate-done-approved", number=application)
    await _mark(ctx, "gate-queue-approved", application)


@plugin.button("decline", permission=Permission.ADMIN)
async def decline_button(ctx: Context, application: int, reason: str) -> None:
    found = await Application.get_or_none(id=application, community_id=ctx.community.id)
    if found is None or reason not in DECLINE_REASONS:
        await ctx.answer("gate-already-decided", number=application)
        return
    member = await Member.get(id=found.member_id)
    if not await decline(ctx, found, by=ctx.event.user.key, reason=reason_text(ctx, member, reason)):
        await ctx.answer("gate-already-decided", number=application)
        return
    await ctx.answer("gate-done-declined", number=application)
    await _mark(ctx, "gate-queue-declined", application)


async def _mark(ctx: Context, message_id: str, number: int) -> None:
    """The queue message says what was decided and by whom, without its buttons."""
    sent = SentMessage(ctx.event.platform, ctx.event.chat.chat_id, ctx.event.message_id)
    try:
        await ctx.edit(sent, ctx.in_community_language().t(message_id, number=number, admin=ctx.user_name))
    except NotSupported:
        pass  # a platform without edits: the toast said it
