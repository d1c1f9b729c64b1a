"""Sub-chats on Telegram, end to end with aiogram and FakeTelegram: a forum topic (createForumTopic)
where the group is a forum and the bot may manage topics, posts and answers inside it, and the
clear refusals where it cannot be made (not a forum: NotSupported; no right: MissingRights)."""
from __future__ import annotations

import pytest

from bot.capabilities import MissingRights, NotSupported
from bot.identity import ChatKind, ChatRef
from bot.messages import Message, Text
from tests.telegram.conftest import ALICE, GROUP

FORUM = -1005550001111


def group(chat_id: int) -> ChatRef:
    return ChatRef("telegram", str(chat_id), ChatKind.GROUP, space_id=str(chat_id))


async def test_a_topic_in_a_forum_takes_posts_and_answers_there(telegram_bot, tg):
    tg.add_chat(FORUM, "supergroup", title="Study forum", is_forum=True)
    tg.set_admin(FORUM, tg.bot_id, can_manage_topics=True)
    bot = await telegram_bot()
    sub = await bot.adapter.open_sub_chat(group(FORUM), "Pod 1 · py-march")
    [(forum, thread)] = tg.topics
    assert (forum, tg.topics[(forum, thread)]["name"]) == (FORUM, "Pod 1 · py-march")
    assert sub.chat.thread_id == str(thread) and sub.link == f"https://t.me/c/5550001111/{thread}"
    assert sub.key == f"telegram:{FORUM}/{FORUM}#{thread}"
    await bot.adapter.send(sub.chat, Message((Text("Welcome, pod 1"),)))
    assert [m.get("text") for m in tg.in_topic(FORUM, thread)][1:] == ["Welcome, pod 1"]
    await bot.say(FORUM, ALICE, "/hello", message_thread_id=thread, is_topic_message=True)
    answer = tg.in_topic(FORUM, thread)[-1]
    assert answer["from"]["id"] == tg.bot_id and answer["message_thread_id"] == thread


async def test_a_group_that_is_not_a_forum_has_no_sub_chats(telegram_bot, tg):
    tg.set_admin(GROUP, tg.bot_id, can_manage_topics=True)
    bot = await telegram_bot()
    with pytest.raises(NotSupported):
        await bot.adapter.open_sub_chat(group(GROUP), "Pod 1")
    assert not tg.calls_of("createForumTopic") and not tg.topics


async def test_without_the_right_to_manage_topics_the_right_is_named(telegram_bot, tg):
    tg.add_chat(FORUM, "supergroup", title="Study forum", is_forum=True)
    tg.set_admin(FORUM, tg.bot_id, can_manage_topics=False)
    bot = await telegram_bot()
    with pytest.raises(MissingRights) as missing:
        await bot.adapter.open_sub_chat(group(FORUM), "Pod 1")
    assert missing.value.right == "manage_topics" and not tg.topics
