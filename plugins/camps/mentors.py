"""Mentors (导师) of a cohort, granted with `/camp mentor @member [pod]`: told privately about
a member dropping out (their pod's mentor, else every mentor of the cohort), and (issue 15)
reviewers of homework. A cohort with no mentor has its organisers told instead: those who
opened it or acted on it (its audit)."""
from __future__ import annotations

from bot import Member, PluginContext, now

from plugins.camps.cohorts import Place
from plugins.camps.models import AuditEntry, Mentor, Pod


async def grant(place: Place, member: Member, pod: Pod | None) -> bool:
    """Make `member` a mentor of the cohort (of `pod`, if given); False if they were one already
    and no pod changed."""
    _, created = await Mentor.get_or_create(cohort_id=place.cohort.id, member_id=member.id, defaults={"at": now()})
    if pod is not None and pod.mentor_id != member.id:
        pod.mentor_id = member.id
        await pod.save(update_fields=["mentor_id"])
        return True
    return created


async def may_pick(ctx, place: Place, member: Member | None) -> bool:
    """Whether `member` may choose for the cohort (the showcase): a mentor, or one of those told
    in their place (its organisers, when it has no mentor), or an admin of this chat."""
    if member is None:
        return False
    if await Mentor.exists(cohort_id=place.cohort.id, member_id=member.id):
        return True
    return any(m.id == member.id for m in await to_tell(place, None)) or await ctx.is_admin()


async def to_tell(place: Place, pod: Pod | None) -> list[Member]:
    """Who hears about a drop-out in `pod`: its mentor, else the cohort's, else its organisers."""
    if pod is not None and pod.mentor_id is not None:
        return [await Member.get(id=pod.mentor_id)]
    ids = await Mentor.filter(cohort_id=place.cohort.id).order_by("id").values_list("member_id", flat=True)
    if not ids:
        ids = await AuditEntry.filter(cohort_id=place.cohort.id, actor_id__isnull=False
                                      ).order_by("id").values_list("actor_id", flat=True)
    unique = list(dict.fromkeys(ids))
    return list(await Member.filter(id__in=unique)) if unique else []
