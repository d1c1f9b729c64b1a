"""Telegram: the adapter on aiogram 3 (see docs/telegram.md)."""
from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.config import TelegramConfig

__all__ = ["TelegramAdapter", "TelegramConfig"]
