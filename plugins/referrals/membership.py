"""Members coming and going: a join is recorded once (its row is keyed by the join event) and
judged; a leave voids what was pending and revokes the leaver's own links; a return renews
them. Linking two accounts makes one invitee and one inviter of them."""
from __future__ import annotations

from bot import Context, MemberJoined, MemberLeft, MembersMerged, MembersUnmerged, SignalContext, now
from tortoise.exceptions import IntegrityError

from plugins.referrals.admin_queue import push_hold, push_uncertain
from plugins.referrals.attribution import hold_burst, judge, seconds_between
from plugins.referrals.links import renew_links, revoke_links
from plugins.referrals.models import Referral, ReferralLink, ReferralMerge
from plugins.referrals.plugin import plugin

OPEN = ("pending", "hold", "uncertain")


def join_key(ctx: Context) -> str:
    event = ctx.event
    happened = event.event_id or f"{event.user.user_id}:{event.at.isoformat()}"
    return f"{ctx.community.id}:{event.platform}:{event.chat.space_id}:{happened}"


@plugin.on(MemberJoined)
async def member_joined(ctx: Context) -> None:
    member = ctx.member
    if member is None or ctx.community is None:
        return
    key = join_key(ctx)
    if await Referral.exists(join_key=key):
        return  # a redelivered join
    await _back(ctx, member)
    joined = now()
    verdict = await judge(ctx, member, ctx.event, joined)
    try:
        row = await Referral.create(community_id=member.community_id, join_key=key, campaign=ctx.settings.campaign,
                                    inviter_id=verdict.inviter_id, invitee_id=member.id,
                                    link_id=verdict.link.id if verdict.link else None, platform=ctx.event.platform,
                                    status=verdict.status, reason=verdict.reason, detail=verdict.detail,
                                    candidates=verdict.candidates, joined_at=joined)
    except IntegrityError:
        return  # the same join, recorded by another instance meanwhile
    if verdict.status == "hold" and verdict.link is not None:
        await hold_burst(ctx.settings, verdict.link.id, joined, verdict.detail)
        await push_hold(ctx, verdict.link.id)
    elif verdict.status == "uncertain":
        await push_uncertain(ctx, row)


async def _back(ctx: Context, member) -> None:
    """A member returning: their links come anew, and a confirmed invitee counts again."""
    await renew_links(ctx, member, ctx.event.platform)
    await Referral.filter(invitee_id=member.id, platform=ctx.event.platform, status="confirmed",
                          left_at__isnull=False).update(left_at=None, counts=True)


@plugin.on(MemberLeft)
async def member_left(ctx: Context) -> None:
    member = ctx.member
    if member is None:
        return
    platform = ctx.event.platform
    await revoke_links(ctx, member, platform)
    left = now()
    for row in await Referral.filter(invitee_id=member.id, platform=platform, status__in=OPEN):
        await Referral.filter(id=row.id, status=row.status).update(
            status="void", reason="left", detail={"seconds": seconds_between(row.joined_at, left)}, left_at=left)
    # After confirmation a leave takes no reward back (取关): it only stops counting toward the next, if so set.
    await Referral.filter(invitee_id=member.id, platform=platform, status="confirmed", left_at__isnull=True) \
        .update(left_at=left, counts=ctx.settings.keep_after_leave)


@plugin.on(MembersMerged)
async def members_merged(ctx: SignalContext, signal: MembersMerged) -> None:
    """Two accounts are one person: their joins are one invitee (the first join stands, a later
    one is a rejoin), their links one inviter's, and an invite between them a self-invite."""
    merged, kept = signal.merged, signal.kept
    if await ReferralMerge.exists(reference=signal.reference):
        return
    moved = list(await Referral.filter(invitee_id=merged.id).values_list("id", flat=True))
    inviter_moved = list(await Referral.filter(inviter_id=merged.id).values_list("id", flat=True))
    moved_links = list(await ReferralLink.filter(member_id=merged.id).values_list("id", flat=True))
    await Referral.filter(id__in=moved).update(invitee_id=kept.id)
    await Referral.filter(id__in=inviter_moved).update(inviter_id=kept.id)
    await ReferralLink.filter(id__in=moved_links).update(member_id=kept.id)
    voided = []
    counted = await Referral.filter(invitee_id=kept.id, status__in=("confirmed", *OPEN)).order_by("joined_at", "id")
    for row in counted:
        reason = "self" if row.inviter_id == kept.id else ("rejoin" if row is not counted[0] else None)
        if reason:
            voided.append([row.id, row.status, row.reason, row.detail])
            await Referral.filter(id=row.id).update(status="void", reason=reason, detail={"linked": 1})
    await ReferralMerge.create(reference=signal.reference, moved=moved, moved_links=moved_links,
                               inviter_moved=inviter_moved, voided=voided)


@plugin.on(MembersUnmerged)
async def members_unmerged(ctx: SignalContext, signal: MembersUnmerged) -> None:
    record = await ReferralMerge.get_or_none(reference=signal.merge_reference)
    if record is None:
        return
    for row_id, status, reason, detail in record.voided:
        await Referral.filter(id=row_id).update(status=status, reason=reason, detail=detail)
    restored = signal.restored.id
    await Referral.filter(id__in=record.moved).update(invitee_id=restored)
    await Referral.filter(id__in=record.inviter_moved).update(inviter_id=restored)
    await ReferralLink.filter(id__in=record.moved_links).update(member_id=restored)
    await record.delete()
