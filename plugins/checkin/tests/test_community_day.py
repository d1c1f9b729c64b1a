from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from plugins.checkin.community_day import (
    CheckinWindow,
    community_day,
    day_bounds,
    day_deadline,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def at(tz, *parts):
    return datetime(*parts, tzinfo=tz)


def test_before_day_start_hour_counts_for_yesterday():
    assert community_day(at(SHANGHAI, 2024, 3, 6, 1, 30), SHANGHAI, 4) == date(2024, 3, 5)


def test_at_day_start_hour_is_a_new_day():
    assert community_day(at(SHANGHAI, 2024, 3, 6, 4, 0), SHANGHAI, 4) == date(2024, 3, 6)
    assert community_day(at(SHANGHAI, 2024, 3, 6, 3, 59), SHANGHAI, 4) == date(2024, 3, 5)


def test_day_start_hour_zero_is_midnight():
    assert community_day(at(SHANGHAI, 2024, 3, 6, 0, 1), SHANGHAI, 0) == date(2024, 3, 6)


def test_instant_in_other_zone_is_converted():
    instant = datetime(2024, 3, 5, 18, 0, tzinfo=UTC)  # 02:00 on 03-06 in Shanghai
    assert community_day(instant, SHANGHAI, 4) == date(2024, 3, 5)


def test_naive_instant_is_rejected():
    with pytest.raises(ValueError):
        community_day(datetime(2024, 3, 6, 12), SHANGHAI, 4)


def test_personal_timezone_moves_only_that_members_boundary():
    instant = datetime(2024, 3, 6, 1, 0, tzinfo=UTC)
    # Community in Shanghai: 09:00 on 03-06.  Member in New York: 20:00 on 03-05.
    assert community_day(instant, SHANGHAI, 4) == date(2024, 3, 6)
    assert community_day(instant, NEW_YORK, 4) == date(2024, 3, 5)
    # Same start hour, different zone: the member's day starts at 04:00 their time.
    start, _ = day_bounds(date(2024, 3, 6), NEW_YORK, 4)
    assert start.astimezone(NEW_YORK).hour == 4


def test_ordinary_day_has_24_hours():
    start, end = day_bounds(date(2024, 3, 5), SHANGHAI, 4)
    assert end - start == timedelta(hours=24)
    assert start == at(SHANGHAI, 2024, 3, 5, 4)
    assert end == at(SHANGHAI, 2024, 3, 6, 4)


def test_new_york_spring_forward_day_has_23_hours():
    # Clocks jump 02:00 -> 03:00 on 03-10, inside community day 03-09 (04:00 start).
    start, end = day_bounds(date(2024, 3, 9), NEW_YORK, 4)
    assert end - start == timedelta(hours=23)
    assert start.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2024, 3, 9, 4)
    assert end.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2024, 3, 10, 4)
    assert start == datetime(2024, 3, 9, 9, tzinfo=UTC)  # EST, UTC-5
    assert end == datetime(2024, 3, 10, 8, tzinfo=UTC)  # EDT, UTC-4


def test_new_york_day_after_spring_forward_has_24_hours():
    start, end = day_bounds(date(2024, 3, 10), NEW_YORK, 4)
    assert end - start == timedelta(hours=24)


def test_new_york_fall_back_day_has_25_hours():
    # Clocks fall back 02:00 -> 01:00 on 11-03, inside community day 11-02.
    start, end = day_bounds(date(2024, 11, 2), NEW_YORK, 4)
    assert end - start == timedelta(hours=25)
    assert start == datetime(2024, 11, 2, 8, tzinfo=UTC)  # EDT
    assert end == datetime(2024, 11, 3, 9, tzinfo=UTC)  # EST


def test_midnight_start_puts_dst_change_on_the_calendar_day():
    spring = day_bounds(date(2024, 3, 10), NEW_YORK, 0)
    fall = day_bounds(date(2024, 11, 3), NEW_YORK, 0)
    assert spring[1] - spring[0] == timedelta(hours=23)
    assert fall[1] - fall[0] == timedelta(hours=25)


