"""Turning mentions into members and members into mentions."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.identity import UserRef
from bot.lookup_cache import LookupCache
from bot.messages import Mention
from bot.models import Identity, Member

if TYPE_CHECKING:
    from bot.context import Context

_PLATFORM_MENTION = re.compile(r"<@!?(\d+)>")


class Mentions:
    def __init__(self, cache: LookupCache) -> None:
        self._cache = cache

    async def resolve(self, ctx: "Context", token: Any) -> Member | None:
        """A member of the context's community from a UserRef, `@name`, `<@id>` or an id."""
        if ctx.community is None:
            return None
        if isinstance(token, UserRef):
            return await self._by_user_id(ctx, token.platform, token.user_id, token)
        text = str(token).strip()
        if match := _PLATFORM_MENTION.fullmatch(text):
            return await self._by_user_id(ctx, ctx.event.platform, match[1], None)
        name = text.removeprefix("@").lower()
        for user in getattr(ctx.event, "mentions", ()):
            if (user.username or "").lower() == name or user.name.lower() == name:
                return await self._by_user_id(ctx, user.platform, user.user_id, user)
        identity = await Identity.filter(community_id=ctx.community.id, platform=ctx.event.platform,
                                         username__iexact=name).prefetch_related("member").first()
        if identity:
            return identity.member
        if text.isdigit():
            return await self._by_user_id(ctx, ctx.event.platform, text, None)
        return None

    async def _by_user_id(self, ctx: "Context", platform: str, user_id: str, user: UserRef | None) -> Member | None:
        identity = await Identity.get_or_none(community_id=ctx.community.id, platform=platform,
                                              user_id=user_id).prefetch_related("member")
        if identity:
            return identity.member
        if user is not None:  # mentioned but never seen: they are still a person in the chat
            return await ctx.runtime.communities.member_for(ctx.community, user, touch=False)
        return None

    async def of(self, member: Member) -> Mention:
        accounts = self._cache.mentions.get(member.id)
        if accounts is None:
            stamp = self._cache.stamp
            identities = await Identity.filter(member_id=member.id).order_by("id")
            accounts = tuple((i.platform, i.user_id) for i in identities)
            self._cache.keep(self._cache.mentions, member.id, accounts, stamp)
        return Mention(member.display_name, accounts)
