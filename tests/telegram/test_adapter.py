"""The Telegram adapter end to end: real aiogram client, FakeTelegram, a full runtime."""
from __future__ import annotations

import asyncio
import json
import logging

import pytest
from aiogram.exceptions import TelegramNetworkError

from bot.capabilities import DirectMessageClosed
from bot.config import Settings
from bot.errors import ConfigError
from bot.events import FileTooLarge, InviteRef
from bot.identity import ChatKind, ChatRef
from bot.messages import Message, SentMessage, rich
from bot.runtime import Runtime

from adapters.sandbox import SandboxAdapter
from adapters.telegram import TelegramAdapter, TelegramConfig
from tests.telegram import tg_plugin
from tests.telegram.conftest import ALICE, BOB, CAROL, GROUP, OTHER_GROUP, SECRET, TOKEN

GROUP_CHAT = ChatRef("telegram", str(GROUP), ChatKind.GROUP, space_id=str(GROUP))


def reply_target(call) -> int | None:
    params = call.params.get("reply_parameters")
    return params.get("message_id") if params else None


# --- running -------------------------------------------------------------------------------

def test_a_token_starts_the_adapter_beside_others():
    classes = {"telegram": TelegramAdapter, "sandbox": SandboxAdapter}
    with_token = Runtime(Settings.model_validate({"telegram": {"token": TOKEN}, "sandbox": {"enabled": True}}),
                         [], classes)
    with_token.build_adapters()
    assert set(with_token.adapters) == {"telegram", "sandbox"}
    assert isinstance(with_token.adapters["telegram"].config, TelegramConfig)

    without = Runtime(Settings.model_validate({"telegram": {"mode": "polling"}}), [], classes)
    without.build_adapters()
    assert set(without.adapters) == {"sandbox"}
    assert not TelegramAdapter.wants_to_run(None)


def test_config_is_validated():
    bad = Runtime(Settings.model_validate({"telegram": {"token": TOKEN, "tokn": "x"}}), [],
                  {"telegram": TelegramAdapter})
    with pytest.raises(ConfigError):
        bad.build_adapters()
    with pytest.raises(ValueError, match="url"):
        TelegramConfig(token=TOKEN, mode="webhook")
    with pytest.raises(ValueError):
        TelegramConfig(token="not a token")
    with pytest.raises(ValueError):
        TelegramConfig(token=TOKEN, secret_token="has spaces")


# --- commands ------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_commands_in_a_group_with_and_without_the_bot_name(telegram_bot, mode):
    bot = await telegram_bot(mode)
    first = await bot.say(GROUP, ALICE, "/add 2 3")
    second = await bot.say(GROUP, ALICE, "/add@shequn_bot 4 5")
    await bot.say(GROUP, ALICE, "/add@other_bot 6 7")
    await bot.say(GROUP, ALICE, "/ADD@Shequn_Bot 1 1")
    assert bot.texts(GROUP) == ["Sum: 5", "Sum: 9", "Sum: 2"]
    sent = bot.sent(GROUP)
    assert reply_target(sent[0]) == first["message"]["message_id"]
    assert reply_target(sent[1]) == second["message"]["message_id"]
    assert sent[0].params["reply_parameters"]["allow_sending_without_reply"] is True
    assert sent[0].params["parse_mode"] == "HTML"


async def test_commands_in_private_and_scopes(telegram_bot):
    bot = await telegram_bot()
    await bot.say(GROUP, ALICE, "hello everyone")  # Alice belongs to the group's community
    await bot.say(ALICE, ALICE, "/whisper")
    await bot.say(ALICE, ALICE, "/add@shequn_bot 1 2")
    await bot.say(ALICE, ALICE, "/shout")
    await bot.say(GROUP, ALICE, "/shout@shequn_bot")
    assert bot.texts(ALICE) == ["psst", "Sum: 3", "/shout works in a group chat."]
    assert bot.texts(GROUP) == ["HEY"]


async def test_a_command_for_another_bot_is_ignored_and_plain_text_is_not_a_command(telegram_bot):
    bot = await telegram_bot()
    await bot.say(GROUP, ALICE, "/hello@some_other_bot")
    await bot.say(GROUP, ALICE, "just chatting about /add")
    await bot.say(GROUP, ALICE, "/nosuchcommand")
    assert bot.texts(GROUP) == []


