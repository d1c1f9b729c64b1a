"""A member's first tier, the lowest: placed at their first activity without a platform call on the
way (a check-in's answer never waits for one), shown on the platforms in the background.

The placement is written at once: the tier earned and shown, its audit, and a mark that it is still
to show (`to_show`), in one transaction; `TierChanged` is published as for any change. A task per
community then shows the marked members (the lowest tier's role, tag, restrictions and chats) at
`sync_per_second`, inside the platforms' limits and behind the answers. A stop leaves the marks:
the next start, or the hourly run, shows the rest. A member whose tier changes before their turn is
shown in full by that change (`standing.refresh_shown` takes the mark).
"""
from __future__ import annotations

import asyncio
import logging

from tortoise.transactions import in_transaction

from bot import JobContext, Member, PluginContext, TierChanged, detached, now

from plugins.tiers import display
from plugins.tiers.models import TierAudit, TierMember
from plugins.tiers.thresholds import settings_of

log = logging.getLogger(__name__)
BATCH = 200
LATE_SECONDS = 1.0  # one more look after the last: a placement may still be in its handler's transaction
_running: dict[tuple[int, int], asyncio.Task] = {}  # (runtime, community id) -> its task on this instance


async def place(ctx: PluginContext, member: Member, row: TierMember) -> None:
    """Put a member who has no tier yet in the lowest one; shown later, in the background."""
    lowest = settings_of(ctx).tiers[0].key
    row.earned = row.shown = lowest
    row.tier_since, row.to_show = ctx.today(), True
    async with in_transaction():  # the change and its audit, or neither
        await row.save(update_fields=["earned", "shown", "tier_since", "to_show"])
        await TierAudit.create(community_id=member.community_id, member_id=member.id, action="promoted", old=None,
                               new=lowest, at=now())
    await ctx.publish(TierChanged(member=member, old=None, new=lowest,
                                  reference=f"tier:{member.id}:{now().isoformat()}:{lowest}"))
    start(ctx)


def start(ctx: PluginContext) -> None:
    """Show the community's marked members in the background (once per community on this instance)."""
    key = (id(ctx.runtime), ctx.community.id)
    if key in _running and not _running[key].done():
        return
    job = JobContext(ctx.runtime, ctx.community, "tiers")
    task = detached(_logged(job), name=f"tiers-first-{ctx.community.id}")  # outlives a command's transaction
    _running[key] = task
    task.add_done_callback(lambda done: _running.pop(key, None) if _running.get(key) is done else None)


async def stop(runtime) -> None:
    """The bot stops: its tasks end; the marks stay for the next start."""
    tasks = [task for (owner, _), task in list(_running.items()) if owner == id(runtime)]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def _logged(ctx: JobContext) -> None:
    try:
        shown = await show_marked(ctx)
        await asyncio.sleep(LATE_SECONDS)
        shown += await show_marked(ctx)
        if shown:
            log.info("tiers of %s: %d members shown in the lowest tier", ctx.community.slug, shown)
    except Exception:
        log.exception("showing the lowest tier in %s failed; the hourly run resumes it", ctx.community.slug)


async def show_marked(ctx: JobContext) -> int:
    """Show every marked member of the community, at the settings' pace; how many got platform calls."""
    pause = 1 / settings_of(ctx).sync_per_second
    shown = 0
    while rows := await (TierMember.filter(community_id=ctx.community.id, to_show=True)
                         .order_by("member_id").limit(BATCH)):
        members = {m.id: m for m in await Member.filter(id__in=[r.member_id for r in rows])}
        for row in rows:
            if await _show(ctx, members[row.member_id], row):
                shown += 1
                await asyncio.sleep(pause)  # platform calls were made: keep to the pace
    return shown


async def _show(ctx: JobContext, member: Member, row: TierMember) -> bool:
    """The member's tier, shown from nothing; whether platform calls were made. Their tier may change
    while it is shown (a promotion shows its own): the mark goes only if it did not."""
    settings = settings_of(ctx)
    called = row.present and member.left_at is None
    if called:
        tier = settings.tier(row.shown)
        await display.show(ctx, member, None, tier)
        if tier is not None:
            await display.invite_to_tier_chats(ctx, member, tier)
    await TierMember.filter(id=row.id, shown=row.shown).update(to_show=False)
    return called
