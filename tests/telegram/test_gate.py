"""The gate on Telegram, end to end with aiogram and FakeTelegram: a join request answered in the
private chat (user_chat_id) by button and by typing, approved or queued for the admins, who decline
with a button; spam deleted with the member warned privately and muted after the step-up; a
missing bot right told once."""
from __future__ import annotations

import pytest

from bot.capabilities import Restriction
from plugins.gate import plugin as gate
from tests.telegram.conftest import ALICE, BOB, CAROL, GROUP, OTHER_GROUP

OWNER = 1
QUESTIONS = [{"kind": "rules", "ask": "No ads."},
             {"kind": "choice", "ask": "Why are you here?", "choices": ["To learn", "To sell"], "correct": [0]}]


def settings(**gate_settings) -> dict:
    gate_settings.setdefault("door", {"questions": QUESTIONS})
    gate_settings.setdefault("log_chat", f"telegram:{OTHER_GROUP}")
    gate_settings.setdefault("probation", {"hours": 0})
    return {"communities": {"lab": {"name": "Lab", "chats": [f"telegram:{GROUP}", f"telegram:{OTHER_GROUP}"]}},
            "plugins": {"gate": gate_settings}}


async def start(telegram_bot, tg, **gate_settings):
    for chat in (GROUP, OTHER_GROUP):
        tg.set_admin(chat, tg.bot_id)
        tg.set_admin(chat, OWNER, status="creator")
    return await telegram_bot(overrides=settings(**gate_settings), plugins=[gate])


async def press(bot, tg, user: int, label: str) -> None:
    """Press the button labelled `label` on the last message the bot sent to `user` privately."""
    sent = [c for c in bot.sent(user) if c.result.get("reply_markup")][-1]
    keyboard = sent.result["reply_markup"]["inline_keyboard"]
    button = next(b for row in keyboard for b in row if label in b["text"])
    await bot.deliver(tg.callback(user, user, sent.result["message_id"], button["callback_data"]))


async def test_a_join_request_answered_by_buttons_is_approved(telegram_bot, tg):
    bot = await start(telegram_bot, tg)
    await bot.deliver(tg.chat_join_request(GROUP, CAROL, bio="pythonista"))
    assert bot.texts(CAROL)[0].startswith("Hello! To join Lab, please answer a few questions here.")
    assert bot.texts(CAROL)[1] == "Question 1 of 2: please read the rules and accept them.\nNo ads."
    await press(bot, tg, CAROL, "I accept")
    await press(bot, tg, CAROL, "To learn")
    await bot.settle()
    assert [c.effective for c in tg.calls_of("approveChatJoinRequest")] == [True]
    assert tg.member_status(GROUP, CAROL) == "member" and (GROUP, CAROL) not in tg.join_requests
    assert bot.texts(CAROL)[-1] == "Welcome to Lab! Your request was approved."


async def test_a_wrong_answer_is_queued_and_declined_by_an_admins_button(telegram_bot, tg):
    bot = await start(telegram_bot, tg)
    await bot.deliver(tg.chat_join_request(GROUP, BOB))
    await press(bot, tg, BOB, "我同意")  # Bob reads Chinese
    await press(bot, tg, BOB, "To sell")
    assert bot.texts(BOB)[-1] == "谢谢！管理员会查看你的回答，结果会在这里通知你。"
    queued = bot.sent(OTHER_GROUP)[-1]
    assert "Application #1: Bob asks to join telegram:" in queued.result["text"]
    decline = next(b for row in queued.result["reply_markup"]["inline_keyboard"] for b in row if "Spam" in b["text"])
    await bot.deliver(tg.callback(OTHER_GROUP, ALICE, queued.result["message_id"], decline["callback_data"]))
    assert tg.calls_of("declineChatJoinRequest") == []  # Alice is no admin there
    await bot.deliver(tg.callback(OTHER_GROUP, OWNER, queued.result["message_id"], decline["callback_data"]))
    assert [c.effective for c in tg.calls_of("declineChatJoinRequest")] == [True]
    assert (GROUP, BOB) not in tg.join_requests and (GROUP, BOB) not in tg.members  # never let in
    assert bot.texts(BOB)[-1] == "抱歉，你加入 Lab 的申请未通过：该账号疑似广告号。"


