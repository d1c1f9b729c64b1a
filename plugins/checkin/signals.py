"""What the check-in plugin tells other plugins: an Activity for each check-in recorded (alone
or in a group commit), made up, or added by an admin. (The points it pays are told by the
core's ledger, as PointsAwarded.)"""
from __future__ import annotations

from bot import Activity, Context, Member

from plugins.checkin.models import Checkin


async def checked_in(ctx: Context, member: Member, checkin: Checkin, kind: str) -> None:
    """One check-in is one fact, `checkin:<id>`, however often it is told: a repeated or
    redelivered check-in tells it again, which a subscriber that handled it ignores and
    one that failed hears now."""
    await ctx.publish(Activity(member=member, kind=kind, reference=f"checkin:{checkin.id}", day=checkin.day))
