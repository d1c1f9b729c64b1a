"""Telegram: the adapter on aiogram 3 (see docs/telegram.md)."""
from adapters.telegram.config import TelegramConfig

__all__ = ["TelegramAdapter", "TelegramConfig"]


def __getattr__(name: str):
    """`TelegramAdapter` is imported on first use: the platform library is heavy (see bot/adapter_entry.py)."""
    if name == "TelegramAdapter":
        from adapters.telegram.adapter import TelegramAdapter

        return TelegramAdapter
    raise AttributeError(name)
