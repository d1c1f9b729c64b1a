"""Who is active, who checked in, who is on leave: the organiser's numbers."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from plugins.checkin.models import Checkin, Leave, MemberStreak
from plugins.checkin.streaks import StreakRules, is_rest_day

ACTIVE_DAYS = 30


async def present_ids(community_id: int) -> set[int]:
    return set(await MemberStreak.filter(community_id=community_id, present=True).values_list("member_id", flat=True))


async def active_ids(community_id: int, day: date) -> set[int]:
    """Members still here who checked in at least once in the 30 days up to `day`."""
    recent = set(await Checkin.filter(community_id=community_id, day__gt=day - timedelta(days=ACTIVE_DAYS),
                                      day__lte=day).distinct().values_list("member_id", flat=True))
    return recent & await present_ids(community_id)


async def checked_ids(community_id: int, day: date) -> set[int]:
    return set(await Checkin.filter(community_id=community_id, day=day).values_list("member_id", flat=True))


async def leave_ids(community_id: int, day: date) -> set[int]:
    return set(await Leave.filter(community_id=community_id, day=day).values_list("member_id", flat=True))


async def daily_counts(community_id: int, last: date, days: int) -> list[int]:
    """Check-ins per day for the `days` days ending with `last`, oldest first."""
    first = last - timedelta(days=days - 1)
    found = Counter(await Checkin.filter(community_id=community_id, day__gte=first, day__lte=last)
                    .values_list("day", flat=True))
    return [found.get(first + timedelta(days=i), 0) for i in range(days)]


async def missed_on(community_id: int, day: date, rules: StreakRules) -> set[int]:
    """Active members who neither checked in nor were on leave on `day` (a counting day)."""
    if is_rest_day(day, rules):
        return set()
    active = await active_ids(community_id, day)
    return active - await checked_ids(community_id, day) - await leave_ids(community_id, day)


async def at_risk(community_id: int, today: date, rules: StreakRules) -> set[int]:
    """Active members who missed at least 2 of the last 3 finished days."""
    misses: Counter[int] = Counter()
    for back in (1, 2, 3):
        misses.update(await missed_on(community_id, today - timedelta(days=back), rules))
    return {member for member, count in misses.items() if count >= 2} & await active_ids(community_id, today)
