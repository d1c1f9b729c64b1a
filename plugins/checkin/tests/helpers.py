"""Shared steps for the check-in plugin's sandbox tests."""
from __future__ import annotations

from datetime import UTC, datetime

from bot import Member

from plugins.checkin.models import Checkin, MemberStreak


def utc(text: str) -> datetime:
    """'2026-03-03 01:30' as an aware UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def checkin_settings(**settings) -> dict:
    return {"plugins": {"checkin": settings}}


async def member(name: str, community: str = "demo") -> Member:
    return await Member.get(display_name=name.capitalize(), community__slug=community)


async def streak_of(name: str) -> MemberStreak:
    return await MemberStreak.get(member_id=(await member(name)).id)


async def checkin_days(name: str) -> list:
    return sorted(await Checkin.filter(member_id=(await member(name)).id).values_list("day", flat=True))


async def checkin_each_day(sandbox, user: str, days: int, hour: int = 9) -> None:
    """Check in now and on each of the next `days - 1` days at the same hour."""
    for index in range(days):
        if index:
            await sandbox.advance(days=1)
        replies = await sandbox.user(user).says("/checkin")
        assert "checked in" in replies.text or "打卡成功" in replies.text, replies.text
