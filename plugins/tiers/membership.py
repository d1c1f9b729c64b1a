"""Members leaving (no role calls while away), coming back, and linking accounts (one XP, one tier)."""
from __future__ import annotations

from tortoise.functions import Sum

from bot import Context, Member, MemberJoined, MemberLeft, MembersMerged, MembersUnmerged, SignalContext, now

from plugins.tiers import display
from plugins.tiers.models import TierApproval, TierAudit, TierGrant, TierMember, TierMerge, XpEntry
from plugins.tiers.plugin import plugin
from plugins.tiers.standing import refresh_shown, review
from plugins.tiers.xp import standing_of
from plugins.tiers.thresholds import settings_of


@plugin.on(MemberLeft)
async def member_left(ctx: Context) -> None:
    if ctx.member is not None:
        await TierMember.filter(member_id=ctx.member.id).update(present=False)


@plugin.on(MemberJoined)
async def member_joined(ctx: Context) -> None:
    """A newcomer is put in the lowest tier at once (with what it may not post); the earned tier is
    shown again on return: it was earned, not a verification step."""
    if ctx.member is None:
        return
    row = await TierMember.get_or_none(member_id=ctx.member.id)
    if row is None or row.shown is None:
        await refresh_shown(ctx, ctx.member)
        return
    row.present, row.to_show = True, False
    await row.save(update_fields=["present", "to_show"])
    await display.show(ctx, ctx.member, None, settings_of(ctx).tier(row.shown))


@plugin.on(MembersMerged)
async def members_merged(ctx: SignalContext, signal: MembersMerged) -> None:
    """Move the merged member's XP and history onto the kept one; the higher tier of the two stays."""
    merged, kept = signal.merged, signal.kept
    taken = await XpEntry.filter(member_id=kept.id, reference__isnull=False).values_list("source", "reference")
    for source, reference in taken:
        await XpEntry.filter(member_id=merged.id, source=source, reference=reference).delete()
    moved = list(await XpEntry.filter(member_id=merged.id).values_list("id", flat=True))
    await XpEntry.filter(member_id=merged.id).update(member_id=kept.id)
    await TierGrant.filter(member_id=merged.id).update(member_id=kept.id)
    await TierAudit.filter(member_id=merged.id).update(member_id=kept.id)
    kept_approvals = await TierApproval.filter(member_id=kept.id).values_list("tier", flat=True)
    await TierApproval.filter(member_id=merged.id, tier__in=list(kept_approvals)).delete()
    await TierApproval.filter(member_id=merged.id).update(member_id=kept.id)
    old = await TierMember.get_or_none(member_id=merged.id)
    row = await standing_of(kept)
    await TierMerge.get_or_create(reference=signal.reference, defaults={
        "community_id": kept.community_id, "entries": moved, "kept_earned": row.earned,
        "merged_earned": old.earned if old else None, "merged_season_xp": old.season_xp if old else 0, "at": now()})
    total = await XpEntry.filter(member_id=kept.id).annotate(total=Sum("amount")).first().values("total")
    row.xp = int((total or {}).get("total") or 0)
    settings = settings_of(ctx)
    if old is not None:
        row.season_xp += old.season_xp
        row.earned = max([row.earned, old.earned], key=settings.rank_of)
        await old.delete()
    await row.save(update_fields=["xp", "season_xp", "earned"])
    before = row.shown
    await refresh_shown(ctx, kept, row)
    if row.shown == before:  # the joined account still shows the tier it had alone
        await display.show(ctx, kept, settings.tier(old.shown if old else None), settings.tier(row.shown))
    await review(ctx, kept)  # together they may have crossed a threshold


@plugin.on(MembersUnmerged)
async def members_unmerged(ctx: SignalContext, signal: MembersUnmerged) -> None:
    """An undone /link: the restored account takes back its XP and the tier it had; each side is then
    reviewed on its own XP."""
    record = await TierMerge.get_or_none(reference=signal.merge_reference)
    if record is None:
        return
    kept, restored = signal.kept, signal.restored
    await XpEntry.filter(id__in=record.entries, member_id=kept.id).update(member_id=restored.id)
    for member, earned, season_delta in ((kept, record.kept_earned, -record.merged_season_xp),
                                         (restored, record.merged_earned, record.merged_season_xp)):
        await _settle_alone(ctx, member, earned, season_delta)
    await record.delete()


async def _settle_alone(ctx: SignalContext, member: Member, earned: str | None, season_delta: int) -> None:
    row = await standing_of(member)
    total = await XpEntry.filter(member_id=member.id).annotate(total=Sum("amount")).first().values("total")
    row.xp = int((total or {}).get("total") or 0)
    row.season_xp = max(0, row.season_xp + season_delta)
    row.earned = earned
    await row.save(update_fields=["xp", "season_xp", "earned"])
    await refresh_shown(ctx, member, row)
    await review(ctx, member)
