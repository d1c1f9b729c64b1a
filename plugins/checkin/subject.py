"""Whose streak an operation is about: the member with their clock, rules and join day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import Member

from plugins.checkin.config import CheckinConfig
from plugins.checkin.member_clock import MemberClock, clock_for
from plugins.checkin.models import MemberStreak
from plugins.checkin.rows import create_streak_row
from plugins.checkin.streaks import StreakRules


@dataclass(frozen=True)
class Subject:
    member: Member
    config: CheckinConfig
    clock: MemberClock
    joined: date

    @property
    def rules(self) -> StreakRules:
        return self.config.rules

    @property
    def today(self) -> date:
        return self.clock.current_day()


def subject_from_row(ctx, member: Member, row: MemberStreak | None) -> Subject:
    return build_subject(member, ctx.settings, ctx.config, row.timezone if row else None)


def build_subject(member: Member, settings, config: CheckinConfig, personal_tz: str | None) -> Subject:
    """`settings`: the community's (from the core)."""
    joined = joined_day(member, settings, config)
    return Subject(member, config, clock_for(settings, config, personal_tz), joined)


def joined_day(member: Member, settings, config: CheckinConfig) -> date:
    return clock_for(settings, config, None).day_of(member.joined_at)


async def load_subject(ctx, member: Member) -> tuple[Subject, MemberStreak]:
    """The member's subject and streak row (created on first use)."""
    row = await MemberStreak.get_or_none(member_id=member.id)
    subject = subject_from_row(ctx, member, row)
    if row is None:
        row = await create_streak_row(member, subject.joined)  # just seen missing
    return subject, row
