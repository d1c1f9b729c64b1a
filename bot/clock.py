"""The one source of "now" for the whole core, replaceable by a manual clock in the sandbox."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to (sandbox and tests)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC).replace(microsecond=0)
        if self._now.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = when.astimezone(UTC)

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
        if when.tzinfo is None:
            raise ValueError("OffsetClock needs an aware datetime")
        self._offset = when - datetime.now(UTC)
