"""A cohort's days through the sandbox clock: the opening with pods, each task unlocking at its
time in the cohort's time zone (in the group and by DM), check-ins counting the day, /progress,
/pod, /board, the drop-out watch, and a restart in the middle that posts nothing twice."""
from datetime import UTC, datetime

from plugins.camps.models import DayDone, Enrolment, Notice
from plugins.camps.tests.helpers import camp_folder, camps_settings, member

MEMBERS = ("alice", "bob", "carol")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def enrolled_cohort(make_sandbox, tmp_path, names=MEMBERS, extra: dict | None = None):
    """py-march (Asia/Shanghai, day 1 = 2026-03-09) with these members enrolled; check-ins on."""
    sandbox = await make_sandbox({**(extra or {}), **camps_settings(camp_folder(tmp_path, declared_seats=20))})
    levels = ["none yet", "a little", "a lot"]
    for index, name in enumerate(names):
        user = sandbox.user(name)
        await user.says("/enroll py-march")
        await user.press(sandbox.bot_messages(f"dm:{name}")[-1], levels[index % 3])
        await user.says("a game", chat=f"dm:{name}")
    return sandbox


def said(sandbox, chat: str, words: str) -> list[str]:
    """The bot's messages in a chat that contain `words`."""
    return [m.text for m in sandbox.bot_messages(chat) if words in m.text]


def posts(sandbox, chat="demo"):
    return [m.text for m in sandbox.bot_messages(chat) if not m.private]


async def test_the_opening_and_each_unlock_come_at_their_time_in_the_cohorts_time_zone(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path)
    await sandbox.set_time(utc("2026-03-08 15:55"))  # 23:55 in Shanghai: not yet
    assert not any("opens today" in text for text in posts(sandbox))
    await sandbox.set_time(utc("2026-03-08 16:05"))  # 00:05 on day 1 in Shanghai
    [welcome] = [text for text in posts(sandbox) if "opens today" in text]
    assert welcome.startswith("🏕 Python in 7 days (py-march) opens today! 7 days, 2026-03-09 to 2026-03-15")
    assert "• Day 1 (03-09, 08:00): Install Python and say hello" in welcome
    assert "Pod 1 (3 members, leader first): " in welcome and "@Alice" in welcome
    assert not any("Day 1 of 7" in text for text in posts(sandbox))
    await sandbox.set_time(utc("2026-03-09 00:05"))  # 08:05 in Shanghai
    [task] = [text for text in posts(sandbox) if "Day 1 of 7" in text]
    assert task.startswith("📖 Day 1 of 7: Install Python and say hello — due 23:59 (Asia/Shanghai).")
    assert "More: https://docs.python.org/3/tutorial/" in task
    for name in MEMBERS:
        assert sum("Day 1 of 7" in m.text for m in sandbox.bot_messages(f"dm:{name}")) == 1
    await sandbox.user("bob").says("/camp_dm off")
    await sandbox.advance(days=1)
    assert [sum("Day 2 of 7" in m.text for m in sandbox.bot_messages(f"dm:{n}")) for n in MEMBERS] == [1, 0, 1]
    assert sum("Day 2 of 7" in text for text in posts(sandbox)) == 1


async def test_a_checkin_counts_the_day_and_progress_shows_it(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path)
    await sandbox.set_time(utc("2026-03-09 02:00"))
    await sandbox.user("alice").says("/checkin day one done")
    await sandbox.user("alice").says("/checkin again")  # one day, counted once
    assert await DayDone.filter(member_id=(await member("alice")).id).values_list("day", flat=True) == [1]
    progress = await sandbox.user("alice").says("/progress")
    assert progress[-1].private and progress[-1].images == 1  # the card, with the same in text
    assert "📈 Python in 7 days (py-march), day 1 of 7" in progress.text
    assert "Days done: 1 of 6 needed (5 more) ✅⬜⬜⬜⬜⬜⬜" in progress.text
    assert "Homework: 0 submitted, 0 accepted (0 of 1 needed)" in progress.text
    assert "On track to graduate." in progress.text
    pod = await sandbox.user("bob").says("/pod")
    assert "Your pod in py-march:" in pod.text and "Pod 1 (3 members" in pod.text
    board = await sandbox.user("carol").says("/board")
    assert "1. Alice — 1" in board.text and "Pod 1: 0.3 (3 members)" in board.text


