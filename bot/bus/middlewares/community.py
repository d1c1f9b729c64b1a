"""Which community an event belongs to, and its settings; a bot added or removed updates the binding."""
from __future__ import annotations

from bot import buttons
from bot.bus.middlewares.base import Next
from bot.context import Context
from bot.events import BotRemoved, ButtonPressed, Event, FormSubmitted
from bot.identity import ChatKind
from bot.models import Community


async def resolve_community(ctx: Context, call_next: Next) -> None:
    communities = ctx.runtime.communities
    event = ctx.event
    await communities.cache.refresh()
    if isinstance(event, BotRemoved):
        await communities.deactivate(event.chat)
    if event.chat.kind is ChatKind.PRIVATE:
        ctx.community = await _scope_of_button(event) or (
            await communities.for_private_chat(event.user) if event.user else None)
    else:
        ctx.community = await communities.for_chat(event.chat, reactivate=not isinstance(event, BotRemoved))
    if ctx.community is not None:
        ctx.community_settings = communities.settings_of(ctx.community)
    await call_next(ctx)


async def _scope_of_button(event: Event) -> Community | None:
    """A button the core sent privately for one community (to its admins) acts in that community,
    whichever community the presser was last active in (so does the form it opens); the handler's
    permission check still asks the platform whether they are an admin there."""
    if not isinstance(event, (ButtonPressed, FormSubmitted)) or not event.payload.startswith(buttons.STORED_MARK):
        return None
    decoded = await buttons.decode(event.payload)
    if decoded is None or decoded.community is None:
        return None
    return await Community.get_or_none(id=decoded.community)