def test_dst_boundaries_agree_with_community_day():
    for day in (date(2024, 3, 9), date(2024, 3, 10), date(2024, 11, 2), date(2024, 11, 3)):
        start, end = day_bounds(day, NEW_YORK, 4)
        assert community_day(start, NEW_YORK, 4) == day
        assert community_day(end - timedelta(microseconds=1), NEW_YORK, 4) == day
        assert community_day(end, NEW_YORK, 4) == day + timedelta(days=1)


def test_both_repeated_hours_of_fall_back_belong_to_the_same_day():
    first = datetime(2024, 11, 3, 5, 30, tzinfo=UTC)  # 01:30 EDT
    second = datetime(2024, 11, 3, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert community_day(first, NEW_YORK, 4) == date(2024, 11, 2)
    assert community_day(second, NEW_YORK, 4) == date(2024, 11, 2)


def test_start_hour_inside_skipped_hour_resolves_after_the_gap():
    start, end = day_bounds(date(2024, 3, 10), NEW_YORK, 2)
    assert start == datetime(2024, 3, 10, 7, tzinfo=UTC)  # 03:00 EDT, first instant after 02:00
    assert community_day(start, NEW_YORK, 2) == date(2024, 3, 10)
    assert end - start == timedelta(hours=23)


NIGHT_WINDOW = CheckinWindow(time(15), time(9))


def test_window_crossing_midnight_morning_counts_for_yesterday():
    assert NIGHT_WINDOW.window_day(at(SHANGHAI, 2024, 3, 6, 8, 0), SHANGHAI) == date(2024, 3, 5)


def test_window_crossing_midnight_evening_counts_for_today():
    assert NIGHT_WINDOW.window_day(at(SHANGHAI, 2024, 3, 6, 15, 0), SHANGHAI) == date(2024, 3, 6)
    assert NIGHT_WINDOW.window_day(at(SHANGHAI, 2024, 3, 6, 23, 59), SHANGHAI) == date(2024, 3, 6)


def test_window_crossing_midnight_refuses_noon():
    assert NIGHT_WINDOW.window_day(at(SHANGHAI, 2024, 3, 6, 12, 0), SHANGHAI) is None
    assert NIGHT_WINDOW.window_day(at(SHANGHAI, 2024, 3, 6, 9, 0), SHANGHAI) is None


def test_same_day_window():
    morning = CheckinWindow(time(6), time(9))
    assert morning.window_day(at(SHANGHAI, 2024, 3, 6, 6, 0), SHANGHAI) == date(2024, 3, 6)
    assert morning.window_day(at(SHANGHAI, 2024, 3, 6, 9, 0), SHANGHAI) is None
    assert morning.window_day(at(SHANGHAI, 2024, 3, 6, 5, 59), SHANGHAI) is None


def test_empty_window_is_rejected():
    with pytest.raises(ValueError):
        CheckinWindow(time(9), time(9))


def test_deadline_is_next_day_start():
    deadline = day_deadline(date(2024, 3, 5), SHANGHAI, 4)
    assert deadline == at(SHANGHAI, 2024, 3, 6, 4)
    assert deadline.tzinfo is UTC


def test_deadline_with_window_crossing_midnight():
    assert day_deadline(date(2024, 3, 5), SHANGHAI, 4, NIGHT_WINDOW) == at(SHANGHAI, 2024, 3, 6, 9)
    assert NIGHT_WINDOW.opens_at(date(2024, 3, 5), SHANGHAI) == at(SHANGHAI, 2024, 3, 5, 15)


def test_deadline_with_same_day_window():
    morning = CheckinWindow(time(6), time(9))
    assert day_deadline(date(2024, 3, 5), SHANGHAI, 4, morning) == at(SHANGHAI, 2024, 3, 5, 9)


def test_deadline_on_dst_day_uses_local_start_hour():
    deadline = day_deadline(date(2024, 3, 9), NEW_YORK, 4)
    assert deadline.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2024, 3, 10, 4)
    assert deadline == datetime(2024, 3, 10, 8, tzinfo=UTC)  # already EDT at 04:00
