"""The one contract every bus middleware keeps: `await middleware(ctx, call_next)`.

A middleware may change the context, call `call_next(ctx)` once to go on, or return
without calling it to stop the event there.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.context import Context

Next = Callable[[Context], Awaitable[None]]
Middleware = Callable[[Context, Next], Awaitable[None]]
