"""A bot with the real Discord adapter and the test plugin, as a process of its own (a test kills it).

    python -m tests.discord.bot_process <FakeDiscord api url> <sqlite file>
"""
from __future__ import annotations

import asyncio
import sys

from bot.config import Settings
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.discord import DiscordAdapter
from tests.discord import plugin as test_plugin
from tests.discord.conftest import ANNOUNCE, GUILD, TOKEN


async def main(api_url: str, database: str) -> None:
    settings = Settings.model_validate({
        "web": {"enabled": False}, "bot": {"rate_limit_per_minute": 1000},
        "communities": {"demo": {"name": "Demo", "chats": [f"discord:{GUILD}"]}},
        "discord": {"token": TOKEN, "api_base": api_url, "guild_ready_timeout": 0.05, "defer_after": 0.4,
                    "admin_role": "Organisers", "guilds": [{"id": GUILD, "announce_channel": ANNOUNCE}]},
    })
    runtime = Runtime(settings, [test_plugin.plugin], {"discord": DiscordAdapter}, store=MemoryStore())
    runtime.config.database.url = f"sqlite://{database}"
    await runtime.start(migrate_database=True)
    print("serving", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
