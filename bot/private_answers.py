"""Answers only the asker sees, on every platform.

Where the platform answers privately in place (a Discord slash command's ephemeral
response, the sandbox), the adapter does it. Elsewhere a private answer to a group
message goes to the member's direct messages, with a short pointer in the group; if the
member never opened a chat with the bot, the pointer carries a button that opens one.
Nothing private is ever posted in the group.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.capabilities import DirectMessageClosed
from bot.messages import Button, Message, SentMessage

if TYPE_CHECKING:
    from bot.context import Context


async def reply_privately(ctx: "Context", message: Message) -> SentMessage:
    adapter, event = ctx.adapter, ctx.event
    if not ctx.in_group or adapter.can_reply_privately(event):
        return await adapter.reply(event, message)
    if not ctx.capabilities.direct_messages:
        return await adapter.reply(event, ctx.message("core-private-ask-in-private-chat"))
    try:
        sent = await adapter.send_direct(event.user.user_id, replace(message, reply_to=None))
    except DirectMessageClosed:
        return await adapter.reply(event, await _open_chat_pointer(ctx))
    await adapter.reply(event, ctx.message("core-private-sent"))
    return sent


async def _open_chat_pointer(ctx: "Context") -> Message:
    link = await ctx.adapter.direct_chat_link()
    if link is None:
        return ctx.message("core-private-closed")
    return ctx.message("core-private-closed", buttons=[[Button(ctx.text("core-private-open-chat"), url=link)]])
