"""A runtime with the real Telegram adapter and aiogram, talking to FakeTelegram on 127.0.0.1.

    bot = await telegram_bot()                 # polling; telegram_bot(mode="webhook") too
    update = await bot.say(GROUP, ALICE, "/add 2 3")
    assert bot.texts(GROUP) == ["Sum: 5"]

Pacing runs on `FakeTime`: the adapter's send queue sleeps on it, so a broadcast of 200
messages is paced in fake seconds without real waiting. `tg.stamps[i]` is the fake time at
which `tg.calls[i]` arrived.
"""
from __future__ import annotations

import asyncio
import copy
import heapq
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp import web

from bot.clock import ManualClock, use_clock
from bot.config import Settings
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.sandbox.testing import DEFAULT_START, _deep_merge, _prepare_database
from adapters.telegram import TelegramAdapter
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram import tg_plugin
from tests.telegram.processes import Bot

TOKEN = "123:ABC"
BOT_USERNAME = "shequn_bot"
GROUP = -1001234567890
OTHER_GROUP = -1009876543210
ALICE, BOB, CAROL = 42, 43, 44
WEBHOOK_PATH = "/tg/hook"
SECRET = "s3cret-token_ok"


class FakeTime:
    """A monotonic clock in virtual time, for the adapter's send queue.

    `sleep(s)` wakes at now + s. A driver moves the clock to the earliest wake-up after a
    short real pause, so that requests already in flight reach the fake server (and get
    their stamp) before time moves on. Sleepers due at the same time wake together.
    """

    SETTLE = 0.003  # real seconds without a new request before the clock moves

    def __init__(self, start: float = 1000.0, activity: Callable[[], int] = lambda: 0) -> None:
        self.now = start
        self.activity = activity  # e.g. the number of requests the fake server received
        self.in_flight = 0  # requests the bot has started and not yet seen answered (see track_requests)
        self.held = False  # True: the clock stands still
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[float], Any] | None = None
        self._sleepers: list[tuple[float, int, asyncio.Future]] = []
        self._seq = itertools.count()
        self._driver: asyncio.Task | None = None

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if seconds > 0:
            future = asyncio.get_running_loop().create_future()
            heapq.heappush(self._sleepers, (self.now + seconds, next(self._seq), future))
            if self._driver is None or self._driver.done():
                self._driver = asyncio.create_task(self._drive())
            await future
        else:
            await asyncio.sleep(0)
        if self.on_sleep is not None:
            result = self.on_sleep(seconds)
            if asyncio.iscoroutine(result):
                await result

    async def _drive(self) -> None:
        while self._sleepers:
            seen = self.activity()
            await asyncio.sleep(self.SETTLE)
            while self.activity() != seen or self.in_flight:  # requests still on their way: let them land
                seen = self.activity()
                await asyncio.sleep(self.SETTLE)
            if not self._sleepers:
                break
            while self.held:  # a test stopped the clock: paced sends wait as long as it likes
                await asyncio.sleep(self.SETTLE)
            self.now = max(self.now, self._sleepers[0][0])
            while self._sleepers and self._sleepers[0][0] <= self.now:
                _, _, future = heapq.heappop(self._sleepers)
                if not future.done():
                    future.set_result(None)


def track_requests(bot, time: FakeTime) -> None:
    """Count the adapter's requests in flight (aiogram's request middleware), long polls aside."""

    async def middleware(make_request, bot_, method):
        if method.__api_method__ == "getUpdates":
            return await make_request(bot_, method)
        time.in_flight += 1
        try:
            return await make_request(bot_, method)
        finally:
            time.in_flight -= 1

    bot.session.middleware(middleware)


def track_leaving_marks(intake, time: FakeTime) -> None:
    """An answer's leaving mark is written between its pace slot and its request: the clock
    must not move on meanwhile, as if the request were already on its way."""
    mark = intake.mark_leaving

    async def tracked(*args):
        time.in_flight += 1
        try:
            await mark(*args)
        finally:
            time.in_flight -= 1

    intake.mark_leaving = tracked


