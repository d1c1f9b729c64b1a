"""Tier roles (会员层级): XP from every plugin's activity (and chat messages if enabled), a level curve,
tiers per community with privileges, promotion, a rolling activity floor with warning and grace,
granted tiers with expiry, and each platform's native display.

Entry point: `tiers = "plugins.tiers:plugin"`. See docs/tiers.md.
"""
from plugins.tiers.plugin import plugin

# Registration order is the order /help lists the commands in.
from plugins.tiers import member_commands  # noqa: E402,F401
from plugins.tiers import admin_commands  # noqa: E402,F401
from plugins.tiers import earning, jobs, membership, rewards  # noqa: E402,F401

__all__ = ["plugin"]
