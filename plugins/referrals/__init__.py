"""Referral posters (裂变海报): a personal link and a live QR poster per member, attribution that is
exact where the platform tells (Telegram's invite link, the sandbox's URL) and honest where it
does not (Discord's use counts: "uncertain", shown to admins), referrals that count only once
the invitee stayed and did something, reward steps granted once, a board and admin tools.

Entry point: `referrals = "plugins.referrals:plugin"`. See docs/referrals.md.
"""
from plugins.referrals.plugin import plugin

# Registration order is the order /help lists the commands in.
from plugins.referrals import member_commands  # noqa: E402,F401
from plugins.referrals import admin_commands  # noqa: E402,F401
from plugins.referrals import confirmation, membership  # noqa: E402,F401

__all__ = ["plugin"]
