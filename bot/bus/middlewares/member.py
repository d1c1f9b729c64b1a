"""Who in the community sent the event; joins and leaves are recorded on the way."""
from __future__ import annotations

from bot.bus.middlewares.base import Next
from bot.context import Context
from bot.events import JoinRequested, MemberJoined, MemberLeft


async def resolve_member(ctx: Context, call_next: Next) -> None:
    event, communities = ctx.event, ctx.runtime.communities
    if ctx.community is not None and event.user is not None and not event.user.is_bot:
        ctx.member = await communities.member_for(ctx.community, event.user, touch=not isinstance(event, MemberLeft),
                                                  asking=isinstance(event, JoinRequested))
        if isinstance(event, MemberJoined):
            await communities.mark_joined(ctx.member)
        elif isinstance(event, MemberLeft):
            await communities.mark_left(ctx.member)
    await call_next(ctx)
