"""The referral plugin object; the link, join, reward, poster and command modules register on it."""
from __future__ import annotations

from pathlib import Path

from bot import Plugin

from plugins.referrals.settings import ReferralsSettings

plugin = Plugin(
    "referrals",
    version="1.0.0",
    description="Referral posters (裂变海报): personal links, exact attribution, activated referrals, rewards",
    settings=ReferralsSettings,
    models="plugins.referrals.models",
    locales=Path(__file__).parent / "locales",
)
