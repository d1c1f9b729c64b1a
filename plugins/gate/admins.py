"""Telling the admins: their log chat (`log_chat`), else the core's way to reach them
(`ctx.tell_admins`: the community's admins' chat, or each admin privately); a missing bot right
named once."""
from __future__ import annotations

from collections.abc import Callable

from bot import Member, Message, MissingRights, PluginContext, SentMessage, now

from plugins.gate.models import RightsNotice

NAMED_RIGHTS = ("invite_users", "restrict_members", "delete_messages", "manage_roles", "role_order", "ban_members",
                "kick_members")

MakeMessage = Callable[[PluginContext], Message]  # the message, from a context in the reader's language


async def to_admins(ctx: PluginContext, make: MakeMessage, *, key: str, direct: bool = True) -> SentMessage | None:
    """Post in the admins' log chat; without one, through `ctx.tell_admins` (privately to each admin
    only with `direct`, and once per `key`). The first message sent, or None."""
    chat = ctx.settings.log_chat
    if chat:
        sent = await ctx.post_in([chat], make(ctx.in_community_language()))
    else:
        sent = await ctx.tell_admins(make, key=key, direct=direct)
    return sent[0] if sent else None


async def tell_missing_right(ctx: PluginContext, problem: MissingRights) -> None:
    """Name a missing bot right the first time it shows: to the admins, else in the community's chats."""
    _, created = await RightsNotice.get_or_create(community_id=ctx.community.id,
                                                  problem=f"{problem.platform}:{problem.right}"[:128],
                                                  defaults={"at": now()})
    if not created:
        return
    message_id = f"gate-rights-{problem.right}" if problem.right in NAMED_RIGHTS else "gate-rights-other"

    def make(reader: PluginContext) -> Message:
        return reader.message(message_id, platform=problem.platform, right=problem.right)

    if await to_admins(ctx, make, key=f"rights:{problem.platform}:{problem.right}") is None:
        await ctx.post(make(ctx.in_community_language()))


def locale_of(ctx: PluginContext, member: Member) -> str:
    """The language a member is written to in: the community's if it has one, else theirs."""
    community = ctx.community_settings.locale if ctx.community_settings else None
    return community or member.lang or ctx.locale or "en"


def who(user_key: str | None) -> str:
    return user_key or "-"
