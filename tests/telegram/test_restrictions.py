"""Member restrictions on Telegram, end to end with aiogram and FakeTelegram: restrictChatMember with
independent permissions for what Telegram enforces (media, everything), the bot deleting what it
has no right for (links, forwards), and a missing can_restrict_members named to the plugin."""
from __future__ import annotations

import pytest

from tests import restricting_plugin
from tests.telegram.conftest import ALICE, BOB, GROUP

OWNER = 1


@pytest.fixture(autouse=True)
def nothing_told():
    restricting_plugin.told.clear()


def last_restriction(tg) -> dict:
    return tg.calls_of("restrictChatMember", effective=True)[-1].params


async def test_media_is_refused_by_telegram_and_links_deleted_by_the_bot(telegram_bot, tg):
    tg.set_admin(GROUP, tg.bot_id, can_restrict_members=True, can_delete_messages=True)
    bot = await telegram_bot(plugins=[restricting_plugin.plugin])
    await bot.say(GROUP, BOB, "hello")
    await bot.say(GROUP, OWNER, "/hush @bob media,links")
    params = last_restriction(tg)
    assert params["use_independent_chat_permissions"] is True
    permissions = params["permissions"]
    assert permissions["can_send_photos"] is False and permissions["can_add_web_page_previews"] is False
    assert permissions["can_send_messages"] is True and permissions["can_invite_users"] is True
    assert tg.member_status(GROUP, BOB) == "restricted" and restricting_plugin.told == []

    tg.add_file("cat", b"\x89PNG")
    with pytest.raises(PermissionError):
        tg.message(GROUP, BOB, photo_file_id="cat")  # the client refuses it
    words = await bot.say(GROUP, BOB, "just words")
    link = await bot.say(GROUP, BOB, "look https://spam.example/offer")
    alices = await bot.say(GROUP, ALICE, "https://fine.example")
    deleted = [int(c.params["message_id"]) for c in tg.calls_of("deleteMessage", effective=True)]
    assert deleted == [link["message"]["message_id"]]
    assert words["message"]["message_id"] not in deleted and alices["message"]["message_id"] not in deleted

    await bot.say(GROUP, OWNER, "/unhush @bob")
    assert tg.member_status(GROUP, BOB) == "member"
    await bot.say(GROUP, BOB, "https://free.example")
    assert len(tg.calls_of("deleteMessage", effective=True)) == 1


async def test_forwards_are_deleted_and_read_only_takes_every_right(telegram_bot, tg):
    tg.set_admin(GROUP, tg.bot_id, can_restrict_members=True, can_delete_messages=True)
    bot = await telegram_bot(plugins=[restricting_plugin.plugin])
    await bot.say(GROUP, BOB, "hello")
    await bot.say(GROUP, OWNER, "/hush @bob forwards")
    assert tg.member_status(GROUP, BOB) == "member"  # Telegram has no right for forwards: nothing taken
    forward = await bot.say(GROUP, BOB, "news", forward_origin={"type": "hidden_user", "date": 1,
                                                                  "sender_user_name": "Someone"})
    assert [int(c.params["message_id"]) for c in tg.calls_of("deleteMessage", effective=True)] == [
        forward["message"]["message_id"]]

    await bot.say(GROUP, ALICE, "hi")
    await bot.say(GROUP, OWNER, "/hush @alice messages 30")
    permissions = last_restriction(tg)["permissions"]
    assert not any(permissions[k] for k in ("can_send_messages", "can_send_photos", "can_send_polls",
                                            "can_send_other_messages"))
    assert last_restriction(tg)["until_date"]  # Telegram lifts it itself, should the bot be down then
    with pytest.raises(PermissionError):
        tg.message(GROUP, ALICE, "anything")


async def test_without_the_right_to_restrict_the_plugin_is_told(telegram_bot, tg):
    tg.set_admin(GROUP, tg.bot_id, can_restrict_members=False)
    bot = await telegram_bot(plugins=[restricting_plugin.plugin])
    await bot.say(GROUP, BOB, "hello")
    await bot.say(GROUP, OWNER, "/hush @bob media")
    assert [(m.platform, m.right) for m in restricting_plugin.told] == [("telegram", "restrict_members")]
    assert tg.member_status(GROUP, BOB) == "member"
    tg.set_admin(GROUP, ALICE)
    await bot.say(GROUP, OWNER, "/hush @alice media")  # an admin cannot be restricted: skipped, not an error
    assert len(restricting_plugin.told) == 1
