"""Probation: for `hours` after joining, or until a tier role, a member may not post links, media
or forwards. It is the core's member restriction (`ctx.restrictions`): Telegram's member
restrictions, Discord's restriction roles, the sandbox's own, and the core deletes what a
platform does not stop. The core lifts it at its end, even across a restart; the period is also
a row here, for the admins to look up, marked lifted by the minute sweep."""
from __future__ import annotations

from datetime import timedelta

from bot import Context, MemberJoined, PluginContext, SignalContext, TierChanged, now

from plugins.gate.admins import tell_missing_right
from plugins.gate.models import ProbationPeriod
from plugins.gate.plugin import plugin

FORBIDDEN = {"links", "media", "forwards"}


@plugin.on(MemberJoined)
async def on_joined(ctx: Context) -> None:
    hours = ctx.settings.probation.hours
    if not hours or ctx.member is None or not ctx.chat_key or ctx.event.user.is_bot:
        return
    if await ProbationPeriod.exists(member_id=ctx.member.id, chat=ctx.chat_key, started_at=ctx.event.at):
        return  # the same join delivered again
    if await ctx.is_admin() or await _holds_an_ending_role(ctx, ctx.member):
        return
    until = now() + timedelta(hours=hours)
    await ProbationPeriod.create(community_id=ctx.community.id, member_id=ctx.member.id, chat=ctx.chat_key,
                                 user_id=ctx.event.user.user_id, started_at=ctx.event.at, until=until)
    for problem in await ctx.restrictions.restrict(ctx.member, FORBIDDEN, until=until):
        await tell_missing_right(ctx, problem)


async def _holds_an_ending_role(ctx: PluginContext, member) -> bool:
    for role in ctx.settings.probation.until_roles:
        if await ctx.roles.holds(member, role):
            return True
    return False


async def lift_due(ctx: PluginContext) -> int:
    """Mark the probations whose time is up as ended (the core has lifted the restriction)."""
    return await ProbationPeriod.filter(community_id=ctx.community.id, lifted_at__isnull=True,
                                        until__lte=now()).update(lifted_at=now(), lifted_by="time")


@plugin.on(TierChanged)
async def on_tier(ctx: SignalContext, signal: TierChanged) -> None:
    """A member promoted into one of `until_roles` is out of probation at once."""
    if not await _holds_an_ending_role(ctx, signal.member):
        return
    ended = await ProbationPeriod.filter(member_id=signal.member.id, lifted_at__isnull=True).update(
        lifted_at=now(), lifted_by="tier")
    if ended:
        for problem in await ctx.restrictions.lift(signal.member, FORBIDDEN):
            await tell_missing_right(ctx, problem)