class StampedTelegram(FakeTelegram):
    """FakeTelegram that notes the fake time of every call, and can refuse connections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time = FakeTime(activity=lambda: len(self.calls))
        self.stamps: list[float] = []

    async def _dispatch(self, method_name, raw, raw_files, *, http_method, via_webhook=False):
        self.stamps.append(self.time.now)  # appended in the same step as the Call (no await between)
        return await super()._dispatch(method_name, raw, raw_files, http_method=http_method, via_webhook=via_webhook)

    def _m_editMessageCaption(self, call) -> Any:
        """Like Telegram: a new caption (and keyboard) for a photo or document the bot sent."""
        from tests.fakes.telegram_api import _bad, _format

        p = call.params
        markup = self._check_markup(p.get("reply_markup"))
        chat, msg = self._find_message(p, "edit")
        if msg is None:
            return True
        if not any(k in msg for k in ("photo", "document", "video", "audio", "animation")):
            raise _bad("there is no caption in the message to edit")
        if msg.get("from", {}).get("id") != self.bot_id:
            raise _bad("message can't be edited")
        text, ents = _format(str(p.get("caption") or ""), p.get("parse_mode"), p.get("caption_entities"))
        if len(text) > 1024:
            raise _bad("message caption is too long")
        if msg.get("caption", "") == text and msg.get("reply_markup") == markup:
            raise _bad("message is not modified: specified new message content and reply markup are "
                       "exactly the same as a current content and reply markup of the message")
        msg.pop("caption", None)
        msg.pop("caption_entities", None)
        if text:
            msg["caption"] = text
        if ents:
            msg["caption_entities"] = ents
        if markup is not None:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        return copy.deepcopy(msg)

    def stamp_of(self, call) -> float:
        return self.stamps[self.calls.index(call)]

    async def go_offline(self) -> None:
        """Close the listening socket and every connection: clients get "connection refused"."""
        self._closing = True  # answer pending long polls now rather than after their timeout
        self._signal()
        await asyncio.sleep(0)
        await self._runner.cleanup()
        self._runner = None
        self._closing = False

    async def go_online(self) -> None:
        if self._runner is not None:
            return
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()


class TelegramBot:
    """The runtime under test, and ways to act as Telegram users."""

    def __init__(self, tg: StampedTelegram, runtime: Runtime, mode: str, previous_clock) -> None:
        self.tg, self.runtime, self.mode = tg, runtime, mode
        self.previous_clock = previous_clock
        self.stopped = False

    @property
    def adapter(self) -> TelegramAdapter:
        return self.runtime.adapters["telegram"]

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.runtime.web.port}{WEBHOOK_PATH}"

    async def deliver(self, update: dict, *, settle: bool = True) -> dict:
        """Hand an update (already queued in the fake) to the bot; wait until it is handled."""
        if self.mode == "webhook":
            status = await self.tg.post_webhook(self.webhook_url, update, SECRET)
            assert status == 200
        if settle:
            await self.settle(update["update_id"])
        return update

    async def settle(self, update_id: int | None = None, timeout: float = 5) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while update_id is not None and (self.adapter.receiver.last_update_id or 0) < update_id:
            assert loop.time() < deadline, f"update {update_id} was not received"
            await asyncio.sleep(0.005)
        if self.adapter.intake is not None:
            assert await self.adapter.intake.idle(timeout), "stored updates still being handled or answered"
        assert await self.runtime.bus.drain(timeout), "events still being handled"
        assert await self.adapter.handoff.finish(timeout), "paced replies still unsent"

    async def say(self, chat_id: int, user_id: int, text: str | None = None, **options: Any) -> dict:
        return await self.deliver(self.tg.message(chat_id, user_id, text, **options))

    def sent(self, chat_id: int | None = None, method: str = "sendMessage") -> list:
        return [c for c in self.tg.calls_of(method, effective=True)
                if chat_id is None or int(c.params["chat_id"]) == chat_id]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """What people read in the bot's messages to a chat (as the fake parsed the HTML)."""
        return [c.result["text"] for c in self.sent(chat_id)]

    async def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        try:
            await self.runtime.stop()
        finally:
            use_clock(self.previous_clock)


def telegram_settings(tg: FakeTelegram, mode: str = "polling", overrides: dict | None = None) -> Settings:
    section: dict[str, Any] = {"token": TOKEN, "api_base": tg.base_url, "mode": mode}
    if mode == "webhook":
        section.update(url="https://bot.example.com/tg/hook", path=WEBHOOK_PATH, secret_token=SECRET)
    data: dict[str, Any] = {
        "web": {"enabled": True, "host": "127.0.0.1", "port": 0},
        "bot": {"rate_limit_per_minute": 100000},
        "telegram": section,
    }
    return Settings.model_validate(_deep_merge(data, overrides or {}))


@pytest.fixture
async def tg():
    async with StampedTelegram(token=TOKEN, bot_username=BOT_USERNAME) as fake:
        fake.add_chat(GROUP, "supergroup", title="Shequn Lab")
        fake.add_chat(OTHER_GROUP, "supergroup", title="Other Lab")
        fake.add_user(ALICE, "Alice", username="alice")
        fake.add_user(BOB, "Bob", username="bob", language_code="zh-hans")
        fake.add_user(CAROL, "Carol")
        fake.set_admin(GROUP, 1, status="creator")
        yield fake


@pytest.fixture
async def telegram_bot(tg, tmp_path):
    started: list[TelegramBot] = []
    tg_plugin.seen.clear()
    tg_plugin.gate.clear()

    async def start(mode: str = "polling", overrides: dict | None = None, plugins: list | None = None,
                    before_start: Callable[[TelegramBot], Any] | None = None) -> TelegramBot:
        previous = use_clock(ManualClock(DEFAULT_START))
        settings = telegram_settings(tg, mode, overrides)
        runtime = Runtime(settings, plugins if plugins is not None else [tg_plugin.plugin],
                          {"telegram": TelegramAdapter}, store=MemoryStore())
        runtime.config.database.url = await _prepare_database(runtime.model_apps, "sqlite", tmp_path)
        runtime.build_adapters()
        runtime.adapters["telegram"].pace_with(sleep=tg.time.sleep, monotonic=tg.time.monotonic)
        track_requests(runtime.adapters["telegram"].client.bot, tg.time)
        if runtime.adapters["telegram"].intake is not None:
            track_leaving_marks(runtime.adapters["telegram"].intake, tg.time)
        bot = TelegramBot(tg, runtime, mode, previous)
        if before_start is not None:
            before_start(bot)
        await runtime.start(migrate_database=False)
        started.append(bot)
        if mode == "polling":
            await tg.wait_for("getUpdates")
        return bot

    yield start
    for bot in reversed(started):
        await bot.stop()


@pytest.fixture
def launch():
    """Starts real `shequn run` processes (`launch(workdir, tg, database_url, env)`, see processes.py);
    any still running at the end is killed."""
    started: list[Bot] = []

    def make(*args, **kwargs) -> Bot:
        started.append(Bot(*args, **kwargs))
        return started[-1]

    yield make
    for bot in started:
        if bot.process is not None and bot.process.poll() is None:
            bot.process.kill()
            bot.process.wait()
