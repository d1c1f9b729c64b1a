import random
from datetime import date, timedelta

import pytest

from plugins.checkin.streaks import (
    DayMark,
    MakeupVerdict,
    Outcome,
    Preset,
    StreakRules,
    StreakState,
    can_make_up,
    longest_from,
    milestones_reached,
    new_milestones,
    next_milestone,
    outcome_if_missed,
    replay,
    resume_state,
    settle,
    settle_up_to_today,
)

START = date(2024, 3, 4)  # a Monday
CLASSIC = StreakRules.for_preset(Preset.CLASSIC)
FORGIVING = StreakRules.for_preset(Preset.FORGIVING)
WORKDAYS = StreakRules.for_preset(Preset.WORKDAYS)
FREEZING = StreakRules.for_preset(Preset.CLASSIC, freezes_enabled=True, freeze_every=3, max_freezes=1)

SYMBOLS = {
    "C": DayMark.CHECKED,
    "M": DayMark.MADE_UP,
    "L": DayMark.LEAVE,
    "A": DayMark.ADMIN_ADDED,
    "R": DayMark.ADMIN_REMOVED,
}


def day(n: int) -> date:
    return START + timedelta(days=n)


def marks_from(pattern: str, start: date = START) -> dict[date, DayMark]:
    """'CC.C' -> checked, checked, nothing, checked from ``start`` on."""
    return {start + timedelta(days=i): SYMBOLS[s] for i, s in enumerate(pattern) if s != "."}


def run(pattern: str, rules: StreakRules = CLASSIC, state: StreakState | None = None):
    state = state or StreakState.new_member(START)
    return settle(state, marks_from(pattern), START + timedelta(days=len(pattern) - 1), rules)


def outcomes(decisions) -> list[Outcome]:
    return [d.outcome for d in decisions]


def streaks(decisions) -> list[int]:
    return [d.streak_after for d in decisions]


# ---- classic ---------------------------------------------------------------


def test_classic_counts_consecutive_days():
    state, decisions = run("CCC")
    assert streaks(decisions) == [1, 2, 3]
    assert (state.current, state.longest, state.total_days) == (3, 3, 3)
    assert state.settled_through == day(2)


def test_classic_missed_day_breaks_and_streak_restarts():
    state, decisions = run("CCCC.CC")
    assert outcomes(decisions)[4] is Outcome.MISSED
    assert decisions[4].streak_lost and decisions[4].streak_before == 4
    assert streaks(decisions) == [1, 2, 3, 4, 0, 1, 2]
    assert (state.current, state.longest, state.total_days) == (2, 4, 6)


def test_longest_is_preserved_across_shorter_runs():
    state, _ = run("CCCCC..CC.CCC")
    assert state.current == 3
    assert state.longest == 5


def test_classic_has_no_freezes_by_default():
    state, decisions = run("C" * 14 + ".")
    assert state.freezes == 0
    assert decisions[-1].outcome is Outcome.MISSED


def test_missed_day_without_streak_spends_nothing():
    state, decisions = run("..C", FORGIVING)
    assert outcomes(decisions) == [Outcome.MISSED, Outcome.MISSED, Outcome.CHECKED]
    assert state.last_repair_day is None


# ---- forgiving -------------------------------------------------------------


def test_forgiving_repairs_one_missed_day():
    state, decisions = run("CCC.CC", FORGIVING)
    assert decisions[3].outcome is Outcome.REPAIRED
    assert streaks(decisions) == [1, 2, 3, 3, 4, 5]
    assert state.last_repair_day == day(3)


def test_forgiving_does_not_repair_twice_within_seven_days():
    _, decisions = run("CCC.CC.C", FORGIVING)
    assert decisions[3].outcome is Outcome.REPAIRED
    assert decisions[6].outcome is Outcome.MISSED
    assert decisions[7].streak_after == 1


def test_forgiving_does_not_repair_two_consecutive_days():
    _, decisions = run("CC..C", FORGIVING)
    assert outcomes(decisions)[2:4] == [Outcome.REPAIRED, Outcome.MISSED]


def test_forgiving_repairs_again_seven_days_later():
    _, decisions = run("C.CCCCCC.C", FORGIVING)
    assert decisions[1].outcome is Outcome.REPAIRED
    assert decisions[8].outcome is Outcome.REPAIRED  # 7 days after the first repair
    assert decisions[-1].streak_after == 8


# ---- workdays --------------------------------------------------------------


def test_workdays_rest_days_neither_count_nor_break():
    # Mon..Fri checked, Sat/Sun nothing, Mon checked
    state, decisions = run("CCCCC..C", WORKDAYS)
    assert outcomes(decisions)[5:7] == [Outcome.REST, Outcome.REST]
    assert streaks(decisions) == [1, 2, 3, 4, 5, 5, 5, 6]
    assert state.total_days == 6


