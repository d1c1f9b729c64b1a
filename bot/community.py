"""Communities and their members: who is who, across chats and platforms."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from bot import clock
from bot.config import CommunitySection, Settings
from bot.identity import ChatKind, ChatRef, UserRef
from bot.lookup_cache import LookupCache
from bot.models import ChatBinding, Community, Identity, Member

ADMIN_SETTABLE = ("timezone", "day_start_hour", "locale")


@dataclass(frozen=True)
class CommunitySettings:
    timezone: ZoneInfo
    day_start_hour: int
    locale: str | None
    plugins: tuple[str, ...]


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "community"


def _slugs_for(chat: ChatRef) -> tuple[str, str]:
    """The slug a chat's own community gets, and one told apart by a digest of its exact key."""
    plain = slugify(f"{chat.platform}-{chat.space_id}")
    digest = hashlib.sha256(chat.space_key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return plain, f"{plain[:51]}-{digest}"


SEEN_PRECISION = timedelta(minutes=1)  # "last seen" is rewritten at most this often


def _renames(member: Member, identity: Identity, user: UserRef) -> bool:
    """Only the member's own account names it: an account linked in later never does."""
    return bool(user.name) and identity.names_member and user.name != member.display_name


def _needs_touch(member: Member, identity: Identity, user: UserRef, now) -> bool:
    changed = _renames(member, identity, user) or (user.lang and user.lang != member.lang) \
        or user.username != identity.username
    return bool(changed) or now - identity.last_seen_at >= SEEN_PRECISION


class Communities:
    def __init__(self, settings: Settings, installed_plugins: list[str], cache: LookupCache) -> None:
        self.settings = settings
        self.installed = installed_plugins
        self.cache = cache

    # --- configuration -------------------------------------------------------------

    async def seed_from_config(self) -> None:
        """Create the communities the config names and bind their chats."""
        for slug, section in self.settings.communities.items():
            community = await Community.get_or_none(slug=slug)
            if community is None:
                community = await Community.create(slug=slug, name=section.name or slug, created_at=clock.now(),
                                                   timezone=section.timezone, day_start_hour=section.day_start_hour,
                                                   locale=section.locale)
            else:
                await self._apply_config(community, section)
            for space_key in section.chats:
                await ChatBinding.update_or_create(space_key=space_key, defaults={"community": community})
        await self.cache.changed()

    async def _apply_config(self, community: Community, section: CommunitySection) -> None:
        overridden = set(community.admin_overrides or [])
        for key in ADMIN_SETTABLE:
            if key not in overridden:
                setattr(community, key, getattr(section, key))
        if section.name:
            community.name = section.name
        await community.save()

    def plugin_names(self, community: Community) -> tuple[str, ...]:
        if community.plugins is not None:
            names = community.plugins
        elif (section := self.settings.communities.get(community.slug)) and section.plugins is not None:
            names = section.plugins
        elif self.settings.enabled_plugins is not None:
            names = self.settings.enabled_plugins
        else:
            names = self.installed
        return tuple(n for n in names if n in self.installed)

    def settings_of(self, community: Community) -> CommunitySettings:
        return CommunitySettings(ZoneInfo(community.timezone), community.day_start_hour, community.locale,
                                 self.plugin_names(community))

    def plugin_settings_data(self, community: Community, plugin: str) -> dict:
        merged = dict(self.settings.plugins.get(plugin, {}))
        section = self.settings.communities.get(community.slug)
        if section:
            merged.update(section.plugin_settings.get(plugin, {}))
        return merged

    async def set_by_admin(self, community: Community, key: str, value) -> None:
        setattr(community, key, value)
        community.admin_overrides = sorted(set(community.admin_overrides or []) | {key})
        await community.save()
        await self.cache.changed()

    # --- resolution ----------------------------------------------------------------

    async def for_chat(self, chat: ChatRef, *, reactivate: bool = True) -> Community | None:
        """The community a group chat belongs to, created on first sight.

        `reactivate=False` (the bot was removed) neither reactivates nor creates a binding.
        """
        if chat.kind is ChatKind.PRIVATE or not chat.space_key:
            return None
        if reactivate and (known := self.cache.chats.get(chat.space_key)) is not None:
            return known  # only active bindings are remembered
        stamp = self.cache.stamp
        binding = await ChatBinding.get_or_none(space_key=chat.space_key).select_related("community")
        if not reactivate:
            return binding.community if binding else None
        if binding is None:
            return await self._create_for(chat)
        if not binding.active:
            binding.active = True
            await binding.save(update_fields=["active"])
        self.cache.keep(self.cache.chats, chat.space_key, binding.community, stamp)
        return binding.community

    async def _create_for(self, chat: ChatRef) -> Community:
        for slug in _slugs_for(chat):
            try:
                async with in_transaction():
                    community = await Community.create(slug=slug, name=chat.title or slug, created_at=clock.now(),
                                                       timezone="UTC", day_start_hour=4)
                    await ChatBinding.create(space_key=chat.space_key, community=community, title=chat.title)
                return community
            except IntegrityError:
                binding = await ChatBinding.get_or_none(space_key=chat.space_key).prefetch_related("community")
                if binding is not None:  # another event created it first
                    return binding.community
                # else another chat's id folds to the same slug ("Demo" and "demo"): try the next
        raise IntegrityError(f"no free community slug for {chat.space_key}")

    async def create_community(self, space_key: str, title: str | None) -> Community:
        """A new community of its own for a chat leaving another one (no binding made)."""
        slug = slugify(space_key)
        if await Community.exists(slug=slug):
            slug = f"{slug[:50]}-{secrets.token_hex(4)}"
        return await Community.create(slug=slug, name=title or slug, created_at=clock.now(),
                                      timezone="UTC", day_start_hour=4)

    async def for_private_chat(self, user: UserRef) -> Community | None:
        """A private chat belongs to the community the user was last active in."""
        identity = (await Identity.filter(platform=user.platform, user_id=user.user_id)
                    .order_by("-last_seen_at").prefetch_related("community").first())
        return identity.community if identity else None

    async def member_for(self, community: Community, user: UserRef, *, touch: bool = True,
                         asking: bool = False) -> Member:
        """The community's member for this account, created on first sight; `asking`: first seen
        asking to join, so not in yet (`left_at` set until they join)."""
        key = (community.id, user.platform, user.user_id)
        if (known := self.cache.members.get(key)) is None:
            stamp = self.cache.stamp
            known = await self._find_or_create_member(community, user, stamp, asking)
            self.cache.keep(self.cache.members, key, known, stamp)
        member, identity = known
        now = clock.now()
        if touch and _needs_touch(member, identity, user, now):
            if _renames(member, identity, user):
                member.display_name = user.name
            member.last_seen_at = now
            member.lang = user.lang or member.lang
            await member.save(update_fields=["display_name", "last_seen_at", "lang"])
            identity.username, identity.last_seen_at = user.username, now
            await identity.save(update_fields=["username", "last_seen_at"])
        return member

    async def _find_or_create_member(self, community: Community, user: UserRef, stamp: int | None,
                                     asking: bool = False) -> tuple[Member, Identity]:
        identity = await Identity.get_or_none(community_id=community.id, platform=user.platform,
                                              user_id=user.user_id).select_related("member")
        if identity is not None:
            return identity.member, identity
        now = clock.now()
        try:
            async with in_transaction():
                member = await Member.create(community=community, display_name=user.name, lang=user.lang,
                                             joined_at=now, last_seen_at=now, left_at=now if asking else None)
                identity = await Identity.create(community=community, member=member, platform=user.platform,
                                                 user_id=user.user_id, username=user.username, last_seen_at=now)
        except IntegrityError:  # a concurrent event created the same member
            identity = await Identity.get(community_id=community.id, platform=user.platform,
                                          user_id=user.user_id).select_related("member")
            return identity.member, identity
        self.cache.keep(self.cache.mentions, member.id, ((user.platform, user.user_id),), stamp)  # their only account
        return member, identity

    async def mark_left(self, member: Member) -> None:
        member.left_at = clock.now()
        await member.save(update_fields=["left_at"])

    async def mark_joined(self, member: Member) -> None:
        # Not decided by member.left_at: that copy may be remembered from before another
        # instance saw the member leave.
        member.left_at = None
        await Member.filter(id=member.id, left_at__isnull=False).update(left_at=None)

    async def deactivate(self, chat: ChatRef) -> None:
        if chat.space_key:
            await ChatBinding.filter(space_key=chat.space_key).update(active=False)
            await self.cache.changed()
