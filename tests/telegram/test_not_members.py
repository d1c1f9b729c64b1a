"""Issue 11, section 4: what is not a member never acts as one, and hostile input gets a clear answer.

Through the real aiogram client and the fake Bot API, with the check-in plugin.
"""
from __future__ import annotations

from bot.models import Member
from plugins.checkin import plugin as checkin
from plugins.checkin.models import Checkin
from tests.telegram.conftest import ALICE, GROUP

TELEGRAM = 777000  # forwards the linked channel's posts
CHANNEL_BOT = 136817688  # the sender of messages sent in a channel's name
ANONYMOUS_ADMIN = 1087968824  # GroupAnonymousBot
CHANNEL = {"id": -1005550001, "type": "channel", "title": "Lab News"}


async def _bot(telegram_bot, tg):
    tg.add_user(TELEGRAM, "Telegram")
    tg.add_user(CHANNEL_BOT, "Channel", username="Channel_Bot", is_bot=True)
    tg.add_user(ANONYMOUS_ADMIN, "Group", username="GroupAnonymousBot", is_bot=True)
    return await telegram_bot(plugins=[checkin])


async def test_the_linked_channels_forwards_and_channel_posts_never_check_in(telegram_bot, tg):
    bot = await _bot(telegram_bot, tg)
    await bot.say(GROUP, TELEGRAM, "打卡 today's lesson is up", sender_chat=CHANNEL, is_automatic_forward=True)
    await bot.say(GROUP, CHANNEL_BOT, "打卡", sender_chat=CHANNEL)
    await bot.say(GROUP, CHANNEL_BOT, "/checkin", sender_chat=CHANNEL)
    assert bot.texts(GROUP) == []
    assert await Checkin.all().count() == 0
    await bot.say(GROUP, ALICE, "打卡")
    assert await Checkin.all().count() == 1


async def test_an_anonymous_admin_is_told_why_and_never_acts_as_a_member(telegram_bot, tg):
    bot = await _bot(telegram_bot, tg)
    group_itself = {"id": GROUP, "type": "supergroup", "title": "Shequn Lab"}
    await bot.say(GROUP, ANONYMOUS_ADMIN, "打卡", sender_chat=group_itself)
    assert bot.texts(GROUP) == []
    await bot.say(GROUP, ANONYMOUS_ADMIN, "/checkin", sender_chat=group_itself)
    [answer] = bot.texts(GROUP)
    assert answer.startswith("You're posting as the group (anonymous admin)")
    assert await Checkin.all().count() == 0


async def test_hostile_names_and_language_tags_still_get_answers(telegram_bot, tg):
    bot = await _bot(telegram_bot, tg)
    tg.add_user(50, "Eve\ud800 " + "x" * 5000, username="eve", language_code="en-" + "x" * 40)
    await bot.say(GROUP, 50, "/checkin hi\udc00 there")
    [answer] = bot.texts(GROUP)
    assert "checked in" in answer and "Eve\ufffd" in answer
    assert await Checkin.all().count() == 1
    eve = await Member.get(display_name__startswith="Eve")
    assert len(eve.display_name) == 200 and eve.lang is None


async def test_a_forged_button_is_answered_and_changes_nothing(telegram_bot, tg):
    bot = await _bot(telegram_bot, tg)
    await bot.say(GROUP, ALICE, "打卡")
    for forged in ("x|{}|notanint", "x|[1]|", "core.link_undo|{\"link\":\"1\"}|", "core.unbind|{\"nope\":1}|",
                   "checkin.nosuch|{}|"):
        update = tg.callback(GROUP, ALICE, 1, forged)
        await bot.deliver(update)
        answer = tg.callback_queries[update["callback_query"]["id"]]
        assert answer["answered"], forged
    answers = [c.params.get("text") for c in tg.calls_of("answerCallbackQuery")]
    assert answers == ["This button no longer works."] * 5
    assert await Checkin.all().count() == 1