def test_checkin_on_rest_day_does_not_count():
    _, decisions = run("CCCCCC", WORKDAYS)
    assert decisions[5].outcome is Outcome.REST
    assert decisions[5].streak_after == 5


def test_missed_workday_still_breaks():
    _, decisions = run("CC.", WORKDAYS)
    assert decisions[2].outcome is Outcome.MISSED


# ---- freezes ---------------------------------------------------------------


def test_freeze_is_earned_covers_one_missed_day_and_is_consumed():
    state, decisions = run("CCC.C.", FREEZING)
    assert decisions[2].freeze_earned and decisions[2].freezes_after == 1
    assert decisions[3].outcome is Outcome.FROZEN
    assert decisions[3].streak_after == 3  # kept, nothing added
    assert decisions[3].freezes_after == 0
    assert decisions[4].streak_after == 4
    assert decisions[5].outcome is Outcome.MISSED
    assert state.current == 0 and state.freezes == 0


def test_freezes_are_capped():
    state, decisions = run("CCCCCC", FREEZING)
    assert state.freezes == 1
    assert [d.freeze_earned for d in decisions] == [False, False, True, False, False, False]


def test_repair_is_used_before_a_freeze():
    rules = StreakRules.for_preset(Preset.FORGIVING, freezes_enabled=True, freeze_every=3)
    _, decisions = run("CCC..", rules)
    assert outcomes(decisions)[3:] == [Outcome.REPAIRED, Outcome.FROZEN]


def test_outcome_if_missed_warns_about_protection():
    state, _ = run("CCC", FREEZING)
    assert outcome_if_missed(state, day(3), FREEZING) is Outcome.FROZEN
    assert outcome_if_missed(state, day(3), CLASSIC) is Outcome.MISSED


# ---- leave -----------------------------------------------------------------


def test_leave_neither_counts_nor_breaks():
    state, decisions = run("CCLLC")
    assert outcomes(decisions)[2:4] == [Outcome.LEAVE, Outcome.LEAVE]
    assert streaks(decisions) == [1, 2, 2, 2, 3]
    assert state.total_days == 3


def test_planned_future_leave_is_not_settled_early():
    marks = marks_from("CCLLL")
    state, decisions = settle(StreakState.new_member(START), marks, day(2), CLASSIC)
    assert len(decisions) == 3 and state.settled_through == day(2)


# ---- cards -----------------------------------------------------------------


def test_card_is_earned_at_seven():
    _, decisions = run("C" * 8)
    assert [d.card_earned for d in decisions].index(True) == 6
    assert decisions[6].cards_after == 1 and decisions[7].cards_after == 1


def test_cards_are_capped_at_three():
    state, decisions = run("C" * 28)
    assert sum(d.card_earned for d in decisions) == 3
    assert state.cards == 3
    assert not decisions[27].card_earned


# ---- make-up ---------------------------------------------------------------


def _two_runs():
    """Days 0-6 checked (card earned), day 7 missed, days 8-9 checked; today is day 10."""
    marks = marks_from("CCCCCCC.CC")
    state, decisions = settle(StreakState.new_member(START), marks, day(9), CLASSIC)
    return marks, state, {d.day: d for d in decisions}


def test_make_up_rejoins_two_runs_and_updates_longest():
    marks, state, stored = _two_runs()
    assert (state.current, state.longest, state.cards) == (2, 7, 1)
    verdict = can_make_up(day(7), today=day(10), joined=START, state=state, decision=stored[day(7)], rules=CLASSIC)
    assert verdict is MakeupVerdict.OK and verdict.allowed

    marks[day(7)] = DayMark.MADE_UP
    new_state, replayed = replay(stored[day(6)], state.longest, START, marks, state.settled_through, CLASSIC)
    assert [d.day for d in replayed] == [day(7), day(8), day(9)]
    assert replayed[0].outcome is Outcome.MADE_UP
    assert streaks(replayed) == [8, 9, 10]
    assert (new_state.current, new_state.longest, new_state.cards, new_state.total_days) == (10, 10, 0, 10)
    assert new_state.settled_through == state.settled_through


def test_replay_equals_settling_from_scratch():
    marks, state, stored = _two_runs()
    marks[day(7)] = DayMark.MADE_UP
    replayed_state, _ = replay(stored[day(6)], state.longest, START, marks, day(9), CLASSIC)
    scratch_state, _ = settle(StreakState.new_member(START), marks, day(9), CLASSIC)
    assert replayed_state == scratch_state


