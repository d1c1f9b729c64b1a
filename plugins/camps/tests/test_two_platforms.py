"""A cohort spread over two platforms' chats (the sandbox's two: the way a Telegram group and a
Discord channel share a community): tasks are posted in both, and a member who linked their
accounts is one member, whose day counts once wherever they check in."""
from plugins.camps.models import DayDone, Enrolment
from plugins.camps.tests.helpers import camp_folder, camps_settings, member
from plugins.camps.tests.test_days import said, utc

BOTH = """
[[cohorts]]
name = "both"
community = "demo"
start = 2026-03-09
timezone = "UTC"
chats = ["sandbox:demo", "sandbox2:demo"]
"""


async def test_a_cohort_over_two_platforms_counts_a_linked_member_once(make_sandbox, tmp_path):
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path, extra=BOTH)), platforms=("sandbox", "sandbox2"))
    here, there = sandbox.user("alice"), sandbox.user("alice", platform="sandbox2")
    await here.says("hello")
    await there.says("hello")
    await here.links(there)
    await there.says("/enroll both")
    question = [m for p in ("sandbox", "sandbox2") for m in sandbox.bot_messages("dm:alice", platform=p)
                if m.text.startswith("Question 1")]
    platform = "sandbox" if question[0] in sandbox.bot_messages("dm:alice") else "sandbox2"
    asked = sandbox.user("alice", platform=platform)
    await asked.press(question[0], "a lot")
    await asked.says("a robot", chat="dm:alice")
    assert await Enrolment.filter(cohort__name="both", state="enrolled").count() == 1
    await sandbox.set_time(utc("2026-03-09 09:00"))
    for platform in ("sandbox", "sandbox2"):
        assert len(said(sandbox, "demo", "Day 1 of 7") if platform == "sandbox" else
                   [m for m in sandbox.bot_messages("demo", platform="sandbox2") if "Day 1 of 7" in m.text]) == 1
    await here.says("/checkin on one")
    await there.says("/checkin on the other")
    alice = await member("alice")
    assert await DayDone.filter(member_id=alice.id).values_list("day", flat=True) == [1]
    assert "Days done: 1 of 6 needed" in (await there.says("/progress")).text
