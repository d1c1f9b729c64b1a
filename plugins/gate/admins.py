"""Telling the admins: their log chat (`log_chat`), and a missing bot right named once."""
from __future__ import annotations

from bot import Member, Message, MissingRights, PluginContext, RichText, SentMessage, now

from plugins.gate.models import RightsNotice

NAMED_RIGHTS = ("invite_users", "restrict_members", "delete_messages", "manage_roles", "role_order", "ban_members",
                "kick_members")


async def to_admins(ctx: PluginContext, content: RichText | str | Message, **args) -> SentMessage | None:
    """Post in the admins' log chat; None where the community has none (or it is not theirs)."""
    chat = ctx.settings.log_chat
    if not chat:
        return None
    sent = await ctx.in_community_language().post_in([chat], content, **args)
    return sent[0] if sent else None


async def tell_missing_right(ctx: PluginContext, problem: MissingRights) -> None:
    """Name a missing bot right the first time it shows: in the log chat, else the community's chats."""
    _, created = await RightsNotice.get_or_create(community_id=ctx.community.id,
                                                  problem=f"{problem.platform}:{problem.right}"[:128],
                                                  defaults={"at": now()})
    if not created:
        return
    message_id = f"gate-rights-{problem.right}" if problem.right in NAMED_RIGHTS else "gate-rights-other"
    message = ctx.in_community_language().message(message_id, platform=problem.platform, right=problem.right)
    if await to_admins(ctx, message) is None:
        await ctx.post(message)


def locale_of(ctx: PluginContext, member: Member) -> str:
    """The language a member is written to in: the community's if it has one, else theirs."""
    community = ctx.community_settings.locale if ctx.community_settings else None
    return community or member.lang or ctx.locale or "en"


def who(user_key: str | None) -> str:
    return user_key or "-"
