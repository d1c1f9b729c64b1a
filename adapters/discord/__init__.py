"""The Discord adapter (discord.py 2): slash commands, buttons, roles, invites, timeouts."""
from adapters.discord.adapter import DiscordAdapter
from adapters.discord.config import DiscordConfig, DiscordGuild

__all__ = ["DiscordAdapter", "DiscordConfig", "DiscordGuild"]