def test_granted_cards_come_after_their_day_and_a_replay_from_before_keeps_them():
    marks = marks_from("CC.C")
    granted = {day(1): 2}  # given while day 1 was the last settled day
    state, decisions = settle(StreakState.new_member(START), marks, day(3), CLASSIC, granted)
    assert [d.cards_after for d in decisions] == [0, 2, 2, 2] and state.cards == 2
    marks[day(2)] = DayMark.MADE_UP  # spends one of them
    stored = {d.day: d for d in decisions}
    replayed, again = replay(stored[day(0)], state.longest, START, marks, day(3), CLASSIC, granted)
    assert [d.cards_after for d in again] == [2, 1, 1] and replayed.current == 4


def test_make_up_refusals():
    _, state, stored = _two_runs()
    broke = StreakState(settled_through=day(9))

    def verdict(target, today=day(10), st=state):
        return can_make_up(target, today=today, joined=day(1), state=st, decision=stored.get(target), rules=CLASSIC)

    assert verdict(day(11)) is MakeupVerdict.FUTURE
    assert verdict(day(10)) is MakeupVerdict.TODAY
    assert verdict(day(0)) is MakeupVerdict.BEFORE_JOIN
    assert verdict(day(7), today=day(11)) is MakeupVerdict.OUTSIDE_WINDOW
    assert verdict(day(8)) is MakeupVerdict.ALREADY_COVERED
    assert verdict(day(7), st=broke) is MakeupVerdict.NO_CARD
    assert verdict(day(7)) is MakeupVerdict.OK


def test_frozen_rest_and_leave_days_are_already_covered():
    _, decisions = run("CCC.LCCCCC", FREEZING)
    stored = {d.day: d for d in decisions}
    state = StreakState(settled_through=day(9), cards=3)
    for target in (day(3), day(4)):
        assert stored[target].outcome in (Outcome.FROZEN, Outcome.LEAVE)
        v = can_make_up(target, today=day(6), joined=START, state=state, decision=stored[target], rules=FREEZING)
        assert v is MakeupVerdict.ALREADY_COVERED
    saturday = day(5)
    v = can_make_up(saturday, today=day(7), joined=START, state=state, decision=None, rules=WORKDAYS)
    assert v is MakeupVerdict.ALREADY_COVERED


def test_make_up_window_edge_is_inclusive():
    _, state, stored = _two_runs()
    v = can_make_up(day(7), today=day(10), joined=START, state=state, decision=stored[day(7)], rules=CLASSIC)
    assert v is MakeupVerdict.OK  # exactly 3 days ago


def test_replay_reports_only_new_milestones():
    rules = StreakRules(card_every=4)
    marks = marks_from("CCCC.CC")
    state, old = settle(StreakState.new_member(START), marks, day(6), rules)
    assert milestones_reached(old) == [3]
    assert state.cards == 1
    marks[day(4)] = DayMark.MADE_UP
    stored = {d.day: d for d in old}
    new_state, new = replay(stored[day(3)], state.longest, START, marks, day(6), rules)
    replaced = [d for d in old if d.day >= day(4)]
    assert new_milestones(replaced, new) == [7]
    assert new_state.current == 7
    # The card was spent on day 4; the joined run would earn the next one at 8.
    assert new_state.cards == 0


# ---- admin fixes -----------------------------------------------------------


def test_admin_add_fills_a_day_without_card_and_raises_longest():
    marks = marks_from("CCC.CCC")
    state, decisions = settle(StreakState.new_member(START), marks, day(6), CLASSIC)
    assert state.longest == 3
    marks[day(3)] = DayMark.ADMIN_ADDED
    new_state, replayed = replay(decisions[2], state.longest, START, marks, day(6), CLASSIC)
    assert replayed[0].outcome is Outcome.ADMIN_ADDED
    assert (new_state.current, new_state.longest, new_state.cards) == (7, 7, 1)


def test_admin_remove_lowers_longest_recomputed_from_decisions():
    marks = marks_from("C" * 10)
    state, decisions = settle(StreakState.new_member(START), marks, day(9), CLASSIC)
    assert (state.longest, state.cards) == (10, 1)
    marks[day(4)] = DayMark.ADMIN_REMOVED
    before = [d for d in decisions if d.day < day(4)]
    baseline = longest_from(before)
    assert baseline == 4
    new_state, replayed = replay(before[-1], baseline, START, marks, day(9), CLASSIC)
    assert replayed[0].outcome is Outcome.MISSED and replayed[0].mark is DayMark.ADMIN_REMOVED
    assert (new_state.current, new_state.longest, new_state.cards) == (5, 5, 0)
    assert new_state == settle(StreakState.new_member(START), marks, day(9), CLASSIC)[0]


