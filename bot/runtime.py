"""The running bot: settings, database, catalogs, plugins, bus, adapters, scheduler, web."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from bot import core_commands
from bot.adapter import Adapter
from bot.admin_notices import AdminNotices
from bot.bus import Bus
from bot.capabilities import DirectMessageClosed, MissingRights, NotSupported, RoleSupport, SubChat
from bot.community import Communities
from bot.config import Settings, problems_of
from bot.database import CORE_MODELS, ModelApp, close_database, migrate, open_database
from bot.errors import ConfigError
from bot.events import InviteRef
from bot.i18n import SUPPORTED, Catalogs
from bot.identity import ChatKind, ChatRef
from bot.ledger import Ledger
from bot.lookup_cache import LookupCache
from bot.member_restrictions import MemberRestrictions
from bot.member_roles import MemberRoles
from bot.mentions import Mentions
from bot.messages import Message, SentMessage
from bot.models import ChatBinding, Community, Identity, Member
from bot.permissions import Permissions
from bot.plugin import Plugin
from bot.plugin_routes import route_handler
from bot.preflight import plugin_problems
from bot.scheduler import Scheduler
from bot.shipped import locales_dir
from bot.stores import KeyStore, MemoryStore, open_store
from bot.web import WebServer

log = logging.getLogger(__name__)

# First parts of web paths the core and adapters serve; a plugin's short routes stay off them.
CORE_PATHS = frozenset({"plugins", "healthz", "sandbox", "telegram", "discord", "static", "api"})


class Runtime:
    def __init__(self, settings: Settings, plugins: list[Plugin], adapter_classes: dict[str, type[Adapter]],
                 *, store: KeyStore | None = None) -> None:
        self.config = settings
        self.instance_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"  # names it in Redis
        self.plugins = {p.name: p for p in [core_commands.plugin, *plugins]}
        self.adapter_classes = adapter_classes
        self.adapters: dict[str, Adapter] = {}
        self.store = store or open_store(settings.redis.url, settings.redis.prefix)
        self.catalogs = Catalogs(settings.bot.locale)
        self.lookups = LookupCache(self.store)
        self.communities = Communities(settings, [p.name for p in plugins], self.lookups)
        self.permissions = Permissions(settings.bot.owners, settings.bot.admin_cache_seconds)
        self.mentions = Mentions(self.lookups)
        self.bus = Bus(self, settings.bot.workers, settings.bot.queue_size)
        self.ledger = Ledger(self.bus)  # tells PointsAwarded through the bus
        self.member_roles = MemberRoles(self)
        self.member_restrictions = MemberRestrictions(self)
        self.admin_notices = AdminNotices(self, settings.bot.admin_cache_seconds)
        self.scheduler = Scheduler(self)
        self.scheduler.chores.append(self.member_restrictions.expire_due)
        self.web = WebServer(settings.web.host, settings.web.port)
        self._plugin_settings: dict[tuple[str, int | None], Any] = {}
        self._register_plugins()

    # --- assembly ------------------------------------------------------------------------

    def _register_plugins(self) -> None:
        shipped_locales = locales_dir()
        self.catalogs.load_dir(shipped_locales)
        for plugin in self.plugins.values():
            if plugin.locales and plugin.locales != shipped_locales:
                self.catalogs.load_dir(plugin.locales)
            self.bus.register(plugin)
            for job in plugin.jobs:
                self.scheduler.add(job)
            for route in plugin.routes:
                handler = route_handler(self, plugin.name, route.handler)
                self.web.add_route(route.method, f"/plugins/{plugin.name}{route.path}", handler)
                if route.short and plugin.name not in CORE_PATHS:
                    self.web.add_route(route.method, f"/{plugin.name}{route.path}", handler)
                elif route.short:
                    log.warning("plugin %s: /%s%s is the core's; the route is only at /plugins/%s%s",
                                plugin.name, plugin.name, route.path, plugin.name, route.path)

    def log_missing_catalogs(self) -> None:
        """A catalog that did not install turns every reply into a message id: say so at start."""
        for plugin in self.plugins.values():
            ids = [spec.description_id for spec in plugin.commands]
            for locale in SUPPORTED:
                if ids and not any(self.catalogs.has(message_id, locale) for message_id in ids):
                    log.error("no %s catalog for plugin %r (looked in %s); its replies will show message ids",
                              locale, plugin.name, plugin.locales or locales_dir())

    @property
    def model_apps(self) -> list[ModelApp]:
        return [CORE_MODELS, *(p.model_app for p in self.plugins.values() if p.model_app)]

    def check_plugin_settings(self) -> list[tuple[str, str]]:
        """Every problem in [plugins.*] and per-community plugin settings, with key paths."""
        return plugin_problems(self.plugins, self.config.model_dump(by_alias=True))

    def plugin_settings(self, plugin: str | None, community: Community | None) -> Any:
        """A plugin's validated settings for a community (None: the plugin takes none)."""
        spec = self.plugins.get(plugin or "")
        if spec is None or spec.settings is None:
            return None
        key = (plugin, community.id if community else None)
        if key not in self._plugin_settings:
            data = (self.communities.plugin_settings_data(community, plugin) if community
                    else self.config.plugins.get(plugin, {}))
            self._plugin_settings[key] = spec.settings.model_validate(data)
        return self._plugin_settings[key]

    def build_adapters(self) -> None:
        """Start every platform that is configured; the sandbox when asked, or when none is."""
        for platform, cls in self.adapter_classes.items():
            if platform == "sandbox":
                continue
            config = self._adapter_config(platform, cls, self.config.adapter_section(platform))
            if cls.wants_to_run(config):
                self.adapters[platform] = cls(self, config)
        sandbox = self.adapter_classes.get("sandbox")
        wanted = self.config.sandbox.enabled
        if sandbox and (wanted or (wanted is None and not self.adapters)):
            self.adapters["sandbox"] = sandbox(self, self.config.sandbox)

    def _adapter_config(self, platform: str, cls: type[Adapter], section: Any) -> Any:
        if section is None or cls.config_model is None:
            return section
        try:
            return cls.config_model.model_validate(section)
        except ValidationError as exc:
            raise ConfigError(problems_of(exc, platform)) from None

    # --- life cycle ----------------------------------------------------------------------

    async def start(self, *, migrate_database: bool | None = None) -> None:
        self.log_missing_catalogs()
        await open_database(self.config.database.url, self.model_apps)
        self._warn_if_shared_without_redis()
        if migrate_database if migrate_database is not None else self.config.bot.auto_migrate:
            await migrate(self.config.database.url, self.model_apps)  # logs each step
        await self.communities.seed_from_config()
        if not self.adapters:
            self.build_adapters()
        for plugin in self.plugins.values():
            for hook in plugin.startup:
                await hook(self)
        await self.bus.start()
        for adapter in self.adapters.values():
            await adapter.start()
        await self.scheduler.start()
        if self.config.web.enabled:
            await self.web.start()

    def _warn_if_shared_without_redis(self) -> None:
        """PostgreSQL is what several instances share; without Redis their short-lived state is not."""
        if self.config.database.url.startswith(("postgres", "asyncpg")) and isinstance(self.store, MemoryStore):
            log.warning("PostgreSQL without Redis: fine for one instance, but with several each keeps its "
                        "update dedup, job claims, cooldowns and rate limits to itself, so an update posted to "
                        "two webhook instances is answered twice, every scheduled job runs once per instance, "
                        "and limits multiply. Set [redis] url for several instances.")

    async def stop(self) -> None:
        for plugin in self.plugins.values():
            for hook in plugin.shutdown:
                await hook(self)
        await self.web.stop()
        await self.scheduler.stop()
        for adapter in self.adapters.values():
            await adapter.stop()
        await self.bus.stop(self.config.bot.stop_timeout)
        await self.store.close()
        await close_database()

    async def run_forever(self, stop: asyncio.Event, on_started: Callable[[], None] | None = None) -> None:
        """Start, serve until `stop` is set, then stop. A start that fails, or that `stop`
        interrupts, still closes whatever it opened (a failure is raised after)."""
        try:
            if not await self._start_unless_stopped(stop):
                return
            log.info("running with %s; web on %s", ", ".join(self.adapters) or "no adapters", self.web.address)
            if on_started is not None:
                on_started()
            await stop.wait()
        finally:
            log.info("shutting down")
            await self.stop()

    async def _start_unless_stopped(self, stop: asyncio.Event) -> bool:
        starting = asyncio.create_task(self.start(), name="runtime-start")
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if not starting.done():
                starting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await starting
                log.info("stopped while starting")
        return not starting.cancelled() and starting.result() is None

    # --- services for plugins --------------------------------------------------------------

    @staticmethod
    def new_error_ref() -> str:
        return secrets.token_hex(3).upper()

    async def community_chats(self, community: Community) -> list[ChatRef]:
        """Where community-wide posts go: the main chat of every active binding."""
        chats = []
        for binding in await ChatBinding.filter(community_id=community.id, active=True):
            platform, space_id = binding.space_key.split(":", 1)
            adapter = self.adapters.get(platform)
            if adapter:
                chat = await adapter.home_chat(space_id)
                if chat:
                    chats.append(chat)
        return chats

    async def post(self, community: Community, message: Message) -> list[SentMessage]:
        sent = []
        for chat in await self.community_chats(community):
            try:
                sent.append(await self.adapters[chat.platform].send(chat, message))
            except Exception:
                log.exception("could not post to %s:%s", chat.platform, chat.chat_id)
        return sent

    async def post_in(self, community: Community, chat_keys: list[str], message: Message) -> list[SentMessage]:
        """Post in chosen chats of a community ("platform:space" for a space's main chat,
        "platform:space/chat" for one chat of it); a chat of another community is skipped."""
        if not chat_keys:
            return await self.post(community, message)
        sent = []
        for key in chat_keys:
            chat = await self._chat_of(community, key)
            if chat is None:
                log.warning("not posting to %s: not an active chat of community %s", key, community.slug)
                continue
            try:
                sent.append(await self.adapters[chat.platform].send(chat, message))
            except Exception:
                log.exception("could not post to %s", key)
        return sent

    async def chat_keys(self, community: Community, chat_keys: list[str]) -> list[str]:
        """The chats `post_in` would post to, each as "platform:space/chat": the named ones that
        are active chats of the community; none named: the community's main chats."""
        if not chat_keys:
            return [chat.key for chat in await self.community_chats(community) if chat.key]
        return [chat.key for key in chat_keys if (chat := await self._chat_of(community, key)) and chat.key]

    async def open_sub_chat(self, community: Community, chat_key: str, title: str) -> SubChat | None:
        """A sub-chat (a thread, a forum topic) of one of the community's chats; None where the
        platform or the chat has none, or the bot may not make one (logged)."""
        chat = await self._chat_of(community, chat_key)
        adapter = self.adapters.get(chat.platform) if chat else None
        if adapter is None or not adapter.capabilities.sub_chats:
            return None
        try:
            return await adapter.open_sub_chat(chat, title)
        except NotSupported:
            return None
        except MissingRights as missing:
            log.warning("no sub-chat %r in %s: %s", title, chat_key, missing)
            return None
        except Exception:
            log.exception("could not open a sub-chat %r in %s", title, chat_key)
            return None

    async def invite_link(self, community: Community, chat_key: str, name: str) -> str | None:
        """A link that lets one person into a chat of the community, where the platform makes
        such links and grants access that way (not where access is a role: Discord)."""
        chat = await self._chat_of(community, chat_key)
        adapter = self.adapters.get(chat.platform) if chat else None
        if adapter is None or not adapter.capabilities.member_invites or adapter.capabilities.roles is RoleSupport.NATIVE:
            return None
        try:
            return (await adapter.create_invite(chat, name[:32], max_uses=1)).url
        except Exception:
            log.warning("could not make an invite link for %s", chat_key, exc_info=True)
            return None

    async def create_invite(self, community: Community, chat_key: str, name: str) -> InviteRef | None:
        """A named invite many may use, to a chat of the community, where the platform makes invites."""
        chat = await self._chat_of(community, chat_key)
        adapter = self.adapters.get(chat.platform) if chat else None
        if adapter is None or not adapter.capabilities.member_invites:
            return None
        try:
            return await adapter.create_invite(chat, name[:32])
        except Exception:
            log.warning("could not make an invite for %s", chat_key, exc_info=True)
            return None

    async def revoke_invite(self, community: Community, chat_key: str, url: str) -> None:
        chat = await self._chat_of(community, chat_key)
        adapter = self.adapters.get(chat.platform) if chat else None
        if adapter is None or not adapter.capabilities.member_invites:
            return
        try:
            await adapter.revoke_invite(chat, InviteRef(url))
        except Exception:
            log.warning("could not revoke an invite of %s", chat_key, exc_info=True)

    async def _chat_of(self, community: Community, key: str) -> ChatRef | None:
        key, _, thread_id = key.partition("#")
        platform, _, place = key.partition(":")
        space_id, _, chat_id = place.partition("/")
        adapter = self.adapters.get(platform)
        if adapter is None or not await self._bound(community, f"{platform}:{space_id}"):
            return None
        if chat_id:
            return ChatRef(platform, chat_id, ChatKind.GROUP, space_id=space_id, thread_id=thread_id or None)
        home = await adapter.home_chat(space_id)
        return replace(home, thread_id=thread_id) if home and thread_id else home

    async def _bound(self, community: Community, space_key: str) -> bool:
        """Whether the space is an active chat of the community; one the lookup cache remembers
        (only active bindings are) needs no query: a raid's deletes ask it hundreds of times."""
        known = self.communities.cache.chats.get(space_key)
        if known is not None and known.id == community.id:
            return True
        return await ChatBinding.exists(space_key=space_key, community_id=community.id, active=True)

    async def chat_of(self, community: Community, key: str) -> ChatRef | None:
        """The chat a key names ("platform:space" or "platform:space/chat"), if it is an active
        chat of the community; None otherwise (another community's chat among them)."""
        return await self._chat_of(community, key)

    async def send_direct(self, member: Member, message: Message) -> SentMessage | None:
        """Message a member privately on the first platform that allows it; None if none does."""
        for identity in await Identity.filter(member_id=member.id).order_by("-last_seen_at"):
            adapter = self.adapters.get(identity.platform)
            if adapter is None or not adapter.capabilities.direct_messages:
                continue
            try:
                return await adapter.send_direct(identity.user_id, message)
            except (DirectMessageClosed, NotSupported):
                continue
        return None


__all__ = ["Runtime", "MemoryStore", "BaseModel"]
