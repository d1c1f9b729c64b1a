"""Re-syncing members after the ladder changed (a threshold raised or lowered in the settings).

The ladder's thresholds and requirements are fingerprinted per community (`TierLadder`); when
the fingerprint changes (seen at start, at the hourly job and after /tier_threshold), the generation goes up and every
member whose `synced` is below it is placed again: the highest tier their XP and requirements
now earn (an approval tier only if approved before), up or down, with their roles, tags and
restrictions updated and the move audited ("resynced"). Members go one at a time at
`sync_per_second` (under Telegram's ~30 requests a second, and Discord's role limits), each
marked as moving (`synced` = -generation) and then synced: a restart resumes with the next,
nobody is moved twice, and the one member a stop cut short is shown again in full.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging

from bot import JobContext, Member, PluginContext, detached

from plugins.tiers.models import TierApproval, TierLadder, TierMember
from plugins.tiers.requirements import missing
from plugins.tiers.settings import TiersSettings
from plugins.tiers import display, thresholds
from plugins.tiers.standing import refresh_shown, set_earned, xp_basis
from plugins.tiers.thresholds import settings_of

log = logging.getLogger(__name__)
BATCH = 200
_running: dict[int, asyncio.Task] = {}  # community id -> its re-sync on this instance


def fingerprint(settings: TiersSettings) -> str:
    ladder = [(t.key, t.xp, [r.model_dump() for r in t.requires], t.approval) for t in settings.tiers]
    return hashlib.sha256(json.dumps([ladder, settings.seasons]).encode()).hexdigest()[:64]


async def notice_change(ctx: PluginContext) -> bool:
    """Raise the generation if the ladder changed since members were last placed; whether it did.
    The thresholds admins changed are read afresh first, so a stale instance cannot undo them."""
    await thresholds.load(ctx)
    current = fingerprint(settings_of(ctx))
    ladder, created = await TierLadder.get_or_create(community_id=ctx.community.id,
                                                     defaults={"fingerprint": current})
    if created or ladder.fingerprint == current:
        return False
    ladder.fingerprint, ladder.generation = current, ladder.generation + 1
    await ladder.save(update_fields=["fingerprint", "generation"])
    log.info("the tier ladder of %s changed: re-syncing its members", ctx.community.slug)
    return True


async def begin_again(ctx: PluginContext) -> int:
    """/tier_sync: every member is placed again on the current ladder; how many are waiting."""
    await notice_change(ctx)
    ladder = await TierLadder.get(community_id=ctx.community.id)
    ladder.fingerprint, ladder.generation = fingerprint(settings_of(ctx)), ladder.generation + 1
    await ladder.save(update_fields=["fingerprint", "generation"])
    return await TierMember.filter(community_id=ctx.community.id, synced__lt=ladder.generation).count()


async def resync_all(ctx: PluginContext) -> int:
    """Every member not yet placed on the current ladder, at the settings' pace; how many moved."""
    ladder = await TierLadder.get_or_none(community_id=ctx.community.id)
    if ladder is None:
        return 0
    pause = 1 / settings_of(ctx).sync_per_second
    moved, after = 0, 0
    while rows := await (TierMember.filter(community_id=ctx.community.id, synced__lt=ladder.generation,
                                           member_id__gt=after).order_by("member_id").limit(BATCH)):
        members = {m.id: m for m in await Member.filter(id__in=[r.member_id for r in rows])}
        for row in rows:
            after = row.member_id
            cut_short = row.synced == -ladder.generation  # a stop came while this member was moving
            row.synced = -ladder.generation
            await row.save(update_fields=["synced"])
            if await place(ctx, members[row.member_id], row):
                moved += 1
                await asyncio.sleep(pause)  # platform calls were made: keep to the pace
            elif cut_short and not await refresh_shown(ctx, members[row.member_id], row) and row.present:
                await display.show(ctx, members[row.member_id], None, settings_of(ctx).tier(row.shown))
            row.synced = ladder.generation
            await row.save(update_fields=["synced"])
    return moved


def start(ctx: JobContext) -> None:
    """Run `resync_all` in the background (once per community on this instance)."""
    community_id = ctx.community.id
    if community_id in _running and not _running[community_id].done():
        return
    task = detached(_logged(ctx), name=f"tiers-resync-{community_id}")  # outlives a command's transaction
    _running[community_id] = task
    task.add_done_callback(lambda done: _running.pop(community_id, None) if _running.get(community_id) is done else None)


async def _logged(ctx: JobContext) -> None:
    try:
        moved = await resync_all(ctx)
        if moved:
            log.info("tier re-sync of %s: %d members moved", ctx.community.slug, moved)
    except Exception:
        log.exception("tier re-sync of %s failed; the next hourly run resumes it", ctx.community.slug)


async def place(ctx: PluginContext, member: Member, row: TierMember) -> bool:
    """Put the member in the tier the current ladder gives them; whether they moved."""
    target = await earned_tier(ctx, member, row)
    if target == row.earned:
        return False
    await set_earned(ctx, member, row, target, "resynced", quiet=True)
    return True


async def earned_tier(ctx: PluginContext, member: Member, row: TierMember) -> str:
    """The highest tier the member's XP and requirements earn; an approval tier only if approved."""
    settings: TiersSettings = settings_of(ctx)
    approved = set(await TierApproval.filter(member_id=member.id, state="approved").values_list("tier", flat=True))
    for tier in reversed(settings.tiers[1:]):
        if xp_basis(settings, row) < tier.xp or (tier.approval and tier.key not in approved):
            continue
        if not await missing(member, tier):
            return tier.key
    return settings.tiers[0].key


async def resync_member(ctx: PluginContext, member: Member, row: TierMember) -> None:
    """/tier_sync @member: place them, then show their tier afresh on every platform, taking any
    tier role they should not hold (an account joined by /link keeps its old one)."""
    await place(ctx, member, row)
    settings: TiersSettings = settings_of(ctx)
    shown = settings.tier(row.shown)
    keep = display.roles_of(settings, shown)
    problems = []
    for role in {t.role_name for t in settings.tiers} - set(keep):
        problems += await ctx.roles.take(member, role)
    stale = {kind for t in settings.tiers for kind in t.restrict} - set(shown.restrict if shown else ())
    if stale:
        problems += await ctx.restrictions.lift(member, stale)
    for problem in problems:
        await display.tell_once(ctx, problem)
    if row.present:
        await display.show(ctx, member, None, shown)
