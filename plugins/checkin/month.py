"""A month as members type it (`/calendar 3`, `/checkin_export 2026-03`): one parser for every command."""
from __future__ import annotations

import calendar
import re
from datetime import date

from bot import UserError

_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_MONTH = re.compile(r"\d{1,2}")


def month_of(text: str, today: date) -> date:
    """The first day of the month `text` names: empty (this month), `M` (of this year) or `YYYY-MM`."""
    text = text.strip()
    if not text:
        return today.replace(day=1)
    if m := _YEAR_MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
    elif _MONTH.fullmatch(text):
        year, month = today.year, int(text)
    else:
        raise UserError("checkin-calendar-bad-month", value=text)
    if not (1 <= month <= 12 and year >= 1):
        raise UserError("checkin-calendar-bad-month", value=text)
    return date(year, month, 1)


def last_day(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])
