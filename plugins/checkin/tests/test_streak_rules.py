from datetime import date

from plugins.checkin.tests.helpers import checkin_settings, checkin_each_day, member, streak_of, utc


async def test_streak_breaks_and_restarts_and_why_explains(sandbox):
    await checkin_each_day(sandbox, "alice", 2)  # 03-02, 03-03
    await sandbox.advance(days=2)  # 03-04 passes without a check-in
    restarted = await sandbox.user("alice").says("/checkin")
    assert "Streak: 1 day (longest 2)" in restarted.text
    why = (await sandbox.user("alice").says("/why")).text
    assert "03-03 checked in: streak 1 → 2" in why
    assert "03-04 missed: no check-in before 04:00 on 03-05; streak reset (2 → 0)" in why
    assert "03-05 checked in: streak 0 → 1" in why


async def test_forgiving_repairs_one_missed_day_a_week(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(preset="forgiving"))
    await checkin_each_day(sandbox, "alice", 2)  # 03-02, 03-03
    await sandbox.advance(days=2)  # 03-04 missed: repaired
    assert "Streak: 3 days" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.advance(days=2)  # 03-06 missed: the week's repair is used
    assert "Streak: 1 day (longest 3)" in (await sandbox.user("alice").says("/checkin")).text
    why = (await sandbox.user("alice").says("/why")).text
    assert "03-04 repaired automatically (forgiving rules): streak stays 2" in why
    assert "03-06 missed" in why and "streak reset (3 → 0)" in why
    assert "repaired automatically once every 7 days" in (await sandbox.user("alice").says("/checkin_rules")).text


async def test_workdays_rest_days_neither_count_nor_break(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(preset="workdays"))
    await sandbox.set_time(utc("2026-03-06 09:00"))  # Friday
    await sandbox.user("alice").says("/checkin")
    await sandbox.set_time(utc("2026-03-07 09:00"))  # Saturday
    assert "rest day" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.set_time(utc("2026-03-09 09:00"))  # Monday
    assert "Streak: 2 days" in (await sandbox.user("alice").says("/checkin")).text
    why = (await sandbox.user("alice").says("/why")).text
    assert "03-07 rest day: streak stays 1" in why and "03-08 rest day: streak stays 1" in why
    assert "Saturday, Sunday are rest days" in (await sandbox.user("alice").says("/checkin_rules")).text


async def test_window_preset_crossing_midnight(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(preset="window", window_start="15:00", window_end="09:00"))
    await sandbox.set_time(utc("2026-03-02 10:00"))
    assert "open from 15:00 to 09:00 only" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.set_time(utc("2026-03-02 23:00"))
    assert "Streak: 1 day" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.set_time(utc("2026-03-03 08:30"))  # after midnight: still 03-02's window
    assert "already checked in today at 23:00" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.set_time(utc("2026-03-03 16:00"))
    assert "Streak: 2 days" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.set_time(utc("2026-03-05 16:00"))  # 03-04's window closed unused
    assert "Streak: 1 day (longest 2)" in (await sandbox.user("alice").says("/checkin")).text
    why = (await sandbox.user("alice").says("/why")).text
    assert "03-04 missed: no check-in before 09:00 on 03-05; streak reset (2 → 0)" in why


MAKEUP = {"card_every": 4, "makeup_window_days": 3}


async def test_makeup_fills_a_gap_and_rejoins_the_streak_with_longest(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(**MAKEUP))
    await checkin_each_day(sandbox, "alice", 4)  # 03-02..03-05: a card at 4 days
    assert (await streak_of("alice")).cards == 1
    await sandbox.advance(days=2)  # 03-06 missed
    await sandbox.user("alice").says("/checkin")  # 03-07
    done = await sandbox.user("alice").says("/makeup 2026-03-06")
    assert "made up 03-06 with a card. Streak: 6 days; no cards left." in done.text
    row = await streak_of("alice")
    assert (row.current, row.longest, row.total_days, row.cards) == (6, 6, 6, 0)
    assert "needs no make-up" in (await sandbox.user("alice").says("/makeup 03-06")).text
    why = (await sandbox.user("alice").says("/why")).text
    assert "03-06 made up with a card: streak 4 → 5" in why
    assert "03-07 checked in: streak 5 → 6" in why


