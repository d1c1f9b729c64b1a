"""Members leaving, coming back, and linking accounts: their history is kept and moved."""
from __future__ import annotations

from bot import Context, Member, MemberJoined, MemberLeft, MembersMerged, SignalContext

from plugins.checkin import keeper
from plugins.checkin.models import AuditEntry, Checkin, DayDecisionRow, Leave, MemberStreak
from plugins.checkin.plugin import plugin
from plugins.checkin.subject import load_subject


@plugin.on(MemberLeft)
async def member_left(ctx: Context) -> None:
    if ctx.member is not None:
        await MemberStreak.filter(member_id=ctx.member.id).update(present=False)


@plugin.on(MemberJoined)
async def member_joined(ctx: Context) -> None:
    if ctx.member is not None:
        await MemberStreak.filter(member_id=ctx.member.id).update(present=True)


@plugin.on(MembersMerged)
async def members_merged(ctx: SignalContext, signal: MembersMerged) -> None:
    """Move the merged member's days onto the kept one, then decide the kept member's days anew."""
    merged, kept = signal.merged, signal.kept
    taken = set(await Checkin.filter(member_id=kept.id).values_list("day", flat=True))
    await Checkin.filter(member_id=merged.id, day__in=list(taken)).delete()
    await Checkin.filter(member_id=merged.id).update(member_id=kept.id)
    taken = set(await Leave.filter(member_id=kept.id).values_list("day", flat=True)) | \
        set(await Checkin.filter(member_id=kept.id).values_list("day", flat=True))
    await Leave.filter(member_id=merged.id, day__in=list(taken)).delete()
    await Leave.filter(member_id=merged.id).update(member_id=kept.id)
    await AuditEntry.filter(member_id=merged.id).update(member_id=kept.id)
    await _merge_preferences(merged, kept)
    await DayDecisionRow.filter(member_id__in=[merged.id, kept.id]).delete()
    if merged.joined_at < kept.joined_at:
        kept.joined_at = merged.joined_at
        await kept.save(update_fields=["joined_at"])
    subject, _ = await load_subject(ctx, kept)
    await keeper.rebuild_all(subject)


async def _merge_preferences(merged: Member, kept: Member) -> None:
    old = await MemberStreak.get_or_none(member_id=merged.id)
    if old is None:
        return
    row = await MemberStreak.get_or_none(member_id=kept.id)
    if row is None:
        await MemberStreak.filter(id=old.id).update(member_id=kept.id)
        return
    row.points += old.points
    row.timezone = row.timezone or old.timezone
    await row.save(update_fields=["points", "timezone"])
    await old.delete()
