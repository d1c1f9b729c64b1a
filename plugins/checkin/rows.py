"""Between the streak engine's values and the plugin's rows: streak rows, day decisions, marks."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from bot import Member, insert_many, select_dicts, table_of, update_many

from plugins.checkin.models import AuditEntry, CardGrant, Checkin, DayDecisionRow, Leave, MemberStreak
from plugins.checkin.streaks import DayDecision, DayMark, Outcome, StreakState

_DECISION_FIELDS = ("streak_before", "streak_after", "total_after", "cards_after", "freezes_after",
                    "last_repair_after", "card_earned", "freeze_earned", "milestone")


def new_streak_row(member: Member, joined: date) -> MemberStreak:
    """The streak row of a member who had none (unsaved): settled through the day before joining."""
    return MemberStreak(community_id=member.community_id, member_id=member.id,
                        settled_through=StreakState.new_member(joined).settled_through)


async def create_streak_row(member: Member, joined: date) -> MemberStreak:
    """A new streak row for a member who had none (the existing one if another task made it first)."""
    row = new_streak_row(member, joined)
    try:
        async with in_transaction():  # a savepoint inside a unit of work: a conflict must not abort it
            await row.save()
    except IntegrityError:
        return await MemberStreak.get(member_id=member.id)
    return row


def state_of(row: MemberStreak) -> StreakState:
    return StreakState(settled_through=row.settled_through, current=row.current, longest=row.longest,
                       cards=row.cards, freezes=row.freezes, last_repair_day=row.last_repair_day,
                       total_days=row.total_days)


def store_state(row: MemberStreak, state: StreakState) -> None:
    row.settled_through, row.current, row.longest = state.settled_through, state.current, state.longest
    row.cards, row.freezes, row.last_repair_day = state.cards, state.freezes, state.last_repair_day
    row.total_days = state.total_days


_SAVED_FIELDS = ("settled_through", "current", "longest", "cards", "freezes", "last_repair_day", "total_days",
                 "points", "week_start", "week_days", "week_points", "month_start", "month_days", "month_points",
                 "present")


async def save_streak_rows(rows: list[MemberStreak]) -> None:
    """Write the streak state and counters of several rows in one round trip."""
    await update_many(MemberStreak, rows, _SAVED_FIELDS)


def decision_of(row: DayDecisionRow) -> DayDecision:
    return DayDecision(day=row.day, outcome=Outcome(row.outcome), mark=DayMark(row.mark) if row.mark else None,
                       **{name: getattr(row, name) for name in _DECISION_FIELDS})


def decision_values(decision: DayDecision, member: Member) -> dict:
    """A decision as the columns of its row."""
    return {"community_id": member.community_id, "member_id": member.id, "day": decision.day,
            "outcome": decision.outcome.value, "mark": decision.mark.value if decision.mark else None,
            **{name: getattr(decision, name) for name in _DECISION_FIELDS}}


async def save_decisions(member: Member, decisions: list[DayDecision]) -> None:
    await insert_many(DayDecisionRow, [decision_values(d, member) for d in decisions])


async def decisions_between(member_id: int, first: date, last: date) -> list[DayDecision]:
    rows = await DayDecisionRow.filter(member_id=member_id, day__gte=first, day__lte=last).order_by("day")
    return [decision_of(r) for r in rows]


async def decision_on(member_id: int, day: date) -> DayDecision | None:
    row = await DayDecisionRow.get_or_none(member_id=member_id, day=day)
    return decision_of(row) if row else None


async def cards_granted(member_id: int, first: date) -> tuple[int, dict[date, int]]:
    """Cards given from outside: the sum of those attached before `first`, and those from `first` on by day."""
    before, by_day = 0, {}
    for day, cards in await CardGrant.filter(member_id=member_id).values_list("day", "cards"):
        if day < first:
            before += cards
        else:
            by_day[day] = by_day.get(day, 0) + cards
    return before, by_day


async def marks_since(member_id: int, first: date) -> dict[date, DayMark]:
    """What the member did on each day from `first` on (see `marks_of_members`)."""
    return (await marks_of_members({member_id: first}))[member_id].marks


@dataclass
class Marks:
    marks: dict[date, DayMark] = field(default_factory=dict)
    leave_days: set[date] = field(default_factory=set)


async def marks_of_members(firsts: dict[int, date]) -> dict[int, Marks]:
    """What each member did on each day from their first day on: check-ins win over leave,
    leave over an admin's removal (kept so a replay still explains it).

    One query for all members (a UNION ALL of the three tables) instead of three per
    member: it runs inside a transaction, which on SQLite holds the only connection."""
    members = ", ".join("?" * len(firsts))
    params = [*firsts, min(firsts.values())]
    rows = await select_dicts(Checkin, _MARKS_SQL.format(members=members), params * 3)
    found = {member_id: Marks() for member_id in firsts}
    for row in sorted(rows, key=lambda r: r["rank"]):  # later ranks win
        day = row["day"]
        if isinstance(day, str):  # SQLite returns dates as text
            day = date.fromisoformat(day)
        member = found[row["member_id"]]
        if day < firsts[row["member_id"]]:
            continue
        member.marks[day] = DayMark(row["mark"])
        if row["rank"] == 1:
            member.leave_days.add(day)
    return found


_MARKS_SQL = " UNION ALL ".join((
    f'SELECT "member_id", "day", \'{DayMark.ADMIN_REMOVED.value}\' AS "mark", 0 AS "rank" '
    f'FROM {table_of(AuditEntry)} WHERE "member_id" IN ({{members}}) AND "day">=? AND "action"=\'remove\'',
    f'SELECT "member_id", "day", \'{DayMark.LEAVE.value}\' AS "mark", 1 AS "rank" '
    f'FROM {table_of(Leave)} WHERE "member_id" IN ({{members}}) AND "day">=?',
    f'SELECT "member_id", "day", "kind" AS "mark", 2 AS "rank" '
    f'FROM {table_of(Checkin)} WHERE "member_id" IN ({{members}}) AND "day">=?',
))
