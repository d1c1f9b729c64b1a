import asyncio
from datetime import date

import pytest
from tortoise.exceptions import IntegrityError

from bot import Attachment, MessageReceived, now

from plugins.checkin.models import Checkin
from plugins.checkin.tests.helpers import checkin_settings, checkin_days, member, streak_of, utc


async def test_checkin_replies_with_count_streak_and_points(sandbox):
    first = await sandbox.user("alice").says("/checkin read 20 pages")
    assert "Alice checked in — the first today" in first.text
    assert "Streak: 1 day (longest 1). +10 points." in first.text
    second = await sandbox.user("bob").says("/checkin")
    assert "number 2 today" in second.text
    alice = await member("alice")
    assert await sandbox.runtime.ledger.balance(alice) == 10
    row = await Checkin.get(member_id=alice.id)
    assert (row.note, row.day, row.platform, row.kind) == ("read 20 pages", date(2026, 3, 2), "sandbox", "checked")


async def test_chinese_reply_and_keywords(sandbox):
    replies = await sandbox.user("alice", lang="zh-CN").says("打卡 背了50个单词")
    assert "打卡成功，今天第 1 位。已连续 1 天" in replies.text
    assert (await Checkin.get(member_id=(await member("alice")).id)).note == "背了50个单词"
    assert "checked in" in (await sandbox.user("bob").says("checkin")).text
    assert len(await sandbox.user("carol").says("check in please")) == 0


async def test_custom_keywords_replace_the_defaults(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(keywords=["签到"]))
    assert "checked in" in (await sandbox.user("alice").says("签到")).text
    assert len(await sandbox.user("bob").says("打卡")) == 0


async def test_second_checkin_the_same_day_shows_the_first_time(sandbox):
    await sandbox.user("alice").says("/checkin")
    await sandbox.advance(hours=3, minutes=15)
    again = await sandbox.user("alice").says("打卡")
    assert again.text == "You already checked in today at 09:00. See you tomorrow!"
    assert [m.visible_to for m in again] == ["alice"]  # personal state: answered privately
    assert await checkin_days("alice") == [date(2026, 3, 2)]


async def test_day_starts_at_the_day_start_hour(sandbox):
    await sandbox.user("alice").says("/checkin")
    await sandbox.set_time(utc("2026-03-03 01:30"))
    assert "already checked in today at 09:00" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.set_time(utc("2026-03-03 04:00"))
    assert "Streak: 2 days" in (await sandbox.user("alice").says("/checkin")).text


async def test_late_night_checkin_counts_for_the_previous_day(sandbox):
    await sandbox.set_time(utc("2026-03-03 01:30"))
    await sandbox.user("alice").says("/checkin")
    assert await checkin_days("alice") == [date(2026, 3, 2)]


async def test_personal_timezone_moves_only_that_members_day(sandbox):
    await sandbox.user("alice").says("/checkin")
    await sandbox.user("bob").says("/checkin")
    assert "Asia/Tokyo" in (await sandbox.user("alice").says("/timezone Asia/Tokyo")).text
    await sandbox.set_time(utc("2026-03-02 19:30"))  # 04:30 in Tokyo on 03-03, 19:30 in the community
    assert "Streak: 2 days" in (await sandbox.user("alice").says("/checkin")).text
    assert "already checked in" in (await sandbox.user("bob").says("/checkin")).text
    assert "don't know the time zone" in (await sandbox.user("bob").says("/timezone Mars/Base")).text


async def test_dst_transition_in_new_york(make_sandbox):
    sandbox = await make_sandbox({"communities": {"demo": {"timezone": "America/New_York"}}})
    await sandbox.set_time(utc("2026-03-07 14:00"))  # Saturday 09:00 EST
    await sandbox.user("alice").says("/checkin")
    await sandbox.set_time(utc("2026-03-08 07:30"))  # 03:30 EDT: clocks jumped, still Saturday's day
    assert "already checked in today at 09:00" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.set_time(utc("2026-03-08 08:00"))  # 04:00 EDT: Sunday, a 23-hour day
    assert "Streak: 2 days" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.set_time(utc("2026-03-09 07:59"))  # 03:59 EDT Monday: still Sunday
    assert "already checked in today at 04:00" in (await sandbox.user("alice").says("/checkin")).text
    await sandbox.set_time(utc("2026-03-09 08:00"))
    assert "Streak: 3 days" in (await sandbox.user("alice").says("/checkin")).text
    assert await checkin_days("alice") == [date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9)]