async def test_reply_to_is_passed_on(telegram_bot):
    from bot.events import MessageReceived

    seen = []

    async def spy(ctx):
        seen.append(ctx.event.reply_to_message_id)

    bot = await telegram_bot()
    original = await bot.say(GROUP, BOB, "the original")
    bot.runtime.bus.event_handlers.append(("tgtest", MessageReceived, spy))
    await bot.say(GROUP, ALICE, "a reply", reply_to=original["message"]["message_id"])
    assert seen == [str(original["message"]["message_id"])]


# --- rendering -----------------------------------------------------------------------------

async def test_hostile_names_are_escaped(telegram_bot, tg):
    name = "<b>Eve</b> & <i>Co</i>"
    tg.add_user(666, name, last_name="\u202eevil\u200f 🦄", username="eve")
    bot = await telegram_bot()
    await bot.say(GROUP, 666, "/hello <a href='x'>&amp;</a> 👋")
    call = bot.sent(GROUP)[0]
    html = call.params["text"]
    assert "<b>Eve</b>" not in html and "&lt;b&gt;Eve&lt;/b&gt; &amp; &lt;i&gt;Co&lt;/i&gt;" in html
    assert '<a href="tg://user?id=666">' in html
    assert "<b>&lt;a href='x'&gt;&amp;amp;&lt;/a&gt; 👋</b>" in html
    full = f"{name} \u202eevil\u200f 🦄"
    assert call.result["text"] == f"Hello {full}! <a href='x'>&amp;</a> 👋"
    kinds = {e["type"] for e in call.result["entities"]}
    assert kinds == {"text_link", "bold"}


# --- buttons -------------------------------------------------------------------------------

async def test_buttons_are_sent_and_every_press_is_answered_once(telegram_bot, tg):
    bot = await telegram_bot()
    await bot.say(GROUP, ALICE, "/menu")
    sent = bot.sent(GROUP)[0]
    keyboard = sent.params["reply_markup"]["inline_keyboard"]
    callback, link = keyboard[0]
    assert link == {"text": "Docs", "url": "https://example.com/?a=1&b=2"}
    message_id = sent.result["message_id"]

    press = tg.callback(GROUP, BOB, message_id, callback["callback_data"])
    await bot.deliver(press)
    stale = tg.callback(GROUP, BOB, message_id, "gone.action||")
    await bot.deliver(stale)
    answers = tg.calls_of("answerCallbackQuery")
    assert [a.params["callback_query_id"] for a in answers] == [press["callback_query"]["id"],
                                                                stale["callback_query"]["id"]]
    assert answers[0].params["text"] == "Pressed x"
    assert answers[1].params["text"] == "这个按钮已失效。"  # Bob uses Telegram in Chinese
    assert all(a.effective for a in answers)
    assert tg_plugin.seen == [("pressed", "x")]


# --- members -------------------------------------------------------------------------------

async def test_a_join_through_a_named_invite_link_is_attributed(telegram_bot, tg):
    tg.set_admin(GROUP, tg.bot_id)
    bot = await telegram_bot()
    assert "chat_member" in tg.calls_of("getUpdates")[0].params["allowed_updates"]
    invite = await bot.adapter.create_invite(GROUP_CHAT, "spring-campaign")
    assert invite.name == "spring-campaign" and invite.creator_id == str(tg.bot_id)
    assert tg.calls_of("createChatInviteLink")[0].params["name"] == "spring-campaign"

    await bot.deliver(tg.chat_member(GROUP, CAROL, "left", "member", invite_link=invite.url))
    # Telegram also posts a service message; where chat_member updates come, it is not a second join
    await bot.deliver(tg.new_chat_members(GROUP, [CAROL]))
    await bot.deliver(tg.chat_member(GROUP, CAROL, "member", "left"))
    assert tg_plugin.seen == [("joined", str(CAROL), InviteRef(invite.url, "spring-campaign", str(tg.bot_id))),
                              ("left", str(CAROL))]
    await bot.adapter.revoke_invite(GROUP_CHAT, invite)
    assert tg.invite_links[invite.url]["is_revoked"]


