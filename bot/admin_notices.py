"""Telling a community's admins privately (`ctx.tell_admins`).

Where the community names an admins' chat (`[communities.<slug>] admin_chat`), the notice is
posted there, in the community's language. Otherwise each admin of the community's own chats,
as the platforms report them (`Adapter.list_admins`; bots and joined chats' admins left out),
gets a direct message in their own language; one who never opened a chat with the bot is
skipped. Each admin (or the chat) hears about one item once: a redelivered update or a second
instance finds the notice kept (`AdminNotice`) and sends nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from tortoise.exceptions import IntegrityError

from bot import clock
from bot.capabilities import DirectMessageClosed, NotSupported
from bot.i18n import normalize_locale
from bot.identity import UserRef
from bot.messages import Message, SentMessage
from bot.models import AdminNotice, ChatBinding, Community, Identity

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

BuildMessage = Callable[[str], Message]  # the notice in one language


class AdminNotices:
    def __init__(self, runtime: "Runtime", cache_seconds: float) -> None:
        self.runtime = runtime
        self.cache_seconds = cache_seconds
        self._admins: dict[str, tuple[list[UserRef], float]] = {}  # space key -> admins, until

    def admin_chat(self, community: Community) -> str | None:
        section = self.runtime.config.communities.get(community.slug)
        return section.admin_chat if section else None

    async def tell(self, community: Community, item: str, build: BuildMessage, *,
                   direct: bool = True) -> list[SentMessage]:
        """Send `item`'s notice to the admins' chat, else (with `direct`) to each admin privately."""
        chat = self.admin_chat(community)
        if chat:
            if not await self._claim(community, item, f"chat:{chat}"):
                return []
            return await self.runtime.post_in(community, [chat], build(self._community_locale(community)))
        if not direct:
            return []
        sent = []
        for admin in await self.admins_of(community):
            message = await self._tell_one(community, item, admin, build)
            if message is not None:
                sent.append(message)
        return sent

    async def _tell_one(self, community: Community, item: str, admin: UserRef,
                        build: BuildMessage) -> SentMessage | None:
        identity = await Identity.get_or_none(community_id=community.id, platform=admin.platform,
                                              user_id=admin.user_id).select_related("member")
        who = f"member:{identity.member_id}" if identity else admin.key  # linked accounts: one person
        if not await self._claim(community, item, who):
            return None
        locale = (normalize_locale(identity.member.lang if identity else None) or normalize_locale(admin.lang)
                  or self._community_locale(community))
        message = _scoped(build(locale), community)
        try:
            return await self.runtime.adapters[admin.platform].send_direct(admin.user_id, message)
        except (DirectMessageClosed, NotSupported):
            log.info("admin %s of %s cannot be written to privately", admin.key, community.slug)
        except Exception:
            log.exception("could not tell admin %s of %s", admin.key, community.slug)
        await AdminNotice.filter(community_id=community.id, item=item[:200], admin=who[:160]).delete()
        return None

    async def admins_of(self, community: Community) -> list[UserRef]:
        """Every person (not a bot) who administers one of the community's own chats, once each."""
        found: dict[str, UserRef] = {}
        bindings = await ChatBinding.filter(community_id=community.id, active=True, joined=False)
        for binding in bindings:
            for admin in await self._admins_of_space(binding.space_key):
                if not admin.is_bot and not admin.anonymous:
                    found.setdefault(admin.key, admin)
        return list(found.values())

    async def _admins_of_space(self, space_key: str) -> list[UserRef]:
        now = clock.now().timestamp()
        cached = self._admins.get(space_key)
        if cached and cached[1] > now:
            return cached[0]
        platform, _, space_id = space_key.partition(":")
        adapter = self.runtime.adapters.get(platform)
        if adapter is None or not adapter.capabilities.direct_messages:
            return []
        try:
            admins = await adapter.list_admins(space_id)
        except NotSupported:
            admins = []
        except Exception:
            log.exception("could not list the admins of %s", space_key)
            return []
        self._admins[space_key] = (admins, now + self.cache_seconds)
        return admins

    async def _claim(self, community: Community, item: str, who: str) -> bool:
        try:
            await AdminNotice.create(community_id=community.id, item=item[:200], admin=who[:160], at=clock.now())
        except IntegrityError:
            return False
        return True

    def _community_locale(self, community: Community) -> str:
        return normalize_locale(community.locale) or self.runtime.catalogs.default_locale


def _scoped(message: Message, community: Community) -> Message:
    """Its buttons act in this community when pressed in a private chat."""
    rows = tuple(tuple(replace(b, community=community.id) if b.action else b for b in row)
                 for row in message.buttons)
    return replace(message, buttons=rows)