async def test_makeup_refusals(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(**MAKEUP))
    await checkin_each_day(sandbox, "alice", 4)  # 03-02..03-05, one card
    await sandbox.set_time(utc("2026-03-10 09:00"))
    say = sandbox.user("alice").says
    assert "too long ago: make-ups reach back 3 days" in (await say("/makeup 03-06")).text
    assert "has not happened yet" in (await say("/makeup 2026-03-11")).text
    assert "is today" in (await say("/makeup today")).text
    assert "made up 03-09" in (await say("/makeup yesterday")).text
    assert "no make-up card" in (await say("/makeup 03-08")).text
    await sandbox.user("bob").says("/checkin")  # bob first seen 03-10
    assert "before you joined" in (await sandbox.user("bob").says("/makeup 03-09")).text


async def test_freeze_covers_a_missed_day_without_adding(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(freezes=True, freeze_every=2))
    await checkin_each_day(sandbox, "alice", 2)  # a freeze at 2 days
    assert (await streak_of("alice")).freezes == 1
    await sandbox.advance(days=2)  # 03-04 missed: frozen
    assert "Streak: 3 days" in (await sandbox.user("alice").says("/checkin")).text
    why = (await sandbox.user("alice").says("/why")).text
    assert "03-04 covered by a freeze: streak stays 2" in why
    assert (await streak_of("alice")).freezes == 0


async def test_leave_neither_counts_nor_breaks_and_the_group_sees_it(sandbox):
    await sandbox.user("alice").says("/checkin")  # 03-02
    away = await sandbox.user("alice").says("/away 2 family trip")
    assert "Alice is on leave 03-03 – 03-04 (2 days). Reason: family trip." in away.text
    assert away[0].chat == "demo"
    stats = (await sandbox.user("admin").says("/checkin_stats")).text
    assert "On leave today: 0" in stats
    await sandbox.set_time(utc("2026-03-05 09:00"))
    assert "Streak: 2 days" in (await sandbox.user("alice").says("/checkin")).text
    why = (await sandbox.user("alice").says("/why")).text
    assert "03-03 on leave: streak stays 1" in why and "03-04 on leave: streak stays 1" in why
    await sandbox.set_time(utc("2026-03-20 09:00"))
    assert "more leave than 2026-03 allows (3 days a month; 1 day left)" in \
        (await sandbox.user("alice").says("/away 2")).text
    assert "on leave 03-20 – 03-20 (1 day)" in (await sandbox.user("alice").says("/away 1")).text
    assert "On leave today: 1 — Alice" in (await sandbox.user("admin").says("/checkin_stats")).text


async def test_milestones_celebrate_and_award_bonus_points(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(milestones=[2, 5], milestone_points=7, points=1))
    await sandbox.user("alice").says("/checkin")
    await sandbox.advance(days=1)
    second = await sandbox.user("alice").says("/checkin")
    assert "🎉 @Alice reached a 2-day streak! +7 bonus points." in second.text
    assert await sandbox.runtime.ledger.balance(await member("alice")) == 1 + 1 + 7
    assert "reached 2 days" in (await sandbox.user("alice").says("/why")).text
    await sandbox.advance(days=1)
    assert "🎉" not in (await sandbox.user("alice").says("/checkin")).text


async def test_chinese_plural_free_replies(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(**MAKEUP))
    await sandbox.user("alice", lang="zh-CN").says("/checkin")
    await sandbox.advance(days=2)
    replies = await sandbox.user("alice", lang="zh-CN").says("/why")
    assert "03-03 断签：03-04 04:00 前没有打卡；连续记录清零（1 → 0）" in replies.text
    assert "你没有补卡" in (await sandbox.user("alice", lang="zh-CN").says("/makeup yesterday")).text
    assert (await streak_of("alice")).settled_through == date(2026, 3, 3)
