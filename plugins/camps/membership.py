"""What other plugins tell the camps: a member's tier changed (for a camp's `min_tier`), and two
members were linked into one (their enrolments and days move to the one kept)."""
from __future__ import annotations

from bot import MembersMerged, SignalContext, TierChanged, now

from plugins.camps.models import AuditEntry, Certificate, DayDone, Enrolment, MemberTier, Notice
from plugins.camps.plugin import plugin


@plugin.on(TierChanged)
async def remember_tier(ctx: SignalContext, change: TierChanged) -> None:
    await MemberTier.update_or_create(member_id=change.member.id, defaults={"tier": change.new, "at": now()})


@plugin.on(MembersMerged)
async def merge(ctx: SignalContext, merge: MembersMerged) -> None:
    """The merged member's rows go to the kept one, unless the kept one has its own there
    (then the kept one's stay, and the merged one's are dropped with it)."""
    kept, gone = merge.kept.id, merge.merged.id
    kept_cohorts = set(await Enrolment.filter(member_id=kept).values_list("cohort_id", flat=True))
    await Enrolment.filter(member_id=gone).exclude(cohort_id__in=kept_cohorts).update(member_id=kept)
    for row in await DayDone.filter(member_id=gone):
        if not await DayDone.exists(cohort_id=row.cohort_id, member_id=kept, day=row.day, source=row.source):
            row.member_id = kept
            await row.save(update_fields=["member_id"])
    for model in (Notice, Certificate):
        await model.filter(member_id=gone).exclude(cohort_id__in=kept_cohorts).update(member_id=kept)
    await AuditEntry.filter(subject_id=gone).update(subject_id=kept)
    await AuditEntry.filter(actor_id=gone).update(actor_id=kept)
    moved = await MemberTier.get_or_none(member_id=gone)
    if moved is not None and not await MemberTier.exists(member_id=kept):
        await MemberTier.create(member_id=kept, tier=moved.tier, at=moved.at)
