"""The gate's clock, every minute through the core scheduler (once across instances, caught up
after a restart, once for a clock moved by hours): unanswered requests declined, probations
lifted, group notices deleted."""
from __future__ import annotations

from datetime import timedelta

from bot import JobContext, Member, MissingRights, NotSupported, now, plain_text

from plugins.gate.decisions import decline
from plugins.gate.models import Application, Notice
from plugins.gate.plugin import plugin
from plugins.gate.probation import lift_due


@plugin.job("sweep", cron="* * * * *", grace=timedelta(days=31), coalesce=True)
async def sweep(ctx: JobContext) -> None:
    await expire_unanswered(ctx)
    await lift_due(ctx)
    await delete_notices(ctx)


async def expire_unanswered(ctx: JobContext) -> None:
    overdue = await Application.filter(community_id=ctx.community.id, state="asking", deadline__lte=now())
    for application in overdue:
        member = await Member.get(id=application.member_id)
        await decline(ctx, application, by="timeout", reason=plain_text(ctx.t_for(member, "gate-reason-timeout")))


async def delete_notices(ctx: JobContext) -> None:
    for notice in await Notice.filter(community_id=ctx.community.id, delete_at__lte=now()):
        try:
            await ctx.moderation.delete(notice.chat, notice.message_id)
        except (LookupError, MissingRights, NotSupported):
            pass  # gone already, or the bot may not: nothing more to do
        await notice.delete()
