"""The one source of "now" for the whole core, replaceable by a manual clock in the sandbox."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


# The times a settable clock accepts: far enough either way for any test or demo, and far
# from the ends of `datetime`, where date arithmetic overflows.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def check_settable(when: datetime) -> datetime:
    """`when` as UTC, or ValueError if it is naive or outside EARLIEST..LATEST."""
    if when.tzinfo is None:
        raise ValueError("give a time zone offset, e.g. 2026-03-05T21:00:00+00:00")
    when = when.astimezone(UTC)
    if not EARLIEST <= when < LATEST:
        raise ValueError(f"the clock can be set between {EARLIEST.year} and {LATEST.year - 1}")
    return when


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to (sandbox and tests)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = check_settable(start or datetime.now(UTC).replace(microsecond=0))

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = check_settable(when)

    def advance(self, delta: timedelta) -> None:
        self._now += delta


_current: Clock = SystemClock()


def now() -> datetime:
    return _current.now()


def use_clock(clock: Clock) -> Clock:
    """Install `clock` as the core's clock; returns the previous one."""
    global _current
    previous, _current = _current, clock
    return previous


def current_clock() -> Clock:
    return _current


class OffsetClock:
    """Real time shifted by an offset that can be set: the live sandbox's clock."""

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def set(self, when: datetime) -> None:
        self._offset = check_settable(when) - datetime.now(UTC)
