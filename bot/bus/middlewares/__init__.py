"""The core's middlewares, outermost first: every event passes them before it is routed."""
from bot.bus.middlewares.base import Middleware, Next
from bot.bus.middlewares.community import resolve_community
from bot.bus.middlewares.deduplicate import deduplicate
from bot.bus.middlewares.error_boundary import error_boundary
from bot.bus.middlewares.locale import choose_locale
from bot.bus.middlewares.member import resolve_member

CORE_MIDDLEWARES: tuple[Middleware, ...] = (error_boundary, deduplicate, resolve_community, resolve_member,
                                            choose_locale)

__all__ = ["CORE_MIDDLEWARES", "Middleware", "Next"]
