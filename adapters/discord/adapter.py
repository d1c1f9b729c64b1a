"""The Discord adapter, on discord.py 2: its life cycle, slash command sync, and sending.

Receiving (gateway events to the core's events) lives in incoming.py; answers to slash
commands and button presses go through interactions.py.

Guilds are spaces: a community binds `discord:<guild_id>`, and a ChatRef names the guild
(`space_id`) and a channel (`chat_id`). Private chats are named by the user's id.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import discord
import yarl

from bot import clock
from bot.adapter import Adapter
from bot.adapter_entry import token_is_set
from bot.capabilities import (Capabilities, DirectMessageClosed, MissingRights, NotSupported, Restriction,
                              RoleSupport, SubChat)
from bot.errors import StartupError
from bot.events import InviteRef
from bot.identity import ChatKind, ChatRef, UserRef
from bot.messages import Message, SentMessage
from bot.send_budget import shared_budget, shared_chat_limits
from bot.send_queue import RateLimits, SendQueue

from adapters.discord import commands as slash
from adapters.discord.config import DiscordConfig
from adapters.discord.incoming import Incoming, user_ref
from adapters.discord.interactions import InteractionReply, Interactions, edit_arguments
from adapters.discord.invites import InviteTracker
from adapters.discord.render import PLATFORM, render
from adapters.discord.start_failures import start_failure

log = logging.getLogger(__name__)

MAX_INVITE_AGE = 7 * 24 * 3600  # seconds; 0 is "never expires"
DM_CLOSED = 50007
UNKNOWN_MESSAGE = 10008
ADMIN_SCAN = 1000  # members read to find a guild's admins
# What a restriction role denies in every channel; Discord has no right for forwards (nor for
# links beyond their previews): the core deletes those messages.
DENIED_BY_ROLE: dict[Restriction, dict[str, bool]] = {
    Restriction.MESSAGES: {"send_messages": False, "send_messages_in_threads": False,
                           "create_public_threads": False, "create_private_threads": False,
                           "add_reactions": False},
    Restriction.MEDIA: {"attach_files": False},
    Restriction.LINKS: {"embed_links": False},
}


class _Forwarding:
    """Forwards the gateway events the adapter needs (mixed into a discord.py client)."""

    def __init__(self, adapter: "DiscordAdapter", **options: Any) -> None:
        super().__init__(**options)
        self.adapter = adapter
        self.incoming = adapter.incoming

    async def on_ready(self) -> None:
        await self.adapter._on_ready()

    async def on_message(self, message: discord.Message) -> None:
        await self.incoming.on_message(message)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.incoming.on_interaction(interaction)

    async def on_member_join(self, member: discord.Member) -> None:
        await self.incoming.on_member_join(member)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self.incoming.on_reaction(payload)

    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        await self.incoming.on_reaction(payload)

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        await self.incoming.on_member_remove(payload)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.adapter._on_guild_join(guild)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.incoming.on_guild_remove(guild)

    async def on_invite_create(self, invite: discord.Invite) -> None:
        if invite.guild is not None:
            self.adapter.invites.created(invite.guild.id, invite)

    async def on_invite_delete(self, invite: discord.Invite) -> None:
        if invite.guild is not None:
            self.adapter.invites.deleted(invite.guild.id, invite.code)


class _Client(_Forwarding, discord.Client):
    pass


class _ShardedClient(_Forwarding, discord.AutoShardedClient):
    """Connects `shard_ids` of `shard_count` shards: each instance its share of the guilds."""


def contain_parsers(parsers: dict[str, Callable[[Any], Any]]) -> None:
    """An event discord.py cannot read is logged once and skipped, like an undecodable Telegram
    update. Left alone, its exception drops the gateway connection, and a resume replays the
    same event for ever."""
    for event, parse in list(parsers.items()):
        parsers[event] = _contained(event, parse)


def _contained(event: str, parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def parse_or_skip(data: Any) -> Any:
        try:
            return parse(data)
        except Exception as exc:
            ident = data.get("id") if isinstance(data, dict) else None
            log.error("skipped a Discord %s event discord.py could not read (id %s): %s: %s",
                      event, ident, type(exc).__name__, exc)
            return None
    return parse_or_skip


class DiscordAdapter(Adapter):
    platform = "discord"
    config_model = DiscordConfig
    capabilities = Capabilities(roles=RoleSupport.NATIVE, member_invites=True, direct_messages=True, reactions=True,
                                restrict_members=True, edit_messages=True, delete_messages=True, buttons=True,
                                private_replies=True, sub_chats=True, max_upload_bytes=10 * 1024 * 1024,
                                enforced_restrictions=frozenset({Restriction.MESSAGES, Restriction.MEDIA}),
                                ban_members=True, forms=True)
    config: DiscordConfig

    def __init__(self, runtime: Any, config: DiscordConfig | None = None) -> None:
        super().__init__(runtime, config or DiscordConfig())
        self.client: _Client | None = None
        self.invites = InviteTracker()
        self.queue = SendQueue(RateLimits(per_second_overall=40, per_minute_per_chat=50, per_second_per_chat=4),
                               shared=shared_budget(runtime.store, PLATFORM, 40),
                               shared_chats=shared_chat_limits(runtime.store, PLATFORM))
        self.sync_problems: dict[str, dict[str, str]] = {}  # "guild:<id>" | "global" -> command -> reason
        self._task: asyncio.Task | None = None
        self._ready = asyncio.Event()
        self._synced_once = False
        self._dm_channels: dict[str, int] = {}
        self._saved_urls: tuple[str, yarl.URL] | None = None
        self.interactions = Interactions(defer_after=self.config.defer_after,
                                         max_upload_bytes=self.capabilities.max_upload_bytes,
                                         text=runtime.catalogs.text)
        self.incoming = Incoming(self.config, runtime, self.interactions, self.invites, self._client, self.home_chat)
        self._remove_middleware: Callable[[], None] | None = None

    @classmethod
    def wants_to_run(cls, config: Any) -> bool:
        return token_is_set(config)

    # --- life cycle ------------------------------------------------------------------

    def intents(self) -> discord.Intents:
        """Only what the adapter uses; the two privileged ones are documented in docs/discord.md."""
        intents = discord.Intents.none()
        intents.guilds = True  # guilds, channels, roles: spaces, home channels, admin checks
        intents.guild_messages = True  # prefix commands and keyword triggers in channels
        intents.dm_messages = True  # prefix commands in a DM with the bot
        intents.invites = True  # keep invite use counts current for join attribution
        intents.guild_reactions = intents.dm_reactions = True  # reactions, for plugins that count them
        intents.members = self.config.members_intent  # privileged: member joins and leaves
        content = self.config.message_content_intent
        if content is None:
            content = any(spec.keywords for spec in self.runtime.bus.command_specs())
        intents.message_content = content  # privileged: the text of channel messages
        return intents

    async def start(self) -> None:
        self._point_at_api()
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # the bot uses no voice
        intents = self.intents()
        self.client = self._new_client(intents=intents, chunk_guilds_at_startup=False, max_messages=None,
                                       allowed_mentions=discord.AllowedMentions.none(),
                                       guild_ready_timeout=self.config.guild_ready_timeout)
        contain_parsers(self.client._connection.parsers)  # the gateway reads this very dict
        self._remove_middleware = self.runtime.bus.add_middleware(self.interactions.close_when_handled, outermost=True)
        try:
            await self.client.login(self.config.token)
            if self.config.api_base:
                _shards, url, _limits = await self.client.http.get_bot_gateway()
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        except BaseException as exc:
            await self.stop()
            failure = start_failure(exc, intents)
            if failure is None:
                raise
            raise failure from None
        self._task = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")
        waiter = asyncio.create_task(self._ready.wait())
        done, _ = await asyncio.wait({self._task, waiter}, timeout=self.config.ready_timeout,
                                     return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if self._task in done:
            error = self._task.exception()
            await self.stop()
            if error is None:
                raise StartupError("the Discord gateway closed during start")
            raise start_failure(error, intents) or error
        if waiter not in done:
            log.warning("Discord is not ready after %.0f s; going on, it will catch up", self.config.ready_timeout)

    def _new_client(self, **options: Any) -> discord.Client:
        if not self.config.sharded:
            return _Client(self, **options)
        return _ShardedClient(self, shard_count=self.config.shard_count, shard_ids=self.config.shard_ids, **options)

    def _point_at_api(self) -> None:
        if not self.config.api_base:
            return
        self._saved_urls = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = self.config.api_base.rstrip("/")

    async def stop(self) -> None:
        if self._remove_middleware is not None:
            self._remove_middleware()
            self._remove_middleware = None
        self.interactions.cancel_all()
        if self.client is not None:
            await self.client.close()
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(self._task, 5)
            self._task = None
        if self._saved_urls is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved_urls
            self._saved_urls = None

    async def wait_until_ready(self) -> None:
        await self._ready.wait()

    async def _on_ready(self) -> None:
        try:
            for guild in self._served_guilds():
                await self.invites.refresh(guild)
            if not self._synced_once:
                self._synced_once = True
                await self.sync_commands()
        except Exception:
            log.exception("Discord start-up work failed; the adapter runs on")
        finally:
            self._ready.set()

    def _served_guilds(self) -> list[discord.Guild]:
        return [g for g in self.client.guilds if self.config.serves(g.id)] if self.client else []

    # --- slash commands ----------------------------------------------------------------

    async def sync_commands(self) -> dict[str, dict[str, str]]:
        """Offer every command to Discord; returns (and logs) the definitions it rejected."""
        specs = self.runtime.bus.command_specs()
        self.incoming.table = slash.build_table(specs)
        mode = self.config.command_sync
        if mode == "off" or self.client is None:
            return {}
        app_id = self.client.application_id
        catalogs = self.runtime.catalogs
        guild_payloads = slash.payloads_for(catalogs, specs, scope="guild")
        global_payloads = slash.payloads_for(catalogs, specs, scope="global")
        if self.config.syncs_global_commands:
            await self._sync_one("global", app_id, global_payloads if mode == "global" else [], None)
        for guild in self._served_guilds():
            await self._sync_one(f"guild:{guild.id}", app_id, guild_payloads if mode == "guilds" else [], guild.id)
        return self.sync_problems

    async def _sync_one(self, where: str, app_id: int, payloads: list[dict], guild_id: int | None) -> None:
        try:
            rejected = await slash.sync(self.client.http, app_id, payloads, guild_id)
        except discord.HTTPException as exc:
            log.error("could not sync slash commands (%s): %s", where, exc)
            self.sync_problems[where] = {"*": str(exc)}
            return
        if rejected:
            self.sync_problems[where] = rejected
            for name, reason in rejected.items():
                log.error("Discord rejected the slash command /%s (%s): %s", name, where, reason)
        else:
            self.sync_problems.pop(where, None)

    async def _on_guild_join(self, guild: discord.Guild) -> None:
        if not self.config.serves(guild.id):
            log.info("added to guild %s (%s), which is not in [discord] guilds; ignoring it", guild.id, guild.name)
            return
        await self.invites.refresh(guild)
        if self.config.command_sync == "guilds":
            specs = self.runtime.bus.command_specs()
            payloads = slash.payloads_for(self.runtime.catalogs, specs, scope="guild")
            await self._sync_one(f"guild:{guild.id}", self.client.application_id, payloads, guild.id)
        await self.incoming.bot_added(guild)

    # --- outgoing ----------------------------------------------------------------------

    def _client(self) -> _Client:
        if self.client is None:
            raise RuntimeError("the Discord adapter is not started")
        return self.client

    async def _messageable(self, chat: ChatRef) -> discord.abc.Messageable:
        if chat.kind is ChatKind.PRIVATE:
            return await self._dm(chat.chat_id)
        if chat.thread_id:  # a thread is a channel of its own
            return self._client().get_partial_messageable(int(chat.thread_id), type=discord.ChannelType.public_thread,
                                                          guild_id=int(chat.space_id) if chat.space_id else None)
        return self._client().get_partial_messageable(int(chat.chat_id),
                                                      guild_id=int(chat.space_id) if chat.space_id else None)

    async def _dm(self, user_id: str) -> discord.abc.Messageable:
        client = self._client()
        channel_id = self._dm_channels.get(user_id)
        if channel_id is None:
            channel = await client.create_dm(discord.Object(int(user_id)))
            self._dm_channels[user_id] = channel_id = channel.id
        return client.get_partial_messageable(channel_id, type=discord.ChannelType.private)

    async def send(self, chat: ChatRef, message: Message) -> SentMessage:
        channel = await self._messageable(chat)
        rendered = await render(message, max_upload_bytes=self.capabilities.max_upload_bytes)
        last: discord.Message | None = None
        for index, part in enumerate(rendered.parts):
            reference = None
            if index == 0 and message.reply_to and str(message.reply_to).isdigit():
                reference = discord.MessageReference(message_id=int(message.reply_to), channel_id=channel.id,
                                                     fail_if_not_exists=False)
            await self.queue.slot(str(channel.id))
            try:
                last = await channel.send(**part, reference=reference)
            except discord.Forbidden as exc:
                if exc.code == DM_CLOSED and chat.kind is ChatKind.PRIVATE:
                    raise DirectMessageClosed(PLATFORM, chat.chat_id) from None
                raise
        assert last is not None
        return SentMessage(PLATFORM, str(last.channel.id), str(last.id))

    def can_reply_privately(self, event: Any) -> bool:
        """An interaction can be answered ephemerally; a typed message cannot."""
        return isinstance(getattr(event, "reply_handle", None), InteractionReply)

    async def reply(self, event: Any, message: Message) -> SentMessage:
        handle = getattr(event, "reply_handle", None)
        if isinstance(handle, InteractionReply):
            sent = await handle.reply(message, lambda: Adapter.reply(self, event, message))
            if sent is not None:
                return sent
        return await super().reply(event, message)

    def hold_answers(self, event: Any) -> InteractionReply | None:
        handle = getattr(event, "reply_handle", None)
        return handle.hold() if isinstance(handle, InteractionReply) and handle.owner is self.interactions else None

    async def edit(self, sent: SentMessage, message: Message) -> None:
        if holder := self.interactions.holder(sent.message_id):
            holder.later(lambda: self.edit(sent, message))
            return
        rendered = await render(message, max_upload_bytes=self.capabilities.max_upload_bytes)
        arguments = edit_arguments(rendered.first)
        message_id = self.interactions.real_id(sent.message_id)
        interaction = self.interactions.sent_through(message_id)
        if interaction is not None:
            await interaction.followup.edit_message(message_id, **arguments)
            return
        channel = self._client().get_partial_messageable(int(sent.chat_id))
        await channel.get_partial_message(message_id).edit(**arguments)

    async def delete(self, sent: SentMessage) -> None:
        if holder := self.interactions.holder(sent.message_id):
            holder.later(lambda: self.delete(sent))
            return
        message_id = self.interactions.real_id(sent.message_id)
        interaction = self.interactions.forget(message_id)
        try:
            if interaction is not None:
                await interaction.followup.delete_message(message_id)
            else:
                channel = self._client().get_partial_messageable(int(sent.chat_id))
                await channel.get_partial_message(message_id).delete()
        except discord.NotFound:
            pass
        except discord.Forbidden as err:  # another's message needs Manage Messages
            raise MissingRights(PLATFORM, "delete_messages", str(err.text or err)) from None

    async def answer_button(self, event: Any, toast: str | None = None, alert: bool = False) -> None:
        handle = getattr(event, "reply_handle", None)
        if isinstance(handle, InteractionReply):
            await handle.toast(toast, alert)

    async def send_direct(self, user_id: str, message: Message) -> SentMessage:
        try:
            return await self.send(ChatRef(PLATFORM, str(user_id), ChatKind.PRIVATE), message)
        except discord.Forbidden as exc:
            raise DirectMessageClosed(PLATFORM, str(user_id)) from exc

    async def home_chat(self, space_id: str) -> ChatRef | None:
        if not space_id.isdigit() or not self.config.serves(int(space_id)):
            return None
        guild_id = int(space_id)
        guild = self.client.get_guild(guild_id) if self.client else None
        configured = self.config.guild(guild_id)
        channel_id = configured.announce_channel if configured and configured.announce_channel else None
        if channel_id is None and guild is not None and guild.system_channel is not None:
            channel_id = guild.system_channel.id
        if channel_id is None:
            return None
        return ChatRef(PLATFORM, str(channel_id), ChatKind.GROUP, space_id=space_id,
                       title=guild.name if guild else None)

    # --- members -----------------------------------------------------------------------

    def _guild(self, space_id: str | None) -> discord.Guild:
        guild = self._client().get_guild(int(space_id)) if space_id and str(space_id).isdigit() else None
        if guild is None:
            raise LookupError(f"the bot is not in a Discord guild {space_id!r}")
        return guild

    async def _member(self, guild: discord.Guild, user_id: str) -> discord.Member | None:
        member = guild.get_member(int(user_id))
        if member is not None:
            return member
        try:
            return await guild.fetch_member(int(user_id))
        except discord.NotFound:
            return None

    async def is_admin(self, chat: ChatRef, user_id: str) -> bool:
        if chat.kind is ChatKind.PRIVATE or not chat.space_id:
            return False
        guild = self._guild(chat.space_id)
        member = await self._member(guild, user_id)
        if member is None:
            return False
        return self._administers(member)

    async def list_admins(self, space_id: str) -> list[UserRef]:
        """The owner and the members who may administer or manage the guild (or hold `admin_role`),
        from the guild's member list (the first ADMIN_SCAN members: a large guild's admins are
        among the members the bot has seen)."""
        guild = self._guild(space_id)
        members: dict[int, discord.Member] = {m.id: m for m in guild.members}
        if self.config.members_intent:
            async for member in guild.fetch_members(limit=ADMIN_SCAN):
                members.setdefault(member.id, member)
        if guild.owner_id and guild.owner_id not in members:
            owner = await self._member(guild, str(guild.owner_id))
            if owner is not None:
                members[owner.id] = owner
        return [user_ref(m) for m in members.values() if self._administers(m)]

    def _administers(self, member: discord.Member) -> bool:
        permissions = member.guild_permissions  # the owner has every permission
        if permissions.administrator or permissions.manage_guild:
            return True
        role = self.config.admin_role
        return bool(role) and any(r.name.casefold() == role.casefold() for r in member.roles)

    async def has_role(self, chat: ChatRef, user_id: str, role: str) -> bool:
        if not chat.space_id:
            return False
        member = await self._member(self._guild(chat.space_id), user_id)
        return member is not None and any(r.name.casefold() == role.casefold() for r in member.roles)

    @staticmethod
    def _role_named(guild: discord.Guild, role: str) -> discord.Role | None:
        return next((r for r in guild.roles if r.name.casefold() == role.casefold()), None)

    async def assign_role(self, space_id: str, user_id: str, role: str) -> None:
        guild = self._guild(space_id)
        member = await self._member(guild, user_id)
        if member is None:
            raise LookupError(f"user {user_id} is not in guild {space_id}")
        found = self._role_named(guild, role) or await self._create_role(guild, role)
        if found not in member.roles:
            self._may_manage(guild, found)
            try:
                await member.add_roles(found, reason="Shequn")
            except discord.Forbidden:
                raise MissingRights(PLATFORM, "manage_roles", found.name) from None

    async def remove_role(self, space_id: str, user_id: str, role: str) -> None:
        guild = self._guild(space_id)
        member = await self._member(guild, user_id)
        found = self._role_named(guild, role)
        if member is not None and found is not None and found in member.roles:
            self._may_manage(guild, found)
            try:
                await member.remove_roles(found, reason="Shequn")
            except discord.Forbidden:
                raise MissingRights(PLATFORM, "manage_roles", found.name) from None

    async def open_chat_to_role(self, space_id: str, chat_id: str, role: str) -> None:
        """The role's overwrite in the channel lets its holders in (the channel itself stays closed
        to @everyone as the server's admins set it)."""
        guild = self._guild(space_id)
        channel = guild.get_channel(int(chat_id)) if chat_id.isdigit() else None
        if channel is None:
            raise LookupError(f"no channel {chat_id} in guild {space_id}")
        found = self._role_named(guild, role) or await self._create_role(guild, role)
        opened = {"view_channel": True, "send_messages": True, "read_message_history": True}
        overwrite = channel.overwrites_for(found)
        if all(getattr(overwrite, right) is value for right, value in opened.items()):
            return
        self._may_manage(guild, found)
        overwrite.update(**opened)
        try:
            await channel.set_permissions(found, overwrite=overwrite, reason="Shequn: a tier's own channel")
        except discord.Forbidden:
            raise MissingRights(PLATFORM, "manage_roles", f"{found.name} in #{channel.name}") from None

    async def _create_role(self, guild: discord.Guild, role: str) -> discord.Role:
        if not guild.me.guild_permissions.manage_roles:
            raise MissingRights(PLATFORM, "manage_roles", role)
        return await guild.create_role(name=role, reason="Shequn: a plugin assigns this role")

    @staticmethod
    def _may_manage(guild: discord.Guild, role: discord.Role) -> None:
        """Discord lets a bot give only roles below its own highest role: say so instead of a 403."""
        if guild.owner_id != guild.me.id and role >= guild.me.top_role:
            raise MissingRights(PLATFORM, "role_order", role.name)

    async def _invite_channel(self, chat: ChatRef) -> discord.abc.GuildChannel:
        guild = self._guild(chat.space_id)
        channel_id = int(chat.chat_id)
        if channel_id == guild.id:
            home = await self.home_chat(str(guild.id))
            channel_id = int(home.chat_id) if home else channel_id
        channel = guild.get_channel(channel_id) or await guild.fetch_channel(channel_id)
        return channel

    async def open_sub_chat(self, chat: ChatRef, title: str) -> SubChat:
        """A public thread of the channel, kept a week after its last message; a member mentioned
        in it is added to it."""
        channel = await self._invite_channel(chat)
        if not isinstance(channel, discord.TextChannel):
            raise NotSupported(PLATFORM, "sub_chats outside a text channel")
        try:
            thread = await channel.create_thread(name=title[:100], type=discord.ChannelType.public_thread,
                                                 auto_archive_duration=10080, reason="Shequn: a plugin's sub-chat")
        except discord.Forbidden as exc:
            raise MissingRights(PLATFORM, "create_threads", exc.text) from None
        ref = ChatRef(PLATFORM, str(channel.id), ChatKind.GROUP, space_id=str(channel.guild.id), thread_id=str(thread.id))
        return SubChat(ref, thread.jump_url)

    async def create_invite(self, chat: ChatRef, name: str, *, max_uses: int | None = None,
                            expires_at: datetime | None = None) -> InviteRef:
        channel = await self._invite_channel(chat)
        max_age = 0
        if expires_at is not None:
            max_age = int((expires_at - clock.now()).total_seconds())
            if max_age <= 0:
                raise ValueError("an invite cannot expire in the past")
            if max_age > MAX_INVITE_AGE:
                log.warning("Discord invites live at most 7 days; %r expires then", name)
                max_age = MAX_INVITE_AGE
        invite = await channel.create_invite(max_age=max_age, max_uses=max_uses or 0, unique=True,
                                             reason=f"Shequn invite {name}"[:512])
        self.invites.names[invite.code] = name
        self.invites.created(channel.guild.id, invite)
        return InviteRef(invite.url, name, str(self._client().user.id))

    async def revoke_invite(self, chat: ChatRef, invite: InviteRef) -> None:
        code = invite.url.rstrip("/").rsplit("/", 1)[-1]
        try:
            await self._client().delete_invite(code, reason="Shequn: revoked")
        except discord.NotFound:
            pass
        self.invites.names.pop(code, None)

    async def set_restrictions(self, space_id: str, user_id: str, kinds: frozenset[Restriction],
                               until: datetime | None = None) -> None:
        """A role per restriction ("No links", named from the catalog in the bot's language),
        created by the bot with its denials as overwrites in every channel, given or taken.
        Roles never end by themselves: the core lifts them when `until` comes."""
        guild = self._guild(space_id)
        member = await self._member(guild, user_id)
        if member is None or member.guild_permissions.administrator:
            raise LookupError(f"user {user_id} cannot be restricted in guild {space_id}")
        for kind, denied in DENIED_BY_ROLE.items():
            name = self.runtime.catalogs.text(None, f"core-restriction-role-{kind.value}")
            role = self._role_named(guild, name)
            if kind in kinds:
                role = role or await self._create_restriction_role(guild, name)
                self._may_manage(guild, role)
                await self._deny_everywhere(guild, role, denied)
                if role not in member.roles:
                    await self._change_roles(guild, role, member.add_roles)
            elif role is not None and role in member.roles:
                await self._change_roles(guild, role, member.remove_roles)

    async def _create_restriction_role(self, guild: discord.Guild, name: str) -> discord.Role:
        if not guild.me.guild_permissions.manage_roles:
            raise MissingRights(PLATFORM, "manage_roles", name)
        return await guild.create_role(name=name, permissions=discord.Permissions.none(),
                                       reason="Shequn: members with this role are restricted")

    async def _deny_everywhere(self, guild: discord.Guild, role: discord.Role, denied: dict[str, bool]) -> None:
        """The role's overwrite in each channel (a channel made later gets it at the next call)."""
        for channel in guild.channels:
            overwrite = channel.overwrites_for(role)
            if all(getattr(overwrite, right) is value for right, value in denied.items()):
                continue
            overwrite.update(**denied)
            try:
                await channel.set_permissions(role, overwrite=overwrite, reason="Shequn: restriction role")
            except discord.Forbidden:
                raise MissingRights(PLATFORM, "manage_roles", f"{role.name} in #{channel.name}") from None

    async def _change_roles(self, guild: discord.Guild, role: discord.Role, change: Callable[..., Any]) -> None:
        self._may_manage(guild, role)
        try:
            await change(role, reason="Shequn: restriction")
        except discord.Forbidden:
            raise MissingRights(PLATFORM, "manage_roles", role.name) from None

    # --- removals --------------------------------------------------------------------------

    async def ban(self, chat: ChatRef, user_id: str, until: datetime | None = None) -> None:
        """A Discord ban has no end: `until` is not kept by Discord (the member stays banned until unbanned)."""
        await self._removal(chat, user_id, "ban_members", lambda guild, user: guild.ban(user, reason="Shequn",
                                                                                          delete_message_seconds=0))

    async def unban(self, chat: ChatRef, user_id: str) -> None:
        await self._removal(chat, user_id, "ban_members", lambda guild, user: guild.unban(user, reason="Shequn"))

    async def kick(self, chat: ChatRef, user_id: str) -> None:
        await self._removal(chat, user_id, "kick_members", lambda guild, user: guild.kick(user, reason="Shequn"))

    async def _removal(self, chat: ChatRef, user_id: str, right: str, call) -> None:
        guild = self._guild(chat.space_id)
        try:
            await call(guild, discord.Object(id=int(user_id)))
        except discord.Forbidden as err:
            raise MissingRights(PLATFORM, right, str(err.text or err)) from None
        except discord.NotFound:
            raise LookupError(f"user {user_id} is not in (or banned from) guild {chat.space_id}") from None
