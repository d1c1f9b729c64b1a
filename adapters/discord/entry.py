"""The Discord adapter as installed: its config now, discord.py only once it runs."""
from adapters.discord.config import DiscordConfig
from bot.adapter_entry import AdapterEntry

adapter = AdapterEntry("adapters.discord.adapter:DiscordAdapter", config_model=DiscordConfig)
