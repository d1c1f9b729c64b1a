"""The tier plugin object; the XP, standing, command and job modules register on it."""
from __future__ import annotations

from bot import Plugin

from plugins.tiers.config import TiersConfig

plugin = Plugin(
    "tiers",
    version="1.0.0",
    description="Tier roles (会员层级): one XP from every plugin, privileges, promotion and demotion with grace",
    config=TiersConfig,
    models="plugins.tiers.models",
)
