"""Signals through the bus: to each subscribed plugin enabled in the community, once per reference."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.bus.gate import enabled
from bot.context import SignalContext
from bot.models import Community
from bot.signals import Signal

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

HANDLED_SECONDS = 90 * 24 * 3600  # how long a (plugin, signal, reference) is remembered as handled


async def publish(runtime: "Runtime", community: Community, signal: Signal) -> bool:
    """Run each subscriber; a failing one is logged, and may handle the signal again later."""
    subscribers = [(plugin, handler) for plugin, signal_type, handler in runtime.bus.signal_handlers
                   if isinstance(signal, signal_type)]
    settings = runtime.communities.settings_of(community) if subscribers else None
    handled_all = True
    for plugin, handler in subscribers:
        if not enabled(settings, plugin):
            continue
        key = f"signal:{plugin}:{type(signal).__name__}:{community.id}:{signal.reference}"
        if not await runtime.store.claim(key, HANDLED_SECONDS):
            continue
        try:
            await handler(SignalContext(runtime, community, plugin, signal), signal)
        except Exception:
            handled_all = False
            await runtime.store.release(key)
            log.exception("%s handler of %s failed (ref %s) on %r", type(signal).__name__, plugin,
                          runtime.new_error_ref(), signal)
    return handled_all
