"""Buttons where members tap rather than type: after a check-in, on a reminder, after a lost streak."""
from __future__ import annotations

from aiohttp import ClientSession

from plugins.checkin.tests.helpers import checkin_settings, checkin_each_day, streak_of


def _button_labels(message) -> list[str]:
    return [b.label for row in message.buttons for b in row]


async def test_a_checkin_offers_the_calendar_and_the_rank(sandbox):
    [reply] = await sandbox.user("alice").says("/checkin")
    assert _button_labels(reply) == ["📅 My calendar", "🏆 Rank"]

    calendar = await sandbox.user("alice").press(reply, "calendar")
    assert calendar.text == "Your check-ins in 2026-03." and len(calendar[0].image_data) == 1

    foreign = await sandbox.user("bob").press(reply, "calendar")  # alice's calendar button
    assert list(foreign) == [] and foreign.toasts == ["This button is for someone else."]

    rank = await sandbox.user("bob").press(reply, "rank")  # the rank is anyone's to see
    assert "1. Alice" in rank.text and rank[0].visible_to is None


async def test_a_stale_button_gets_a_private_translated_answer(sandbox):
    [reply] = await sandbox.user("alice").says("/checkin")
    await sandbox.user("bob", lang="zh-CN").says("你好")
    sandbox.runtime.bus.buttons.pop("checkin.rank")  # as if a newer version of the plugin had dropped it
    stale = await sandbox.user("bob", lang="zh-CN").press(reply, "rank")
    assert list(stale) == [] and stale.toasts == ["这个按钮已失效。"]


async def test_a_reminder_offers_check_in_now(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(remind_time="20:00"))
    for name in ("alice", "bob", "carol"):
        await sandbox.user(name).says("/checkin")
    await sandbox.user("carol").says("/remind dm", chat="dm:carol")
    await sandbox.advance(days=1, hours=12)  # 03-03 21:00, past the 20:00 reminder
    [reminder] = [m for m in sandbox.bot_messages("demo") if "Streaks ending soon" in m.text]
    assert _button_labels(reminder) == ["✅ Check in now"]

    done = await sandbox.user("alice").press(reminder, "check in now")
    assert "Alice checked in" in done.text and (await streak_of("alice")).current == 2

    [direct] = [m for m in sandbox.history("dm:carol") if m.buttons]
    foreign = await sandbox.user("bob").press(direct, "check in now")
    assert foreign.toasts == ["This button is for someone else."] and (await streak_of("bob")).current == 1
    assert "Carol checked in" in (await sandbox.user("carol").press(direct, "check in now")).text

    await sandbox.advance(days=1)  # yesterday's reminder no longer checks anyone in
    stale = await sandbox.user("bob").press(reminder, "check in now")
    assert list(stale) == [] and stale.toasts == ["This reminder was for 03-03. Send /checkin to check in today."]


async def test_a_lost_streak_offers_a_make_up_card(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(card_every=4))
    await checkin_each_day(sandbox, "alice", 4)  # 03-02 … 03-05: a card earned
    await sandbox.advance(days=2)  # 03-06 missed
    [reply] = await sandbox.user("alice").says("/checkin")
    assert "Your 4-day streak ended on 03-06. You have a make-up card: use one to win it back." in reply.text
    assert _button_labels(reply) == ["📅 My calendar", "🏆 Rank", "🎟 Use a make-up card"]

    assert (await sandbox.user("bob").press(reply, "make-up")).toasts == ["This button is for someone else."]
    made_up = await sandbox.user("alice").press(reply, "make-up")
    assert "03-06" in made_up.text and (await streak_of("alice")).current == 6
    again = await sandbox.user("alice").press(reply, "make-up")  # the card is spent, the day covered
    assert list(again) == [] and "03-06 needs no make-up" in again.toasts[0]


async def test_no_make_up_button_without_a_card(sandbox):
    await checkin_each_day(sandbox, "alice", 2)
    await sandbox.advance(days=2)
    [reply] = await sandbox.user("alice").says("/checkin")
    assert "streak ended" not in reply.text and _button_labels(reply) == ["📅 My calendar", "🏆 Rank"]


async def test_buttons_over_the_http_api(make_sandbox):
    sandbox = await make_sandbox({"web": {"enabled": True, "host": "127.0.0.1", "port": 0}})
    base = f"http://127.0.0.1:{sandbox.runtime.web.port}/sandbox/api"
    async with ClientSession() as http:
        async with http.post(f"{base}/messages", json={"user": "alice", "text": "/checkin"}) as response:
            [reply] = (await response.json())["replies"]
        assert [b["label"] for row in reply["buttons"] for b in row] == ["📅 My calendar", "🏆 Rank"]
        press = {"user": "bob", "message": reply["id"], "button": [0, 0]}
        async with http.post(f"{base}/press", json=press) as response:
            assert (await response.json()) == {"replies": [], "toasts": ["This button is for someone else."]}
        async with http.post(f"{base}/press", json={**press, "user": "alice"}) as response:
            [calendar] = (await response.json())["replies"]
        assert calendar["text"] == "Your check-ins in 2026-03." and calendar["images"] == 1
