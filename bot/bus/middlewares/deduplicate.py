"""An update delivered twice (a retry, a second instance) is handled once."""
from __future__ import annotations

import logging

from bot.bus.middlewares.base import Next
from bot.context import Context
from bot.intake import handling_an_entry

log = logging.getLogger(__name__)

DEDUP_SECONDS = 24 * 3600


async def deduplicate(ctx: Context, call_next: Next) -> None:
    event_id = ctx.event.event_id
    if handling_an_entry():  # the durable intake stored it once, and hands it over again only after a crash
        await call_next(ctx)
        return
    if event_id and not await ctx.runtime.store.claim(f"event:{ctx.event.platform}:{event_id}", DEDUP_SECONDS):
        log.debug("duplicate event %s ignored", event_id)
        return
    await call_next(ctx)
