"""Scheduled work, through the core scheduler: once per community across instances, caught up
after a restart."""
from __future__ import annotations

from bot import Community, JobContext

from plugins.tiers import first_tier, floor, grants, resync
from plugins.tiers.plugin import plugin


@plugin.job("floor", cron=lambda settings: settings.sweep_cron)
async def floor_sweep(ctx: JobContext) -> None:
    await floor.sweep(ctx)


@plugin.job("grants", cron="7 * * * *")
async def grant_expiry(ctx: JobContext) -> None:
    """Hourly: grants that end, a re-sync of the members still to place on a changed ladder (one cut
    short by a restart resumes here), and the first tiers still to show."""
    await grants.expire_and_remind(ctx)
    await resync.notice_change(ctx)
    resync.start(ctx)
    first_tier.start(ctx)


@plugin.on_startup
async def resync_changed_ladders(runtime) -> None:
    """A threshold changed in the settings (or a re-sync was cut short by a stop): members move to
    their new tiers right after start; first tiers a stop left unshown are shown."""
    for community in await Community.all():
        if "tiers" in runtime.communities.plugin_names(community):
            ctx = JobContext(runtime, community, "tiers")
            await resync.notice_change(ctx)
            resync.start(ctx)
            first_tier.start(ctx)


@plugin.on_shutdown
async def stop_background(runtime) -> None:
    await first_tier.stop(runtime)
