"""The plugin bus: every event from every adapter goes through here.

    adapter -> submit() -> bounded queue -> worker -> middlewares -> route -> gate -> handler

- `dispatcher`: the queue, its workers and the middleware chain (`Bus`);
- `registry`: the commands, buttons, forms and event handlers plugins declared;
- `middlewares/`: one small module per core middleware, each `(ctx, call_next)`;
- `routing`: which handler an event reaches;
- `gate`: whether it may (scope, enablement, rate limit, permission, cooldown).
"""
from bot.bus.dispatcher import Bus
from bot.bus.gate import CORE_PLUGIN, enabled
from bot.bus.middlewares.base import Middleware, Next
from bot.bus.routing import invoke

__all__ = ["Bus", "CORE_PLUGIN", "Middleware", "Next", "enabled", "invoke"]
