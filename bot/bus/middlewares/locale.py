"""The language of the answer: the community's, else the user's, else the chat's, else the bot's default.

The chat's language is a Discord server's preferred locale: what a typed message, which
carries no language of its sender, is answered in.
"""
from __future__ import annotations

from bot.bus.middlewares.base import Next
from bot.context import Context
from bot.i18n import normalize_locale


async def choose_locale(ctx: Context, call_next: Next) -> None:
    community_locale = ctx.community_settings.locale if ctx.community_settings else None
    user_lang = ctx.event.user.lang if ctx.event.user else None
    chat_lang = ctx.event.chat.lang if ctx.event.chat else None
    ctx.locale = (normalize_locale(community_locale) or normalize_locale(user_lang) or normalize_locale(chat_lang)
                  or ctx.runtime.catalogs.default_locale)
    await call_next(ctx)
