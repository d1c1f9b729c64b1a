"""Streak rules engine: decides every community day of a member, one by one.

Inputs are the member's marks (what they did on a day); the output is one
stored :class:`DayDecision` per day, which explains the streak (``/why``) and
lets a later change replay only from the changed day forward.

Rules chosen (all pure arithmetic on the previous day's state):

* Counting days (checked, made up, admin added) add 1 to the streak.
* Rest weekdays are ``REST`` whatever the member did: they neither count nor
  break (the command layer should say "today is a rest day").
  Leave days are ``LEAVE``: neutral too.
* A day with no counting mark, when a streak is running, is protected in this
  order, else it is ``MISSED`` and the streak resets to 0:
  1. automatic repair (``repair_every_days > 0``, the forgiving preset): at
     most one repair in any ``repair_every_days`` consecutive days, i.e. a
     repair needs ``day - last_repair_day >= repair_every_days``;
  2. a held freeze (only when ``freezes_enabled``), consumed automatically.
  Both keep the streak without adding to it.  Nothing is spent on a day when
  no streak is running (streak 0).
* Earning: when a counting day brings the streak to a multiple of
  ``card_every`` the member earns a make-up card (held at most ``max_cards``);
  at a multiple of ``freeze_every`` a freeze (at most ``max_freezes``, only
  when freezes are enabled).  A made-up day first spends its card (never
  below 0: :func:`can_make_up` refuses without one), then may earn.  ``card_every`` must exceed ``makeup_window_days`` so that a card can
  never be earned after the missed day it would fill (replays stay exact).
* Milestones are reported on the counting day the streak reaches them (once
  per run; after a reset they can be reached again).  On a replay use
  :func:`new_milestones` so nothing is awarded twice.
* The card spend and all earnings are attached to days, so replaying from the
  decision before a changed day reproduces balances exactly; an admin removing
  a made-up day gives its card back through the replay.
* Cards granted from outside (a referral reward) are attached to a day too, one
  before any day they could fill: they are added after that day's decision, even
  beyond ``max_cards`` (which caps earning only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

ONE_DAY = timedelta(days=1)
DEFAULT_MILESTONES = (3, 7, 21, 30, 100, 365)
WORKDAYS_REST = frozenset({5, 6})  # Saturday, Sunday


class Preset(StrEnum):
    CLASSIC = "classic"
    FORGIVING = "forgiving"
    WORKDAYS = "workdays"
    WINDOW = "window"  # same streak rules as classic; the window is applied at check-in


@dataclass(frozen=True, slots=True)
class StreakRules:
    preset: Preset = Preset.CLASSIC
    rest_weekdays: frozenset[int] = frozenset()
    repair_every_days: int = 0  # 0: no automatic repair
    freezes_enabled: bool = False
    freeze_every: int = 7
    max_freezes: int = 2
    card_every: int = 7
    max_cards: int = 3
    makeup_window_days: int = 3
    milestones: tuple[int, ...] = DEFAULT_MILESTONES

    def __post_init__(self) -> None:
        if not self.rest_weekdays <= frozenset(range(7)) or len(self.rest_weekdays) == 7:
            raise ValueError("rest_weekdays must be a proper subset of 0..6")
        if min(self.freeze_every, self.card_every) < 1 or self.repair_every_days < 0:
            raise ValueError("freeze_every and card_every must be >= 1, repair_every_days >= 0")
        if self.card_every <= self.makeup_window_days:
            raise ValueError("card_every must exceed makeup_window_days")
        object.__setattr__(self, "rest_weekdays", frozenset(self.rest_weekdays))
        object.__setattr__(self, "milestones", tuple(sorted(set(self.milestones))))

    @classmethod
    def for_preset(cls, preset: Preset | str, **overrides: object) -> StreakRules:
        """Rules with the preset's defaults; keyword overrides win."""
        preset = Preset(preset)
        defaults: dict[str, object] = {"preset": preset}
        if preset is Preset.FORGIVING:
            defaults["repair_every_days"] = 7
        if preset is Preset.WORKDAYS:
            defaults["rest_weekdays"] = WORKDAYS_REST
        return cls(**(defaults | overrides))  # type: ignore[arg-type]


class DayMark(StrEnum):
    """What the member (or an admin) did on a day: the engine's input."""

    CHECKED = "checked"
    MADE_UP = "made_up"
    LEAVE = "leave"
    ADMIN_ADDED = "admin_added"
    ADMIN_REMOVED = "admin_removed"  # decided like no mark; kept for /why


class Outcome(StrEnum):
    """The stored decision for a day."""

    CHECKED = "checked"
    MADE_UP = "made_up"
    ADMIN_ADDED = "admin_added"
    LEAVE = "leave"
    REST = "rest"
    FROZEN = "frozen"
    REPAIRED = "repaired"
    MISSED = "missed"

    @property
    def counts(self) -> bool:
        return self in _COUNTING_OUTCOMES


