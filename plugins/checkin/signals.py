"""What the check-in plugin tells other plugins: an Activity, and the points it paid, for each
check-in recorded (alone or in a group commit), made up, or added by an admin."""
from __future__ import annotations

from bot import Activity, Context, Member, PointsAwarded

from plugins.checkin.keeper import Change


async def checked_in(ctx: Context, member: Member, change: Change, kind: str) -> None:
    if change.checkin is None:
        return
    reference = f"checkin:{change.checkin.id}"
    await ctx.publish(Activity(member=member, kind=kind, reference=reference, day=change.checkin.day))
    if points := change.points + change.bonus:
        await ctx.publish(PointsAwarded(member=member, points=points, reason=kind, reference=reference))