async def test_service_messages_tell_joins_where_the_bot_is_no_admin(telegram_bot, tg):
    bot = await telegram_bot()
    await bot.deliver(tg.new_chat_members(OTHER_GROUP, [ALICE, BOB]))
    await bot.deliver(tg.left_chat_member(OTHER_GROUP, BOB))
    assert tg_plugin.seen == [("joined", str(ALICE), None), ("joined", str(BOB), None), ("left", str(BOB))]


async def test_bot_added_and_removed(telegram_bot, tg):
    bot = await telegram_bot()
    await bot.deliver(tg.my_chat_member(OTHER_GROUP, "member", "left", from_user_id=ALICE))
    await bot.deliver(tg.my_chat_member(OTHER_GROUP, "administrator", "member", from_user_id=ALICE))
    await bot.deliver(tg.my_chat_member(OTHER_GROUP, "kicked", "administrator", from_user_id=ALICE))
    assert tg_plugin.seen == [("bot added", str(OTHER_GROUP), str(ALICE)), ("bot removed", str(OTHER_GROUP))]


async def test_admin_check(telegram_bot, tg):
    tg.set_admin(GROUP, ALICE)
    bot = await telegram_bot()
    await bot.say(GROUP, ALICE, "/secret")
    await bot.say(GROUP, BOB, "/secret")
    await bot.say(GROUP, CAROL, "/secret")
    # admin output and refusals are private: a direct message, and a pointer in the group
    assert bot.texts(ALICE) == ["The secret is 42"]
    assert bot.texts(BOB) == ["只有管理员可以使用 /secret。"]
    assert bot.texts(CAROL) == ["Only admins can use /secret."]
    assert bot.texts(GROUP) == ["I've answered you in a private message.", "我已私信回复你。",
                                "I've answered you in a private message."]
    assert await bot.adapter.is_admin(GROUP_CHAT, str(ALICE))
    assert await bot.adapter.is_admin(GROUP_CHAT, "1")  # the creator
    assert not await bot.adapter.is_admin(GROUP_CHAT, str(BOB))



async def test_a_private_answer_to_someone_who_never_opened_a_chat_points_to_one(telegram_bot, tg):
    tg.set_admin(GROUP, ALICE)
    tg.block_dm(ALICE)
    bot = await telegram_bot()
    await bot.say(GROUP, ALICE, "/secret")
    [pointer] = bot.sent(GROUP)
    assert pointer.result["text"].startswith("I can't message you privately yet")
    [[button]] = pointer.params["reply_markup"]["inline_keyboard"]
    me = await bot.adapter.client.username()
    assert button == {"text": "Open a chat with me", "url": f"https://t.me/{me}?start=private"}
    assert bot.texts(ALICE) == []  # the direct message was refused, and the group got only the pointer

    tg.allow_dm(ALICE)
    await bot.say(ALICE, ALICE, "/secret")  # in the private chat itself: just the answer
    assert bot.texts(ALICE) == ["The secret is 42"]


async def test_restrict_and_unrestrict(telegram_bot, tg):
    from bot.capabilities import Restriction

    bot = await telegram_bot()
    tg.set_admin(GROUP, tg.bot_id, can_restrict_members=True)
    await bot.adapter.set_restrictions(str(GROUP), str(BOB), frozenset({Restriction.MESSAGES}))
    assert tg.member_status(GROUP, BOB) == "restricted"
    await bot.adapter.set_restrictions(str(GROUP), str(BOB), frozenset())
    assert tg.member_status(GROUP, BOB) == "member"


async def test_roles_show_as_a_custom_title_only_where_the_bot_can_set_one(telegram_bot, tg):
    bot = await telegram_bot()
    tg.set_admin(GROUP, ALICE, can_be_edited=True)
    await bot.adapter.assign_role(str(GROUP), str(ALICE), "Gold streaker tier")
    assert tg.members[(GROUP, ALICE)]["custom_title"] == "Gold streaker ti"
    await bot.adapter.assign_role(str(GROUP), str(BOB), "Gold")  # a plain member: the core keeps the role
    assert not tg.calls_of("setChatAdministratorCustomTitle")[1:]
    await bot.adapter.remove_role(str(GROUP), str(ALICE), "Gold streaker tier")
    assert "custom_title" not in tg.members[(GROUP, ALICE)]


# --- files ---------------------------------------------------------------------------------

