"""The Telegram adapter as installed: its config now, aiogram only once it runs."""
from adapters.telegram.config import TelegramConfig
from bot.adapter_entry import AdapterEntry

adapter = AdapterEntry("adapters.telegram.adapter:TelegramAdapter", config_model=TelegramConfig)
