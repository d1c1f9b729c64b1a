"""The check-in plugin object; the command, job and event modules register on it."""
from __future__ import annotations

from bot import Plugin

from plugins.checkin.settings import CheckinSettings

plugin = Plugin(
    "checkin",
    version="1.0.0",
    description="Daily check-ins (打卡) with streaks, make-up cards, freezes, leave, reminders and digests",
    settings=CheckinSettings,
    models="plugins.checkin.models",
)
