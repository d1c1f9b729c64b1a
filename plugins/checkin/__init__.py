"""Check-in streaks (打卡): daily check-ins, streak presets, make-up cards, freezes, leave,
reminders, leaderboards, calendars and the organisers' tools.

Entry point: `checkin = "plugins.checkin:plugin"`. See docs/checkin.md.
"""
from plugins.checkin.plugin import plugin

# Registration order is the order /help lists the commands in.
from plugins.checkin import member_commands  # noqa: E402,F401
from plugins.checkin import views  # noqa: E402,F401
from plugins.checkin import admin_commands  # noqa: E402,F401
from plugins.checkin import card_grants, jobs, membership  # noqa: E402,F401

__all__ = ["plugin"]
