"""The per-member counters /rank reads: all-time, this week's and this month's."""
from __future__ import annotations

from datetime import date, timedelta

from plugins.checkin.models import MemberStreak


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def count_day(row: MemberStreak, day: date, days: int, points: int) -> None:
    """Add `days` counted days and `points` points earned on `day` (negative to take back).

    A day in an older week or month than the counters hold changes only the all-time
    points: the period counters always describe the latest period seen.
    """
    row.points += points
    week, month = week_start(day), month_start(day)
    if row.week_start is None or week > row.week_start:
        row.week_start, row.week_days, row.week_points = week, 0, 0
    if week == row.week_start:
        row.week_days, row.week_points = max(0, row.week_days + days), row.week_points + points
    if row.month_start is None or month > row.month_start:
        row.month_start, row.month_days, row.month_points = month, 0, 0
    if month == row.month_start:
        row.month_days, row.month_points = max(0, row.month_days + days), row.month_points + points
