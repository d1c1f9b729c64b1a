"""Who may do what: owners from config, admins and roles as the platform says."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot import clock
from bot.capabilities import RoleSupport
from bot.identity import ChatKind, ChatRef
from bot.models import ChatBinding, MemberRole
from bot.plugin import Permission

if TYPE_CHECKING:
    from bot.context import Context

log = logging.getLogger(__name__)


class Permissions:
    def __init__(self, owners: list[str], cache_seconds: float) -> None:
        self.owners = set(owners)
        self.cache_seconds = cache_seconds
        self._admin_cache: dict[tuple[str, str, str], tuple[bool, float]] = {}

    def is_owner(self, ctx: "Context") -> bool:
        user = ctx.event.user if ctx.event else None
        return bool(user and user.key in self.owners)

    async def is_admin(self, ctx: "Context") -> bool:
        if self.is_owner(ctx):
            return True
        user = ctx.event.user
        if user is None:
            return False
        for chat in await self._chats_to_check(ctx):
            if await self._admin_in(ctx, chat, user.user_id):
                return True
        return False

    async def allows(self, ctx: "Context", permission: Permission, role: str | None) -> bool:
        if permission is Permission.MEMBER:
            return True
        if permission is Permission.OWNER:
            return self.is_owner(ctx)
        if await self.is_admin(ctx):
            return True
        if permission is Permission.ROLE and role:
            return await self.has_role(ctx, role)
        return False

    async def has_role(self, ctx: "Context", role: str) -> bool:
        if ctx.capabilities.roles is RoleSupport.NATIVE and ctx.in_group:
            return await ctx.adapter.has_role(ctx.event.chat, ctx.event.user.user_id, role)
        return bool(ctx.member and await MemberRole.exists(member_id=ctx.member.id, role=role))

    def forget(self) -> None:
        self._admin_cache.clear()

    async def in_joined_chat(self, ctx: "Context") -> bool:
        """Whether the event's group joined its community by code (its admins are not the community's)."""
        space_key = ctx.event.chat.space_key
        return bool(space_key) and await ChatBinding.exists(space_key=space_key, joined=True)

    async def admin_of_space(self, ctx: "Context", space_key: str) -> bool:
        """Whether the event's user is an admin of that platform chat, as the platform says now."""
        if self.is_owner(ctx):
            return True
        platform, _, space_id = space_key.partition(":")
        if ctx.event.user is None or platform != ctx.event.platform:
            return False
        return await self._admin_in(ctx, _group(platform, space_id), ctx.event.user.user_id)

    async def admin_of_community(self, ctx: "Context", community_id: int) -> bool:
        """Admin of one of the community's own chats on the user's platform (joined chats do not count)."""
        if self.is_owner(ctx):
            return True
        if ctx.event.user is None:
            return False
        for chat in await self._home_chats(community_id, ctx.event.platform):
            if await self._admin_in(ctx, chat, ctx.event.user.user_id):
                return True
        return False

    async def _chats_to_check(self, ctx: "Context") -> list[ChatRef]:
        chat = ctx.event.chat
        if chat.kind is not ChatKind.PRIVATE:
            return [] if await self.in_joined_chat(ctx) else [chat]
        if ctx.community is None:
            return [chat]
        # In a private chat, admin of any of the community's own chats on this platform counts.
        return await self._home_chats(ctx.community.id, chat.platform)

    @staticmethod
    async def _home_chats(community_id: int, platform: str) -> list[ChatRef]:
        bindings = await ChatBinding.filter(community_id=community_id, active=True, joined=False,
                                            space_key__startswith=f"{platform}:")
        return [_group(platform, b.space_key.split(":", 1)[1]) for b in bindings]

    async def _admin_in(self, ctx: "Context", chat: ChatRef, user_id: str) -> bool:
        key = (chat.platform, chat.space_id or chat.chat_id, user_id)
        cached = self._admin_cache.get(key)
        now = clock.now().timestamp()
        if cached and cached[1] > now:
            return cached[0]
        try:
            value = await ctx.runtime.adapters[chat.platform].is_admin(chat, user_id)
        except Exception:
            log.exception("admin check failed for %s in %s", user_id, key)
            return False
        self._admin_cache[key] = (value, now + self.cache_seconds)
        return value


def _group(platform: str, space_id: str) -> ChatRef:
    return ChatRef(platform, space_id, ChatKind.GROUP, space_id=space_id)
