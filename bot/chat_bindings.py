"""Binding a chat into another community by code, listing a community's chats, unbinding one.

A chat that joins by code is marked `joined`: it shares the community's members and data,
but its admins are not admins of that community (see `bot.permissions`).
"""
from __future__ import annotations

from bot import codes
from bot.capabilities import DirectMessageClosed, NotSupported
from bot.context import Context
from bot.errors import UserError
from bot.identity import ChatKind
from bot.messages import Message
from bot.models import ChatBinding, Community


async def join(ctx: Context, code: str) -> None:
    """Bind this chat to the community whose admin issued `code` (a Discord server joining a
    Telegram group's community, say). The chat's own community is kept for an unbind."""
    chat = ctx.event.chat
    if chat.kind is ChatKind.PRIVATE:
        raise UserError("core-group-only", command="community join")
    row = await codes.redeem(code, "community", "core-community-bad-code")
    binding = await ChatBinding.get(space_key=chat.space_key)
    if binding.community_id == row.community_id:
        raise UserError("core-community-already-joined")
    binding.previous_community_id, binding.community_id, binding.joined = binding.community_id, row.community_id, True
    await binding.save(update_fields=["previous_community_id", "community_id", "joined"])
    await _changed(ctx)
    community = await Community.get(id=row.community_id)
    told = ctx.message("core-community-joined", name=community.name, chat=_chat_name(binding),
                       buttons=[[ctx.button("core-community-undo-button", "unbind", binding=binding.id,
                                            community=community.id)]])
    await ctx.reply(told)
    await _tell_issuer(ctx, row.issued_by, told)


async def _tell_issuer(ctx: Context, user_key: str, message: Message) -> None:
    platform, _, user_id = user_key.partition(":")
    if (platform, user_id) == (ctx.event.platform, ctx.event.user.user_id):
        return
    adapter = ctx.runtime.adapters.get(platform)
    try:
        if adapter is not None:
            await adapter.send_direct(user_id, message)
    except (DirectMessageClosed, NotSupported):
        pass


async def bound_chats(community: Community) -> list[ChatBinding]:
    return await ChatBinding.filter(community_id=community.id).order_by("id")


def _chat_name(binding: ChatBinding) -> str:
    return f"{binding.title} ({binding.space_key})" if binding.title else binding.space_key


async def list_chats(ctx: Context) -> None:
    lines = [ctx.text("core-community-chat-line", number=number, chat=_chat_name(b),
                      state="joined" if b.joined else ("home" if b.active else "inactive"))
             for number, b in enumerate(await bound_chats(ctx.community), start=1)]
    await ctx.reply("core-community-chats", name=ctx.community.name, chats="\n".join(lines))


async def unbind_numbered(ctx: Context, number_text: str) -> None:
    chats = await bound_chats(ctx.community)
    if not number_text.strip().isdigit() or not 1 <= int(number_text) <= len(chats):
        raise UserError("core-community-no-such-chat", number=number_text.strip()[:20] or "-")
    binding = chats[int(number_text) - 1]
    if not binding.joined:
        raise UserError("core-community-unbind-home", chat=_chat_name(binding))
    await unbind(ctx, binding)


async def undo_join(ctx: Context, binding_id: int, community_id: int) -> None:
    """The undo button: an admin of the joined chat or of the community's home chats may press it."""
    binding = await ChatBinding.get_or_none(id=binding_id, community_id=community_id, joined=True)
    if binding is None:
        raise UserError("core-button-expired")
    permissions = ctx.runtime.permissions
    if not (await permissions.admin_of_space(ctx, binding.space_key)
            or await permissions.admin_of_community(ctx, community_id)):
        raise UserError("core-not-allowed-button")
    await unbind(ctx, binding)


async def unbind(ctx: Context, binding: ChatBinding) -> None:
    """Send a joined chat back to the community it had before, or to a new one of its own."""
    left = await Community.get(id=binding.community_id)
    previous = await Community.get_or_none(id=binding.previous_community_id) if binding.previous_community_id else None
    if previous is None:
        previous = await ctx.runtime.communities.create_community(binding.space_key, binding.title)
    binding.community_id, binding.previous_community_id, binding.joined = previous.id, None, False
    await binding.save(update_fields=["community_id", "previous_community_id", "joined"])
    await _changed(ctx)
    await ctx.reply("core-community-unbound", chat=_chat_name(binding), name=left.name)


async def _changed(ctx: Context) -> None:
    await ctx.runtime.communities.cache.changed()
    ctx.runtime.permissions.forget()