async def test_spam_is_deleted_warned_privately_then_muted(telegram_bot, tg):
    bot = await start(telegram_bot, tg, actions={"mute_after": 2, "mute_minutes": 15})
    await bot.say(GROUP, ALICE, "hi all")
    first = await bot.say(GROUP, ALICE, "free crypto https://t.me/+Abc123xyz")
    assert [int(c.params["message_id"]) for c in tg.calls_of("deleteMessage")] == [first["message"]["message_id"]]
    assert (GROUP, first["message"]["message_id"]) not in tg.messages
    assert bot.texts(ALICE)[-1].startswith("Your message was removed: invite links to other groups. This is "
                                          "warning 1.")
    await bot.deliver(tg.redeliver(first))  # the same update again: no second warning
    assert len(tg.calls_of("deleteMessage")) == 1
    await bot.say(GROUP, ALICE, "free crypto https://t.me/+Abc123xyz again")
    assert tg.member_status(GROUP, ALICE) == "restricted"
    assert "muted for 15 minutes" in bot.texts(ALICE)[-1]
    log = bot.sent(OTHER_GROUP)[-1]
    assert log.result["text"].startswith("#2 muted: Alice")
    undo = log.result["reply_markup"]["inline_keyboard"][0][0]
    await bot.deliver(tg.callback(OTHER_GROUP, OWNER, log.result["message_id"], undo["callback_data"]))
    assert tg.member_status(GROUP, ALICE) == "member"


async def test_a_channel_forward_is_removed(telegram_bot, tg):
    bot = await start(telegram_bot, tg)
    channel = {"id": -1005550001, "type": "channel", "title": "Deals"}
    update = await bot.say(GROUP, CAROL, "Hot deals!", forward_origin={"type": "channel", "chat": channel,
                                                                        "message_id": 9, "date": 1700000000})
    assert [int(c.params["message_id"]) for c in tg.calls_of("deleteMessage")] == [update["message"]["message_id"]]


async def test_a_missing_right_is_told_once(telegram_bot, tg):
    bot = await start(telegram_bot, tg, door={"questions": [{"kind": "rules"}]})
    tg.set_admin(GROUP, tg.bot_id, can_invite_users=False)
    for user in (ALICE, CAROL):
        await bot.deliver(tg.chat_join_request(GROUP, user))
        await press(bot, tg, user, "I accept")
    told = [t for t in bot.texts(OTHER_GROUP) if "approve or decline join requests" in t]
    assert told == ["I can't approve or decline join requests on telegram: make me an admin with the right to "
                    "add members."]
    assert (GROUP, ALICE) in tg.join_requests  # still waiting, for an admin to let in


async def test_probation_takes_media_rights_and_the_core_deletes_links(telegram_bot, tg):
    bot = await start(telegram_bot, tg, probation={"hours": 24})
    await bot.deliver(tg.chat_member(GROUP, CAROL, "left", "member"))
    restricted = [c for c in tg.calls_of("restrictChatMember") if int(c.params["user_id"]) == CAROL][-1]
    assert restricted.effective and restricted.params["permissions"]["can_send_photos"] is False
    assert tg.members[(GROUP, CAROL)]["status"] == "restricted"
    update = await bot.say(GROUP, CAROL, "my shop https://example.com/shop")
    deleted = [int(c.params["message_id"]) for c in tg.calls_of("deleteMessage")]
    assert update["message"]["message_id"] in deleted


async def test_without_a_log_chat_the_admins_get_the_application_privately_in_their_language(telegram_bot, tg):
    tg.add_user(OWNER, "Olga")  # has a private chat with the bot
    tg.set_admin(GROUP, BOB)  # reads Chinese
    tg.set_admin(GROUP, ALICE)
    tg.block_dm(ALICE)  # never opened a chat with the bot: skipped
    bot = await start(telegram_bot, tg, log_chat=None)
    assert {u.user_id for u in await bot.adapter.list_admins(str(GROUP))} == {str(tg.bot_id), str(OWNER),
                                                                              str(BOB), str(ALICE)}
    await bot.deliver(tg.chat_join_request(GROUP, CAROL))
    await press(bot, tg, CAROL, "I accept")
    await press(bot, tg, CAROL, "To sell")
    assert len(bot.texts(OWNER)) == 1 and "Application #1: Carol asks to join telegram:" in bot.texts(OWNER)[0]
    assert len(bot.texts(BOB)) == 1 and "申请 #1" in bot.texts(BOB)[0]
    assert bot.texts(ALICE) == [] and bot.sent(tg.bot_id) == []
    await press(bot, tg, OWNER, "Spam")  # in the owner's private chat with the bot
    assert [c.effective for c in tg.calls_of("declineChatJoinRequest")] == [True]
    assert bot.texts(CAROL)[-1] == "Sorry, your request to join Lab was declined: the account looks like spam."