async def test_a_photo_goes_out_with_its_caption_and_buttons(telegram_bot, tg):
    bot = await telegram_bot()
    command = await bot.say(GROUP, ALICE, "/pic <cat>")
    [photo] = bot.sent(GROUP, "sendPhoto")
    assert photo.files["photo"] == tg_plugin.PNG
    assert photo.params["caption"] == "A picture of &lt;cat&gt;"
    assert photo.result["caption"] == "A picture of <cat>"
    assert photo.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "Press me"
    assert reply_target(photo) == command["message"]["message_id"]
    assert bot.sent(GROUP) == []


async def test_long_text_goes_before_the_photos(telegram_bot, tg):
    bot = await telegram_bot()
    await bot.say(GROUP, ALICE, "/pic " + "long " * 300)
    assert tg.calls[-1].method == "sendPhoto" and "caption" not in tg.calls[-1].params
    [text] = bot.sent(GROUP)
    assert text.result["text"].startswith("A picture of long long")
    assert text.params["reply_markup"]["inline_keyboard"]


async def test_text_over_4096_characters_is_split(telegram_bot, tg):
    bot = await telegram_bot()
    sent = await bot.adapter.send(GROUP_CHAT, Message(rich("word " * 2000), reply_to="1"))
    parts = bot.sent(GROUP)
    assert len(parts) == 3 and all(len(p.result["text"]) <= 4096 for p in parts)
    assert "".join(p.result["text"] for p in parts).split() == ["word"] * 2000
    assert sent.message_id == str(parts[-1].result["message_id"])


async def test_documents_go_through_send_document(telegram_bot, tg):
    from bot.messages import Document

    bot = await telegram_bot()
    await bot.adapter.send(GROUP_CHAT, Message(rich("the report"), document=Document(b"a,b\n1,2\n", "report.csv")))
    [doc] = bot.sent(GROUP, "sendDocument")
    assert doc.files["document"] == b"a,b\n1,2\n" and doc.file_names["document"] == "report.csv"
    assert doc.result["caption"] == "the report"
    with pytest.raises(FileTooLarge):
        await bot.adapter.send(GROUP_CHAT, Message(document=Document(b"x" * (50 * 1024 * 1024 + 1), "big.bin")))


async def test_incoming_photos_and_documents_are_read_on_demand(telegram_bot, tg):
    tg.add_file("PHOTO1", tg_plugin.PNG)
    tg.add_file("DOC1", b"hello file", file_name="notes.txt", mime_type="text/plain")
    bot = await telegram_bot()
    await bot.say(GROUP, ALICE, photo_file_id="PHOTO1", caption="look at this")
    await bot.say(GROUP, ALICE, document_file_id="DOC1", caption="and this")
    assert tg_plugin.seen == [("file", "image", None, tg_plugin.PNG, "look at this"),
                              ("file", "document", "notes.txt", b"hello file", "and this")]


async def test_reading_an_attachment_is_bounded(telegram_bot, tg):
    tg.add_file("BIG", b"x" * 5000, file_name="big.bin")
    bot = await telegram_bot()
    with pytest.raises(FileTooLarge):
        await bot.adapter.client.download("BIG", 100)
    fetch = bot.adapter.receiver.incoming.fetcher("BIG")
    assert len(await fetch(5000)) == 5000


# --- edits, deletes, direct messages -----------------------------------------------------------

async def test_edit_and_delete(telegram_bot, tg):
    bot = await telegram_bot()
    sent = await bot.adapter.send(GROUP_CHAT, Message(rich("draft")))
    await bot.adapter.edit(sent, Message(rich("final")))
    await bot.adapter.edit(sent, Message(rich("final")))  # "not modified" is fine
    assert tg.message_by_id(GROUP, int(sent.message_id))["text"] == "final"
    await bot.adapter.delete(sent)
    await bot.adapter.delete(sent)  # already gone
    assert tg.message_by_id(GROUP, int(sent.message_id)) is None


