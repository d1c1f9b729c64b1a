"""The options of `/camp open <camp> <start> [tz=Area/City] [seats=N] [enrol=FROM..UNTIL]`: a
cohort's own time zone, seat limit and enrolment window. A bad value is a clear answer (a
UserError) and opens nothing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import UserError

KEYS = {"tz": "tz", "timezone": "tz", "时区": "tz", "seats": "seats", "名额": "seats",
        "enrol": "enrol", "enroll": "enrol", "报名": "enrol"}
MAX_SEATS = 100_000


@dataclass(frozen=True)
class OpenOptions:
    timezone: str | None = None
    seats: int | None = None
    enrol_from: date | None = None
    enrol_until: date | None = None


def parse(words: list[str], start: date) -> OpenOptions:
    values: dict[str, object] = {}
    for word in words:
        key, equals, value = word.partition("=")
        name = KEYS.get(key.lower())
        if not equals or name is None or not value:
            raise UserError("camps-open-bad-option", option=word[:40])
        values[name] = value
    enrol_from, enrol_until = _window(str(values["enrol"]), start) if "enrol" in values else (None, None)
    return OpenOptions(timezone=_zone(str(values["tz"])) if "tz" in values else None,
                       seats=_seats(str(values["seats"])) if "seats" in values else None,
                       enrol_from=enrol_from, enrol_until=enrol_until)


def _zone(value: str) -> str:
    try:
        if "/" not in value and value != "UTC":
            raise ValueError(value)
        ZoneInfo(value)
    except (ValueError, ZoneInfoNotFoundError):
        raise UserError("camps-open-bad-timezone", value=value[:40]) from None
    return value


def _seats(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_SEATS:
        raise UserError("camps-open-bad-seats", value=value[:20], most=MAX_SEATS)
    return int(value)


def _window(value: str, start: date) -> tuple[date | None, date | None]:
    """`FROM..UNTIL`, `..UNTIL` or `FROM..`; a single date is the last day to enrol."""
    first, dots, last = value.partition("..")
    try:
        enrol_from = date.fromisoformat(first) if dots and first else None
        enrol_until = date.fromisoformat(last if dots else first) if (last or not dots) else None
    except ValueError:
        raise UserError("camps-open-bad-window", value=value[:40]) from None
    if enrol_from and enrol_until and enrol_from > enrol_until:
        raise UserError("camps-open-window-backwards", value=value[:40])
    if enrol_from and enrol_from > start:
        raise UserError("camps-open-window-after-start", value=value[:40], start=start.isoformat())
    return enrol_from, enrol_until
