"""What a plugin may do to a member in one of its community's chats, on any platform:

    await ctx.moderation.approve_join(chat, user_id)       # a JoinRequested, let in
    await ctx.moderation.delete(chat, message_id)          # a member's message
    await ctx.moderation.ban(chat, user_id)                # kick, unban

(A mute is a restriction: `ctx.restrictions.restrict(member, {"messages"}, until=...)`.)

`chat` is a chat of the community as `ctx.chat_key` names it ("platform:space" or
"platform:space/chat"); a chat of another community raises LookupError, so a plugin acting on
a stored row can never reach another community. Each call raises NotSupported where the
platform lacks the capability, MissingRights where the bot lacks a right an admin can give it
(tell the admins once), and LookupError where the request, member or message is gone.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.adapter import Adapter
from bot.capabilities import NotSupported
from bot.identity import ChatRef
from bot.messages import SentMessage
from bot.models import Community

if TYPE_CHECKING:
    from bot.runtime import Runtime


class Moderation:
    def __init__(self, runtime: "Runtime", community: Community | None) -> None:
        self.runtime, self.community = runtime, community

    def can(self, chat: str, capability: str) -> bool:
        """Whether the chat's platform has the capability ("join_requests", "ban_members", ...)."""
        adapter = self.runtime.adapters.get(chat.partition(":")[0])
        return adapter is not None and bool(getattr(adapter.capabilities, capability, False))

    async def approve_join(self, chat: str, user_id: str) -> None:
        adapter, ref = await self._resolve(chat, "join_requests")
        await adapter.approve_join(ref, user_id)

    async def decline_join(self, chat: str, user_id: str) -> None:
        adapter, ref = await self._resolve(chat, "join_requests")
        await adapter.decline_join(ref, user_id)

    async def delete(self, chat: str, message_id: str) -> None:
        adapter, ref = await self._resolve(chat, "delete_messages")
        await adapter.delete(SentMessage(adapter.platform, ref.chat_id, message_id))

    async def ban(self, chat: str, user_id: str, until: datetime | None = None) -> None:
        adapter, ref = await self._resolve(chat, "ban_members")
        await adapter.ban(ref, user_id, until)

    async def unban(self, chat: str, user_id: str) -> None:
        adapter, ref = await self._resolve(chat, "ban_members")
        await adapter.unban(ref, user_id)

    async def kick(self, chat: str, user_id: str) -> None:
        adapter, ref = await self._resolve(chat, "ban_members")
        await adapter.kick(ref, user_id)

    async def _resolve(self, chat: str, capability: str) -> tuple[Adapter, ChatRef]:
        platform = chat.partition(":")[0]
        if not self.can(chat, capability):
            raise NotSupported(platform, capability)
        if self.community is None:
            raise LookupError(f"{chat}: no community")
        ref = await self.runtime.chat_of(self.community, chat)
        if ref is None:
            raise LookupError(f"{chat} is not an active chat of community {self.community.slug}")
        return self.runtime.adapters[platform], ref
