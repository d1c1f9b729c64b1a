"""A plugin's web routes, under `/plugins/<name>/`.

A handler takes the request (`async def page(request)`), or a context and the request
(`async def page(ctx, request)`): a `PluginContext` of its plugin, with no community, in the
reader's language (the first of `Accept-Language` that has a catalog), so the page's words
come from the catalogs like every other answer.
"""
from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from bot.context import PluginContext
from bot.i18n import normalize_locale

if TYPE_CHECKING:
    from aiohttp import web

    from bot.runtime import Runtime


def route_handler(runtime: "Runtime", plugin: str, handler: Any) -> Any:
    if len(inspect.signature(handler).parameters) < 2:
        return handler

    async def with_context(request: "web.Request") -> "web.StreamResponse":
        ctx = PluginContext(runtime)
        ctx.plugin = plugin
        ctx.locale = reader_locale(request.headers.get("Accept-Language")) or runtime.catalogs.default_locale
        return await handler(ctx, request)

    return with_context


def reader_locale(accept_language: str | None) -> str | None:
    """The first language of an Accept-Language header ("zh-CN,zh;q=0.9,en;q=0.8") we have."""
    for part in (accept_language or "").split(",")[:10]:
        if locale := normalize_locale(part.split(";", 1)[0].strip()):
            return locale
    return None
