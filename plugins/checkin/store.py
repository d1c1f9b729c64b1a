"""Between the streak engine's values and the plugin's rows."""
from __future__ import annotations

from datetime import date

from tortoise.exceptions import IntegrityError

from bot.models import Member

from plugins.checkin.models import AuditEntry, Checkin, DayDecisionRow, Leave, MemberStreak
from plugins.checkin.streaks import DayDecision, DayMark, Outcome, StreakState

_DECISION_FIELDS = ("streak_before", "streak_after", "total_after", "cards_after", "freezes_after",
                    "last_repair_after", "card_earned", "freeze_earned", "milestone")


async def streak_row(member: Member, joined: date) -> MemberStreak:
    """The member's streak row, created (settled through the day before joining) if missing."""
    row = await MemberStreak.get_or_none(member_id=member.id)
    if row is not None:
        return row
    return await create_streak_row(member, joined)


async def create_streak_row(member: Member, joined: date) -> MemberStreak:
    """A new streak row for a member who had none (the existing one if another task made it first)."""
    try:
        return await MemberStreak.create(community_id=member.community_id, member_id=member.id,
                                         settled_through=StreakState.new_member(joined).settled_through)
    except IntegrityError:
        return await MemberStreak.get(member_id=member.id)


def state_of(row: MemberStreak) -> StreakState:
    return StreakState(settled_through=row.settled_through, current=row.current, longest=row.longest,
                       cards=row.cards, freezes=row.freezes, last_repair_day=row.last_repair_day,
                       total_days=row.total_days)


def store_state(row: MemberStreak, state: StreakState) -> None:
    row.settled_through, row.current, row.longest = state.settled_through, state.current, state.longest
    row.cards, row.freezes, row.last_repair_day = state.cards, state.freezes, state.last_repair_day
    row.total_days = state.total_days


def decision_of(row: DayDecisionRow) -> DayDecision:
    return DayDecision(day=row.day, outcome=Outcome(row.outcome), mark=DayMark(row.mark) if row.mark else None,
                       **{name: getattr(row, name) for name in _DECISION_FIELDS})


def row_of(decision: DayDecision, member: Member) -> DayDecisionRow:
    return DayDecisionRow(community_id=member.community_id, member_id=member.id, day=decision.day,
                          outcome=decision.outcome.value, mark=decision.mark.value if decision.mark else None,
                          **{name: getattr(decision, name) for name in _DECISION_FIELDS})


async def save_decisions(member: Member, decisions: list[DayDecision]) -> None:
    if decisions:
        await DayDecisionRow.bulk_create([row_of(d, member) for d in decisions])


async def decisions_between(member_id: int, first: date, last: date) -> list[DayDecision]:
    rows = await DayDecisionRow.filter(member_id=member_id, day__gte=first, day__lte=last).order_by("day")
    return [decision_of(r) for r in rows]


async def decision_on(member_id: int, day: date) -> DayDecision | None:
    row = await DayDecisionRow.get_or_none(member_id=member_id, day=day)
    return decision_of(row) if row else None


async def marks_since(member_id: int, first: date, leave_days: set[date] | None = None) -> dict[date, DayMark]:
    """What the member did on each day from `first` on: check-ins win over leave, leave over
    an admin's removal (kept so a replay still explains it). The days of leave found are
    added to `leave_days` when given.

    One query (a UNION ALL of the three tables) instead of three: it runs inside the
    settling transaction, which on SQLite holds the only connection."""
    db = Checkin._meta.db
    sqlite = db.capabilities.dialect == "sqlite"
    member, since = ("?1", "?2") if sqlite else ("$1", "$2")
    rows = await db.execute_query_dict(_MARKS_SQL.format(member=member, since=since),
                                       [member_id, first.isoformat() if sqlite else first])
    marks: dict[date, DayMark] = {}
    for row in sorted(rows, key=lambda r: r["rank"]):  # later ranks win
        day = row["day"]
        if isinstance(day, str):  # SQLite returns dates as text
            day = date.fromisoformat(day)
        marks[day] = DayMark(row["mark"])
        if row["rank"] == 1 and leave_days is not None:
            leave_days.add(day)
    return marks


_MARKS_SQL = " UNION ALL ".join((
    f'SELECT "day", \'{DayMark.ADMIN_REMOVED.value}\' AS "mark", 0 AS "rank" FROM "{AuditEntry._meta.db_table}" '
    'WHERE "member_id"={member} AND "day">={since} AND "action"=\'remove\'',
    f'SELECT "day", \'{DayMark.LEAVE.value}\' AS "mark", 1 AS "rank" FROM "{Leave._meta.db_table}" '
    'WHERE "member_id"={member} AND "day">={since}',
    f'SELECT "day", "kind" AS "mark", 2 AS "rank" FROM "{Checkin._meta.db_table}" '
    'WHERE "member_id"={member} AND "day">={since}',
))