def _photo_message(sandbox, text: str) -> MessageReceived:
    world = sandbox.adapter().world

    async def fetch(limit: int) -> bytes:
        return b"\x89PNG..."

    photo = Attachment("image", "desk.jpg", 2048, fetch)
    return MessageReceived(platform="sandbox", chat=world.chat("demo"), user=world.user("alice"), at=now(),
                           message_id="p1", text=text, attachments=(photo,), event_id="photo-1")


async def test_photo_is_kept_with_the_checkin(sandbox):
    replies = await sandbox.adapter().deliver(_photo_message(sandbox, "/checkin"))
    assert "checked in" in replies.text
    row = await Checkin.get(member_id=(await member("alice")).id)
    assert (row.photo, row.photo_size) == ("desk.jpg", 2048)


async def test_proof_of_work_refuses_a_bare_checkin(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(proof={"min_note_chars": 5}))
    refused = await sandbox.user("alice").says("/checkin ok")
    assert "needs a note of at least 5 characters or a photo" in refused.text
    assert await checkin_days("alice") == []
    assert "checked in" in (await sandbox.adapter().deliver(_photo_message(sandbox, "/checkin"))).text
    assert "checked in" in (await sandbox.user("bob").says("/checkin read chapter 3")).text


async def test_redelivered_event_is_one_checkin_and_the_table_refuses_a_second(sandbox):
    event = _photo_message(sandbox, "/checkin")
    await sandbox.adapter().deliver(event)
    assert len(await sandbox.adapter().deliver(event)) == 0  # same event id: deduplicated
    alice = await member("alice")
    with pytest.raises(IntegrityError):
        await Checkin.create(community_id=alice.community_id, member_id=alice.id, day=date(2026, 3, 2),
                             at=now(), kind="checked")
    assert await checkin_days("alice") == [date(2026, 3, 2)]


async def _concurrent_checkins(sandbox) -> None:
    await sandbox.user("alice").says("/help")  # the member exists
    outcomes = await asyncio.gather(*(sandbox.user("alice").says("/checkin") for _ in range(6)))
    texts = [o.text for o in outcomes]
    assert sum("checked in —" in t for t in texts) == 1, texts
    assert sum("already checked in" in t for t in texts) == 5, texts
    assert await checkin_days("alice") == [date(2026, 3, 2)]
    assert (await streak_of("alice")).current == 1
    assert await sandbox.runtime.ledger.balance(await member("alice")) == 10


async def test_concurrent_checkins_resolve_to_one_on_sqlite(sandbox):
    await _concurrent_checkins(sandbox)


@pytest.mark.postgres
async def test_concurrent_checkins_resolve_to_one_on_postgres(make_sandbox):
    await _concurrent_checkins(await make_sandbox(database="postgres"))


async def test_checkin_on_another_platform_by_a_linked_member(make_sandbox):
    sandbox = await make_sandbox(platforms=("sandbox", "sandbox2"))
    await sandbox.user("alice").says("/checkin")
    await sandbox.user("alice").links(sandbox.user("alice", platform="sandbox2"))
    await sandbox.advance(minutes=30)
    again = await sandbox.user("alice", platform="sandbox2").says("/checkin")
    assert again.text == "You already checked in today at 09:00 on sandbox. See you tomorrow!"


async def test_linking_moves_the_other_accounts_days(make_sandbox):
    sandbox = await make_sandbox(platforms=("sandbox", "sandbox2"))
    await sandbox.user("alice").says("/checkin")
    await sandbox.advance(days=1)
    await sandbox.user("alice", platform="sandbox2").says("/checkin")  # a second member, for now
    await sandbox.user("alice").links(sandbox.user("alice", platform="sandbox2"))
    assert await checkin_days("alice") == [date(2026, 3, 2), date(2026, 3, 3)]
    row = await streak_of("alice")
    assert (row.current, row.longest, row.total_days) == (2, 2, 2)


async def test_communities_never_see_each_others_checkins(make_sandbox):
    sandbox = await make_sandbox({"communities": {"other": {"name": "Other", "chats": ["sandbox:other"]}}})
    await sandbox.user("alice").says("/checkin")
    await sandbox.user("bob").says("/checkin", chat="other")
    demo_rank = (await sandbox.user("carol").says("/rank")).text
    other_rank = (await sandbox.user("carol").says("/rank", chat="other")).text
    assert "Alice" in demo_rank and "Bob" not in demo_rank
    assert "Bob" in other_rank and "Alice" not in other_rank
    in_other = (await sandbox.user("alice").says("/checkin", chat="other")).text
    assert "number 2 today. Streak: 1 day" in in_other  # alice of "other" is another member: demo's day is not hers