async def test_editing_a_photo_changes_its_caption(telegram_bot, tg):
    from bot.messages import Image

    bot = await telegram_bot()
    sent = await bot.adapter.send(GROUP_CHAT, Message(rich("before"), images=(Image(tg_plugin.PNG),)))
    await bot.adapter.edit(sent, Message(rich("after")))
    assert tg.message_by_id(GROUP, int(sent.message_id))["caption"] == "after"
    bot.adapter._captions.clear()  # after a restart the adapter no longer knows: it finds out
    await bot.adapter.edit(sent, Message(rich("again")))
    assert tg.message_by_id(GROUP, int(sent.message_id))["caption"] == "again"


async def test_direct_messages_and_users_who_never_started_the_bot(telegram_bot, tg):
    bot = await telegram_bot()
    sent = await bot.adapter.send_direct(str(ALICE), Message(rich("hi Alice")))
    assert sent == SentMessage("telegram", str(ALICE), sent.message_id)
    with pytest.raises(DirectMessageClosed):
        await bot.adapter.send_direct("777000", Message(rich("who?")))  # never seen: chat not found
    tg.block_dm(BOB)
    with pytest.raises(DirectMessageClosed):
        await bot.adapter.send_direct(str(BOB), Message(rich("hi Bob")))


# --- flood control and failures ----------------------------------------------------------------

async def test_a_broadcast_is_paced_under_the_group_limit(telegram_bot, tg):
    bot = await telegram_bot()
    update = await bot.deliver(tg.message(GROUP, ALICE, "/flood 200"), settle=False)
    await bot.settle(update["update_id"], timeout=60)  # 200 paced steps of the fake clock: seconds on a busy machine
    sends = bot.sent(GROUP)
    assert len(sends) == 200 and not [c for c in tg.calls_of("sendMessage") if c.error]
    times = [tg.stamp_of(c) for c in sends]
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(times, times[1:]))
    assert max(sum(1 for t in times if start <= t < start + 60) for start in times) <= 20
    assert times[-1] - times[0] >= 9 * 60  # 200 messages at 20 a minute


async def test_private_chats_are_not_held_to_the_group_minute_limit(telegram_bot, tg):
    bot = await telegram_bot()
    chat = ChatRef("telegram", str(ALICE), ChatKind.PRIVATE)
    start = tg.time.now
    await asyncio.gather(*(bot.adapter.send(chat, Message(rich(f"dm {i}"))) for i in range(40)))
    await bot.settle()  # sends to a paced chat are handed off
    times = sorted(tg.stamp_of(c) for c in bot.sent(ALICE))
    assert len(times) == 40 and all(b - a >= 1.0 - 1e-9 for a, b in zip(times, times[1:]))
    assert times[-1] - start < 45  # one a second, not 20 a minute


async def test_many_chats_share_the_overall_limit(telegram_bot, tg):
    bot = await telegram_bot()
    users = list(range(5000, 5090))
    for user in users:
        tg.add_user(user, f"Member {user}")
    start = tg.time.now
    await asyncio.gather(*(bot.adapter.send_direct(str(u), Message(rich("news"))) for u in users))
    times = sorted(tg.stamp_of(c) for c in bot.sent())
    assert len(times) == 90
    assert max(sum(1 for t in times if s <= t < s + 1) for s in times) <= 27  # [telegram] messages_per_second
    assert times[-1] - start >= 2


async def test_429_retry_after_is_honoured(telegram_bot, tg, caplog):
    bot = await telegram_bot()
    tg.fail_next("sendMessage", retry_after=7)
    await bot.say(GROUP, ALICE, "/add 1 1")
    first, second = tg.calls_of("sendMessage")
    assert first.error["error_code"] == 429 and second.effective
    assert tg.stamp_of(second) - tg.stamp_of(first) >= 7
    assert bot.texts(GROUP) == ["Sum: 2"]
    assert any("flood control" in r.getMessage() and str(GROUP) in r.getMessage() for r in caplog.records)


async def test_a_refused_connection_is_retried(telegram_bot, tg, caplog):
    bot = await telegram_bot()
    await tg.wait_for("setMyCommands", 6)
    await tg.go_offline()
    await asyncio.sleep(0.05)  # the bot's pooled connections notice the close
    tg.time.on_sleep = lambda _seconds: tg.go_online()
    sent = await bot.adapter.send(GROUP_CHAT, Message(rich("after a hiccup")))
    tg.time.on_sleep = None
    assert bot.texts(GROUP) == ["after a hiccup"] and sent.message_id
    assert len(tg.calls_of("sendMessage")) == 1  # the refused attempt never reached the server
    assert tg.time.sleeps and tg.time.sleeps[0] > 0  # backed off before retrying
    assert any("Cannot connect" in r.getMessage() and "retrying" in r.getMessage() for r in caplog.records)


