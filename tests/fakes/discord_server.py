"""A local fake Discord (REST API v10 + gateway) for end-to-end tests.

The real ``discord.py`` client connects to it on 127.0.0.1::

    async with FakeDiscord(bot_user_id=1000, application_id=1000) as dc:
        dc.add_guild(1, "Guild", owner_id=10, channels=[100])
        client = discord.Client(intents=discord.Intents.all())
        async with dc.running(client):          # patches discord.py, logs in, waits on_ready
            await dc.message_create(100, 10, "hi")
            ...

``dc.patch_discord()`` alone redirects discord.py (REST base, gateway URL, CDN
base) without starting a client.  Every REST call is recorded in ``dc.calls``.

Gateway frames are plain JSON text frames (no zlib): discord.py only
decompresses *binary* frames, text frames are parsed as JSON directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import secrets
import string
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Callable, Iterator

from aiohttp import WSMsgType, web

__all__ = ["Call", "FakeDiscord", "Intents"]

DISCORD_EPOCH_MS = 1420070400000
ALL_PERMISSIONS = (1 << 53) - 1
ADMINISTRATOR = 1 << 3
MANAGE_ROLES = 1 << 28
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
CREATE_PUBLIC_THREADS = 1 << 35


class Intents:
    """Gateway intent bits (subset used by the fake for filtering)."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_MODERATION = 1 << 2
    GUILD_INVITES = 1 << 6
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    GUILD_MESSAGE_REACTIONS = 1 << 10
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15
    PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT


_EVENT_INTENTS: dict[str, int] = {
    "GUILD_CREATE": Intents.GUILDS,
    "GUILD_UPDATE": Intents.GUILDS,
    "GUILD_DELETE": Intents.GUILDS,
    "GUILD_ROLE_CREATE": Intents.GUILDS,
    "GUILD_ROLE_UPDATE": Intents.GUILDS,
    "GUILD_ROLE_DELETE": Intents.GUILDS,
    "CHANNEL_CREATE": Intents.GUILDS,
    "CHANNEL_UPDATE": Intents.GUILDS,
    "MESSAGE_REACTION_ADD": Intents.GUILD_MESSAGE_REACTIONS,
    "MESSAGE_REACTION_REMOVE": Intents.GUILD_MESSAGE_REACTIONS,
    "GUILD_MEMBER_ADD": Intents.GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": Intents.GUILD_MEMBERS,
    "GUILD_MEMBER_UPDATE": Intents.GUILD_MEMBERS,
    "GUILD_BAN_ADD": Intents.GUILD_MODERATION,
    "GUILD_BAN_REMOVE": Intents.GUILD_MODERATION,
    "INVITE_CREATE": Intents.GUILD_INVITES,
    "INVITE_DELETE": Intents.GUILD_INVITES,
}
_MESSAGE_EVENTS = {"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"}


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


