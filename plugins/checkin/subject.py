"""Whose streak an operation is about: the member with their clock, rules and join day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import CommunitySettings, Member

from plugins.checkin.settings import CheckinSettings
from plugins.checkin.member_clock import MemberClock, clock_for
from plugins.checkin.models import MemberStreak
from plugins.checkin.rows import create_streak_row
from plugins.checkin.streaks import StreakRules


@dataclass(frozen=True)
class Subject:
    member: Member
    settings: CheckinSettings
    clock: MemberClock
    joined: date

    @property
    def rules(self) -> StreakRules:
        return self.settings.rules

    @property
    def today(self) -> date:
        return self.clock.current_day()


def subject_of(member: Member, community: CommunitySettings, settings: CheckinSettings,
               row: MemberStreak | None = None) -> Subject:
    """The member's subject in a community (`row`: their streak row, for a personal time zone)."""
    clock = clock_for(community, settings, row.timezone if row else None)
    joined = clock_for(community, settings, None).day_of(member.joined_at)
    return Subject(member, settings, clock, joined)


async def load_subject(ctx, member: Member) -> tuple[Subject, MemberStreak]:
    """The member's subject and streak row (created on first use)."""
    row = await MemberStreak.get_or_none(member_id=member.id)
    subject = subject_of(member, ctx.community_settings, ctx.settings, row)
    if row is None:
        row = await create_streak_row(member, subject.joined)  # just seen missing
    return subject, row
