"""/rank's queries: each reads one per-member counter through its index.

Members who left are not listed (`present` is false). Ties share a rank: a member's
rank is one more than the number of members with a strictly higher value.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from plugins.checkin.counters import month_start, week_start
from plugins.checkin.models import MemberStreak

# (period, metric) -> (counter field, period field or None)
COUNTERS = {
    ("all", "streak"): ("current", None), ("week", "streak"): ("current", None),
    ("month", "streak"): ("current", None),
    ("all", "total"): ("total_days", None), ("week", "total"): ("week_days", "week_start"),
    ("month", "total"): ("month_days", "month_start"),
    ("all", "points"): ("points", None), ("week", "points"): ("week_points", "week_start"),
    ("month", "points"): ("month_points", "month_start"),
}


@dataclass(frozen=True)
class Standing:
    member_id: int
    value: int
    rank: int


def _period_value(period: str, today: date) -> date | None:
    return {"week": week_start(today), "month": month_start(today)}.get(period)


def _base(community_id: int, period_field: str | None, period_value: date | None):
    query = MemberStreak.filter(community_id=community_id, present=True)
    if period_field:
        query = query.filter(**{period_field: period_value})
    return query


async def top(community_id: int, period: str, metric: str, today: date, limit: int = 10) -> list[Standing]:
    field, period_field = COUNTERS[(period, metric)]
    query = _base(community_id, period_field, _period_value(period, today)).filter(**{f"{field}__gt": 0})
    rows = await query.order_by(f"-{field}", "member_id").limit(limit).values_list("member_id", field)
    standings, rank = [], 0
    for index, (member_id, value) in enumerate(rows):
        if index == 0 or value != rows[index - 1][1]:
            rank = index + 1
        standings.append(Standing(member_id, value, rank))
    return standings


async def position(community_id: int, member_id: int, period: str, metric: str, today: date) -> Standing | None:
    """The member's own standing; None when they have nothing counted in the period."""
    field, period_field = COUNTERS[(period, metric)]
    value_of = _period_value(period, today)
    own = await MemberStreak.get_or_none(member_id=member_id, community_id=community_id, present=True)
    if own is None or (period_field and getattr(own, period_field) != value_of) or getattr(own, field) <= 0:
        return None
    value = getattr(own, field)
    ahead = await _base(community_id, period_field, value_of).filter(**{f"{field}__gt": value}).count()
    return Standing(member_id, value, ahead + 1)
