"""Issue 11, sections 3 and 4: hostile command input gets a clear answer and changes nothing;
a flooder is cut off before any reply, with one notice."""
import pytest

from bot.models import Community, Member


@pytest.mark.postgres
async def test_an_overlong_language_tag_never_locks_anyone_out(make_sandbox):
    sandbox = await make_sandbox(database="postgres")  # PostgreSQL holds columns to their length
    answer = await sandbox.user("alice", lang="zh-" + "x" * 40).says("/checkin note\udc00")
    assert "checked in" in answer.text
    assert (await Member.get(display_name="Alice")).lang is None


async def test_absurd_dates_and_time_zones_get_a_clear_answer(sandbox):
    await sandbox.user("alice").says("/checkin")
    for absurd in ("0001-01-01", "9999-12-31"):
        answer = (await sandbox.user("alice").says(f"/why {absurd}")).text
        assert answer.startswith(f"“{absurd}” is not a date") and answer.endswith("Usage: /why [day]")
    zone = "/timezone " + "Europe/" * 700
    answer = (await sandbox.user("alice").says(zone)).text
    assert answer.startswith("I don't know the time zone “Europe/Europe/") and len(answer) < 200
    assert "UTC" in (await sandbox.user("alice").says("/timezone")).text
    answer = (await sandbox.user("admin").says("/community set timezone " + "A" * 5000)).text
    assert "is not a valid value for timezone" in answer and len(answer) < 200
    assert (await Community.get(slug="demo")).timezone == "UTC"


async def test_a_flooder_gets_one_notice_then_silence_before_any_other_reply(make_sandbox):
    sandbox = await make_sandbox({"bot": {"rate_limit_per_minute": 5}})
    await sandbox.user("mallory").says("hi")
    flooder = sandbox.user("mallory")
    answers = [await flooder.says(text, chat="dm:mallory")
               for text in ["/nosuch"] * 20 + ["/checkin_export"] * 5 + ["/community"] * 5]
    texts = [a.text for a in answers if a]
    assert texts[:5] == ["I don't know /nosuch. Send /help to see what I can do."] * 5
    assert texts[5:] == ["You're sending commands too fast; I'll ignore them for a minute."]
    assert (await sandbox.user("alice").says("/nosuch", chat="dm:alice")).text.startswith("I don't know")
    await sandbox.advance(seconds=61)
    assert (await flooder.says("/nosuch", chat="dm:mallory")).text.startswith("I don't know")