async def test_a_raids_deletes_keep_to_the_rate_and_a_mute_goes_ahead_of_them(telegram_bot, tg):
    """Deletes and restrictions take turns in the overall rate with the messages sent (fake time):
    never more than the paced rate in any second, the worker never waits for a delete, and a
    member's mute is not queued behind a chat's backlog of deletes."""
    from bot.messages import SentMessage

    tg.set_admin(GROUP, tg.bot_id)
    bot = await telegram_bot(plugins=[])
    adapter, rate = bot.adapter, bot.adapter.client.outbox.limits.per_second_overall
    spam = [tg.message(GROUP, 7000 + n % 10, f"spam {n}")["message"]["message_id"] for n in range(80)]
    first_call = len(tg.calls)
    for message_id in spam:  # as the gate does, one after another: once the pace binds, they go in the background
        await adapter.delete(SentMessage("telegram", str(GROUP), str(message_id)))
    assert len(tg.calls_of("deleteMessage")) < len(spam)  # the caller did not wait for them all
    await adapter.set_restrictions(str(GROUP), str(ALICE), frozenset({Restriction.MESSAGES}))
    assert await adapter.handoff.finish(30)
    calls = [c for c in tg.calls[first_call:] if c.method in ("deleteMessage", "restrictChatMember")]
    stamps = [tg.stamp_of(c) for c in calls]
    assert sorted(int(c.params["message_id"]) for c in calls if c.method == "deleteMessage") == spam
    assert max(sum(1 for s in stamps if start <= s < start + 1) for start in stamps) <= rate
    mute = next(i for i, c in enumerate(calls) if c.method == "restrictChatMember")
    assert mute < len(spam) - rate  # it went out within a second or so, well before the last deletes


async def test_a_background_direct_message_the_pace_holds_back_goes_out_later_and_the_caller_moves_on(telegram_bot, tg):
    """A raid's warnings must not hold the workers: while the rate is spent on deletes, a background
    direct message returns at once and is sent in its turn; one to a closed chat is only logged."""
    from bot.capabilities import DirectMessageClosed
    from bot.messages import Message, SentMessage, rich

    tg.set_admin(GROUP, tg.bot_id)
    tg.block_dm(CAROL)
    bot = await telegram_bot(plugins=[])
    adapter = bot.adapter
    with pytest.raises(DirectMessageClosed):  # not held back: a closed chat is known at once
        await adapter.send_direct(str(CAROL), Message(rich("a warning"), background=True))
    spam = [tg.message(GROUP, 7000 + n % 10, f"spam {n}")["message"]["message_id"] for n in range(60)]
    for message_id in spam:
        await adapter.delete(SentMessage("telegram", str(GROUP), str(message_id)))
    warned = await adapter.send_direct(str(ALICE), Message(rich("a warning"), background=True))
    closed = await adapter.send_direct(str(CAROL), Message(rich("a warning"), background=True))
    assert warned.message_id.startswith("pending:") and closed.message_id.startswith("pending:")
    assert bot.texts(ALICE) == []
    assert await adapter.handoff.finish(30)
    assert bot.texts(ALICE) == ["a warning"] and bot.texts(CAROL) == []
    assert len(tg.calls_of("deleteMessage", effective=True)) == len(spam)


async def test_anonymous_admins_linked_channel_posts_and_the_bots_own_are_never_judged(telegram_bot, tg):
    """An invite link from an anonymous admin (in the group's name), from the linked channel's post
    (forwarded by "Telegram", 777000) and from a channel writing in the group: nothing is deleted."""
    bot = await start(telegram_bot, tg)
    group = {"id": GROUP, "type": "supergroup", "title": "Shequn Lab"}
    channel = {"id": -1005550002, "type": "channel", "title": "Our channel"}
    await bot.say(GROUP, 1087968824, "join t.me/+Anon123", sender_chat=group)  # GroupAnonymousBot
    await bot.say(GROUP, 777000, "new post: t.me/+Chan456", sender_chat=channel, is_automatic_forward=True)
    await bot.say(GROUP, 136817688, "from a channel: t.me/+Chan789", sender_chat=channel)  # Channel_Bot
    member = await bot.say(GROUP, ALICE, "and from a member: t.me/+Mem000")  # the same rule does fire for her
    assert [int(c.params["message_id"]) for c in tg.calls_of("deleteMessage")] == [member["message"]["message_id"]]
    assert tg.calls_of("banChatMember") == []


async def test_a_muted_member_appeals_privately_and_the_admins_undo_lifts_the_mute(telegram_bot, tg):
    bot = await start(telegram_bot, tg, actions={"mute_after": 2, "mute_minutes": 15})
    for n in range(2):
        await bot.say(GROUP, ALICE, f"free crypto https://t.me/+Abc{n}")
    assert tg.member_status(GROUP, ALICE) == "restricted"
    await bot.say(ALICE, ALICE, "/appeal I shared our own study group, sorry")
    assert bot.texts(ALICE)[-1] == "Your appeal was sent to the admins."
    appeal = bot.sent(OTHER_GROUP)[-1]
    assert appeal.result["text"].startswith("Appeal from Alice about #2")
    assert "I shared our own study group, sorry" in appeal.result["text"]
    undo = appeal.result["reply_markup"]["inline_keyboard"][0][0]
    await bot.deliver(tg.callback(OTHER_GROUP, ALICE, appeal.result["message_id"], undo["callback_data"]))
    assert tg.member_status(GROUP, ALICE) == "restricted"  # no admin: she cannot undo her own mute
    await bot.deliver(tg.callback(OTHER_GROUP, OWNER, appeal.result["message_id"], undo["callback_data"]))
    assert tg.member_status(GROUP, ALICE) == "member"
    assert bot.texts(ALICE)[-1].startswith("An admin undid the action")
