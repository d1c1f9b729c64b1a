"""Tier thresholds an admin changed with /tier_threshold, over the settings' own.

The latest `TierThreshold` row per tier is in force (its xp None: back to the settings'); the
rows are also the audit. `settings_of(ctx)` is the plugin's settings with them applied, what
every part of the plugin reads. Each instance keeps a community's changes in memory: loaded at
start, by the hourly job and by the command itself; another instance reads them again in the
background once they are `REFRESH_SECONDS` old, so a change reaches it within a minute.
"""
from __future__ import annotations

import asyncio
import logging
import time
import weakref

from pydantic import ValidationError

from bot import PluginContext, UserError, detached, now

from plugins.tiers.models import TierThreshold
from plugins.tiers.settings import TiersSettings

log = logging.getLogger(__name__)
REFRESH_SECONDS = 60
MAX_XP = 100_000_000


class _Cache:
    """One runtime's: community id -> (when loaded, {tier: xp}), the settings built from them,
    and the reads running in the background."""

    def __init__(self) -> None:
        self.loaded: dict[int, tuple[float, dict[str, int]]] = {}
        self.built: dict[int, tuple[tuple, TiersSettings]] = {}
        self.reading: dict[int, asyncio.Task] = {}


_caches: "weakref.WeakKeyDictionary[object, _Cache]" = weakref.WeakKeyDictionary()


def _cache(ctx: PluginContext) -> _Cache:
    return _caches.setdefault(ctx.runtime, _Cache())


def settings_of(ctx: PluginContext) -> TiersSettings:
    """The tiers settings of ctx's community, with the thresholds admins changed."""
    base: TiersSettings = ctx.settings
    if ctx.community is None:
        return base
    cache, community_id = _cache(ctx), ctx.community.id
    loaded = cache.loaded.get(community_id)
    if loaded is None or time.monotonic() - loaded[0] > REFRESH_SECONDS:
        _read_soon(ctx, cache, community_id)
    changed = loaded[1] if loaded else {}
    if not changed:
        return base
    key = (id(base), tuple(sorted(changed.items())))
    built = cache.built.get(community_id)
    if built is None or built[0] != key:
        built = (key, with_thresholds(base, changed) or base)
        cache.built[community_id] = built
    return built[1]


def with_thresholds(base: TiersSettings, changed: dict[str, int]) -> TiersSettings | None:
    """The settings with these thresholds; None if the ladder would no longer climb."""
    tiers = [{**t.model_dump(), "xp": changed.get(t.key, t.xp)} for t in base.tiers]
    try:
        return TiersSettings.model_validate({**base.model_dump(), "tiers": tiers})
    except ValidationError:
        return None


async def load(ctx: PluginContext) -> dict[str, int]:
    """Read the community's changed thresholds into this instance's memory; they are returned."""
    rows = await TierThreshold.filter(community_id=ctx.community.id).order_by("id").values_list("tier", "xp")
    changed: dict[str, int] = {}
    for tier, xp in rows:
        if xp is None:
            changed.pop(tier, None)
        else:
            changed[tier] = xp
    _cache(ctx).loaded[ctx.community.id] = (time.monotonic(), changed)
    return changed


def _read_soon(ctx: PluginContext, cache: _Cache, community_id: int) -> None:
    running = cache.reading.get(community_id)
    loop = asyncio.get_running_loop()
    if running is not None and not running.done() and running.get_loop() is loop:
        return
    cache.reading[community_id] = detached(_read_logged(ctx), name=f"tiers-thresholds-{community_id}")


async def _read_logged(ctx: PluginContext) -> None:
    try:
        await load(ctx)
    except Exception:
        log.exception("reading the changed tier thresholds of %s failed", ctx.community.slug)


async def change(ctx: PluginContext, key: str, xp: int | None, by: str) -> tuple[int, int]:
    """Set a tier's threshold (None: back to the settings'), audited; (before, after).
    A UserError names what is wrong: no such tier, the lowest tier, or a ladder that would not climb."""
    changed = await load(ctx)
    current = settings_of(ctx)
    tier = current.tier(key.lower())
    if tier is None:
        raise UserError("tiers-no-such-tier", tier=key[:32], choices=", ".join(t.key for t in current.tiers))
    rank = current.rank_of(tier.key)
    if rank == 0:
        raise UserError("tiers-threshold-lowest", tier=tier.display_name(ctx.locale))
    if xp is not None and not 0 <= xp <= MAX_XP:
        raise UserError("tiers-threshold-bad-xp", max=MAX_XP)
    wanted = {k: v for k, v in changed.items() if k != tier.key} | ({tier.key: xp} if xp is not None else {})
    after = with_thresholds(ctx.settings, wanted)
    if after is None:
        below, name = current.tiers[rank - 1], tier.display_name(ctx.locale)
        if rank + 1 == len(current.tiers):
            raise UserError("tiers-threshold-order-top", tier=name, below=below.display_name(ctx.locale), low=below.xp)
        above = current.tiers[rank + 1]
        raise UserError("tiers-threshold-order", tier=name, below=below.display_name(ctx.locale), low=below.xp,
                        above=above.display_name(ctx.locale), high=above.xp)
    await TierThreshold.create(community_id=ctx.community.id, tier=tier.key, xp=xp, previous=tier.xp, by=by, at=now())
    await load(ctx)
    return tier.xp, after.tier(tier.key).xp
