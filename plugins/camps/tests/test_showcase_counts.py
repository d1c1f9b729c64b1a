"""The showcase in graduation and beyond the cohort (issue 15): a rule that asks for a showcased
homework waits `after_hours` past the last day, so the last showcase's consent still counts; the
count shows in /progress; a showcase also goes to the camp's community-wide channel."""
from plugins.camps.models import Enrolment
from plugins.camps.tests.helpers import member
from plugins.camps.tests.test_days import said, utc
from plugins.camps.tests.test_homework import cohort, last

RULE = "days_done = 0.0\nhomework_accepted = 0.0\naverage_score = 0.0\nshowcases = 1\nafter_hours = 12"


async def accepted_homework(sandbox, names, score=3):
    world = sandbox.adapter().world
    await sandbox.user("dave").says("hello")
    await sandbox.set_time(utc("2026-03-11 02:00"))  # day 3
    await sandbox.user("admin").says("/camp mentor @dave")
    for name in names:
        await sandbox.user(name).says(f"/submit 3 shopping list by {name}")
    for _ in names:
        card = (await sandbox.user("dave").says("/review"))[-1]
        for row in range(2):
            await sandbox.user("dave").press(world.messages[card.id], at=(row, score))
        await sandbox.user("dave").press(world.messages[card.id], "✅ Accept")


async def state_of(name: str) -> str:
    return (await Enrolment.get(member_id=(await member(name)).id)).state


async def test_graduation_counts_showcases_after_the_last_showcases_consent(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice", "bob"), rule=RULE)
    await accepted_homework(sandbox, ("alice", "bob"))
    assert "Showcase (优秀作业): 0 shown (1 needed)" in (await sandbox.user("alice").says("/progress")).text
    await sandbox.set_time(utc("2026-03-15 17:00"))  # day 7 is over in Shanghai: the week's showcase
    offer = last(sandbox, "dm:dave", "Showcase (优秀作业) of py-march")
    assert await state_of("alice") not in ("graduated", "finished")  # graduation waits 12 hours
    await sandbox.user("dave").press(offer, "⭐ Alice, day 3 (3.0)")
    await sandbox.user("alice").press(last(sandbox, "dm:alice", "May we show it"), "Yes, show it")
    assert "Showcase (优秀作业): 1 shown (1 needed)" in (await sandbox.user("alice").says("/progress")).text
    await sandbox.set_time(utc("2026-03-16 05:00"))  # 13:00 in Shanghai: past the 12 hours
    assert [await state_of("alice"), await state_of("bob")] == ["graduated", "finished"]
    assert said(sandbox, "demo", "is over: 1 graduate of 2")


async def test_a_showcase_also_goes_to_the_community_wide_channel(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice",),
                           rule='days_done = 0.0\n\n[showcase]\nchannel = "sandbox:hall"', chats=("demo", "hall"))
    await sandbox.user("erin").says("hello", chat="hall")  # the channel exists
    await accepted_homework(sandbox, ("alice",))
    await sandbox.set_time(utc("2026-03-15 17:00"))
    await sandbox.user("dave").press(last(sandbox, "dm:dave", "Showcase (优秀作业) of py-march"), at=(0, 0))
    assert not said(sandbox, "hall", "shopping list by alice")  # nothing before consent
    await sandbox.user("alice").press(last(sandbox, "dm:alice", "May we show it"), "Yes, show it")
    for chat in ("demo", "hall"):
        [post] = [m for m in sandbox.bot_messages(chat) if "Showcase (优秀作业) of py-march" in m.text]
        assert "shopping list by alice" in post.text
