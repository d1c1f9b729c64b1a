"""Graduation (结营): after the last day, the camp's rule is applied to each member; the closing
post names the graduates (not those who opted out of being named), and each graduate gets a
certificate with a verification code, an Activity signal ("camps-graduated", for a tier plugin)
and, where the camp names one, the alumni role."""
from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from bot import Activity, Image, JobContext, Member, join_lines, plain_text

from plugins.camps import progress
from plugins.camps.certificate import issue, render
from plugins.camps.cohorts import ACTIVE, Place
from plugins.camps.models import Certificate, Enrolment
from plugins.camps.once import send_once
from plugins.camps.pods import listed

log = logging.getLogger(__name__)


def due(place: Place) -> datetime:
    """When graduation runs: the end of the last day, and the rule's `after_hours` after it."""
    return place.at(place.camp.spec.days + 1, time(0, 0)) + timedelta(hours=place.camp.spec.graduation.after_hours)


def passes(place: Place, standing: progress.Standing) -> bool:
    rule = place.camp.spec.graduation
    if standing.done < standing.needed or standing.homework_accepted < standing.homework_needed \
            or standing.showcased < standing.showcases_needed:
        return False
    if standing.homework_tasks and rule.average_score > 0:
        return (standing.average_score or 0) >= rule.average_score
    return True


async def graduate(ctx: JobContext, place: Place) -> list[Member]:
    rows = await Enrolment.filter(cohort_id=place.cohort.id, state__in=ACTIVE).order_by("id").prefetch_related("member")
    done = await progress.days_done(place, [row.member_id for row in rows])
    figures = await progress.homework_figures(place, [row.member_id for row in rows])
    graduates = []
    for row in rows:
        passed = passes(place, progress.standing(place, done.get(row.member_id, set()), figures.get(row.member_id)))
        row.state = "graduated" if passed else "finished"
        await row.save(update_fields=["state"])
        if passed:
            graduates.append(row)
    place.cohort.graduated_at = ctx.now()
    await place.cohort.save(update_fields=["graduated_at"])
    named = [await ctx.mention(row.member) for row in graduates if row.named]
    lines = [ctx.t("camps-closing", title=place.camp.spec.title, cohort=place.cohort.name, count=len(graduates),
                   members=len(rows))]
    if named:
        lines.append((*ctx.t("camps-closing-names"), *listed(named)))
    await ctx.post_in(place.cohort.chats, join_lines(lines))
    for row in graduates:
        await reward(ctx, place, row.member)
    return [row.member for row in graduates]


async def reward(ctx: JobContext, place: Place, member: Member) -> None:
    certificate = await issue(place, member)
    url = verify_url(ctx, certificate)
    await send_once(ctx, place, member, "certificate", lambda: certificate_message(ctx, member, certificate, url))
    await ctx.publish(Activity(member=member, kind="camps-graduated", weight=place.camp.spec.days,
                               reference=f"camps-graduated:{place.cohort.id}:{member.id}"))
    role = place.camp.spec.graduation.alumni_role
    if role:
        try:
            await ctx.roles.give(member, role)
        except Exception:  # a platform without roles, or missing rights: the certificate stands
            log.warning("could not give the alumni role %r to member %s", role, member.id, exc_info=True)


def verify_url(ctx: JobContext, certificate: Certificate) -> str:
    return f"{ctx.settings.verify_url.rstrip('/')}/{certificate.code}"


def certificate_message(ctx: JobContext, member: Member, certificate: Certificate, url: str):
    heading = plain_text(ctx.t_for(member, "camps-certificate-heading"))
    line = plain_text(ctx.t_for(member, "camps-certificate-line", start=certificate.start.isoformat(),
                                end=certificate.end.isoformat()))
    image = Image(render(certificate, url, heading, line), f"certificate-{certificate.code}.jpg")
    return ctx.message(ctx.t_for(member, "camps-certificate", title=certificate.camp_title, code=certificate.code,
                                 url=url), images=[image])
