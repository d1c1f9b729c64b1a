"""Prove FakeTelegram is faithful, using the real aiogram client against it."""

from __future__ import annotations

import asyncio
import io
import struct
import time
import zlib

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    ChatMemberUpdated,
    ChatPermissions,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from tests.fakes.telegram_api import FakeTelegram

TOKEN = "123:ABC"
GROUP = -1001234567890
ALICE = 42


def make_png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture
async def tg():
    async with FakeTelegram(token=TOKEN, bot_username="shequn_bot") as fake:
        fake.add_chat(GROUP, "supergroup", title="Shequn Lab")
        fake.add_user(ALICE, "Alice", username="alice")
        yield fake


class FastCloseSession(AiohttpSession):
    """aiogram sleeps 250 ms on close for TLS shutdown; plain local HTTP does not need it."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def make_bot(tg: FakeTelegram, token: str = TOKEN) -> Bot:
    return Bot(token, session=FastCloseSession(api=TelegramAPIServer.from_base(tg.base_url)))


@pytest.fixture
async def bot(tg):
    b = make_bot(tg)
    yield b
    await b.session.close()


# --------------------------------------------------------------------------- polling


async def test_polling_command_reply_and_callback(tg: FakeTelegram):
    bot = make_bot(tg)
    router = Router()
    seen: dict[str, object] = {}

    @router.message(Command("start"))
    async def on_start(message: Message, command: CommandObject) -> None:
        seen["message"], seen["command"] = message, command
        await message.reply("welcome", reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="yes")]]))

    @router.callback_query(F.data == "yes")
    async def on_yes(query: CallbackQuery) -> None:
        seen["callback"] = query
        await query.answer("done", show_alert=True)

    dp = Dispatcher()
    dp.include_router(router)
    polling = asyncio.create_task(dp.start_polling(
        bot, handle_signals=False, allowed_updates=["message", "callback_query"]))
    try:
        update = tg.message(GROUP, ALICE, "/start@shequn_bot ref42")
        assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 17}]
        (sent,) = await tg.wait_for("sendMessage")
        message = seen["message"]
        assert isinstance(message, Message)
        assert message.chat.id == GROUP and message.chat.type == "supergroup"
        assert message.from_user is not None and message.from_user.username == "alice"
        command = seen["command"]
        assert isinstance(command, CommandObject)
        assert (command.command, command.mention, command.args) == ("start", "shequn_bot", "ref42")

        # message.reply() -> sendMessage with JSON-encoded reply_parameters
        assert sent.params["chat_id"] == GROUP
        assert sent.params["reply_parameters"] == {
            "message_id": update["message"]["message_id"], "chat_id": GROUP}
        assert sent.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "yes"
        assert sent.effective and sent.result["reply_to_message"]["message_id"] == update["message"]["message_id"]
        assert sent.result["from"]["id"] == tg.bot_id
        assert sent.result["message_id"] == update["message"]["message_id"] + 1

        tg.callback(GROUP, ALICE, sent.result["message_id"], "yes")
        (answer,) = await tg.wait_for("answerCallbackQuery")
        query = seen["callback"]
        assert isinstance(query, CallbackQuery)
        assert query.message is not None and query.message.message_id == sent.result["message_id"]
        assert query.message.reply_markup is not None
        assert answer.params == {"callback_query_id": query.id, "text": "done", "show_alert": True}
        assert answer.effective

        gets = tg.calls_of("getUpdates")
        assert gets[0].params["allowed_updates"] == ["message", "callback_query"]
        assert gets[0].params["timeout"] == 10
        assert tg.calls_of("getMe")
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)


async def test_long_poll_returns_early_and_honours_offset(tg: FakeTelegram, bot: Bot):
    started = time.monotonic()
    waiter = asyncio.create_task(bot.get_updates(timeout=5))
    await tg.wait_for("getUpdates")
    first = tg.message(GROUP, ALICE, "hello @alice_friend")
    updates = await asyncio.wait_for(waiter, 2)
    assert time.monotonic() - started < 1.5
    assert [u.update_id for u in updates] == [first["update_id"]]
    assert updates[0].message.entities[0].type == "mention"

    # not confirmed yet: delivered again; confirmed with offset: gone
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [first["update_id"]]
    second = tg.message(GROUP, ALICE, "second")
    rest = await bot.get_updates(offset=first["update_id"] + 1, timeout=0)
    assert [u.update_id for u in rest] == [second["update_id"]]
    assert await bot.get_updates(offset=second["update_id"] + 1, timeout=0) == []

    # Telegram may redeliver an already confirmed update with the same update_id
    tg.redeliver(second)
    redelivered = await bot.get_updates(offset=second["update_id"] + 1, timeout=0)
    assert [u.update_id for u in redelivered] == [second["update_id"]]

    # limit, and an empty long poll respecting its timeout
    tg.message(GROUP, ALICE, "a"), tg.message(GROUP, ALICE, "b")
    assert len(await bot.get_updates(offset=second["update_id"] + 1, limit=1, timeout=0)) == 1
    t0 = time.monotonic()
    async with aiohttp.ClientSession() as http:  # aiogram only sends whole seconds
        async with http.post(f"{tg.base_url}/bot{TOKEN}/getUpdates",
                             data={"offset": "1000000000", "timeout": "0.2"}) as resp:
            assert await resp.json() == {"ok": True, "result": []}
    assert 0.15 < time.monotonic() - t0 < 1


async def test_chat_member_update_with_invite_link(tg: FakeTelegram, bot: Bot):
    link = await bot.create_chat_invite_link(GROUP, name="spring-campaign", member_limit=10)
    assert link.invite_link.startswith("https://t.me/+") and link.name == "spring-campaign"
    assert link.creator.id == tg.bot_id and link.member_limit == 10

    tg.add_user(77, "Bob", language_code="zh-hans")
    update = tg.chat_member(GROUP, 77, old="left", new="member", invite_link=link.invite_link)
    # chat_member is not in Telegram's default allowed_updates
    assert await bot.get_updates(timeout=0) == []
    update = tg.chat_member(GROUP, 77, old="left", new="member",
                            invite_link={"invite_link": "https://t.me/+abc", "name": "spring-campaign"})
    (got,) = await bot.get_updates(allowed_updates=["chat_member"], timeout=0)
    assert got.update_id == update["update_id"]
    event = got.chat_member
    assert isinstance(event, ChatMemberUpdated)
    assert event.invite_link is not None and event.invite_link.name == "spring-campaign"
    assert isinstance(event.old_chat_member, ChatMemberLeft)
    assert isinstance(event.new_chat_member, ChatMemberMember)
    assert event.new_chat_member.user.language_code == "zh-hans"
    assert isinstance(await bot.get_chat_member(GROUP, 77), ChatMemberMember)

    edited = await bot.edit_chat_invite_link(GROUP, link.invite_link, name="renamed")
    assert edited.name == "renamed"
    revoked = await bot.revoke_chat_invite_link(GROUP, link.invite_link)
    assert revoked.is_revoked


async def test_service_messages_and_my_chat_member(tg: FakeTelegram, bot: Bot):
    tg.new_chat_members(GROUP, [ALICE, 77])
    tg.left_chat_member(GROUP, 77)
    tg.my_chat_member(GROUP, new="administrator", old="member")
    updates = await bot.get_updates(timeout=0)
    joined, left, mine = updates
    assert [u.id for u in joined.message.new_chat_members] == [ALICE, 77]
    assert left.message.left_chat_member.id == 77
    assert isinstance(mine.my_chat_member.new_chat_member, ChatMemberAdministrator)
    assert isinstance(await bot.get_chat_member(GROUP, 77), ChatMemberLeft)
    assert isinstance(await bot.get_chat_member(GROUP, tg.bot_id), ChatMemberAdministrator)


# --------------------------------------------------------------------------- sending


async def test_send_photo_uploads_bytes(tg: FakeTelegram, bot: Bot):
    png = make_png(300, 200)
    msg = await bot.send_photo(GROUP, BufferedInputFile(png, "a.png"), caption="x")
    (call,) = tg.calls_of("sendPhoto")
    assert call.files == {"photo": png}
    assert call.file_names == {"photo": "a.png"}
    assert call.params["photo"].startswith("attach://")
    assert call.params["caption"] == "x"
    assert msg.caption == "x"
    assert (msg.photo[-1].width, msg.photo[-1].height) == (300, 200)
    assert msg.photo[0].width == 90  # thumbnail first, largest last
    # the uploaded photo can be fetched back and re-sent by file_id
    buf = await bot.download(msg.photo[-1].file_id)
    assert buf.getvalue() == png
    again = await bot.send_photo(ALICE, msg.photo[-1].file_id)
    assert again.chat.type == "private" and again.photo[-1].file_id == msg.photo[-1].file_id
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(GROUP, "nope")


async def test_send_document_and_incoming_photo(tg: FakeTelegram, bot: Bot):
    doc = await bot.send_document(GROUP, BufferedInputFile(b"a,b\n1,2\n", "report.csv"), caption="weekly")
    assert doc.document.file_name == "report.csv" and doc.document.mime_type == "text/csv"
    assert tg.calls_of("sendDocument")[0].files["document"] == b"a,b\n1,2\n"

    tg.add_file("PHOTO1", make_png(40, 30))
    update = tg.message(GROUP, ALICE, photo_file_id="PHOTO1", caption="/stats now")
    (got,) = await bot.get_updates(timeout=0)
    assert got.message.photo[-1].file_id == "PHOTO1" and got.message.photo[-1].width == 40
    assert got.message.caption_entities[0].type == "bot_command"
    assert update["message"]["caption"] == "/stats now"


async def test_get_file_and_download(tg: FakeTelegram, bot: Bot):
    tg.add_file("FILE1", b"hello bytes")
    file = await bot.get_file("FILE1")
    assert file.file_size == 11 and file.file_path
    buf = await bot.download(file)
    assert isinstance(buf, io.BytesIO) and buf.getvalue() == b"hello bytes"
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("missing")


async def test_formatting_entities_and_limits(tg: FakeTelegram, bot: Bot):
    msg = await bot.send_message(GROUP, "<b>Hi</b> 👋 <a href='https://x.y'>link</a>", parse_mode="HTML")
    assert msg.text == "Hi 👋 link"
    assert [(e.type, e.offset, e.length) for e in msg.entities] == [("bold", 0, 2), ("text_link", 6, 4)]
    with pytest.raises(TelegramBadRequest, match="Unsupported start tag"):
        await bot.send_message(GROUP, "hello <Alice>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match=r"Character '\.' is reserved"):
        await bot.send_message(GROUP, "*bold* v1.0", parse_mode="MarkdownV2")
    ok = await bot.send_message(GROUP, r"*bold* v1\.0", parse_mode="MarkdownV2")
    assert ok.text == "bold v1.0" and ok.entities[0].type == "bold"
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(GROUP, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(GROUP, "")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(-999, "hi")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(GROUP, "x", reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="b", callback_data="d" * 65)]]))
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(GROUP, "x", reply_parameters=ReplyParameters(message_id=9999))
    lenient = await bot.send_message(GROUP, "x", reply_parameters=ReplyParameters(
        message_id=9999, allow_sending_without_reply=True))
    assert lenient.reply_to_message is None


async def test_edit_and_delete(tg: FakeTelegram, bot: Bot):
    kb = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a")]])
    msg = await bot.send_message(GROUP, "v1", reply_markup=kb)
    edited = await bot.edit_message_text(text="v2", chat_id=GROUP, message_id=msg.message_id, reply_markup=kb)
    assert edited.text == "v2" and edited.edit_date
    assert edited.reply_markup.model_dump() == kb.model_dump()
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(text="v2", chat_id=GROUP, message_id=msg.message_id, reply_markup=kb)
    cleared = await bot.edit_message_reply_markup(chat_id=GROUP, message_id=msg.message_id)
    assert cleared.reply_markup is None
    assert await bot.delete_message(GROUP, msg.message_id) is True
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(GROUP, msg.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="v3", chat_id=GROUP, message_id=msg.message_id)


async def test_dm_blocking(tg: FakeTelegram, bot: Bot):
    assert (await bot.send_message(ALICE, "hi")).chat.type == "private"
    tg.block_dm(ALICE)
    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation with a user"):
        await bot.send_message(ALICE, "hi")
    tg.bot_blocked(ALICE)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_photo(ALICE, BufferedInputFile(make_png(), "p.png"))
    assert await bot.send_chat_action(GROUP, "typing") is True


# --------------------------------------------------------------------------- faults


async def test_injected_429_surfaces_as_retry_after(tg: FakeTelegram, bot: Bot):
    tg.fail_next("sendMessage")
    with pytest.raises(TelegramRetryAfter) as exc:
        await bot.send_message(GROUP, "hi")
    assert exc.value.retry_after == 3
    assert "Too Many Requests: retry after 3" in exc.value.message
    failed, = tg.calls_of("sendMessage")
    assert not failed.effective and failed.error["parameters"] == {"retry_after": 3}
    assert (await bot.send_message(GROUP, "hi")).text == "hi"

    tg.fail_next("sendMessage", error_code=400, description="Bad Request: CHAT_WRITE_FORBIDDEN")
    with pytest.raises(TelegramBadRequest, match="CHAT_WRITE_FORBIDDEN"):
        await bot.send_message(GROUP, "hi")
    assert "parameters" not in tg.calls_of("sendMessage")[-1].error


async def test_dropped_connection_surfaces_as_network_error(tg: FakeTelegram, bot: Bot):
    tg.drop_next("sendMessage")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(GROUP, "lost")
    before, = tg.calls_of("sendMessage")
    assert before.dropped and not before.effective and not tg.messages

    tg.drop_next("sendMessage", after_processing=True)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(GROUP, "sent but unacknowledged")
    after = tg.calls_of("sendMessage")[-1]
    assert after.dropped and after.effective
    assert [m["text"] for m in tg.messages.values()] == ["sent but unacknowledged"]
    assert (await bot.send_message(GROUP, "ok")).text == "ok"


async def test_unknown_method_and_wrong_token(tg: FakeTelegram, bot: Bot):
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{tg.base_url}/bot{TOKEN}/fooBar", json={"a": 1}) as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error_code": 404,
                                         "description": "Not Found: method not found"}
        async with http.get(f"{tg.base_url}/bot{TOKEN}/getMe") as resp:  # GET works too
            assert (await resp.json())["result"]["username"] == "shequn_bot"
    assert tg.calls_of("fooBar")[0].params == {"a": 1}
    wrong = make_bot(tg, "999:WRONG")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await wrong.get_me()
    finally:
        await wrong.session.close()
    me = await bot.get_me()
    assert me.id == 123 and me.username == "shequn_bot" and me.is_bot


# --------------------------------------------------------------------------- admin


async def test_members_admins_and_moderation(tg: FakeTelegram, bot: Bot):
    tg.add_user(1, "Owner")
    tg.set_admin(GROUP, 1, status="creator")
    tg.set_admin(GROUP, ALICE, custom_title="mod")
    alice = await bot.get_chat_member(GROUP, ALICE)
    assert isinstance(alice, ChatMemberAdministrator) and alice.custom_title == "mod"
    assert isinstance(await bot.get_chat_member(GROUP, 1), ChatMemberOwner)
    assert isinstance(await bot.get_chat_member(GROUP, 555), ChatMemberLeft)
    admins = await bot.get_chat_administrators(GROUP)
    assert [a.user.id for a in admins] == [1, ALICE]

    tg.add_user(77, "Bob")
    assert isinstance(await bot.get_chat_member(GROUP, 77), ChatMemberMember)
    with pytest.raises(TelegramBadRequest, match="not enough rights to restrict"):
        await bot.restrict_chat_member(GROUP, 77, ChatPermissions(can_send_messages=False), until_date=0)
    tg.set_admin(GROUP, tg.bot_id, can_restrict_members=True)
    await bot.restrict_chat_member(GROUP, 77, ChatPermissions(can_send_messages=False), until_date=0)
    restricted = await bot.get_chat_member(GROUP, 77)
    assert isinstance(restricted, ChatMemberRestricted) and not restricted.can_send_messages
    assert tg.calls_of("restrictChatMember")[-1].params["permissions"]["can_send_messages"] is False
    await bot.promote_chat_member(GROUP, 77, can_delete_messages=True, can_invite_users=True)
    await bot.set_chat_administrator_custom_title(GROUP, 77, "helper")
    bob = await bot.get_chat_member(GROUP, 77)
    assert isinstance(bob, ChatMemberAdministrator) and bob.custom_title == "helper" and bob.can_be_edited
    with pytest.raises(TelegramBadRequest, match="user is an administrator"):
        await bot.ban_chat_member(GROUP, 77)
    await bot.promote_chat_member(GROUP, 77)  # all rights false = demote
    assert await bot.ban_chat_member(GROUP, 77) is True
    assert isinstance(await bot.get_chat_member(GROUP, 77), ChatMemberBanned)
    await bot.unban_chat_member(GROUP, 77, only_if_banned=True)
    assert isinstance(await bot.get_chat_member(GROUP, 77), ChatMemberLeft)
    with pytest.raises(TelegramBadRequest, match="can't remove chat owner"):
        await bot.ban_chat_member(GROUP, 1)

    chat = await bot.get_chat(GROUP)
    assert chat.title == "Shequn Lab" and chat.type == "supergroup"


async def test_commands_and_misc(tg: FakeTelegram, bot: Bot):
    await bot.set_my_commands([BotCommand(command="start", description="Start")], language_code="zh")
    assert await bot.get_my_commands() == []
    assert [c.command for c in await bot.get_my_commands(language_code="zh")] == ["start"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start", description="x")])
    assert await bot.delete_my_commands(language_code="zh") is True
    assert await bot.get_my_commands(language_code="zh") == []
    assert await bot.log_out() is True and await bot.close() is True
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("nope")


# --------------------------------------------------------------------------- webhook


async def test_webhook_with_secret_and_reply_in_response(tg: FakeTelegram, bot: Bot):
    with pytest.raises(TelegramBadRequest, match="HTTPS URL must be provided"):
        await bot.set_webhook("http://example.com/hook")
    assert await bot.set_webhook("https://bot.example.com/hook", secret_token="s3cret",
                                 allowed_updates=["message"])
    info = await bot.get_webhook_info()
    assert info.url == "https://bot.example.com/hook" and info.allowed_updates == ["message"]
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()

    router = Router()
    got: list[Message] = []

    @router.message(F.text == "ping")
    async def on_ping(message: Message):
        got.append(message)
        return message.answer("pong")  # reply inside the webhook response

    dp = Dispatcher()
    dp.include_router(router)
    app = web.Application()
    SimpleRequestHandler(dp, bot, secret_token="s3cret", handle_in_background=False).register(app, path="/hook")
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/hook"
    try:
        update = tg.message(GROUP, ALICE, "ping")
        assert await tg.post_webhook(url, update) == 401
        assert await tg.post_webhook(url, update, secret_token="wrong") == 401
        assert tg.webhook_responses[-1] == (401, b"Unauthorized")
        assert not got
        assert await tg.post_webhook(url, update, secret_token="s3cret") == 200
        assert got and got[0].text == "ping"
        (reply,) = tg.calls_of("sendMessage")
        assert reply.via_webhook_reply and reply.params["text"] == "pong"
        assert reply.params["chat_id"] == GROUP and reply.effective
    finally:
        await runner.cleanup()
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""


async def test_close_releases_pending_long_poll():
    async with FakeTelegram(token=TOKEN) as fake:
        bot = make_bot(fake)
        try:
            poll = asyncio.create_task(bot.get_updates(timeout=30))
            await fake.wait_for("getUpdates")
            t0 = time.monotonic()
            await fake.close()
            assert await asyncio.wait_for(poll, 2) == []
            assert time.monotonic() - t0 < 1
        finally:
            await bot.session.close()


async def test_second_poller_terminates_first_with_conflict(tg: FakeTelegram, bot: Bot):
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_for("getUpdates")
    second = asyncio.create_task(bot.get_updates(timeout=30))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 2)
    update = tg.message(ALICE, ALICE, "/help")
    (got,) = await asyncio.wait_for(second, 2)
    assert got.update_id == update["update_id"] and got.message.chat.type == "private"
