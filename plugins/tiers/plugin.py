"""The tier plugin object; the XP, standing, command and job modules register on it."""
from __future__ import annotations

from bot import Plugin

from plugins.tiers.settings import TiersSettings

plugin = Plugin(
    "tiers",
    version="1.0.0",
    description="Tier roles (会员层级): one XP from every plugin, privileges, promotion and demotion with grace",
    settings=TiersSettings,
    models="plugins.tiers.models",
)