async def test_missed_days_bring_a_nudge_then_the_leader_then_auditing(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path)  # alice enrolled first: the pod's leader on a tie

    async def day(date: str) -> None:  # 10:00 in Shanghai; alice and carol check in, bob does not
        await sandbox.set_time(utc(f"{date} 02:00"))
        for name in ("alice", "carol"):
            await sandbox.user(name).says("/checkin")

    await day("2026-03-09")
    await day("2026-03-10")
    assert not any("missed" in m.text for m in sandbox.bot_messages("dm:bob"))
    await day("2026-03-11")  # days 1 and 2 are over
    [nudge] = said(sandbox, "dm:bob", "missed")
    assert nudge.startswith("You have missed 2 days in a row of py-march. Catch up: do day 1 (Install Python")
    await day("2026-03-12")
    assert said(sandbox, "dm:alice", "in your pod") == [
        "Bob in your pod 1 has missed 3 days in a row. A word from you may help."]
    await day("2026-03-13")
    assert len(said(sandbox, "dm:bob", "you are now auditing")) == 1
    assert (await Enrolment.get(member_id=(await member("bob")).id)).state == "auditing"
    assert "Bob" not in (await sandbox.user("carol").says("/board")).text
    await sandbox.user("bob").says("/checkin catching up")
    assert len(said(sandbox, "dm:bob", "Welcome back to py-march")) == 1
    assert (await Enrolment.get(member_id=(await member("bob")).id)).state == "enrolled"


async def test_a_restart_in_the_middle_catches_up_without_posting_twice(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path)
    await sandbox.set_time(utc("2026-03-09 01:00"))  # day 1 unlocked
    await sandbox.restart()
    sandbox.clock.set(utc("2026-03-11 01:00"))  # down over days 2 and 3's unlocks
    await sandbox.restart()
    chat = posts(sandbox)
    assert sum("Day 2 of 7" in text for text in chat) == 1 and sum("Day 3 of 7" in text for text in chat) == 1
    assert not any("Day 1 of 7" in text or "opens today" in text for text in chat)  # posted before the restart
    await sandbox.advance(hours=1)
    assert sum("Day 3 of 7" in text for text in posts(sandbox)) == 1
    keys = await Notice.filter(member_id=(await member("alice")).id).values_list("key", flat=True)
    assert sorted(key for key in keys if key.startswith("unlock")) == ["unlock:1", "unlock:2", "unlock:3"]


async def test_an_admin_moves_a_member_to_another_pod_and_they_are_told(make_sandbox, tmp_path):
    names = [f"m{i}" for i in range(12)]  # 12 / 8 rounds to 2 pods of 6
    sandbox = await enrolled_cohort(make_sandbox, tmp_path, names=names)
    await sandbox.set_time(utc("2026-03-08 17:00"))
    row = await Enrolment.get(member_id=(await member("m0")).id).prefetch_related("pod")
    target = 2 if row.pod.number == 1 else 1
    missing = await sandbox.user("admin").says("/camp move @m0 7")
    assert "py-march has no pod 7. Its pods: 1, 2." in missing.text
    moved = await sandbox.user("admin").says(f"/camp move @m0 {target}")
    assert f"M0 moved to pod {target}." in moved.text
    assert f"An organiser moved you to pod {target} of py-march." in sandbox.bot_messages("dm:m0")[-1].text


async def test_a_volunteer_leads_their_pod(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path)
    assert "volunteers lead their pods" in (await sandbox.user("carol").says("/pod_lead")).text
    await sandbox.set_time(utc("2026-03-08 16:05"))
    [welcome] = [text for text in posts(sandbox) if "opens today" in text]
    assert "Pod 1 (3 members, leader first): @Carol" in welcome
    assert "formed already" in (await sandbox.user("bob").says("/pod_lead")).text