def _sid(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass
class Call:
    """One recorded HTTP request (path is relative to ``/api/v10``)."""

    method: str
    path: str
    json: Any
    files: list[dict[str, Any]]
    at: float
    query: dict[str, str] = field(default_factory=dict)
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Guild:
    id: int
    name: str
    owner_id: int
    channels: dict[int, dict[str, Any]] = field(default_factory=dict)
    roles: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: dict[int, dict[str, Any]] = field(default_factory=dict)
    vanity_url_code: str | None = None
    vanity_uses: int = 0
    preferred_locale: str = "en-US"
    bans: set[int] = field(default_factory=set)
    joined_at: str = field(default_factory=_now_iso)


class _Session:
    def __init__(self, ws: web.WebSocketResponse, session_id: str) -> None:
        self.ws = ws
        self.session_id = session_id
        self.seq = 0
        self.intents = 0
        self.ready = False
        self.lock = asyncio.Lock()
        self.identify: dict[str, Any] | None = None
        self.shard: tuple[int, int] = (0, 1)  # [shard_id, shard_count] from IDENTIFY

    def owns(self, guild_id: Any) -> bool:
        """Discord's rule: a guild's events go to shard (guild_id >> 22) % shard_count; DMs to shard 0."""
        shard_id, count = self.shard
        if guild_id is None:
            return shard_id == 0
        return (int(guild_id) >> 22) % count == shard_id


def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    rx = ""
    for part in parts:
        if part.startswith("{") and part.endswith("}"):
            name = part[1:-1]
            rx += f"(?P<{name}>[^/]+)" if name.isidentifier() else "[^/]+"
        else:
            rx += re.escape(part)
    return re.compile(rx + r"/?$")


class _HTTPError(Exception):
    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


class FakeDiscord:
    """Fake Discord REST + gateway server bound to 127.0.0.1 on a random port."""

    def __init__(
        self,
        bot_user_id: int = 1000,
        application_id: int | None = None,
        *,
        bot_username: str = "ShequnBot",
        token: str | None = None,
        heartbeat_interval_ms: int = 41250,
        echo_own_messages: bool = True,
    ) -> None:
        self.bot_user_id = int(bot_user_id)
        self.application_id = int(application_id if application_id is not None else bot_user_id)
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.echo_own_messages = echo_own_messages
        # Like an application whose privileged intents are off in the Developer Portal:
        # IDENTIFY asking for one is closed with 4014.
        self.refuse_privileged_intents = False
        self.withhold_ready = False  # IDENTIFY is never answered with READY (a start that hangs)

        self.calls: list[Call] = []
        self.users: dict[int, dict[str, Any]] = {}
        self.guilds: dict[int, _Guild] = {}
        self.invites: dict[str, dict[str, Any]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.attachments: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, dict[str, Any]] = {}
        self.interaction_callbacks: list[dict[str, Any]] = []
        self.modals: list[dict[str, Any]] = []  # modals shown (callback type 9), with the user shown to
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.rejected_commands: dict[str, str] = {}
        self.closed_dms: set[int] = set()
        self.dm_channels: dict[int, int] = {}  # user_id -> channel_id
        self.identify_payloads: list[dict[str, Any]] = []
        self.gateway_connects: list[dict[str, str]] = []
        self.gateway_received: list[dict[str, Any]] = []
        self.dispatched: list[tuple[str, dict[str, Any]]] = []

        self._last_snowflake = 0
        self._sessions: list[_Session] = []
        self._known_sessions: dict[str, _Session] = {}
        self._sockets: set[web.WebSocketResponse] = set()
        self._rate_limits: list[dict[str, Any]] = []
        self._held_back: list[tuple[str, re.Pattern[str], asyncio.Event]] = []
        self._calls_cond: asyncio.Condition | None = None
        self._ready_event: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self._routes = self._build_routes()

        self.add_user(self.bot_user_id, bot_username, bot=True)

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("FakeDiscord is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> "FakeDiscord":
        self._calls_cond = asyncio.Condition()
        self._ready_event = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._ws_handler)
        app.router.add_get("/attachments/{att_id}/{filename}", self._attachment_handler)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest_handler)
        app.router.add_route("*", "/{tail:.*}", self._other_handler)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server  # noqa: SLF001 - aiohttp has no public accessor for the bound port
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close(code=1001, message=b"fake discord shutting down")
        self._sockets.clear()
        self._sessions.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "FakeDiscord":
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    @contextlib.contextmanager
    def patch_discord(self) -> Iterator["FakeDiscord"]:
        """Point discord.py at this fake (REST base, default gateway, CDN) and restore after."""
        import yarl
        from discord import asset, gateway, http

        saved = (http.Route.BASE, gateway.DiscordWebSocket.DEFAULT_GATEWAY, asset.Asset.BASE)
        http.Route.BASE = self.api_url
        gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        asset.Asset.BASE = self.base_url + "/cdn"
        try:
            yield self
        finally:
            http.Route.BASE, gateway.DiscordWebSocket.DEFAULT_GATEWAY, asset.Asset.BASE = saved

    @contextlib.asynccontextmanager
    async def running(
        self,
        client: Any,
        token: str | None = None,
        *,
        timeout: float = 10.0,
        guild_ready_timeout: float | None = 0.05,
    ) -> AsyncIterator[Any]:
        """Patch discord.py, ``login`` + ``connect`` *client*, wait for on_ready; close it on exit.

        ``guild_ready_timeout`` (discord.py waits that long after the last
        GUILD_CREATE before firing on_ready, default 2 s) is shortened unless None.
        """
        with self.patch_discord():
            if guild_ready_timeout is not None:
                client._connection.guild_ready_timeout = guild_ready_timeout  # noqa: SLF001
            try:
                await client.login(token or self.token or "fake-token")
            except BaseException:
                await client.close()
                raise
            task = asyncio.create_task(client.connect(reconnect=False), name="fake-discord-connect")
            waiter = asyncio.create_task(client.wait_until_ready())
            try:
                done, _ = await asyncio.wait({task, waiter}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                if waiter not in done:
                    if task in done:
                        task.result()  # re-raise the connection error
                    raise TimeoutError("discord client did not become ready")
                yield client
            finally:
                waiter.cancel()
                await client.close()
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await asyncio.wait_for(task, 5)

    # ------------------------------------------------------------------ ids / helpers
    def snowflake(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = max(ms << 22, self._last_snowflake + 1)
        self._last_snowflake = value
        return value

    def user_payload(self, user_id: int) -> dict[str, Any]:
        user_id = int(user_id)
        if user_id not in self.users:
            self.add_user(user_id, f"user{user_id}")
        return copy.deepcopy(self.users[user_id])

    def _guild(self, guild_id: Any) -> _Guild:
        try:
            return self.guilds[int(guild_id)]
        except (KeyError, ValueError):
            raise _HTTPError(404, 10004, "Unknown Guild") from None

    def _channel_guild(self, channel_id: int) -> _Guild | None:
        for g in self.guilds.values():
            if channel_id in g.channels:
                return g
        return None

    def _dm_user(self, channel_id: int) -> int | None:
        for uid, cid in self.dm_channels.items():
            if cid == channel_id:
                return uid
        return None

    def member_permissions(self, guild_id: int, user_id: int) -> int:
        g = self.guilds[int(guild_id)]
        if int(user_id) == g.owner_id:
            return ALL_PERMISSIONS
        perms = int(g.roles[g.id]["permissions"])
        member = g.members.get(int(user_id))
        for rid in member["roles"] if member else []:
            role = g.roles.get(int(rid))
            if role:
                perms |= int(role["permissions"])
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def denied_in(self, channel_id: int, user_id: int) -> int:
        """The permission bits the channel's role and member overwrites take from a member
        (owners and administrators lose none), as Discord computes them."""
        g = self._channel_guild(int(channel_id))
        if g is None or self.member_permissions(g.id, user_id) & ADMINISTRATOR or int(user_id) == g.owner_id:
            return 0
        roles = {g.id, *(g.members.get(int(user_id)) or {}).get("roles", [])}
        deny = allow = 0
        member_deny = member_allow = 0
        for ow in g.channels[int(channel_id)]["permission_overwrites"]:
            if ow["type"] == 0 and int(ow["id"]) in roles:
                deny |= int(ow["deny"])
                allow |= int(ow["allow"])
            elif ow["type"] == 1 and int(ow["id"]) == int(user_id):
                member_deny, member_allow = int(ow["deny"]), int(ow["allow"])
        return ((deny & ~allow) | member_deny) & ~member_allow

    def member_payload(
        self, guild_id: int, user_id: int, *, with_user: bool = True, with_permissions: bool = False
    ) -> dict[str, Any]:
        g = self.guilds[int(guild_id)]
        m = g.members[int(user_id)]
        data: dict[str, Any] = {
            "roles": [str(r) for r in m["roles"]],
            "nick": m.get("nick"),
            "avatar": None,
            "banner": None,
            "joined_at": m["joined_at"],
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": m.get("communication_disabled_until"),
        }
        if with_user:
            data["user"] = self.user_payload(user_id)
        if with_permissions:
            data["permissions"] = str(self.member_permissions(guild_id, user_id))
        return data

    def channel_payload(self, channel_id: int) -> dict[str, Any]:
        channel_id = int(channel_id)
        g = self._channel_guild(channel_id)
        if g is not None:
            return copy.deepcopy(g.channels[channel_id])
        uid = self._dm_user(channel_id)
        if uid is not None:
            return {
                "id": str(channel_id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [self.user_payload(uid)],
            }
        raise _HTTPError(404, 10003, "Unknown Channel")

    def guild_payload(self, guild_id: int, *, full: bool = False) -> dict[str, Any]:
        g = self.guilds[int(guild_id)]
        data: dict[str, Any] = {
            "id": str(g.id),
            "name": g.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(g.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": g.preferred_locale,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "vanity_url_code": g.vanity_url_code,
            "features": ["VANITY_URL"] if g.vanity_url_code else [],
            "roles": [copy.deepcopy(r) for r in g.roles.values()],
            "emojis": [],
            "stickers": [],
            "max_members": 500000,
        }
        if full:
            data.update(
                joined_at=g.joined_at,
                large=False,
                unavailable=False,
                member_count=len(g.members),
                channels=[copy.deepcopy(c) for c in g.channels.values() if c["type"] not in (11, 12)],
                members=[self.member_payload(g.id, uid) for uid in g.members],
                voice_states=[],
                presences=[],
                threads=[copy.deepcopy(c) for c in g.channels.values() if c["type"] in (11, 12)],
                stage_instances=[],
                guild_scheduled_events=[],
                soundboard_sounds=[],
            )
        return data

    def invite_payload(self, code: str, *, counts: bool = True) -> dict[str, Any]:
        inv = self.invites[code]
        g = self.guilds.get(inv["guild_id"])
        chan = g.channels.get(inv["channel_id"]) if g else None
        data: dict[str, Any] = {
            "type": 0,
            "code": code,
            "guild": {
                "id": str(inv["guild_id"]),
                "name": g.name if g else "",
                "icon": None,
                "splash": None,
                "banner": None,
                "description": None,
                "features": [],
                "verification_level": 0,
                "vanity_url_code": g.vanity_url_code if g else None,
            },
            "channel": {"id": str(inv["channel_id"]), "name": chan["name"] if chan else "", "type": 0},
            "inviter": self.user_payload(inv["inviter_id"]) if inv["inviter_id"] else None,
            "uses": inv["uses"],
            "max_uses": inv["max_uses"],
            "max_age": inv["max_age"],
            "temporary": inv["temporary"],
            "created_at": inv["created_at"],
            "expires_at": None,
        }
        if counts and g:
            data["approximate_member_count"] = len(g.members)
            data["approximate_presence_count"] = 0
        return data

    # ------------------------------------------------------------------ world setup
    def add_user(
        self, user_id: int, username: str, global_name: str | None = None, bot: bool = False
    ) -> dict[str, Any]:
        user = {
            "id": str(int(user_id)),
            "username": username,
            "discriminator": "0",
            "global_name": global_name,
            "avatar": None,
            "bot": bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
        }
        if int(user_id) == self.bot_user_id:
            user.update(verified=True, mfa_enabled=False)
        self.users[int(user_id)] = user
        return user

    def add_guild(
        self,
        guild_id: int,
        name: str,
        owner_id: int,
        channels: list[Any] | None = None,
        vanity_url_code: str | None = None,
    ) -> _Guild:
        """Create a guild (with @everyone role == guild id, the owner and the bot as members).

        ``channels`` items are text channel ids, or dicts ``{"id", "name", "type"}``.
        """
        g = _Guild(id=int(guild_id), name=name, owner_id=int(owner_id), vanity_url_code=vanity_url_code)
        self.guilds[g.id] = g
        # @everyone: VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS
        self.add_role(g.id, g.id, "@everyone", (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31), position=0)
        for i, ch in enumerate(channels or []):
            if isinstance(ch, dict):
                self.add_channel(g.id, int(ch["id"]), ch.get("name", f"channel-{i}"), ch.get("type", 0))
            else:
                self.add_channel(g.id, int(ch), f"channel-{i}")
        self.add_member(g.id, owner_id)
        self.add_member(g.id, self.bot_user_id)
        return g

    def add_channel(self, guild_id: int, channel_id: int, name: str, type: int = 0) -> dict[str, Any]:
        g = self.guilds[int(guild_id)]
        ch = {
            "id": str(int(channel_id)),
            "type": type,
            "guild_id": str(g.id),
            "name": name,
            "position": len(g.channels),
            "permission_overwrites": [],
            "topic": None,
            "nsfw": False,
            "parent_id": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }
        g.channels[int(channel_id)] = ch
        return ch

    def add_role(
        self, guild_id: int, role_id: int, name: str, permissions: int = 0, *, position: int | None = None
    ) -> dict[str, Any]:
        g = self.guilds[int(guild_id)]
        role = {
            "id": str(int(role_id)),
            "name": name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": position if position is not None else len(g.roles),
            "permissions": str(int(permissions)),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        g.roles[int(role_id)] = role
        return role

    def add_member(
        self,
        guild_id: int,
        user_id: int,
        roles: list[int] | None = None,
        *,
        nick: str | None = None,
        joined_at: str | None = None,
    ) -> dict[str, Any]:
        g = self.guilds[int(guild_id)]
        if int(user_id) not in self.users:
            self.add_user(int(user_id), f"user{int(user_id)}")
        existing = g.members.get(int(user_id))
        member = {
            "roles": [int(r) for r in (roles if roles is not None else (existing or {}).get("roles", []))],
            "nick": nick,
            "joined_at": joined_at or _now_iso(),
            "communication_disabled_until": None,
        }
        g.members[int(user_id)] = member
        return member

    def add_invite(
        self,
        guild_id: int,
        channel_id: int,
        code: str,
        inviter_id: int | None = None,
        *,
        uses: int = 0,
        max_uses: int = 0,
        max_age: int = 0,
        temporary: bool = False,
    ) -> dict[str, Any]:
        """Register an invite without dispatching INVITE_CREATE (pre-existing world state)."""
        inv = {
            "code": code,
            "guild_id": int(guild_id),
            "channel_id": int(channel_id),
            "inviter_id": int(inviter_id) if inviter_id is not None else None,
            "uses": uses,
            "max_uses": max_uses,
            "max_age": max_age,
            "temporary": temporary,
            "created_at": _now_iso(),
        }
        self.invites[code] = inv
        return inv

    def add_attachment(
        self, filename: str, data: bytes, content_type: str | None = None, *, description: str | None = None
    ) -> dict[str, Any]:
        """Store bytes served at ``{base_url}/attachments/{id}/{filename}``; returns the attachment payload."""
        att_id = self.snowflake()
        url = f"{self.base_url}/attachments/{att_id}/{filename}"
        payload = {
            "id": str(att_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type or _guess_type(filename),
            "description": description,
        }
        self.attachments[att_id] = {"payload": payload, "data": bytes(data)}
        return copy.deepcopy(payload)

    def dm_channel_id(self, user_id: int) -> int:
        """The DM channel id with *user_id* (created on first use)."""
        user_id = int(user_id)
        if user_id not in self.dm_channels:
            self.user_payload(user_id)
            self.dm_channels[user_id] = self.snowflake()
        return self.dm_channels[user_id]

    def close_dms(self, user_id: int) -> None:
        """Messages to this user's DM channel fail with 403 / 50007."""
        self.closed_dms.add(int(user_id))

    def reject_command(self, name: str, reason: str = "Invalid command") -> None:
        """Bulk overwrites containing command *name* fail with a 400 / 50035 naming its index."""
        self.rejected_commands[name] = reason

    def rate_limit_next(self, method: str, path_pattern: str, retry_after: float = 0.05, *, times: int = 1) -> None:
        """The next *times* matching requests get a 429 (discord.py sleeps retry_after and retries)."""
        self._rate_limits.append(
            {"method": method.upper(), "rx": _compile(path_pattern), "retry_after": retry_after, "left": times}
        )

    @contextlib.asynccontextmanager
    async def held_back(self, method: str, path_pattern: str) -> AsyncIterator[None]:
        """Matching requests wait, unanswered, until the block ends (Discord being slow to answer)."""
        rule = (method.upper(), _compile(path_pattern), asyncio.Event())
        self._held_back.append(rule)
        try:
            yield
        finally:
            self._held_back.remove(rule)
            rule[2].set()

    def commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """Registered application commands (global, or for one guild)."""
        src = self.global_commands if guild_id is None else self.guild_commands.get(int(guild_id), [])
        return copy.deepcopy(src)

    def messages_in(self, channel_id: int) -> list[dict[str, Any]]:
        return [copy.deepcopy(m) for m in self.messages.values() if m["channel_id"] == str(int(channel_id))]

    # ------------------------------------------------------------------ call recording
    def calls_to(self, method: str | None, path_pattern: str) -> list[Call]:
        """Recorded calls whose path matches *path_pattern* (``{x}`` matches one segment)."""
        rx = _compile(path_pattern)
        return [
            c
            for c in self.calls
            if (method is None or method == "*" or c.method == method.upper()) and rx.match(c.path)
        ]

    async def wait_for(self, method: str | None, path_pattern: str, count: int = 1, timeout: float = 5) -> list[Call]:
        """Wait until at least *count* matching calls (since start) were handled; returns them."""
        assert self._calls_cond is not None
        try:
            async with asyncio.timeout(timeout):
                async with self._calls_cond:
                    await self._calls_cond.wait_for(lambda: len(self.calls_to(method, path_pattern)) >= count)
        except TimeoutError:
            seen = [f"{c.method} {c.path} -> {c.status}" for c in self.calls[-15:]]
            raise TimeoutError(
                f"timed out waiting for {count} x {method} {path_pattern}; recent calls: {seen}"
            ) from None
        return self.calls_to(method, path_pattern)

    async def _notify_calls(self) -> None:
        assert self._calls_cond is not None
        async with self._calls_cond:
            self._calls_cond.notify_all()

    # ------------------------------------------------------------------ gateway
    @property
    def intents(self) -> int | None:
        """Intents value of the most recent IDENTIFY (None before any)."""
        return self.identify_payloads[-1].get("intents") if self.identify_payloads else None

    async def wait_until_identified(self, timeout: float = 5) -> None:
        assert self._ready_event is not None
        await asyncio.wait_for(self._ready_event.wait(), timeout)

    async def drop_connections(self, code: int = 4000) -> None:
        """Close every gateway websocket (4000 = resumable); discord.py reconnects and RESUMEs."""
        for session in list(self._sessions):
            self._sessions.remove(session)
            with contextlib.suppress(Exception):
                await session.ws.close(code=code, message=b"dropped by test")

    async def wait_until_connected(self, timeout: float = 5) -> None:
        """Wait until at least one gateway session is identified/resumed and receiving dispatches."""
        async with asyncio.timeout(timeout):
            while not any(s.ready and not s.ws.closed for s in self._sessions):
                await asyncio.sleep(0.01)

    async def wait_for_gateway_op(self, op: int, count: int = 1, timeout: float = 5) -> list[dict[str, Any]]:
        """Wait until the client has sent *count* gateway payloads with opcode *op* (2 IDENTIFY, 6 RESUME...)."""
        async with asyncio.timeout(timeout):
            while True:
                found = [p for p in self.gateway_received if p.get("op") == op]
                if len(found) >= count:
                    return found
                await asyncio.sleep(0.01)

    async def _send(self, session: _Session, payload: dict[str, Any]) -> None:
        await session.ws.send_str(json.dumps(payload))

    async def _send_dispatch(self, session: _Session, event: str, data: dict[str, Any]) -> None:
        async with session.lock:
            session.seq += 1
            await self._send(session, {"op": 0, "t": event, "s": session.seq, "d": data})

    def _allowed(self, session: _Session, event: str, data: dict[str, Any]) -> bool:
        if event in _MESSAGE_EVENTS:
            bit = Intents.GUILD_MESSAGES if data.get("guild_id") else Intents.DIRECT_MESSAGES
            return bool(session.intents & bit)
        bit = _EVENT_INTENTS.get(event)
        return bit is None or bool(session.intents & bit)

    def _for_session(self, session: _Session, event: str, data: dict[str, Any]) -> dict[str, Any]:
        if event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE") or session.intents & Intents.MESSAGE_CONTENT:
            return data
        if not data.get("guild_id"):
            return data
        author = (data.get("author") or {}).get("id")
        mentioned = any(m.get("id") == str(self.bot_user_id) for m in data.get("mentions", []))
        if author == str(self.bot_user_id) or mentioned:
            return data
        stripped = dict(data)
        stripped.update(content="", embeds=[], attachments=[], components=[])
        return stripped

    async def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send a raw DISPATCH to every ready gateway session whose intents allow it.

        Returns the number of sessions it was sent to.
        """
        self.dispatched.append((event, copy.deepcopy(data)))
        sent = 0
        for session in list(self._sessions):
            if not session.ready or session.ws.closed or not self._allowed(session, event, data):
                continue
            if not session.owns(data.get("id") if event in ("GUILD_CREATE", "GUILD_DELETE") else data.get("guild_id")):
                continue
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self._send_dispatch(session, event, self._for_session(session, event, data))
                sent += 1
        return sent

    async def _ws_handler(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self._sockets.add(ws)
        self.gateway_connects.append(dict(request.query))
        session = _Session(ws, secrets.token_hex(16))
        try:
            await self._send(session, {"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None})
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                self.gateway_received.append(payload)
                await self._handle_gateway_op(session, payload)
        finally:
            self._sockets.discard(ws)
            if session in self._sessions:
                self._sessions.remove(session)
        return ws

    async def _handle_gateway_op(self, session: _Session, payload: dict[str, Any]) -> None:
        op, d = payload.get("op"), payload.get("d")
        if op == 1:  # heartbeat
            async with session.lock:
                await self._send(session, {"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:  # identify
            if self.token is not None and d.get("token") != self.token:
                await session.ws.close(code=4004, message=b"Authentication failed.")
                return
            if self.refuse_privileged_intents and int(d.get("intents", 0)) & Intents.PRIVILEGED:
                await session.ws.close(code=4014, message=b"Disallowed intent(s).")
                return
            session.identify = d
            session.intents = int(d.get("intents", 0))
            session.shard = tuple(d.get("shard") or (0, 1))
            self.identify_payloads.append(d)
            self._sessions.append(session)
            self._known_sessions[session.session_id] = session
            if not self.withhold_ready:
                await self._send_ready(session)
        elif op == 6:  # resume
            old = self._known_sessions.get(d.get("session_id"))
            if old is None:
                async with session.lock:
                    await self._send(session, {"op": 9, "d": False, "s": None, "t": None})
                return
            session.session_id, session.intents, session.identify = old.session_id, old.intents, old.identify
            session.shard = old.shard
            session.seq = max(old.seq, int(d.get("seq") or 0))
            self._known_sessions[session.session_id] = session
            self._sessions.append(session)
            await self._send_dispatch(session, "RESUMED", {"_trace": ["fake-discord"]})
            session.ready = True
        elif op == 8:  # request guild members
            await self._send_member_chunk(session, d)

    async def _send_ready(self, session: _Session) -> None:
        ready = {
            "v": 10,
            "user": self.user_payload(self.bot_user_id),
            "guilds": [{"id": str(gid), "unavailable": True} for gid in self.guilds if session.owns(gid)],
            "shard": list(session.shard),
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
            "_trace": ["fake-discord"],
        }
        await self._send_dispatch(session, "READY", ready)
        if session.intents & Intents.GUILDS:
            for gid in [g for g in self.guilds if session.owns(g)]:
                await self._send_dispatch(session, "GUILD_CREATE", self.guild_payload(gid, full=True))
        session.ready = True
        assert self._ready_event is not None
        self._ready_event.set()

    async def _send_member_chunk(self, session: _Session, d: dict[str, Any]) -> None:
        g = self.guilds.get(int(d["guild_id"]))
        if g is None:
            return
        ids = [int(u) for u in d.get("user_ids") or []]
        query = (d.get("query") or "").lower()
        members = []
        for uid in g.members:
            if ids and uid not in ids:
                continue
            if not ids and query and not self.users[uid]["username"].lower().startswith(query):
                continue
            members.append(self.member_payload(g.id, uid))
        limit = d.get("limit") or 0
        if limit:
            members = members[:limit]
        data: dict[str, Any] = {"guild_id": str(g.id), "members": members, "chunk_index": 0, "chunk_count": 1}
        if d.get("nonce"):
            data["nonce"] = d["nonce"]
        if ids:
            data["not_found"] = [str(u) for u in ids if u not in g.members]
        await self._send_dispatch(session, "GUILD_MEMBERS_CHUNK", data)

    # ------------------------------------------------------------------ dispatch helpers (tests)
    def _message(
        self,
        channel_id: int,
        author_id: int,
        content: str,
        *,
        attachments: list[dict[str, Any]] | None = None,
        embeds: list[dict[str, Any]] | None = None,
        components: list[dict[str, Any]] | None = None,
        flags: int = 0,
        type: int = 0,
        message_reference: dict[str, Any] | None = None,
        allowed_mentions: dict[str, Any] | None = None,
        webhook_id: int | None = None,
        interaction_metadata: dict[str, Any] | None = None,
        tts: bool = False,
        nonce: Any = None,
        poll: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        channel_id = int(channel_id)
        g = self._channel_guild(channel_id)
        msg_id = self.snowflake()
        referenced = None
        if message_reference:
            ref_id = int(message_reference["message_id"])
            referenced = self.messages.get(ref_id)
            if referenced is None and message_reference.get("fail_if_not_exists", True):
                raise _HTTPError(
                    400,
                    50035,
                    "Invalid Form Body",
                    {"message_reference": {"_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]}},
                )
            message_reference = {
                "type": message_reference.get("type", 0),
                "message_id": str(ref_id),
                "channel_id": str(message_reference.get("channel_id") or channel_id),
                "guild_id": _sid(message_reference.get("guild_id") or (g.id if g else None)),
            }
            if type == 0:
                type = 19
        user_ids, role_ids, everyone = self._mentions(content, allowed_mentions)
        if referenced is not None and (allowed_mentions is None or allowed_mentions.get("replied_user")):
            rid = int(referenced["author"]["id"])
            if rid not in user_ids:
                user_ids.append(rid)
        mentions = []
        for uid in user_ids:
            if uid not in self.users:
                continue
            mention = self.user_payload(uid)
            if g is not None and uid in g.members:
                mention["member"] = self.member_payload(g.id, uid, with_user=False)
            mentions.append(mention)
        msg: dict[str, Any] = {
            "id": str(msg_id),
            "type": type,
            "channel_id": str(channel_id),
            "author": self.user_payload(author_id),
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": tts,
            "mention_everyone": everyone,
            "mentions": mentions,
            "mention_roles": [str(r) for r in role_ids],
            "attachments": attachments or [],
            "embeds": embeds or [],
            "components": components or [],
            "reactions": [],
            "pinned": False,
            "flags": flags,
        }
        if nonce is not None:
            msg["nonce"] = nonce
        if poll is not None:
            msg["poll"] = poll
        if webhook_id is not None:
            msg["webhook_id"] = str(webhook_id)
            msg["application_id"] = str(self.application_id)
        if interaction_metadata is not None:
            msg["interaction_metadata"] = interaction_metadata
        if message_reference:
            msg["message_reference"] = message_reference
            msg["referenced_message"] = copy.deepcopy(referenced)
            if msg["referenced_message"]:
                msg["referenced_message"].pop("referenced_message", None)
        if allowed_mentions is not None:
            msg["_allowed_mentions"] = allowed_mentions  # fake-only, for assertions
        self.messages[msg_id] = msg
        if g is not None:
            g.channels[channel_id]["last_message_id"] = str(msg_id)
        return msg

    def _mentions(self, content: str, allowed: dict[str, Any] | None) -> tuple[list[int], list[int], bool]:
        users = [int(x) for x in re.findall(r"<@!?(\d+)>", content or "")]
        roles = [int(x) for x in re.findall(r"<@&(\d+)>", content or "")]
        everyone = "@everyone" in (content or "") or "@here" in (content or "")
        if allowed is not None:
            parse = allowed.get("parse", [])
            if "users" not in parse:
                ok = {int(u) for u in allowed.get("users", [])}
                users = [u for u in users if u in ok]
            if "roles" not in parse:
                ok = {int(r) for r in allowed.get("roles", [])}
                roles = [r for r in roles if r in ok]
            everyone = everyone and "everyone" in parse
        return list(dict.fromkeys(users)), list(dict.fromkeys(roles)), everyone

    def public_message(self, msg: dict[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(msg)
        out.pop("_allowed_mentions", None)
        return out

    def _gateway_message(self, msg: dict[str, Any]) -> dict[str, Any]:
        data = self.public_message(msg)
        g = self._channel_guild(int(msg["channel_id"]))
        if g is not None:
            data["guild_id"] = str(g.id)
            author = int(msg["author"]["id"])
            if author in g.members and "webhook_id" not in msg:
                data["member"] = self.member_payload(g.id, author, with_user=False)
        return data

    async def message_create(
        self,
        channel_id: int,
        user_id: int,
        content: str,
        attachments: list[Any] | None = None,
        *,
        embeds: list[dict[str, Any]] | None = None,
        message_reference: dict[str, Any] | int | None = None,
    ) -> dict[str, Any]:
        """A user posts a message (MESSAGE_CREATE).  Returns the message payload.

        ``attachments`` items: payloads from :meth:`add_attachment` or ``(filename, bytes)`` tuples.
        ``message_reference``: a message id (int) or a reference dict, to make a reply.
        """
        denied = self.denied_in(channel_id, user_id)
        if (content and denied & SEND_MESSAGES) or (attachments and denied & ATTACH_FILES):
            raise PermissionError(f"user {user_id} may not post this in channel {channel_id}")
        atts = []
        for a in attachments or []:
            atts.append(self.add_attachment(a[0], a[1]) if isinstance(a, tuple) else a)
        if isinstance(message_reference, int):
            message_reference = {"message_id": message_reference, "fail_if_not_exists": False}
        msg = self._message(
            channel_id, user_id, content, attachments=atts, embeds=embeds, message_reference=message_reference
        )
        await self.dispatch("MESSAGE_CREATE", self._gateway_message(msg))
        return self.public_message(msg)

    async def reaction(self, channel_id: int, message_id: int, user_id: int, emoji: str,
                       added: bool = True) -> None:
        """A user adds (or takes back) a unicode emoji reaction on a message."""
        guild = self._channel_guild(channel_id)
        data: dict[str, Any] = {"user_id": str(user_id), "channel_id": str(channel_id), "message_id": str(message_id),
                                "emoji": {"id": None, "name": emoji}, "burst": False, "type": 0}
        if guild is not None:
            data["guild_id"] = str(guild.id)
            if added and user_id in guild.members:
                data["member"] = self.member_payload(guild.id, user_id)
        await self.dispatch("MESSAGE_REACTION_ADD" if added else "MESSAGE_REACTION_REMOVE", data)

    async def dm_message(self, user_id: int, content: str, attachments: list[Any] | None = None) -> dict[str, Any]:
        """A user sends the bot a direct message."""
        return await self.message_create(self.dm_channel_id(user_id), user_id, content, attachments)

    def _new_interaction(
        self, itype: int, guild_id: int | None, channel_id: int, user_id: int, data: dict[str, Any], message: dict[str, Any] | None = None,
        sent_seconds_ago: float = 0.0,
    ) -> dict[str, Any]:
        iid = self.snowflake() if not sent_seconds_ago else (
            int((time.time() - sent_seconds_ago) * 1000) - DISCORD_EPOCH_MS) << 22
        token = "itok-" + secrets.token_urlsafe(24)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "channel_id": str(channel_id),
            "token": token,
            "version": 1,
            "locale": "en-US",
            "app_permissions": str(ALL_PERMISSIONS),
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild_id is not None:
            g = self._guild(guild_id)
            if int(user_id) not in g.members:
                self.add_member(g.id, user_id)
            chan = copy.deepcopy(g.channels.get(int(channel_id)) or {"id": str(channel_id), "type": 0, "name": "unknown", "position": 0})
            chan["permissions"] = str(self.member_permissions(g.id, user_id))
            payload.update(
                guild_id=str(g.id),
                guild={"id": str(g.id), "locale": g.preferred_locale, "features": []},
                guild_locale=g.preferred_locale,
                channel=chan,
                member=self.member_payload(g.id, user_id, with_permissions=True),
                authorizing_integration_owners={"0": str(g.id)},
                context=0,
            )
        else:
            payload.update(
                channel=self.channel_payload(channel_id),
                user=self.user_payload(user_id),
                authorizing_integration_owners={"0": str(self.bot_user_id)},
                context=1,
            )
        if message is not None:
            payload["message"] = message
        self.interactions[iid] = {
            "payload": payload,
            "token": token,
            "responded": False,
            "original_message_id": None,
            "channel_id": int(channel_id),
            "message_id": int(message["id"]) if message else None,
        }
        return payload

    def _find_command(self, name: str, guild_id: int | None) -> tuple[dict[str, Any] | None, bool]:
        if guild_id is not None:
            for cmd in self.guild_commands.get(int(guild_id), []):
                if cmd["name"] == name and cmd.get("type", 1) == 1:
                    return cmd, True
        for cmd in self.global_commands:
            if cmd["name"] == name and cmd.get("type", 1) == 1:
                return cmd, False
        return None, False

    def _resolve_options(
        self, options: list[dict[str, Any]], guild_id: int | None, resolved: dict[str, dict[str, Any]]
    ) -> list[dict[str, Any]]:
        out = []
        for opt in options:
            opt = dict(opt)
            t = opt.get("type")
            if t in (1, 2):
                opt["options"] = self._resolve_options(opt.get("options", []), guild_id, resolved)
            elif t in (6, 7, 8, 9, 11):
                value = int(opt["value"])
                opt["value"] = str(value)
                g = self.guilds.get(int(guild_id)) if guild_id is not None else None
                is_role = g is not None and value in g.roles and value not in self.users
                if t == 6 or (t == 9 and not is_role):
                    resolved.setdefault("users", {})[str(value)] = self.user_payload(value)
                    if g is not None and value in g.members:
                        resolved.setdefault("members", {})[str(value)] = self.member_payload(
                            g.id, value, with_user=False, with_permissions=True
                        )
                elif t in (8, 9) and g is not None and value in g.roles:
                    resolved.setdefault("roles", {})[str(value)] = copy.deepcopy(g.roles[value])
                elif t == 7:
                    ch = self.channel_payload(value)
                    ch["permissions"] = str(ALL_PERMISSIONS)
                    resolved.setdefault("channels", {})[str(value)] = ch
                elif t == 11 and value in self.attachments:
                    resolved.setdefault("attachments", {})[str(value)] = copy.deepcopy(self.attachments[value]["payload"])
            out.append(opt)
        return out

    async def slash_command(
        self,
        guild_id: int | None,
        channel_id: int,
        user_id: int,
        name: str,
        options: list[dict[str, Any]] | dict[str, Any] | None = None,
        *,
        guild_command: bool | None = None,
        sent_seconds_ago: float = 0.0,
    ) -> dict[str, Any]:
        """A user invokes ``/name`` (INTERACTION_CREATE type 2).  Returns the interaction payload.

        ``options``: ``[{"name", "type", "value"}]`` (types: 3 str, 4 int, 5 bool, 6 user, 7 channel,
        8 role, 10 number, 11 attachment id, 1/2 subcommand with nested ``options``) or a plain
        ``{name: value}`` dict whose types are taken from the registered command.
        ``data.id``/``data.guild_id`` come from the synced command; ``guild_command`` overrides
        whether ``data.guild_id`` is set when the command was never synced.
        """
        cmd, is_guild = self._find_command(name, guild_id)
        if isinstance(options, dict):
            if cmd is None:
                raise ValueError(f"command {name!r} is not registered; pass options with explicit types")
            types = {o["name"]: o["type"] for o in cmd.get("options", [])}
            options = [{"name": k, "type": types[k], "value": v} for k, v in options.items()]
        if guild_command is not None:
            is_guild = guild_command and guild_id is not None
        resolved: dict[str, dict[str, Any]] = {}
        data: dict[str, Any] = {
            "id": cmd["id"] if cmd else str(self.snowflake()),
            "name": name,
            "type": 1,
            "options": self._resolve_options(options or [], guild_id, resolved),
        }
        if resolved:
            data["resolved"] = resolved
        if is_guild:
            data["guild_id"] = str(guild_id)
        if guild_id is None:
            channel_id = channel_id or self.dm_channel_id(user_id)
        payload = self._new_interaction(2, guild_id, channel_id, user_id, data, sent_seconds_ago=sent_seconds_ago)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def component_interaction(
        self,
        guild_id: int | None,
        channel_id: int,
        user_id: int,
        message_id: int,
        custom_id: str,
        *,
        component_type: int = 2,
        values: list[str] | None = None,
    ) -> dict[str, Any]:
        """A user uses a message component (INTERACTION_CREATE type 3)."""
        stored = self.messages.get(int(message_id))
        if stored is not None:
            message = self.public_message(stored)
        else:
            message = {
                "id": str(message_id),
                "type": 0,
                "channel_id": str(channel_id),
                "author": self.user_payload(self.bot_user_id),
                "content": "",
                "timestamp": _now_iso(),
                "edited_timestamp": None,
                "tts": False,
                "mention_everyone": False,
                "mentions": [],
                "mention_roles": [],
                "attachments": [],
                "embeds": [],
                "components": [],
                "pinned": False,
                "flags": 0,
            }
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        payload = self._new_interaction(3, guild_id, channel_id, user_id, data, message)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def button_click(
        self, guild_id: int | None, channel_id: int, user_id: int, message_id: int, custom_id: str
    ) -> dict[str, Any]:
        """A user clicks a button (INTERACTION_CREATE type 3, component_type 2)."""
        return await self.component_interaction(guild_id, channel_id, user_id, message_id, custom_id)

    async def modal_submit(
        self, guild_id: int | None, channel_id: int, user_id: int, custom_id: str,
        values: dict[str, str | list[str]], *, message_id: int | None = None,
    ) -> dict[str, Any]:
        """A user submits a modal (INTERACTION_CREATE type 5): ``values`` by the inputs' custom ids, a
        text or, for a select, a list of option values. The components mirror the modal last shown
        to this user with that custom id (labels over text inputs and selects); with none shown (a
        stale or forged submission) each value comes as a text input in a label. ``message_id``:
        the message whose button opened it (Discord then includes that message)."""
        shown = next((m for m in reversed(self.modals) if m["custom_id"] == custom_id and m["user_id"] == int(user_id)),
                     None)
        inputs = ([(c["component"]["type"], c["component"]["custom_id"]) for c in shown["components"]]
                  if shown else [(4, key) for key in values])
        components = []
        for index, (ctype, input_id) in enumerate(inputs, start=1):
            value = values.get(input_id, [] if ctype == 3 else "")
            if ctype == 3:
                inner = {"type": 3, "id": index * 2, "custom_id": input_id,
                         "values": value if isinstance(value, list) else [value]}
            else:
                inner = {"type": 4, "id": index * 2, "custom_id": input_id, "value": value}
            components.append({"type": 18, "id": index * 2 - 1, "component": inner})
        stored = self.messages.get(int(message_id)) if message_id is not None else None
        payload = self._new_interaction(5, guild_id, channel_id, user_id, {"custom_id": custom_id, "components": components},
                                        self.public_message(stored) if stored else None)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    def _check_modal(self, info: dict[str, Any], data: dict[str, Any]) -> None:
        """What Discord refuses of a modal (callback type 9): one after a modal submission, a bad
        title or custom id, other than 1–5 labelled text inputs and selects."""
        if info["payload"]["type"] not in (2, 3):
            raise _HTTPError(400, 50035, "Invalid Form Body", {"type": "a modal answers a command or a component"})
        components = data.get("components") or []
        problems = []
        if not 1 <= len(data.get("title") or "") <= 45:
            problems.append("title")
        if not 1 <= len(data.get("custom_id") or "") <= 100:
            problems.append("custom_id")
        if not 1 <= len(components) <= 5:
            problems.append("components")
        for c in components:
            inner = c.get("component") or {}
            if c.get("type") != 18 or not 1 <= len(c.get("label") or "") <= 45 or inner.get("type") not in (3, 4):
                problems.append("components.label")
            elif inner.get("type") == 3 and not 1 <= len(inner.get("options") or []) <= 25:
                problems.append("components.options")
        if problems:
            raise _HTTPError(400, 50035, "Invalid Form Body", {p: "invalid" for p in problems})

    def _consume_invite(self, guild: _Guild, code: str) -> str | None:
        """Increment an invite's uses; returns the code if the invite is now exhausted."""
        if guild.vanity_url_code and code == guild.vanity_url_code:
            guild.vanity_uses += 1
            return None
        inv = self.invites.get(code)
        if inv is None or inv["guild_id"] != guild.id:
            raise KeyError(f"unknown invite {code!r} for guild {guild.id}")
        inv["uses"] += 1
        if inv["max_uses"] and inv["uses"] >= inv["max_uses"]:
            return code
        return None

    async def member_add(self, guild_id: int, user_id: int, *, via_invite: str | None = None) -> dict[str, Any]:
        """A user joins (GUILD_MEMBER_ADD).  ``via_invite``: invite code or the vanity code whose
        ``uses`` is incremented; an invite reaching ``max_uses`` is deleted (INVITE_DELETE)."""
        g = self._guild(guild_id)
        exhausted = self._consume_invite(g, via_invite) if via_invite else None
        self.add_member(g.id, user_id)
        data = self.member_payload(g.id, user_id)
        data["guild_id"] = str(g.id)
        await self.dispatch("GUILD_MEMBER_ADD", data)
        if exhausted:
            await self.invite_delete(g.id, self.invites[exhausted]["channel_id"], exhausted)
        return data

    async def member_remove(self, guild_id: int, user_id: int) -> dict[str, Any]:
        """A user leaves (GUILD_MEMBER_REMOVE)."""
        g = self._guild(guild_id)
        g.members.pop(int(user_id), None)
        data = {"guild_id": str(g.id), "user": self.user_payload(user_id)}
        await self.dispatch("GUILD_MEMBER_REMOVE", data)
        return data

    async def member_update(self, guild_id: int, user_id: int) -> dict[str, Any]:
        """Dispatch GUILD_MEMBER_UPDATE with the member's current state."""
        g = self._guild(guild_id)
        data = self.member_payload(g.id, user_id)
        data["guild_id"] = str(g.id)
        await self.dispatch("GUILD_MEMBER_UPDATE", data)
        return data

    async def invite_create(
        self,
        guild_id: int,
        channel_id: int,
        code: str,
        inviter_id: int | None,
        max_uses: int = 0,
        max_age: int = 0,
        *,
        temporary: bool = False,
    ) -> dict[str, Any]:
        """An invite is created (INVITE_CREATE) and stored with uses=0."""
        inv = self.add_invite(guild_id, channel_id, code, inviter_id, max_uses=max_uses, max_age=max_age, temporary=temporary)
        data: dict[str, Any] = {
            "type": 0,
            "channel_id": str(channel_id),
            "guild_id": str(guild_id),
            "code": code,
            "created_at": inv["created_at"],
            "max_age": max_age,
            "max_uses": max_uses,
            "temporary": temporary,
            "uses": 0,
            "expires_at": None,
        }
        if inviter_id is not None:
            data["inviter"] = self.user_payload(inviter_id)
        await self.dispatch("INVITE_CREATE", data)
        return data

    async def invite_delete(self, guild_id: int, channel_id: int | None, code: str) -> dict[str, Any]:
        """An invite is deleted/expired (INVITE_DELETE)."""
        inv = self.invites.pop(code, None)
        if channel_id is None and inv is not None:
            channel_id = inv["channel_id"]
        data = {"channel_id": str(channel_id), "guild_id": str(guild_id), "code": code}
        await self.dispatch("INVITE_DELETE", data)
        return data

    async def guild_delete(self, guild_id: int, *, unavailable: bool = False) -> dict[str, Any]:
        """The bot is removed from the guild (GUILD_DELETE); ``unavailable=True`` simulates an outage."""
        data: dict[str, Any] = {"id": str(int(guild_id))}
        if unavailable:
            data["unavailable"] = True
        else:
            self.guilds.pop(int(guild_id), None)
        await self.dispatch("GUILD_DELETE", data)
        return data

    async def guild_create(self, guild_id: int) -> dict[str, Any]:
        """The bot joins an (already added) guild (GUILD_CREATE)."""
        data = self.guild_payload(guild_id, full=True)
        data.pop("unavailable", None)
        await self.dispatch("GUILD_CREATE", data)
        return data

    # ------------------------------------------------------------------ HTTP plumbing
    def _ratelimit_headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": "50",
            "X-RateLimit-Remaining": "49",
            "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
            "X-RateLimit-Reset-After": "1.000",
        }

    def _json(self, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        # discord.py only decodes JSON when Content-Type is exactly "application/json"
        return _json_response(data, status, headers if headers is not None else self._ratelimit_headers())

    def _no_content(self) -> web.Response:
        return web.Response(status=204, headers=self._ratelimit_headers())

    async def _attachment_handler(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        call = Call("GET", path, None, [], time.monotonic(), dict(request.query))
        self.calls.append(call)
        try:
            att = self.attachments[int(request.match_info["att_id"])]
        except (KeyError, ValueError):
            call.status = 404
            resp: web.StreamResponse = web.Response(status=404, text="not found")
        else:
            call.status = 200
            resp = web.Response(body=att["data"], content_type=att["payload"]["content_type"] or "application/octet-stream")
        await self._notify_calls()
        return resp

    async def _other_handler(self, request: web.Request) -> web.StreamResponse:
        call = Call(request.method, request.path, None, [], time.monotonic(), dict(request.query), 404)
        self.calls.append(call)
        await self._notify_calls()
        return _json_response({"message": "404: Not Found", "code": 0}, 404, {})

    async def _parse_body(self, request: web.Request) -> tuple[Any, list[dict[str, Any]]]:
        files: list[dict[str, Any]] = []
        body: Any = None
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(data.decode())
                else:
                    files.append(
                        {
                            "name": part.name,  # type: ignore[union-attr]
                            "filename": part.filename,  # type: ignore[union-attr]
                            "content_type": part.headers.get("Content-Type"),  # type: ignore[union-attr]
                            "data": bytes(data),
                        }
                    )
        elif request.can_read_body:
            raw = await request.read()
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode(errors="replace")
        return body, files

    async def _rest_handler(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await self._parse_body(request)
        call = Call(
            request.method,
            path,
            body,
            files,
            time.monotonic(),
            dict(request.query),
            headers={k: v for k, v in request.headers.items() if k.lower() in ("authorization", "x-audit-log-reason")},
        )
        self.calls.append(call)
        try:
            resp = await self._route(request, call)
        except _HTTPError as e:
            payload: dict[str, Any] = {"message": e.message, "code": e.code}
            if e.errors is not None:
                payload["errors"] = e.errors
            resp = self._json(payload, e.status)
        call.status = resp.status
        await self._notify_calls()
        return resp

    async def _route(self, request: web.Request, call: Call) -> web.StreamResponse:
        for method, rx, released in list(self._held_back):
            if method == call.method and rx.match(call.path):
                await released.wait()
        for rl in self._rate_limits:
            if rl["left"] > 0 and rl["method"] == call.method and rl["rx"].match(call.path):
                rl["left"] -= 1
                return self._json(
                    {"message": "You are being rate limited.", "retry_after": rl["retry_after"], "global": False},
                    429,
                    {
                        "Via": "1.1 google",
                        "Retry-After": str(max(1, int(rl["retry_after"]))),
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset-After": str(rl["retry_after"]),
                        "X-RateLimit-Scope": "user",
                    },
                )
        for method, rx, handler, auth in self._routes:
            if method != call.method:
                continue
            m = rx.match(call.path)
            if m is None:
                continue
            if auth and self.token is not None and request.headers.get("Authorization") != f"Bot {self.token}":
                raise _HTTPError(401, 0, "401: Unauthorized")
            return await handler(call, **m.groupdict())
        raise _HTTPError(404, 0, "404: Not Found")

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Callable[..., Any], bool]]:
        table: list[tuple[str, str, Callable[..., Any], bool]] = [
            ("GET", "/gateway", self._r_gateway, False),
            ("GET", "/gateway/bot", self._r_gateway_bot, True),
            ("GET", "/users/@me", self._r_me, True),
            ("POST", "/users/@me/channels", self._r_create_dm, True),
            ("DELETE", "/users/@me/guilds/{guild_id}", self._r_leave_guild, True),
            ("GET", "/users/{user_id}", self._r_get_user, True),
            ("GET", "/oauth2/applications/@me", self._r_appinfo, True),
            ("GET", "/applications/@me", self._r_appinfo, True),
            ("GET", "/applications/{app_id}/commands", self._r_get_commands, True),
            ("PUT", "/applications/{app_id}/commands", self._r_put_commands, True),
            ("POST", "/applications/{app_id}/commands", self._r_post_command, True),
            ("DELETE", "/applications/{app_id}/commands/{command_id}", self._r_delete_command, True),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self._r_get_commands, True),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self._r_put_commands, True),
            ("POST", "/applications/{app_id}/guilds/{guild_id}/commands", self._r_post_command, True),
            ("DELETE", "/applications/{app_id}/guilds/{guild_id}/commands/{command_id}", self._r_delete_command, True),
            ("GET", "/channels/{channel_id}", self._r_get_channel, True),
            ("POST", "/channels/{channel_id}/typing", self._r_typing, True),
            ("GET", "/channels/{channel_id}/messages", self._r_list_messages, True),
            ("POST", "/channels/{channel_id}/messages", self._r_send_message, True),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._r_get_message, True),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._r_edit_message, True),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._r_delete_message, True),
            ("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self._r_react, True),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self._r_react, True),
            ("POST", "/channels/{channel_id}/threads", self._r_start_thread, True),
            ("GET", "/channels/{channel_id}/invites", self._r_channel_invites, True),
            ("PUT", "/channels/{channel_id}/permissions/{overwrite_id}", self._r_put_overwrite, True),
            ("DELETE", "/channels/{channel_id}/permissions/{overwrite_id}", self._r_delete_overwrite, True),
            ("POST", "/channels/{channel_id}/invites", self._r_create_invite, True),
            ("GET", "/invites/{code}", self._r_get_invite, True),
            ("DELETE", "/invites/{code}", self._r_delete_invite, True),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._r_interaction_callback, False),
            ("POST", "/webhooks/{app_id}/{token}", self._r_followup, False),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self._r_webhook_get, False),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self._r_webhook_edit, False),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self._r_webhook_delete, False),
            ("GET", "/guilds/{guild_id}", self._r_get_guild, True),
            ("GET", "/guilds/{guild_id}/channels", self._r_guild_channels, True),
            ("GET", "/guilds/{guild_id}/invites", self._r_guild_invites, True),
            ("GET", "/guilds/{guild_id}/vanity-url", self._r_vanity, True),
            ("GET", "/guilds/{guild_id}/roles", self._r_get_roles, True),
            ("POST", "/guilds/{guild_id}/roles", self._r_create_role, True),
            ("PATCH", "/guilds/{guild_id}/roles/{role_id}", self._r_edit_role, True),
            ("DELETE", "/guilds/{guild_id}/roles/{role_id}", self._r_delete_role, True),
            ("GET", "/guilds/{guild_id}/members", self._r_list_members, True),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._r_get_member, True),
            ("PATCH", "/guilds/{guild_id}/members/{user_id}", self._r_edit_member, True),
            ("DELETE", "/guilds/{guild_id}/members/{user_id}", self._r_kick, True),
            ("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self._r_add_member_role, True),
            ("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self._r_remove_member_role, True),
            ("PUT", "/guilds/{guild_id}/bans/{user_id}", self._r_ban, True),
            ("DELETE", "/guilds/{guild_id}/bans/{user_id}", self._r_unban, True),
        ]
        return [(m, _compile(p), h, a) for m, p, h, a in table]

    # ------------------------------------------------------------------ REST handlers
    async def _r_gateway(self, call: Call) -> web.Response:
        return self._json({"url": self.gateway_url})

    async def _r_gateway_bot(self, call: Call) -> web.Response:
        return self._json(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
            }
        )

    async def _r_me(self, call: Call) -> web.Response:
        return self._json(self.user_payload(self.bot_user_id))

    async def _r_get_user(self, call: Call, user_id: str) -> web.Response:
        if not user_id.isdigit() or int(user_id) not in self.users:
            raise _HTTPError(404, 10013, "Unknown User")
        return self._json(self.user_payload(int(user_id)))

    async def _r_appinfo(self, call: Call) -> web.Response:
        return self._json(
            {
                "id": str(self.application_id),
                "name": self.users[self.bot_user_id]["username"],
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": self.user_payload(next(iter(g.owner_id for g in self.guilds.values()), self.bot_user_id)),
                "team": None,
                "bot": self.user_payload(self.bot_user_id),
                "interactions_endpoint_url": None,
                "redirect_uris": [],
                "tags": [],
                "approximate_guild_count": len(self.guilds),
            }
        )

    def _check_app(self, app_id: str) -> None:
        if app_id != str(self.application_id):
            raise _HTTPError(403, 50001, "Missing Access")

    def _command_list(self, guild_id: str | None) -> list[dict[str, Any]]:
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.setdefault(int(self._guild(guild_id).id), [])

    def _make_command(self, payload: dict[str, Any], guild_id: str | None, existing: list[dict[str, Any]]) -> dict[str, Any]:
        ctype = payload.get("type", 1)
        old = next((c for c in existing if c["name"] == payload["name"] and c.get("type", 1) == ctype), None)
        cmd = {
            "id": old["id"] if old else str(self.snowflake()),
            "application_id": str(self.application_id),
            "version": str(self.snowflake()),
            "type": ctype,
            "name": payload["name"],
            "description": payload.get("description", ""),
            "options": payload.get("options", []),
            "default_member_permissions": payload.get("default_member_permissions"),
            "nsfw": payload.get("nsfw", False),
            "contexts": payload.get("contexts"),
            "integration_types": payload.get("integration_types", [0]),
            "name_localizations": payload.get("name_localizations"),
            "description_localizations": payload.get("description_localizations"),
        }
        if guild_id is not None:
            cmd["guild_id"] = str(guild_id)
        return cmd

    async def _r_get_commands(self, call: Call, app_id: str, guild_id: str | None = None) -> web.Response:
        self._check_app(app_id)
        return self._json(copy.deepcopy(self._command_list(guild_id)))

    async def _r_put_commands(self, call: Call, app_id: str, guild_id: str | None = None) -> web.Response:
        self._check_app(app_id)
        payload = call.json or []
        errors: dict[str, Any] = {}
        for idx, cmd in enumerate(payload):
            reason = self.rejected_commands.get(cmd.get("name"))
            if reason is not None:
                errors[str(idx)] = {"name": {"_errors": [{"code": "APPLICATION_COMMAND_INVALID_NAME", "message": reason}]}}
        if errors:
            raise _HTTPError(400, 50035, "Invalid Form Body", errors)
        current = self._command_list(guild_id)
        new = [self._make_command(cmd, guild_id, current) for cmd in payload]
        current[:] = new
        return self._json(copy.deepcopy(new))

    async def _r_post_command(self, call: Call, app_id: str, guild_id: str | None = None) -> web.Response:
        self._check_app(app_id)
        cmd_payload = call.json or {}
        reason = self.rejected_commands.get(cmd_payload.get("name"))
        if reason is not None:
            raise _HTTPError(400, 50035, "Invalid Form Body", {"name": {"_errors": [{"code": "APPLICATION_COMMAND_INVALID_NAME", "message": reason}]}})
        current = self._command_list(guild_id)
        cmd = self._make_command(cmd_payload, guild_id, current)
        current[:] = [c for c in current if c["id"] != cmd["id"]] + [cmd]
        return self._json(copy.deepcopy(cmd), 201)

    async def _r_delete_command(self, call: Call, app_id: str, command_id: str, guild_id: str | None = None) -> web.Response:
        self._check_app(app_id)
        current = self._command_list(guild_id)
        if not any(c["id"] == command_id for c in current):
            raise _HTTPError(404, 10063, "Unknown application command")
        current[:] = [c for c in current if c["id"] != command_id]
        return self._no_content()

    async def _r_get_channel(self, call: Call, channel_id: str) -> web.Response:
        return self._json(self.channel_payload(int(channel_id)))

    async def _r_put_overwrite(self, call: Call, channel_id: str, overwrite_id: str) -> web.Response:
        """Like Discord: Manage Roles, and a role target below the bot's highest role."""
        g = self._channel_guild(int(channel_id))
        if g is None:
            raise _HTTPError(404, 10003, "Unknown Channel")
        body = call.json or {}
        self._bot_manages_roles(g, g.roles.get(int(overwrite_id)) if int(body.get("type", 0)) == 0 else None)
        channel = g.channels[int(channel_id)]
        kept = [ow for ow in channel["permission_overwrites"] if ow["id"] != str(int(overwrite_id))]
        kept.append({"id": str(int(overwrite_id)), "type": int(body.get("type", 0)),
                     "allow": str(int(body.get("allow") or 0)), "deny": str(int(body.get("deny") or 0))})
        channel["permission_overwrites"] = kept
        await self.dispatch("CHANNEL_UPDATE", copy.deepcopy(channel))
        return self._no_content()

    async def _r_delete_overwrite(self, call: Call, channel_id: str, overwrite_id: str) -> web.Response:
        g = self._channel_guild(int(channel_id))
        if g is None:
            raise _HTTPError(404, 10003, "Unknown Channel")
        self._bot_manages_roles(g)
        channel = g.channels[int(channel_id)]
        channel["permission_overwrites"] = [ow for ow in channel["permission_overwrites"]
                                            if ow["id"] != str(int(overwrite_id))]
        await self.dispatch("CHANNEL_UPDATE", copy.deepcopy(channel))
        return self._no_content()

    async def _r_typing(self, call: Call, channel_id: str) -> web.Response:
        self.channel_payload(int(channel_id))
        return self._no_content()

    def _attachments_from_files(self, files: list[dict[str, Any]], body: dict[str, Any]) -> list[dict[str, Any]]:
        meta = {str(a.get("id")): a for a in body.get("attachments") or []}
        out = []
        for i, f in enumerate(files):
            att = self.add_attachment(f["filename"] or f"file{i}", f["data"], f.get("content_type"))
            desc = meta.get(str(i), {}).get("description")
            if desc:
                att["description"] = desc
                self.attachments[int(att["id"])]["payload"]["description"] = desc
            out.append(att)
        return out

    def _check_sendable(self, channel_id: int) -> None:
        if self._channel_guild(channel_id) is not None:
            return
        uid = self._dm_user(channel_id)
        if uid is None:
            raise _HTTPError(404, 10003, "Unknown Channel")
        if uid in self.closed_dms:
            raise _HTTPError(403, 50007, "Cannot send messages to this user")

    async def _r_send_message(self, call: Call, channel_id: str) -> web.Response:
        cid = int(channel_id)
        self._check_sendable(cid)
        body = call.json or {}
        if not any(body.get(k) for k in ("content", "embeds", "components", "sticker_ids", "poll")) and not call.files:
            raise _HTTPError(400, 50006, "Cannot send an empty message")
        msg = self._message(
            cid,
            self.bot_user_id,
            body.get("content") or "",
            attachments=self._attachments_from_files(call.files, body),
            embeds=body.get("embeds"),
            components=body.get("components"),
            flags=body.get("flags") or 0,
            message_reference=body.get("message_reference"),
            allowed_mentions=body.get("allowed_mentions"),
            tts=bool(body.get("tts")),
            nonce=body.get("nonce"),
            poll=body.get("poll"),
        )
        if self.echo_own_messages:
            await self.dispatch("MESSAGE_CREATE", self._gateway_message(msg))
        return self._json(self.public_message(msg))

    async def _r_start_thread(self, call: Call, channel_id: str) -> web.Response:
        """A thread without a starting message, in a text channel, by a bot allowed to make one
        (CREATE_PUBLIC_THREADS for a public thread); THREAD_CREATE goes out on the gateway."""
        parent_id = int(channel_id)
        g = self._channel_guild(parent_id)
        if g is None:
            raise _HTTPError(404, 10003, "Unknown Channel")
        parent = g.channels[parent_id]
        body = call.json or {}
        kind = int(body.get("type") or 12)
        if parent["type"] != 0 or kind not in (11, 12):
            raise _HTTPError(400, 50024, "Cannot execute action on this channel type")
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= 100:
            raise _HTTPError(400, 50035, "Invalid Form Body", {"name": {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH"}]}})
        if not self.member_permissions(g.id, self.bot_user_id) & (CREATE_PUBLIC_THREADS if kind == 11 else 1 << 36):
            raise _HTTPError(403, 50013, "Missing Permissions")
        thread_id = self.snowflake()
        thread = {
            "id": str(thread_id), "type": kind, "guild_id": str(g.id), "parent_id": str(parent_id), "name": name,
            "owner_id": str(self.bot_user_id), "last_message_id": None, "rate_limit_per_user": 0,
            "message_count": 0, "member_count": 1, "total_message_sent": 0, "flags": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": int(body.get("auto_archive_duration") or 4320),
                                "archive_timestamp": _now_iso(), "locked": False,
                                **({"invitable": bool(body.get("invitable", True))} if kind == 12 else {})},
        }
        g.channels[thread_id] = thread
        await self.dispatch("THREAD_CREATE", {**copy.deepcopy(thread), "newly_created": True})
        return self._json(copy.deepcopy(thread), status=201)

    def threads_of(self, channel_id: int) -> list[dict[str, Any]]:
        """The threads started in a channel."""
        return [copy.deepcopy(c) for g in self.guilds.values() for c in g.channels.values()
                if c.get("parent_id") == str(channel_id) and c["type"] in (11, 12)]

    def _get_msg(self, channel_id: str, message_id: str) -> dict[str, Any]:
        msg = self.messages.get(int(message_id)) if message_id.isdigit() else None
        if msg is None or msg["channel_id"] != channel_id or msg["flags"] & 64:  # ephemeral: only its webhook knows it
            raise _HTTPError(404, 10008, "Unknown Message")
        return msg

    async def _r_list_messages(self, call: Call, channel_id: str) -> web.Response:
        self.channel_payload(int(channel_id))
        limit = int(call.query.get("limit", 50))
        msgs = sorted(self.messages_in(int(channel_id)), key=lambda m: int(m["id"]), reverse=True)[:limit]
        return self._json([self.public_message(m) for m in msgs])

    async def _r_get_message(self, call: Call, channel_id: str, message_id: str) -> web.Response:
        return self._json(self.public_message(self._get_msg(channel_id, message_id)))

    def _apply_edit(self, msg: dict[str, Any], body: dict[str, Any], files: list[dict[str, Any]]) -> None:
        for key in ("content", "embeds", "components", "flags"):
            if key in body and body[key] is not None:
                msg[key] = body[key]
        if "attachments" in body or files:
            keep = {str(a.get("id")) for a in body.get("attachments") or []}
            msg["attachments"] = [a for a in msg["attachments"] if a["id"] in keep] + self._attachments_from_files(files, body)
        msg["flags"] = int(msg.get("flags") or 0) & ~128  # no longer "loading"
        msg["edited_timestamp"] = _now_iso()

    async def _r_edit_message(self, call: Call, channel_id: str, message_id: str) -> web.Response:
        msg = self._get_msg(channel_id, message_id)
        if msg["author"]["id"] != str(self.bot_user_id) and set(call.json or {}) - {"flags"}:
            raise _HTTPError(403, 50005, "Cannot edit a message authored by another user")
        self._apply_edit(msg, call.json or {}, call.files)
        if self.echo_own_messages:
            await self.dispatch("MESSAGE_UPDATE", self._gateway_message(msg))
        return self._json(self.public_message(msg))

    async def _r_delete_message(self, call: Call, channel_id: str, message_id: str) -> web.Response:
        msg = self._get_msg(channel_id, message_id)
        del self.messages[int(msg["id"])]
        data: dict[str, Any] = {"id": msg["id"], "channel_id": channel_id}
        g = self._channel_guild(int(channel_id))
        if g is not None:
            data["guild_id"] = str(g.id)
        await self.dispatch("MESSAGE_DELETE", data)
        return self._no_content()

    async def _r_react(self, call: Call, channel_id: str, message_id: str, emoji: str) -> web.Response:
        self._get_msg(channel_id, message_id)
        return self._no_content()

    async def _r_create_dm(self, call: Call) -> web.Response:
        uid = int((call.json or {}).get("recipient_id", 0))
        if uid not in self.users:
            raise _HTTPError(400, 50033, "Invalid Recipient(s)")
        return self._json(self.channel_payload(self.dm_channel_id(uid)))

    async def _r_leave_guild(self, call: Call, guild_id: str) -> web.Response:
        self._guild(guild_id)
        await self.guild_delete(int(guild_id))
        return self._no_content()

    # interactions ---------------------------------------------------------------
    def _interaction(self, interaction_id: str, token: str) -> dict[str, Any]:
        info = self.interactions.get(int(interaction_id)) if interaction_id.isdigit() else None
        if info is None or info["token"] != token:
            raise _HTTPError(404, 10062, "Unknown interaction")
        return info

    def _interaction_by_token(self, app_id: str, token: str) -> dict[str, Any]:
        if app_id != str(self.application_id):
            raise _HTTPError(404, 10015, "Unknown Webhook")
        for info in self.interactions.values():
            if info["token"] == token:
                return info
        raise _HTTPError(404, 10015, "Unknown Webhook")

    def _interaction_metadata(self, info: dict[str, Any]) -> dict[str, Any]:
        p = info["payload"]
        user = p.get("member", {}).get("user") or p.get("user")
        meta = {"id": p["id"], "type": p["type"], "user": user, "authorizing_integration_owners": p["authorizing_integration_owners"]}
        if p["type"] == 2:
            meta["name"] = p["data"]["name"]
        return meta

    async def _r_interaction_callback(self, call: Call, interaction_id: str, token: str) -> web.Response:
        info = self._interaction(interaction_id, token)
        if info["responded"]:
            raise _HTTPError(400, 40060, "Interaction has already been acknowledged.")
        body = call.json or {}
        ctype = int(body.get("type", 0))
        data = body.get("data") or {}
        if ctype == 9:
            self._check_modal(info, data)
        info["responded"] = True
        self.interaction_callbacks.append(
            {"interaction_id": int(interaction_id), "token": token, "type": ctype, "data": data, "files": call.files}
        )
        if ctype == 9:
            p = info["payload"]
            user = p.get("member", {}).get("user") or p.get("user")
            self.modals.append({"interaction_id": int(interaction_id), "user_id": int(user["id"]),
                                "custom_id": data["custom_id"], "title": data["title"],
                                "components": data["components"]})
        message: dict[str, Any] | None = None
        flags = int(data.get("flags") or 0)
        if ctype in (4, 5):
            msg = self._message(
                info["channel_id"],
                self.bot_user_id,
                (data.get("content") or "") if ctype == 4 else "",
                attachments=self._attachments_from_files(call.files, data) if ctype == 4 else [],
                embeds=data.get("embeds") if ctype == 4 else None,
                components=data.get("components") if ctype == 4 else None,
                flags=flags if ctype == 4 else (flags & 64) | 128,
                type=20 if info["payload"]["type"] == 2 else 0,
                allowed_mentions=data.get("allowed_mentions"),
                webhook_id=self.application_id,
                interaction_metadata=self._interaction_metadata(info),
            )
            info["original_message_id"] = int(msg["id"])
            message = msg
            if self.echo_own_messages and not msg["flags"] & 64:
                await self.dispatch("MESSAGE_CREATE", self._gateway_message(msg))
        elif ctype == 7 and info.get("message_id") in self.messages:
            msg = self.messages[info["message_id"]]
            self._apply_edit(msg, data, call.files)
            info["original_message_id"] = int(msg["id"])
            message = msg
            if self.echo_own_messages:
                await self.dispatch("MESSAGE_UPDATE", self._gateway_message(msg))
        elif ctype == 6 and info.get("message_id") is not None:
            info["original_message_id"] = info["message_id"]
        if call.query.get("with_response") not in ("1", "true", "True"):
            return self._no_content()
        result: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": info["payload"]["type"],
                "activity_instance_id": None,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": ctype == 5,
                "response_message_ephemeral": bool(message and message["flags"] & 64),
            }
        }
        if message is not None:
            result["resource"] = {"type": ctype, "message": self.public_message(message)}
        return self._json(result)

    async def _r_followup(self, call: Call, app_id: str, token: str) -> web.Response:
        info = self._interaction_by_token(app_id, token)
        if not info["responded"]:
            raise _HTTPError(404, 10015, "Unknown Webhook")
        body = call.json or {}
        msg = self._message(
            info["channel_id"],
            self.bot_user_id,
            body.get("content") or "",
            attachments=self._attachments_from_files(call.files, body),
            embeds=body.get("embeds"),
            components=body.get("components"),
            flags=int(body.get("flags") or 0),
            allowed_mentions=body.get("allowed_mentions"),
            webhook_id=self.application_id,
            interaction_metadata=self._interaction_metadata(info),
        )
        if self.echo_own_messages and not msg["flags"] & 64:
            await self.dispatch("MESSAGE_CREATE", self._gateway_message(msg))
        if call.query.get("wait") in ("1", "true", "True"):
            return self._json(self.public_message(msg))
        return self._no_content()

    def _webhook_msg(self, info: dict[str, Any], message_id: str) -> dict[str, Any]:
        mid = info["original_message_id"] if message_id == "@original" else (int(message_id) if message_id.isdigit() else None)
        msg = self.messages.get(mid) if mid is not None else None
        if msg is None:
            raise _HTTPError(404, 10008, "Unknown Message")
        return msg

    async def _r_webhook_get(self, call: Call, app_id: str, token: str, message_id: str) -> web.Response:
        info = self._interaction_by_token(app_id, token)
        return self._json(self.public_message(self._webhook_msg(info, message_id)))

    async def _r_webhook_edit(self, call: Call, app_id: str, token: str, message_id: str) -> web.Response:
        info = self._interaction_by_token(app_id, token)
        msg = self._webhook_msg(info, message_id)
        self._apply_edit(msg, call.json or {}, call.files)
        if self.echo_own_messages and not msg["flags"] & 64:
            await self.dispatch("MESSAGE_UPDATE", self._gateway_message(msg))
        return self._json(self.public_message(msg))

    async def _r_webhook_delete(self, call: Call, app_id: str, token: str, message_id: str) -> web.Response:
        info = self._interaction_by_token(app_id, token)
        msg = self._webhook_msg(info, message_id)
        del self.messages[int(msg["id"])]
        return self._no_content()

    # guilds / invites / roles / members ------------------------------------------
    async def _r_get_guild(self, call: Call, guild_id: str) -> web.Response:
        g = self._guild(guild_id)
        data = self.guild_payload(g.id)
        if call.query.get("with_counts") in ("1", "true"):
            data.update(approximate_member_count=len(g.members), approximate_presence_count=0)
        return self._json(data)

    async def _r_guild_channels(self, call: Call, guild_id: str) -> web.Response:
        g = self._guild(guild_id)
        return self._json([copy.deepcopy(c) for c in g.channels.values() if c["type"] not in (11, 12)])

    async def _r_guild_invites(self, call: Call, guild_id: str) -> web.Response:
        g = self._guild(guild_id)
        return self._json([self.invite_payload(c, counts=False) for c, i in self.invites.items() if i["guild_id"] == g.id])

    async def _r_channel_invites(self, call: Call, channel_id: str) -> web.Response:
        self.channel_payload(int(channel_id))
        return self._json(
            [self.invite_payload(c, counts=False) for c, i in self.invites.items() if i["channel_id"] == int(channel_id)]
        )

    async def _r_create_invite(self, call: Call, channel_id: str) -> web.Response:
        g = self._channel_guild(int(channel_id))
        if g is None:
            raise _HTTPError(404, 10003, "Unknown Channel")
        body = call.json or {}
        code = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(8))
        await self.invite_create(
            g.id,
            int(channel_id),
            code,
            self.bot_user_id,
            max_uses=int(body.get("max_uses") or 0),
            max_age=int(body.get("max_age", 86400) or 0),
            temporary=bool(body.get("temporary")),
        )
        return self._json(self.invite_payload(code, counts=False))

    async def _r_get_invite(self, call: Call, code: str) -> web.Response:
        if code in self.invites:
            return self._json(self.invite_payload(code))
        for g in self.guilds.values():
            if g.vanity_url_code and g.vanity_url_code == code:
                first = next(iter(g.channels.values()), {"id": "0", "name": ""})
                return self._json(
                    {
                        "type": 0,
                        "code": code,
                        "guild": {"id": str(g.id), "name": g.name, "features": ["VANITY_URL"], "vanity_url_code": code},
                        "channel": {"id": first["id"], "name": first["name"], "type": 0},
                        "approximate_member_count": len(g.members),
                        "approximate_presence_count": 0,
                    }
                )
        raise _HTTPError(404, 10006, "Unknown Invite")

    async def _r_delete_invite(self, call: Call, code: str) -> web.Response:
        if code not in self.invites:
            raise _HTTPError(404, 10006, "Unknown Invite")
        payload = self.invite_payload(code, counts=False)
        inv = self.invites[code]
        await self.invite_delete(inv["guild_id"], inv["channel_id"], code)
        return self._json(payload)

    async def _r_vanity(self, call: Call, guild_id: str) -> web.Response:
        g = self._guild(guild_id)
        return self._json({"code": g.vanity_url_code, "uses": g.vanity_uses if g.vanity_url_code else 0})

    async def _r_get_roles(self, call: Call, guild_id: str) -> web.Response:
        g = self._guild(guild_id)
        return self._json([copy.deepcopy(r) for r in g.roles.values()])

    def _update_role(self, role: dict[str, Any], body: dict[str, Any]) -> None:
        for key in ("name", "hoist", "mentionable", "unicode_emoji", "icon"):
            if key in body:
                role[key] = body[key]
        if "permissions" in body and body["permissions"] is not None:
            role["permissions"] = str(int(body["permissions"]))
        if "color" in body and body["color"] is not None:
            role["color"] = int(body["color"])
            role["colors"]["primary_color"] = int(body["color"])
        if body.get("colors"):
            role["colors"].update(body["colors"])
            role["color"] = role["colors"].get("primary_color", 0)

    def _bot_manages_roles(self, g: _Guild, role: dict[str, Any] | None = None) -> None:
        """Like Discord: Manage Roles, and (for a given role) the bot's highest role above it."""
        if self.bot_user_id == g.owner_id:
            return
        if not self.member_permissions(g.id, self.bot_user_id) & MANAGE_ROLES:
            raise _HTTPError(403, 50013, "Missing Permissions")
        if role is not None:
            mine = g.members.get(self.bot_user_id, {}).get("roles", [])
            top = max((int(g.roles[r]["position"]) for r in mine if r in g.roles), default=0)
            if int(role["position"]) >= top:
                raise _HTTPError(403, 50013, "Missing Permissions")

    async def _r_create_role(self, call: Call, guild_id: str) -> web.Response:
        g = self._guild(guild_id)
        self._bot_manages_roles(g)
        body = call.json or {}
        role = self.add_role(g.id, self.snowflake(), body.get("name") or "new role", int(body.get("permissions") or 0), position=1)
        self._update_role(role, body)
        await self.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(g.id), "role": copy.deepcopy(role)})
        return self._json(copy.deepcopy(role))

    def _role(self, g: _Guild, role_id: str) -> dict[str, Any]:
        role = g.roles.get(int(role_id)) if role_id.isdigit() else None
        if role is None:
            raise _HTTPError(404, 10011, "Unknown Role")
        return role

    async def _r_edit_role(self, call: Call, guild_id: str, role_id: str) -> web.Response:
        g = self._guild(guild_id)
        role = self._role(g, role_id)
        self._update_role(role, call.json or {})
        await self.dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(g.id), "role": copy.deepcopy(role)})
        return self._json(copy.deepcopy(role))

    async def _r_delete_role(self, call: Call, guild_id: str, role_id: str) -> web.Response:
        g = self._guild(guild_id)
        self._role(g, role_id)
        if int(role_id) == g.id:
            raise _HTTPError(400, 50028, "Invalid Role")
        del g.roles[int(role_id)]
        for m in g.members.values():
            if int(role_id) in m["roles"]:
                m["roles"].remove(int(role_id))
        await self.dispatch("GUILD_ROLE_DELETE", {"guild_id": str(g.id), "role_id": role_id})
        return self._no_content()

    def _member(self, g: _Guild, user_id: str) -> dict[str, Any]:
        m = g.members.get(int(user_id)) if user_id.isdigit() else None
        if m is None:
            raise _HTTPError(404, 10007, "Unknown Member")
        return m

    async def _r_list_members(self, call: Call, guild_id: str) -> web.Response:
        g = self._guild(guild_id)
        limit = int(call.query.get("limit", 1))
        after = int(call.query.get("after", 0))
        ids = sorted(u for u in g.members if u > after)[:limit]
        return self._json([self.member_payload(g.id, u) for u in ids])

    async def _r_get_member(self, call: Call, guild_id: str, user_id: str) -> web.Response:
        g = self._guild(guild_id)
        self._member(g, user_id)
        return self._json(self.member_payload(g.id, int(user_id)))

    async def _r_edit_member(self, call: Call, guild_id: str, user_id: str) -> web.Response:
        g = self._guild(guild_id)
        m = self._member(g, user_id)
        body = call.json or {}
        if body.get("communication_disabled_until") and (
            int(user_id) == g.owner_id or self.member_permissions(g.id, int(user_id)) & ADMINISTRATOR
        ):
            raise _HTTPError(403, 50013, "Missing Permissions")
        if "nick" in body:
            m["nick"] = body["nick"]
        if "roles" in body and body["roles"] is not None:
            for rid in body["roles"]:
                self._role(g, str(rid))
            m["roles"] = [int(r) for r in body["roles"]]
        if "communication_disabled_until" in body:
            m["communication_disabled_until"] = body["communication_disabled_until"]
        await self.member_update(g.id, int(user_id))
        return self._json(self.member_payload(g.id, int(user_id)))

    async def _r_add_member_role(self, call: Call, guild_id: str, user_id: str, role_id: str) -> web.Response:
        g = self._guild(guild_id)
        m = self._member(g, user_id)
        self._bot_manages_roles(g, self._role(g, role_id))
        if int(role_id) not in m["roles"]:
            m["roles"].append(int(role_id))
        await self.member_update(g.id, int(user_id))
        return self._no_content()

    async def _r_remove_member_role(self, call: Call, guild_id: str, user_id: str, role_id: str) -> web.Response:
        g = self._guild(guild_id)
        m = self._member(g, user_id)
        self._bot_manages_roles(g, self._role(g, role_id))
        if int(role_id) in m["roles"]:
            m["roles"].remove(int(role_id))
        await self.member_update(g.id, int(user_id))
        return self._no_content()

    def _bot_may(self, g: Any, permission: int) -> None:
        """Like Discord: a kick or a ban needs the bot's own permission for it."""
        if not self.member_permissions(g.id, self.bot_user_id) & permission:
            raise _HTTPError(403, 50013, "Missing Permissions")

    async def _r_kick(self, call: Call, guild_id: str, user_id: str) -> web.Response:
        g = self._guild(guild_id)
        self._bot_may(g, KICK_MEMBERS)
        self._member(g, user_id)
        await self.member_remove(g.id, int(user_id))
        return self._no_content()

    async def _r_ban(self, call: Call, guild_id: str, user_id: str) -> web.Response:
        g = self._guild(guild_id)
        self._bot_may(g, BAN_MEMBERS)
        g.bans.add(int(user_id))
        await self.dispatch("GUILD_BAN_ADD", {"guild_id": str(g.id), "user": self.user_payload(int(user_id))})
        if int(user_id) in g.members:
            await self.member_remove(g.id, int(user_id))
        return self._no_content()

    async def _r_unban(self, call: Call, guild_id: str, user_id: str) -> web.Response:
        g = self._guild(guild_id)
        self._bot_may(g, BAN_MEMBERS)
        if int(user_id) not in g.bans:
            raise _HTTPError(404, 10026, "Unknown Ban")
        g.bans.discard(int(user_id))
        await self.dispatch("GUILD_BAN_REMOVE", {"guild_id": str(g.id), "user": self.user_payload(int(user_id))})
        return self._no_content()


def _json_response(data: Any, status: int, headers: dict[str, str]) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={**headers, "Content-Type": "application/json"}
    )


def _guess_type(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
