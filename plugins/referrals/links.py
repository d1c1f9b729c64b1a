"""A member's personal invites: one per chat of the community, made by the bot (so a join
through it is the member's, exactly, where the platform tells), revoked when they leave."""
from __future__ import annotations

from bot import Member, PluginContext, now

from plugins.referrals.models import ReferralLink


def link_name(member: Member) -> str:
    """The name the platform shows admins beside the invite (Telegram allows 32 characters)."""
    return f"ref {member.id} {member.display_name}"[:32]


async def personal_links(ctx: PluginContext, member: Member) -> list[ReferralLink]:
    """The member's live links, one per main chat of the community, made where missing."""
    links = []
    for chat in await ctx.home_chat_keys():
        row = await ReferralLink.filter(member_id=member.id, chat=chat, revoked_at__isnull=True).first()
        if row is None:
            invite = await ctx.create_invite(chat, link_name(member))
            if invite is None:
                continue  # the platform makes no invites there, or refused: the others still work
            row = await ReferralLink.create(community_id=member.community_id, member_id=member.id,
                                            platform=chat.split(":", 1)[0], chat=chat, url=invite.url,
                                            created_at=now())
        links.append(row)
    return links


async def revoke_links(ctx: PluginContext, member: Member, platform: str) -> int:
    """Revoke the member's links on a platform they left (or were banned from)."""
    rows = await ReferralLink.filter(member_id=member.id, platform=platform, revoked_at__isnull=True)
    for row in rows:
        await ctx.revoke_invite(row.chat, row.url)
        row.revoked_at = now()
        await row.save(update_fields=["revoked_at"])
    return len(rows)


async def renew_links(ctx: PluginContext, member: Member, platform: str) -> None:
    """A member who had links here and came back gets new ones (the old ones stay dead)."""
    had = await ReferralLink.exists(member_id=member.id, platform=platform, revoked_at__isnull=False)
    live = await ReferralLink.exists(member_id=member.id, platform=platform, revoked_at__isnull=True)
    if had and not live:
        await personal_links(ctx, member)
