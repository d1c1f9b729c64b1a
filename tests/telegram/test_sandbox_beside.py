"""Issue 11, section 5: beside a real platform the sandbox needs a token, or refuses to start."""
from __future__ import annotations

import asyncio

import pytest
from aiohttp import ClientSession

from bot.clock import ManualClock, use_clock
from bot.errors import StartupError
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.sandbox import SandboxAdapter
from adapters.sandbox.testing import DEFAULT_START, _prepare_database
from adapters.telegram import TelegramAdapter
from tests.telegram.conftest import telegram_settings


async def _runtime(tg, tmp_path, sandbox: dict) -> Runtime:
    settings = telegram_settings(tg, overrides={"sandbox": {"enabled": True, **sandbox}})
    runtime = Runtime(settings, [], {"telegram": TelegramAdapter, "sandbox": SandboxAdapter}, store=MemoryStore())
    runtime.config.database.url = await _prepare_database(runtime.model_apps, "sqlite", tmp_path)
    return runtime


@pytest.fixture
def clock():
    previous = use_clock(ManualClock(DEFAULT_START))
    yield
    use_clock(previous)


async def test_without_a_token_the_sandbox_refuses_to_start_beside_telegram(tg, tmp_path, clock):
    runtime = await _runtime(tg, tmp_path, {})
    with pytest.raises(StartupError, match=r"sandbox is enabled beside telegram.*\[sandbox\] token"):
        await runtime.start(migrate_database=False)
    await runtime.stop()


async def test_with_a_token_the_sandbox_answers_only_to_it(tg, tmp_path, clock, caplog):
    runtime = await _runtime(tg, tmp_path, {"token": "let-me-in"})
    await runtime.start(migrate_database=False)
    try:
        assert "the sandbox runs beside telegram" in caplog.text and "let-me-in" not in caplog.text
        base = f"http://127.0.0.1:{runtime.web.port}"
        body = {"user": "admin", "chat": "demo", "text": "/help"}
        async with ClientSession() as session:
            async with session.post(f"{base}/sandbox/api/messages", json=body) as response:
                assert response.status == 401
            async with session.get(f"{base}/sandbox") as response:
                assert response.status == 401
            async with session.post(f"{base}/sandbox/api/messages", json=body,
                                    headers={"X-Sandbox-Token": "wrong"}) as response:
                assert response.status == 401
            async with session.post(f"{base}/sandbox/api/messages", json=body,
                                    headers={"X-Sandbox-Token": "let-me-in"}) as response:
                assert response.status == 200
            async with session.get(f"{base}/sandbox?token=let-me-in") as response:
                assert response.status == 200 and "X-Sandbox-Token" in await response.text()
            async with session.get(f"{base}/healthz") as response:
                assert response.status == 200
    finally:
        await runtime.stop()


async def test_sandbox_chats_never_share_a_community_with_real_chats(tg, tmp_path, clock):
    from bot.models import ChatBinding

    tg.add_chat(-1005550000000, "supergroup", title="demo")  # a real group named like the sandbox's
    runtime = await _runtime(tg, tmp_path, {"token": "let-me-in"})
    await runtime.start(migrate_database=False)
    try:
        tg.message(-1005550000000, 42, "hello")
        tg.message(-1001234567890, 42, "hello")
        base = f"http://127.0.0.1:{runtime.web.port}"
        body = {"user": "admin", "chat": "demo", "text": "/community chats"}
        async with ClientSession(headers={"X-Sandbox-Token": "let-me-in"}) as session:
            async with session.post(f"{base}/sandbox/api/messages", json=body) as response:
                answer = "\n".join(r["text"] for r in (await response.json())["replies"])
        assert "sandbox:demo" in answer and "telegram" not in answer
        for _ in range(500):  # up to 10 s for the polled updates to be handled
            if await ChatBinding.filter(space_key__startswith="telegram:").count() == 2:
                break
            await asyncio.sleep(0.02)
        sandbox_community = (await ChatBinding.get(space_key="sandbox:demo")).community_id
        real = set(await ChatBinding.filter(space_key__startswith="telegram:").values_list("community_id", flat=True))
        assert len(real) == 2 and sandbox_community not in real
    finally:
        await runtime.stop()
