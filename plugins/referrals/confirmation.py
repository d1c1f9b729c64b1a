"""Pending → confirmed: the invitee stayed `min_stay` and did one real thing (an Activity from
any plugin, or a first message if set). Whichever comes last confirms: the activity itself,
or the job that looks every ten minutes. A confirmation is one conditional update, so it
happens once however often it is tried; the inviter's steps and poster follow it."""
from __future__ import annotations

from datetime import datetime

from bot import Activity, Context, Image, JobContext, Member, MessageReceived, PluginContext, SignalContext, now

from plugins.referrals.models import Referral
from plugins.referrals.plugin import plugin
from plugins.referrals.poster_for import poster_image
from plugins.referrals.progress import progress_of
from plugins.referrals.rewards import give_badges, grant_due

OWN_KINDS = ("referral.",)  # our own activity is the inviter's, not an invitee's real activity


@plugin.on(Activity)
async def activity(ctx: SignalContext, signal: Activity) -> None:
    if not signal.kind.startswith(OWN_KINDS):
        await did_something(ctx, signal.member)


@plugin.on(MessageReceived)
async def first_message(ctx: Context) -> None:
    if ctx.member is not None and ctx.in_group and ctx.settings.first_message_counts:
        await did_something(ctx, ctx.member)


async def did_something(ctx: PluginContext, member: Member) -> None:
    waiting = Referral.filter(invitee_id=member.id, status="pending", activity_at__isnull=True)
    if await waiting.update(activity_at=now()):
        await confirm_due(ctx, invitee_id=member.id)


@plugin.job("confirm", cron="*/10 * * * *")
async def confirm_job(ctx: JobContext) -> None:
    await confirm_due(ctx)


async def confirm_due(ctx: PluginContext, invitee_id: int | None = None) -> int:
    """Confirm the community's pending joins that stayed long enough and were active."""
    stayed_since: datetime = now() - ctx.settings.min_stay
    due = Referral.filter(community_id=ctx.community.id, status="pending", activity_at__isnull=False,
                          joined_at__lte=stayed_since, inviter_id__isnull=False)
    if invitee_id is not None:
        due = due.filter(invitee_id=invitee_id)
    confirmed = 0
    for row in await due:
        if await confirm(ctx, row):
            confirmed += 1
    return confirmed


async def confirm(ctx: PluginContext, row: Referral) -> bool:
    if not await Referral.filter(id=row.id, status="pending").update(status="confirmed", confirmed_at=now()):
        return False  # confirmed (or voided) meanwhile
    inviter = await Member.get_or_none(id=row.inviter_id)
    if inviter is None:
        return True
    if ctx.settings.rewards(row.platform):  # XP is a perk too: not where invites may not be rewarded
        await ctx.publish(Activity(member=inviter, kind="referral.confirmed", reference=f"referral:{row.id}"))
    await grant_due(ctx, inviter)
    await give_badges(ctx, inviter)
    await tell_inviter(ctx, inviter)
    return True


async def tell_inviter(ctx: PluginContext, inviter: Member) -> None:
    """The inviter's progress changed: a new poster with it, privately."""
    progress = await progress_of(ctx.settings, inviter)
    poster = await poster_image(ctx, inviter, progress, locale_of=inviter)
    text = ctx.t_for(inviter, "referrals-confirmed", count=progress.score,
                     goal=progress.next_step.at if progress.next_step else 0)
    if poster is None:
        await ctx.send_direct(inviter, text)
    else:
        await ctx.send_direct(inviter, ctx.message(text, images=[poster]))