def test_which_network_errors_are_safe_to_retry():
    import aiohttp
    from aiogram.methods import SendMessage

    from adapters.telegram.outbox import surely_not_sent

    def wrapped(cause: BaseException) -> TelegramNetworkError:
        try:
            raise TelegramNetworkError(SendMessage(chat_id=1, text="x"), str(cause)) from cause
        except TelegramNetworkError as err:
            return err

    stale = aiohttp.ClientOSError(None, "Can not write request body for http://x")
    stale.__cause__ = aiohttp.ClientConnectionResetError("Cannot write to closing transport")
    assert surely_not_sent(wrapped(stale))
    assert surely_not_sent(wrapped(aiohttp.ConnectionTimeoutError()))
    assert not surely_not_sent(wrapped(aiohttp.ServerDisconnectedError()))
    assert not surely_not_sent(wrapped(aiohttp.ClientOSError(104, "Connection reset by peer")))
    assert not surely_not_sent(wrapped(aiohttp.SocketTimeoutError()))


async def test_a_response_lost_after_sending_is_not_sent_again(telegram_bot, tg, caplog):
    bot = await telegram_bot()
    tg.drop_next("sendMessage", after_processing=True)
    with caplog.at_level(logging.ERROR), pytest.raises(TelegramNetworkError):
        await bot.adapter.send(GROUP_CHAT, Message(rich("exactly once")))
    assert len(tg.calls_of("sendMessage")) == 1 and tg.calls_of("sendMessage")[0].effective
    assert any(str(GROUP) in r.getMessage() and "not sent again" in r.getMessage() for r in caplog.records)


async def test_a_failed_send_is_logged_with_the_chat(telegram_bot, tg, caplog):
    bot = await telegram_bot()
    tg.fail_next("sendMessage", error_code=400, description="Bad Request: chat is gone")
    await bot.say(GROUP, ALICE, "/add 2 2")
    assert any("sendMessage" in r.getMessage() and str(GROUP) in r.getMessage() and "chat is gone" in r.getMessage()
               for r in caplog.records if r.levelno >= logging.ERROR)


# --- webhook and delivery ---------------------------------------------------------------------

async def test_webhook_sets_itself_and_rejects_a_wrong_secret(telegram_bot, tg, caplog):
    bot = await telegram_bot("webhook")
    [hook] = tg.calls_of("setWebhook")
    assert hook.params["url"] == "https://bot.example.com/tg/hook" and hook.params["secret_token"] == SECRET
    assert "chat_member" in hook.params["allowed_updates"]
    assert not tg.calls_of("getUpdates")

    update = tg.message(GROUP, ALICE, "/add 1 2")
    assert await tg.post_webhook(bot.webhook_url, update, "wrong") == 403
    assert await tg.post_webhook(bot.webhook_url, update, None) == 403
    await bot.settle()
    assert bot.texts(GROUP) == [] and bot.adapter.receiver.last_update_id is None
    assert any("refused a Telegram webhook request" in r.getMessage() for r in caplog.records)
    await bot.deliver(update)
    assert bot.texts(GROUP) == ["Sum: 3"]


async def test_without_a_configured_secret_every_instance_uses_one_derived_from_the_token(telegram_bot, tg):
    bot = await telegram_bot("webhook", overrides={"telegram": {"secret_token": None}})
    [hook] = tg.calls_of("setWebhook")
    # another instance, started from the same config, expects the secret this one registered
    other_instance = TelegramConfig(token=TOKEN, mode="webhook", url="https://bot.example.com/tg/hook")
    assert hook.params["secret_token"] == other_instance.webhook_secret()
    assert TOKEN.split(":")[1] not in hook.params["secret_token"]
    assert TelegramConfig(token="1:other").webhook_secret() != hook.params["secret_token"]

    update = tg.message(GROUP, ALICE, "/add 1 2")
    assert await tg.post_webhook(bot.webhook_url, update, SECRET) == 403
    assert await tg.post_webhook(bot.webhook_url, update, other_instance.webhook_secret()) == 200
    await bot.settle(update["update_id"])
    assert bot.texts(GROUP) == ["Sum: 3"]


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_redelivered_update_is_processed_once(telegram_bot, tg, mode):
    bot = await telegram_bot(mode)
    update = await bot.say(GROUP, ALICE, "/add 3 3")
    await bot.deliver(tg.redeliver(update))
    await bot.say(GROUP, ALICE, "/add 4 4")
    assert bot.texts(GROUP) == ["Sum: 6", "Sum: 8"]


