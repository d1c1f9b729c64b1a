"""Which community day an instant belongs to, and when a day begins and ends.

A community day starts at ``day_start_hour`` local time (default 4), so a
check-in at 01:30 still counts for the previous calendar day.  Local time is
the community's IANA zone, or a member's personal zone: passing a different
``tz`` moves only that member's boundary, the start hour stays the same.

All returned instants are aware datetimes in **UTC**.  Python compares and
subtracts datetimes that share one ``tzinfo`` by wall clock, which is wrong
around DST changes; UTC values are always safe to subtract, compare and
store.  Format them for people with ``.astimezone(tz)``.

A :class:`CheckinWindow` (the ``window`` preset) restricts when a check-in is
accepted; a window that crosses midnight (15:00-09:00) belongs to the day it
opened on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ONE_DAY = timedelta(days=1)


def _local(instant: datetime, tz: ZoneInfo) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(tz)


def _utc_at(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The instant a local wall clock shows ``clock`` on ``day`` (UTC).

    A wall time skipped by a spring-forward change resolves to the first
    instant after the gap; an ambiguous one to its first occurrence.
    """
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def community_day(instant: datetime, tz: ZoneInfo, day_start_hour: int) -> date:
    """The community day ``instant`` belongs to."""
    local = _local(instant, tz)
    if local.hour < day_start_hour:
        return local.date() - ONE_DAY
    return local.date()


def day_bounds(day: date, tz: ZoneInfo, day_start_hour: int) -> tuple[datetime, datetime]:
    """``[start, end)`` of a community day in UTC; 23 or 25 hours on DST days."""
    start_clock = time(day_start_hour)
    return _utc_at(day, start_clock, tz), _utc_at(day + ONE_DAY, start_clock, tz)


@dataclass(frozen=True, slots=True)
class CheckinWindow:
    """Daily local-time window ``[start, end)`` in which check-ins are accepted.

    ``start > end`` means the window crosses midnight and the part after
    midnight counts for the day the window opened on.
    """

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("a check-in window needs distinct start and end")

    @property
    def crosses_midnight(self) -> bool:
        return self.start > self.end

    def window_day(self, instant: datetime, tz: ZoneInfo) -> date | None:
        """The day whose window contains ``instant``, or None when outside."""
        local = _local(instant, tz)
        clock = local.time().replace(tzinfo=None)
        if not self.crosses_midnight:
            return local.date() if self.start <= clock < self.end else None
        if clock >= self.start:
            return local.date()
        if clock < self.end:
            return local.date() - ONE_DAY
        return None

    def opens_at(self, day: date, tz: ZoneInfo) -> datetime:
        """When the window of ``day`` opens (UTC)."""
        return _utc_at(day, self.start, tz)

    def closes_at(self, day: date, tz: ZoneInfo) -> datetime:
        """When the window of ``day`` closes (UTC)."""
        close_day = day + ONE_DAY if self.crosses_midnight else day
        return _utc_at(close_day, self.end, tz)


def day_deadline(
    day: date,
    tz: ZoneInfo,
    day_start_hour: int,
    window: CheckinWindow | None = None,
) -> datetime:
    """The instant (UTC) after which ``day`` can no longer be checked in."""
    if window is not None:
        return window.closes_at(day, tz)
    return day_bounds(day, tz, day_start_hour)[1]
