"""Issue 13, section 2: one bad update or hostile request never stalls the bot or fills the log."""
from __future__ import annotations

import asyncio
import json
import logging

import pytest
from aiohttp import ClientSession

from tests.telegram.conftest import ALICE, GROUP, SECRET

# A poll whose options lack voter_count: aiogram cannot decode it (nor the message carrying it).
BROKEN_POLL = {"id": "1", "question": "?", "options": [{"text": "a"}], "total_voter_count": 0, "is_closed": False,
               "is_anonymous": True, "type": "regular", "allows_multiple_answers": False}


async def test_an_undecodable_update_is_logged_once_and_skipped_while_the_rest_flows(telegram_bot, tg, caplog):
    bot = await telegram_bot()
    before = tg.message(GROUP, ALICE, "/add 1 1")
    bad = tg.message(GROUP, ALICE, poll=BROKEN_POLL)
    after = tg.message(GROUP, ALICE, "/add 2 2")
    await bot.settle(after["update_id"])
    assert bot.texts(GROUP) == ["Sum: 2", "Sum: 4"]
    [skipped] = [r.getMessage() for r in caplog.records if "skipped Telegram update" in r.getMessage()]
    assert f"update {bad['update_id']} (message)" in skipped and not caplog.records[-1].exc_info
    assert await bot.adapter.receiver.healthy()
    assert before["update_id"] < bad["update_id"] < after["update_id"]


async def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    async with ClientSession() as session, session.post(url, data=body, headers=headers) as response:
        return response.status


async def test_an_undecodable_webhook_update_is_answered_and_skipped(telegram_bot, tg, caplog):
    bot = await telegram_bot("webhook")
    bad = tg.message(GROUP, ALICE, poll=BROKEN_POLL)
    assert await tg.post_webhook(bot.webhook_url, bad, SECRET) == 200  # else Telegram sends it for ever
    await bot.deliver(tg.message(GROUP, ALICE, "/add 2 2"))
    assert bot.texts(GROUP) == ["Sum: 4"]
    assert [r for r in caplog.records if "skipped Telegram update" in r.getMessage()]


@pytest.mark.parametrize("secret, status", [
    (SECRET.encode() + "é".encode(), 403),  # bytes that are not ASCII
    (b"\xff\xfe" + SECRET.encode(), 403),  # not even UTF-8
    (SECRET[:4].encode() + b" " + SECRET[4:].encode(), 403),  # a space inside
    (SECRET.upper().encode(), 403),
])
async def test_a_webhook_secret_is_compared_exactly(telegram_bot, tg, caplog, secret, status):
    bot = await telegram_bot("webhook")
    body = json.dumps(tg.message(GROUP, ALICE, "/add 1 2")).encode()
    # aiohttp's client refuses such header values, so the request goes out as raw bytes
    reader, writer = await asyncio.open_connection("127.0.0.1", bot.runtime.web.port)
    writer.write(b"POST /tg/hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"X-Telegram-Bot-Api-Secret-Token: " + secret + b"\r\n"
                 + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    assert answer.split(b" ")[1] == str(status).encode()
    await bot.settle()
    assert bot.texts(GROUP) == []
    assert not [r for r in caplog.records if r.exc_info]


async def test_hostile_webhook_bodies_get_400_and_one_log_line_each(telegram_bot, tg, caplog):
    bot = await telegram_bot("webhook")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    hostile = [b"[" * 100_000 + b"]" * 100_000, b'{"update_id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
               b"not json", b"\xff\xfe", b"[]", b"42", b'{"update_id": "1"}', b'{"update_id": true}', b"{}"]
    caplog.clear()
    caplog.set_level(logging.WARNING)
    rounds = 15
    for _ in range(rounds):
        for body in hostile:
            assert await _post(bot.webhook_url, body, headers) == 400
    refusals = [r for r in caplog.records if "refused a Telegram webhook request" in r.getMessage()]
    assert len(refusals) == rounds * len(hostile) == len(caplog.records)
    assert not [r for r in caplog.records if r.exc_info]
    await bot.deliver(tg.message(GROUP, ALICE, "/add 2 3"))
    assert bot.texts(GROUP) == ["Sum: 5"]