async def test_polling_feeds_a_small_bus_without_losing_updates(telegram_bot, tg):
    bot = await telegram_bot(overrides={"bot": {"workers": 2, "queue_size": 3}})
    updates = [tg.message(GROUP, ALICE, f"/add {i} 0") for i in range(60)]
    await bot.settle(updates[-1]["update_id"])
    assert sorted(bot.texts(GROUP), key=lambda t: int(t.split()[1])) == [f"Sum: {i}" for i in range(60)]
    assert len(asyncio.all_tasks()) < 40  # no task per update


async def test_stop_lets_in_flight_updates_finish(telegram_bot, tg):
    bot = await telegram_bot()
    update = tg.message(GROUP, ALICE, "/slow")
    while ("slow", "started") not in tg_plugin.seen:
        await asyncio.sleep(0.01)
    stopping = asyncio.create_task(bot.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()
    tg_plugin.gate["slow"].set()
    await stopping
    assert bot.texts(GROUP) == ["done slowly"]
    assert bot.adapter.receiver.last_update_id == update["update_id"]
    # the handled update was confirmed: a restart would not see it again
    assert tg.calls_of("getUpdates")[-1].params["offset"] == update["update_id"] + 1


# --- the command menu --------------------------------------------------------------------------

def _menu(tg, scope: str, language: str = "") -> dict[str, str]:
    key = (json.dumps({"type": scope}, sort_keys=True), language)
    return {c["command"]: c["description"] for c in tg.commands.get(key, [])}


async def test_set_my_commands_localized_and_scoped(telegram_bot, tg):
    await telegram_bot()
    await tg.wait_for("setMyCommands", 6)
    private, group, admins = (_menu(tg, "all_private_chats"), _menu(tg, "all_group_chats"),
                              _menu(tg, "all_chat_administrators"))
    assert private["add"] == "add two numbers" and private["help"] == "show what you can do"
    assert "whisper" in private and "shout" not in private and "boss" not in private
    assert "shout" in group and "whisper" not in group and "secret" not in group
    assert "secret" in admins and "shout" in admins and "boss" not in admins
    assert "hi" not in private  # aliases stay out of the menu
    zh = _menu(tg, "all_group_chats", "zh")
    assert zh["add"] == "两数相加" and set(zh) == set(group)


async def test_a_failing_start_up_call_is_logged_once_and_the_bot_keeps_serving(telegram_bot, tg, caplog):
    tg.fail_next("setMyCommands", times=20, error_code=400, description="Bad Request: nope")
    tg.fail_next("getMe", error_code=500)
    bot = await telegram_bot()
    await tg.wait_for("setMyCommands")
    await bot.say(GROUP, ALICE, "/add 5 5")
    await bot.say(GROUP, ALICE, "/add@shequn_bot 1 5")  # whose name? getMe is tried again a minute later
    assert bot.texts(GROUP) == ["Sum: 10"]
    failures = [r for r in caplog.records if "setMyCommands" in r.getMessage()]
    assert len(failures) == 1 and failures[0].levelno == logging.WARNING
    assert len([r for r in caplog.records if "getMe" in r.getMessage()]) == 1


async def test_reactions_added_and_taken_back_reach_plugins(telegram_bot, tg):
    bot = await telegram_bot()
    await bot.deliver(tg.reaction(GROUP, ALICE, 42, new=["👍", "🔥"]))
    await bot.deliver(tg.reaction(GROUP, ALICE, 42, new=["🔥"], old=["👍", "🔥"]))
    reactions = [s for s in tg_plugin.seen if s[0] == "reaction"]
    assert reactions == [("reaction", str(ALICE), "42", "👍", True), ("reaction", str(ALICE), "42", "🔥", True),
                         ("reaction", str(ALICE), "42", "👍", False)]
