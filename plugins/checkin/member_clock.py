"""A member's view of time: their community day, deadlines and local clock.

The community's time zone and day start hour apply, unless the member set a personal
time zone (it moves only their own boundary). The window preset replaces day starts
by the daily window: the current day is the earliest one whose window has not closed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot import CommunitySettings, now

from plugins.checkin.community_day import CheckinWindow, community_day, day_deadline

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class MemberClock:
    tz: ZoneInfo
    day_start_hour: int
    window: CheckinWindow | None = None

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.tz)

    def current_day(self, instant: datetime | None = None) -> date:
        """The day still open at `instant` (default now): later days have not started."""
        instant = instant or now()
        if self.window is None:
            return community_day(instant, self.tz, self.day_start_hour)
        inside = self.window.window_day(instant, self.tz)
        if inside is not None:
            return inside
        today = self.local(instant).date()
        return today if self.window.opens_at(today, self.tz) > instant else today + ONE_DAY

    def checkin_day(self, instant: datetime | None = None) -> date | None:
        """The day a check-in at `instant` counts for; None outside the window."""
        instant = instant or now()
        if self.window is None:
            return community_day(instant, self.tz, self.day_start_hour)
        return self.window.window_day(instant, self.tz)

    def deadline(self, day: date) -> datetime:
        return day_deadline(day, self.tz, self.day_start_hour, self.window)

    def day_of(self, instant: datetime) -> date:
        return community_day(instant, self.tz, self.day_start_hour)


def clock_for(community: CommunitySettings, settings, personal_tz: str | None) -> MemberClock:
    """The clock of a member of a community (`settings`: the plugin's for that community)."""
    tz = ZoneInfo(personal_tz) if personal_tz else community.timezone
    return MemberClock(tz, community.day_start_hour, settings.window)