_COUNTING_OUTCOMES = frozenset({Outcome.CHECKED, Outcome.MADE_UP, Outcome.ADMIN_ADDED})
_COUNTING_MARKS = {
    DayMark.CHECKED: Outcome.CHECKED,
    DayMark.MADE_UP: Outcome.MADE_UP,
    DayMark.ADMIN_ADDED: Outcome.ADMIN_ADDED,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class StreakState:
    settled_through: date  # last day whose decision is final
    current: int = 0
    longest: int = 0
    cards: int = 0
    freezes: int = 0
    last_repair_day: date | None = None
    total_days: int = 0

    @classmethod
    def new_member(cls, joined: date) -> StreakState:
        return cls(settled_through=joined - ONE_DAY)


@dataclass(frozen=True, slots=True, kw_only=True)
class DayDecision:
    day: date
    outcome: Outcome
    mark: DayMark | None
    streak_before: int
    streak_after: int
    total_after: int
    cards_after: int
    freezes_after: int
    last_repair_after: date | None
    card_earned: bool = False
    freeze_earned: bool = False
    milestone: int | None = None

    @property
    def streak_lost(self) -> bool:
        return self.outcome is Outcome.MISSED and self.streak_before > 0


# ---- deciding days -------------------------------------------------------


def is_rest_day(day: date, rules: StreakRules) -> bool:
    return day.weekday() in rules.rest_weekdays


def _repair_available(state: StreakState, day: date, rules: StreakRules) -> bool:
    if rules.repair_every_days == 0:
        return False
    last = state.last_repair_day
    return last is None or (day - last).days >= rules.repair_every_days


def outcome_if_missed(state: StreakState, day: date, rules: StreakRules) -> Outcome:
    """What happens to ``day`` if it passes without a check-in (for reminders)."""
    if is_rest_day(day, rules):
        return Outcome.REST
    if state.current == 0:
        return Outcome.MISSED
    if _repair_available(state, day, rules):
        return Outcome.REPAIRED
    if rules.freezes_enabled and state.freezes > 0:
        return Outcome.FROZEN
    return Outcome.MISSED


def _outcome_for(state: StreakState, day: date, mark: DayMark | None, rules: StreakRules) -> Outcome:
    if is_rest_day(day, rules):
        return Outcome.REST
    if mark in _COUNTING_MARKS:
        return _COUNTING_MARKS[mark]
    if mark is DayMark.LEAVE:
        return Outcome.LEAVE
    return outcome_if_missed(state, day, rules)


def _count_day(state: StreakState, outcome: Outcome, rules: StreakRules) -> tuple[StreakState, dict]:
    current = state.current + 1
    cards = state.cards - 1 if outcome is Outcome.MADE_UP else state.cards
    cards = max(cards, 0)
    card_earned = current % rules.card_every == 0 and cards < rules.max_cards
    freeze_earned = (
        rules.freezes_enabled
        and current % rules.freeze_every == 0
        and state.freezes < rules.max_freezes
    )
    counted = replace(
        state,
        current=current,
        longest=max(state.longest, current),
        total_days=state.total_days + 1,
        cards=cards + int(card_earned),
        freezes=state.freezes + int(freeze_earned),
    )
    changes = {
        "card_earned": card_earned,
        "freeze_earned": freeze_earned,
        "milestone": current if current in rules.milestones else None,
    }
    return counted, changes


def _apply(state: StreakState, day: date, outcome: Outcome, rules: StreakRules) -> tuple[StreakState, dict]:
    if outcome.counts:
        return _count_day(state, outcome, rules)
    if outcome is Outcome.MISSED:
        return replace(state, current=0), {}
    if outcome is Outcome.REPAIRED:
        return replace(state, last_repair_day=day), {}
    if outcome is Outcome.FROZEN:
        return replace(state, freezes=state.freezes - 1), {}
    return state, {}


def decide_day(
    state: StreakState, day: date, mark: DayMark | None, rules: StreakRules
) -> tuple[StreakState, DayDecision]:
    """Decide the day right after ``state.settled_through``."""
    if day != state.settled_through + ONE_DAY:
        raise ValueError(f"{day} does not follow settled day {state.settled_through}")
    outcome = _outcome_for(state, day, mark, rules)
    after, changes = _apply(state, day, outcome, rules)
    after = replace(after, settled_through=day)
    decision = DayDecision(
        day=day,
        outcome=outcome,
        mark=mark,
        streak_before=state.current,
        streak_after=after.current,
        total_after=after.total_days,
        cards_after=after.cards,
        freezes_after=after.freezes,
        last_repair_after=after.last_repair_day,
        **changes,
    )
    return after, decision


def settle(
    state: StreakState, marks: Mapping[date, DayMark], through: date, rules: StreakRules,
    granted: Mapping[date, int] | None = None,
) -> tuple[StreakState, list[DayDecision]]:
    """Decide every day after ``state.settled_through`` up to ``through``.

    Only new days are visited; settling days already settled does nothing.
    Pass ``through`` = yesterday, or today once today has a counting mark
    (:func:`settle_up_to_today` does exactly that): an undecided day is
    only MISSED once it is over. ``granted``: cards given at the end of a day.
    """
    decisions: list[DayDecision] = []
    day = state.settled_through + ONE_DAY
    while day <= through:
        state, decision = decide_day(state, day, marks.get(day), rules)
        if granted and granted.get(day):
            state = replace(state, cards=state.cards + granted[day])
            decision = replace(decision, cards_after=state.cards)
        decisions.append(decision)
        day += ONE_DAY
    return state, decisions


def settle_up_to_today(
    state: StreakState, marks: Mapping[date, DayMark], today: date, rules: StreakRules,
    granted: Mapping[date, int] | None = None,
) -> tuple[StreakState, list[DayDecision]]:
    """Settle through yesterday, and through today if today already counts."""
    through = today if marks.get(today) in _COUNTING_MARKS else today - ONE_DAY
    return settle(state, marks, through, rules, granted)


# ---- replaying after a change ---------------------------------------------


def resume_state(decision_before: DayDecision | None, longest: int, joined: date) -> StreakState:
    """The state right after ``decision_before`` (None: before ``joined``).

    ``longest`` is the baseline the replay can only raise: the stored longest
    after a make-up or admin addition; :func:`longest_from` of the decisions
    before the changed day after an admin removal.
    """
    if decision_before is None:
        return replace(StreakState.new_member(joined), longest=longest)
    d = decision_before
    return StreakState(
        settled_through=d.day,
        current=d.streak_after,
        longest=max(longest, d.streak_after),
        cards=d.cards_after,
        freezes=d.freezes_after,
        last_repair_day=d.last_repair_after,
        total_days=d.total_after,
    )


def replay(
    decision_before: DayDecision | None,
    longest: int,
    joined: date,
    marks: Mapping[date, DayMark],
    through: date,
    rules: StreakRules,
    granted: Mapping[date, int] | None = None,
) -> tuple[StreakState, list[DayDecision]]:
    """Re-decide the days after ``decision_before`` up to ``through``."""
    return settle(resume_state(decision_before, longest, joined), marks, through, rules, granted)


def longest_from(decisions: Iterable[DayDecision]) -> int:
    """Longest streak over stored decisions (SQL: ``max(streak_after)``)."""
    return max((d.streak_after for d in decisions), default=0)


# ---- make-up cards -------------------------------------------------------


class MakeupVerdict(StrEnum):
    OK = "ok"
    FUTURE = "future"
    TODAY = "today"
    BEFORE_JOIN = "before_join"
    OUTSIDE_WINDOW = "outside_window"
    ALREADY_COVERED = "already_covered"
    NO_CARD = "no_card"

    @property
    def allowed(self) -> bool:
        return self is MakeupVerdict.OK


def can_make_up(
    day: date,
    *,
    today: date,
    joined: date,
    state: StreakState,
    decision: DayDecision | None,
    rules: StreakRules,
) -> MakeupVerdict:
    """May ``day`` be filled with a card?  ``decision`` is the day's stored one.

    Settle through yesterday first; a day without decision is only refused
    when it is a rest weekday.
    """
    if day > today:
        return MakeupVerdict.FUTURE
    if day == today:
        return MakeupVerdict.TODAY
    if day < joined:
        return MakeupVerdict.BEFORE_JOIN
    if (today - day).days > rules.makeup_window_days:
        return MakeupVerdict.OUTSIDE_WINDOW
    if _is_covered(day, decision, rules):
        return MakeupVerdict.ALREADY_COVERED
    if state.cards < 1:
        return MakeupVerdict.NO_CARD
    return MakeupVerdict.OK


def _is_covered(day: date, decision: DayDecision | None, rules: StreakRules) -> bool:
    if decision is None:
        return is_rest_day(day, rules)
    return decision.outcome is not Outcome.MISSED


# ---- milestones ----------------------------------------------------------


def next_milestone(streak: int, rules: StreakRules) -> int | None:
    return next((m for m in rules.milestones if m > streak), None)


def milestones_reached(decisions: Iterable[DayDecision]) -> list[int]:
    return [d.milestone for d in decisions if d.milestone is not None]


def new_milestones(old: Iterable[DayDecision], new: Iterable[DayDecision]) -> list[int]:
    """Milestones a replay reports beyond those the replaced decisions had."""
    extra = Counter(milestones_reached(new)) - Counter(milestones_reached(old))
    return sorted(extra.elements())
