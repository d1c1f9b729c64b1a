"""Members leaving, coming back, and linking accounts: their history is kept and moved.

A merge moves the merged member's days onto the kept one; a day both had keeps the kept
member's check-in (or leave), and the other is set aside in the merge's record. Undoing the
merge gives the restored member back what moved and what was set aside, and each member's
days are decided anew, so days, streaks and points are what they were before.
"""
from __future__ import annotations

from datetime import date, datetime

from tortoise.transactions import in_transaction

from bot import Context, Member, MemberJoined, MemberLeft, MembersMerged, MembersUnmerged, SignalContext

from plugins.checkin import keeper
from plugins.checkin.models import AuditEntry, CardGrant, Checkin, DayDecisionRow, Leave, MemberStreak, MergeRecord
from plugins.checkin.plugin import plugin
from plugins.checkin.rows import new_streak_row
from plugins.checkin.subject import load_subject, subject_of

_CHECKIN_COLUMNS = ("id", "day", "at", "kind", "platform", "note", "photo", "photo_size", "points")
_LEAVE_COLUMNS = ("id", "day", "reason")
_PREFERENCES = ("points", "timezone", "remind", "last_reminded", "present")


@plugin.on(MemberLeft)
async def member_left(ctx: Context) -> None:
    if ctx.member is not None:
        await MemberStreak.filter(member_id=ctx.member.id).update(present=False)


@plugin.on(MemberJoined)
async def member_joined(ctx: Context) -> None:
    if ctx.member is not None:
        await MemberStreak.filter(member_id=ctx.member.id).update(present=True)


# --- merging -------------------------------------------------------------------------------

@plugin.on(MembersMerged)
async def members_merged(ctx: SignalContext, signal: MembersMerged) -> None:
    """Move the merged member's days onto the kept one, then decide the kept member's days anew."""
    merged, kept = signal.merged, signal.kept
    async with in_transaction():
        record = await _record_merge(signal)
        await Checkin.filter(id__in=[c["id"] for c in record.dropped["checkins"]]).delete()
        await Leave.filter(id__in=[leave["id"] for leave in record.dropped["leaves"]]).delete()
        await Checkin.filter(member_id=merged.id).update(member_id=kept.id)
        await Leave.filter(member_id=merged.id).update(member_id=kept.id)
        await AuditEntry.filter(member_id=merged.id).update(member_id=kept.id)
        await CardGrant.filter(member_id=merged.id).update(member_id=kept.id)
        await _merge_preferences(merged, kept)
        await DayDecisionRow.filter(member_id__in=[merged.id, kept.id]).delete()
        if merged.joined_at < kept.joined_at:
            kept.joined_at = merged.joined_at
            await kept.save(update_fields=["joined_at"])
    subject, _ = await load_subject(ctx, kept)
    await keeper.rebuild_all(subject)


async def _record_merge(signal: MembersMerged) -> MergeRecord:
    """What the merge moves and what it sets aside (the merged member's days the kept one has)."""
    merged, kept = signal.merged, signal.kept
    kept_checkins = set(await Checkin.filter(member_id=kept.id).values_list("day", flat=True))
    kept_leaves = set(await Leave.filter(member_id=kept.id).values_list("day", flat=True))
    checkins = await Checkin.filter(member_id=merged.id)
    leaves = await Leave.filter(member_id=merged.id)
    moved_checkins = [c for c in checkins if c.day not in kept_checkins]
    taken = kept_checkins | kept_leaves | {c.day for c in moved_checkins}
    streak = await MemberStreak.get_or_none(member_id=merged.id)
    kept_streak = await MemberStreak.get_or_none(member_id=kept.id)
    return await MergeRecord.create(
        community_id=kept.community_id, reference=signal.reference, kept_id=kept.id,
        moved={"checkins": [c.id for c in moved_checkins],
               "leaves": [leave.id for leave in leaves if leave.day not in taken],
               "audit": list(await AuditEntry.filter(member_id=merged.id).values_list("id", flat=True)),
               "card_grants": list(await CardGrant.filter(member_id=merged.id).values_list("id", flat=True))},
        dropped={"checkins": [_values(c, _CHECKIN_COLUMNS) for c in checkins if c.day in kept_checkins],
                 "leaves": [_values(leave, _LEAVE_COLUMNS) for leave in leaves if leave.day in taken]},
        merged_streak=_values(streak, _PREFERENCES) if streak else None,
        kept_timezone=kept_streak.timezone if kept_streak else None,
        merged_joined_at=merged.joined_at, kept_joined_at=kept.joined_at)


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


# --- undoing a merge -----------------------------------------------------------------------

@plugin.on(MembersUnmerged)
async def members_unmerged(ctx: SignalContext, signal: MembersUnmerged) -> None:
    """Give the restored member back its days, its set-aside days and its streak row; decide
    both members' days anew."""
    record = await MergeRecord.get_or_none(reference=signal.merge_reference)
    if record is None:
        return  # merged while the plugin was off: it moved nothing
    kept, restored = signal.kept, signal.restored
    async with in_transaction():
        await Checkin.filter(id__in=record.moved["checkins"], member_id=kept.id).update(member_id=restored.id)
        await Leave.filter(id__in=record.moved["leaves"], member_id=kept.id).update(member_id=restored.id)
        await AuditEntry.filter(id__in=record.moved["audit"], member_id=kept.id).update(member_id=restored.id)
        await CardGrant.filter(id__in=record.moved.get("card_grants", []), member_id=kept.id) \
            .update(member_id=restored.id)
        for values in record.dropped["checkins"]:
            await Checkin.create(community_id=record.community_id, member_id=restored.id,
                                 **_loaded(values, dates=("day",), instants=("at",)))
        for values in record.dropped["leaves"]:
            await Leave.create(community_id=record.community_id, member_id=restored.id,
                               **_loaded(values, dates=("day",)))
        await DayDecisionRow.filter(member_id__in=[kept.id, restored.id]).delete()
        restored.joined_at, kept.joined_at = record.merged_joined_at, record.kept_joined_at
        await restored.save(update_fields=["joined_at"])
        await kept.save(update_fields=["joined_at"])
        await _give_back_preferences(ctx, record, kept, restored)
        await record.delete()
    for member in (kept, restored):
        subject, _ = await load_subject(ctx, member)
        await keeper.rebuild_all(subject)


async def _give_back_preferences(ctx: SignalContext, record: MergeRecord, kept: Member, restored: Member) -> None:
    own = record.merged_streak
    if own is None:
        return
    row = await MemberStreak.get_or_none(member_id=kept.id)
    if row is not None:
        row.points -= own["points"]
        row.timezone = record.kept_timezone
        await row.save(update_fields=["points", "timezone"])
    joined = subject_of(restored, ctx.community_settings, ctx.settings).joined
    given = new_streak_row(restored, joined)
    for name, value in _loaded(own, dates=("last_reminded",)).items():
        setattr(given, name, value)
    await given.save()


def _values(row, columns: tuple[str, ...]) -> dict:
    """A row's columns as JSON values (dates and instants as ISO text)."""
    values = {name: getattr(row, name) for name in columns}
    return {name: v.isoformat() if isinstance(v, (date, datetime)) else v for name, v in values.items()}


def _loaded(values: dict, *, dates: tuple[str, ...] = (), instants: tuple[str, ...] = ()) -> dict:
    loaded = dict(values)
    for name in dates:
        loaded[name] = date.fromisoformat(loaded[name]) if loaded.get(name) else None
    for name in instants:
        loaded[name] = datetime.fromisoformat(loaded[name]) if loaded.get(name) else None
    return loaded
