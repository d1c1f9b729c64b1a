"""Scheduled work, through the core scheduler: once per community across instances, caught up
after a restart."""
from __future__ import annotations

from bot import JobContext

from plugins.tiers import floor, grants
from plugins.tiers.plugin import plugin


@plugin.job("floor", cron=lambda settings: settings.sweep_cron)
async def floor_sweep(ctx: JobContext) -> None:
    await floor.sweep(ctx)


@plugin.job("grants", cron="7 * * * *")
async def grant_expiry(ctx: JobContext) -> None:
    await grants.expire_and_remind(ctx)
