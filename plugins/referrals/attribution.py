"""Whose is a join, and does it stand: the rules of the issue, in the order they are checked.

An exact link (Telegram's `chat_member.invite_link`, the sandbox's invite URL, a Discord
invite the use counts single out) names the inviter. Discord joins racing on several of our
links are "uncertain" and wait for an admin; a link we did not make, or no link, is
"unknown" and never guessed."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot import Member, MemberJoined, PluginContext, now

from plugins.referrals.models import Referral, ReferralBlock, ReferralLink
from plugins.referrals.settings import ReferralsSettings

STILL_JOINING = timedelta(minutes=1)  # a member first seen this close to the join is new


@dataclass
class Verdict:
    status: str
    reason: str | None = None
    detail: dict = field(default_factory=dict)
    inviter_id: int | None = None
    link: ReferralLink | None = None
    candidates: list[int] = field(default_factory=list)


async def judge(ctx: PluginContext, member: Member, event: MemberJoined, joined: datetime) -> Verdict:
    verdict = await _who(member.community_id, event)
    if verdict.status == "unknown":
        return verdict
    settings: ReferralsSettings = ctx.settings
    if verdict.inviter_id is not None:
        if await ReferralBlock.exists(community_id=member.community_id, member_id=verdict.inviter_id):
            return _void(verdict, "blacklisted")
        if verdict.inviter_id == member.id:
            return _void(verdict, "self")
    if await _known_before(member, joined):
        return _void(verdict, "rejoin")
    if event.account_created is not None and settings.min_account_days:
        age = joined - event.account_created
        if age < timedelta(days=settings.min_account_days):
            return _void(verdict, "young-account", days=max(age.days, 0))
    if verdict.link is not None and (burst := await _burst(settings, verdict.link, joined)) > settings.hold_joins:
        verdict.status, verdict.reason = "hold", "velocity"
        verdict.detail = {"joins": burst, "minutes": settings.hold_minutes}
    return verdict


async def _who(community_id: int, event: MemberJoined) -> Verdict:
    if event.invite is not None:
        link = await ReferralLink.get_or_none(url=event.invite.url, community_id=community_id)
        if link is None:
            return Verdict("unknown", "not-ours")
        if link.revoked_at is not None:
            return Verdict("unknown", "revoked")
        return Verdict("pending", inviter_id=link.member_id, link=link)
    if event.invite_candidates:
        urls = [ref.url for ref in event.invite_candidates]
        links = await ReferralLink.filter(url__in=urls, community_id=community_id)
        inviters = sorted({link.member_id for link in links})
        if len(links) == len(urls) and len(inviters) == 1:
            return Verdict("pending", inviter_id=inviters[0], link=links[0])  # all of them one member's
        if not links:
            return Verdict("unknown", "not-ours")
        return Verdict("uncertain", "race", {"invites": len(urls)}, candidates=inviters)
    return Verdict("unknown", "no-link")


async def _known_before(member: Member, joined: datetime) -> bool:
    """Already a member before this join, or already someone's invitee: counted once, ever."""
    if member.joined_at < joined - STILL_JOINING:
        return True
    return await Referral.filter(invitee_id=member.id, status__in=("pending", "confirmed", "hold", "uncertain")) \
        .exists()


async def _burst(settings: ReferralsSettings, link: ReferralLink, joined: datetime) -> int:
    """Joins on the link within the hold window, this one included."""
    since = joined - timedelta(minutes=settings.hold_minutes)
    return await Referral.filter(link_id=link.id, joined_at__gte=since).count() + 1


def _void(verdict: Verdict, reason: str, **detail) -> Verdict:
    verdict.status, verdict.reason, verdict.detail = "void", reason, detail
    return verdict


async def hold_burst(settings: ReferralsSettings, link_id: int, joined: datetime, detail: dict) -> None:
    """The joins on a link that went over the limit are all held, the earlier ones too."""
    since = joined - timedelta(minutes=settings.hold_minutes)
    await Referral.filter(link_id=link_id, joined_at__gte=since, status="pending").update(
        status="hold", reason="velocity", detail=detail)


def seconds_between(start: datetime, end: datetime | None = None) -> int:
    return max(int(((end or now()) - start).total_seconds()), 0)
