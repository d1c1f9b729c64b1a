"""A runtime with the real Discord adapter and discord.py, talking to FakeDiscord on 127.0.0.1."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.discord import DiscordAdapter
from adapters.sandbox.testing import _deep_merge, _prepare_database
from tests.discord import plugin as test_plugin
from tests.fakes.discord_server import FakeDiscord

BOT, APP = 9000, 9001
GUILD, CHAN, ANNOUNCE = 100, 200, 201
OWNER, ALICE, BOB, MOD, MALLORY = 10, 11, 12, 13, 14
ORGANISERS, MODS, BOT_ROLE = 300, 301, 302
MANAGE_ROLES = 1 << 28
TOKEN = "fake-token"
MANAGE_GUILD = 1 << 5


def build_world(dc: FakeDiscord) -> None:
    dc.add_user(OWNER, "owner")
    dc.add_user(ALICE, "alice", global_name="Alice")
    dc.add_user(BOB, "bob")
    dc.add_user(MOD, "mod")
    dc.add_user(MALLORY, "mallory", global_name="**evil** @everyone <@&123456789012345678> [x](https://evil.invalid)")
    dc.add_guild(GUILD, "Test Guild", OWNER, channels=[CHAN, ANNOUNCE], vanity_url_code="testvanity")
    dc.add_role(GUILD, ORGANISERS, "Organisers", permissions=0)
    dc.add_role(GUILD, MODS, "Mods", permissions=MANAGE_GUILD)
    dc.add_role(GUILD, BOT_ROLE, "Shequn", permissions=MANAGE_ROLES)  # the bot's own role, above the others
    dc.add_member(GUILD, BOT, roles=[BOT_ROLE])
    dc.add_member(GUILD, ALICE, roles=[ORGANISERS])
    dc.add_member(GUILD, BOB)
    dc.add_member(GUILD, MOD, roles=[MODS])
    dc.add_member(GUILD, MALLORY)
    dc.add_invite(GUILD, CHAN, "oldcode", OWNER, uses=4)
    dc.add_invite(GUILD, CHAN, "lastone", OWNER, uses=2, max_uses=3)


def discord_settings(dc: FakeDiscord, overrides: dict[str, Any] | None = None) -> Settings:
    data: dict[str, Any] = {
        "web": {"enabled": False},
        "bot": {"rate_limit_per_minute": 1000},
        "communities": {"demo": {"name": "Demo", "chats": [f"discord:{GUILD}"]}},
        "discord": {"token": TOKEN, "api_base": dc.api_url, "guild_ready_timeout": 0.05, "defer_after": 2.0,
                    "admin_role": "Organisers", "guilds": [{"id": GUILD, "announce_channel": ANNOUNCE}]},
    }
    return Settings.model_validate(_deep_merge(data, overrides or {}))


async def start_discord(dc: FakeDiscord, workdir, overrides: dict[str, Any] | None = None,
                        plugins: list | None = None, database: str = "sqlite") -> Runtime:
    settings = discord_settings(dc, overrides)
    runtime = Runtime(settings, plugins if plugins is not None else [test_plugin.plugin],
                      {"discord": DiscordAdapter}, store=MemoryStore())
    runtime.config.database.url = await _prepare_database(runtime.model_apps, database, workdir)
    await runtime.start(migrate_database=False)
    return runtime


async def until(check: Callable[[], Any], timeout: float = 5.0) -> Any:
    async with asyncio.timeout(timeout):
        while not (value := check()):
            await asyncio.sleep(0.01)
    return value


@pytest.fixture
async def dc():
    async with FakeDiscord(bot_user_id=BOT, application_id=APP, token=TOKEN) as fake:
        build_world(fake)
        yield fake


@pytest.fixture
async def runtime(dc, tmp_path):
    fake_rejects = dc.reject_command
    fake_rejects("broken", "Command name is invalid")
    test_plugin.reset()
    started = await start_discord(dc, tmp_path)
    try:
        yield started
    finally:
        await started.stop()
