"""Which community an event belongs to, and its settings; a bot added or removed updates the binding."""
from __future__ import annotations

from bot.bus.middlewares.base import Next
from bot.context import Context
from bot.events import BotRemoved
from bot.identity import ChatKind


async def resolve_community(ctx: Context, call_next: Next) -> None:
    communities = ctx.runtime.communities
    event = ctx.event
    await communities.cache.refresh()
    if isinstance(event, BotRemoved):
        await communities.deactivate(event.chat)
    if event.chat.kind is ChatKind.PRIVATE:
        ctx.community = await communities.for_private_chat(event.user) if event.user else None
    else:
        ctx.community = await communities.for_chat(event.chat, reactivate=not isinstance(event, BotRemoved))
    if ctx.community is not None:
        ctx.community_settings = communities.settings_of(ctx.community)
    await call_next(ctx)