def test_admin_removing_a_made_up_day_returns_its_card():
    marks, state, stored = _two_runs()
    marks[day(7)] = DayMark.MADE_UP
    after_makeup, _ = replay(stored[day(6)], state.longest, START, marks, day(9), CLASSIC)
    assert after_makeup.cards == 0
    marks[day(7)] = DayMark.ADMIN_REMOVED
    after_removal, _ = replay(stored[day(6)], longest_from(stored[d] for d in stored if d < day(7)),
                              START, marks, day(9), CLASSIC)
    assert (after_removal.cards, after_removal.current, after_removal.longest) == (1, 2, 7)


def test_resume_without_decision_starts_at_join():
    state = resume_state(None, 0, START)
    assert state == StreakState.new_member(START)


# ---- milestones ------------------------------------------------------------


def test_milestones_three_and_seven_reported_once():
    marks = marks_from("C" * 10)
    state, first = settle(StreakState.new_member(START), marks, day(5), CLASSIC)
    state, second = settle(state, marks, day(9), CLASSIC)
    assert milestones_reached(first) == [3]
    assert milestones_reached(second) == [7]
    assert [d.day for d in first + second if d.milestone] == [day(2), day(6)]


def test_next_milestone():
    assert next_milestone(0, CLASSIC) == 3
    assert next_milestone(3, CLASSIC) == 7
    assert next_milestone(365, CLASSIC) is None


# ---- incremental settling --------------------------------------------------


def test_settling_the_same_days_again_does_nothing():
    marks = marks_from("CC.C")
    state, decisions = settle(StreakState.new_member(START), marks, day(3), CLASSIC)
    again_state, again = settle(state, marks, day(3), CLASSIC)
    assert again == [] and again_state == state
    earlier_state, earlier = settle(state, marks, day(1), CLASSIC)
    assert earlier == [] and earlier_state == state


def test_today_without_checkin_is_not_missed_yet():
    marks = marks_from("CC")
    state, decisions = settle_up_to_today(StreakState.new_member(START), marks, day(2), CLASSIC)
    assert state.settled_through == day(1) and state.current == 2
    marks[day(2)] = DayMark.CHECKED
    state, decisions = settle_up_to_today(state, marks, day(2), CLASSIC)
    assert [d.day for d in decisions] == [day(2)] and state.current == 3


RULE_SETS = [
    CLASSIC,
    FORGIVING,
    WORKDAYS,
    FREEZING,
    StreakRules.for_preset(Preset.FORGIVING, freezes_enabled=True, rest_weekdays=frozenset({2}), card_every=4),
]


def _random_marks(rng: random.Random, days: int) -> dict[date, DayMark]:
    choices = [None] * 3 + [DayMark.CHECKED] * 10 + list(DayMark)
    return {day(i): m for i in range(days) if (m := rng.choice(choices)) is not None}


@pytest.mark.parametrize("seed", range(40))
def test_incremental_settle_equals_one_settle(seed):
    rng = random.Random(seed)
    rules = RULE_SETS[seed % len(RULE_SETS)]
    days = rng.randint(1, 80)
    marks = _random_marks(rng, days)
    whole_state, whole = settle(StreakState.new_member(START), marks, day(days - 1), rules)

    state, pieces = StreakState.new_member(START), []
    step = 0
    while step < days:
        step = min(days, step + rng.randint(1, 3))
        state, new = settle(state, marks, day(step - 1), rules)
        pieces += new
    assert state == whole_state
    assert pieces == whole
    assert whole_state.longest == longest_from(whole)
    assert whole_state.total_days == sum(d.outcome.counts for d in whole)
    assert all(0 <= d.cards_after <= rules.max_cards for d in whole)


@pytest.mark.parametrize("seed", range(20))
def test_replay_from_any_stored_day_equals_full_settle(seed):
    rng = random.Random(1000 + seed)
    rules = RULE_SETS[seed % len(RULE_SETS)]
    days = rng.randint(2, 60)
    marks = _random_marks(rng, days)
    full_state, full = settle(StreakState.new_member(START), marks, day(days - 1), rules)
    cut = rng.randrange(days)
    before = full[:cut]
    state, tail = replay(before[-1] if before else None, longest_from(before), START, marks, day(days - 1), rules)
    assert state == full_state
    assert tail == full[cut:]


# ---- rules -----------------------------------------------------------------


def test_preset_defaults():
    assert FORGIVING.repair_every_days == 7
    assert WORKDAYS.rest_weekdays == frozenset({5, 6})
    assert not CLASSIC.freezes_enabled and CLASSIC.repair_every_days == 0
    assert StreakRules.for_preset("window").preset is Preset.WINDOW


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rest_weekdays": frozenset(range(7))},
        {"rest_weekdays": frozenset({7})},
        {"card_every": 3},
        {"freeze_every": 0},
        {"repair_every_days": -1},
    ],
)
def test_invalid_rules_are_rejected(kwargs):
    with pytest.raises(ValueError):
        StreakRules(**kwargs)
