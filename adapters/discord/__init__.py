"""The Discord adapter (discord.py 2): slash commands, buttons, roles, invites, timeouts."""
from adapters.discord.config import DiscordConfig, DiscordGuild

__all__ = ["DiscordAdapter", "DiscordConfig", "DiscordGuild"]


def __getattr__(name: str):
    """`DiscordAdapter` is imported on first use: the platform library is heavy (see bot/adapter_entry.py)."""
    if name == "DiscordAdapter":
        from adapters.discord.adapter import DiscordAdapter

        return DiscordAdapter
    raise AttributeError(name)
