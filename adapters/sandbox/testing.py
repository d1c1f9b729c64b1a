"""A test harness that reads like a chat:

    replies = await sandbox.user("alice").says("/checkin", chat="demo")
    assert "streak" in replies.text
    await sandbox.advance(hours=20)          # runs the jobs that fall due
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.connection import get_connection

from bot import discovery
from bot.clock import ManualClock, use_clock
from bot.config import Settings
from bot.database import ModelApp, close_database, migrate, open_database
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.sandbox.adapter import Outcome, SandboxAdapter
from adapters.sandbox.world import SandboxMessage

DEFAULT_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC
POSTGRES_ADMIN_URL = os.environ.get("SHEQUN_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")

_sqlite_templates: dict[tuple[ModelApp, ...], Path] = {}
_postgres_databases: dict[tuple[ModelApp, ...], str] = {}


class SandboxUser:
    def __init__(self, sandbox: "Sandbox", name: str, lang: str | None, platform: str) -> None:
        self.sandbox, self.name, self.lang, self.platform = sandbox, name, lang, platform

    @property
    def adapter(self) -> SandboxAdapter:
        return self.sandbox.runtime.adapters[self.platform]

    async def says(self, text: str, chat: str = "demo", reply_to: SandboxMessage | None = None, **kind) -> Outcome:
        """Write in a chat; `forwarded_from="channel"`, `image="a.png"` make a forward, a photo;
        `attachments=[("image", "a.png", data)]` sends files; `reply_to` answers a message."""
        return await self.adapter.says(self.name, text, chat, self.lang, reply_to=reply_to.id if reply_to else None,
                                       **kind)

    async def press(self, message: SandboxMessage, label: str | None = None, *, at: tuple[int, int] | None = None) -> Outcome:
        row, column = at if at else _find_button(message, label)
        return await self.adapter.press(self.name, message.id, row, column)

    async def fills_in(self, message: SandboxMessage, values: dict[str, str], label: str | None = None, *,
                       at: tuple[int, int] | None = None) -> Outcome:
        """Send the form a button of `message` opens (press it first to see the form), filled in."""
        row, column = at if at else _find_button(message, label)
        return await self.adapter.fill_in(self.name, message.id, row, column, values)

    async def reacts(self, message: SandboxMessage, emoji: str = "👍", *, added: bool = True) -> Outcome:
        return await self.adapter.react(self.name, message.id, emoji, added)

    async def joins(self, chat: str = "demo", invite: str | None = None) -> Outcome:
        return await self.adapter.join(self.name, chat, invite)

    async def requests_join(self, chat: str = "demo", invite: str | None = None) -> Outcome:
        return await self.adapter.request_join(self.name, chat, invite, self.lang)

    async def leaves(self, chat: str = "demo") -> Outcome:
        return await self.adapter.leave(self.name, chat)

    async def adds_bot(self, chat: str) -> Outcome:
        return await self.adapter.add_bot(chat, self.name)

    async def links(self, other: "SandboxUser", chat: str = "demo") -> Outcome:
        """Link `other` into this user's member as a person would: a code here, /link there, confirm here."""
        offer = await self.says("/link", chat=chat)
        code = re.search(r"/link ([A-Z2-9]+)", offer.text).group(1)
        asked = await other.says(f"/link {code}", chat=chat)
        question = next(m for m in asked if m.buttons and m.chat == f"dm:{self.name}")
        return await self.press(question, at=(0, 0))


def _find_button(message: SandboxMessage, label: str | None) -> tuple[int, int]:
    for r, row in enumerate(message.buttons):
        for c, button in enumerate(row):
            if label is None or label.lower() in button.label.lower():
                return r, c
    raise LookupError(f"no button {label!r} on message {message.text!r}")


class Sandbox:
    def __init__(self, runtime: Runtime, clock: ManualClock) -> None:
        self.runtime, self.clock = runtime, clock

    def user(self, name: str, lang: str | None = None, platform: str = "sandbox") -> SandboxUser:
        return SandboxUser(self, name, lang, platform)

    def adapter(self, platform: str = "sandbox") -> SandboxAdapter:
        return self.runtime.adapters[platform]

    def history(self, chat: str = "demo", platform: str = "sandbox") -> list[SandboxMessage]:
        return self.adapter(platform).world.history(chat)

    def bot_messages(self, chat: str = "demo", platform: str = "sandbox") -> list[SandboxMessage]:
        return [m for m in self.history(chat, platform) if m.sender == "bot"]

    @property
    def now(self) -> datetime:
        return self.clock.now()

    async def restart(self) -> None:
        """Stop the bot and start it again on the same database, as a restart would: the chats'
        history (the platform's memory) is gone, the database and the clock are kept, and the
        scheduler catches up on what fell due meanwhile."""
        old = self.runtime
        await old.stop()
        plugins = [plugin for name, plugin in old.plugins.items() if name != "core"]
        runtime = Runtime(old.config, plugins, {}, store=MemoryStore())
        runtime.previous_clock = old.previous_clock
        for platform in old.adapters:
            runtime.adapters[platform] = SandboxAdapter(runtime, old.config.sandbox, platform=platform)
        await runtime.start(migrate_database=False)
        self.runtime = runtime

    async def advance(self, **delta: float) -> int:
        """Move the clock forward; jobs due on the way run, each at its own time."""
        return await self.set_time(self.clock.now() + timedelta(**delta))

    async def set_time(self, when: datetime) -> int:
        if when.tzinfo is None:
            raise ValueError("give an aware datetime")
        return await self.runtime.scheduler.run_due(when)


def sandbox_settings(overrides: dict[str, Any] | None = None, platforms: tuple[str, ...] = ("sandbox",)) -> Settings:
    data: dict[str, Any] = {"web": {"enabled": False}, "bot": {"rate_limit_per_minute": 1000}}
    data["communities"] = {"demo": {"name": "Demo", "chats": [f"{p}:demo" for p in platforms]}}
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = _deep_merge(data[key], value)
        else:
            data[key] = value
    return Settings.model_validate(data)


def _deep_merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = _deep_merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


async def start_sandbox(overrides: dict[str, Any] | None = None, *, plugins: list | None = None,
                        database: str = "sqlite", workdir: Path | None = None,
                        platforms: tuple[str, ...] = ("sandbox",), start: datetime = DEFAULT_START) -> Sandbox:
    clock = ManualClock(start)
    previous = use_clock(clock)
    settings = sandbox_settings(overrides, platforms)
    chosen = list(discovery.installed_plugins().values()) if plugins is None else plugins
    runtime = Runtime(settings, chosen, {}, store=MemoryStore())
    runtime.previous_clock = previous
    url = await _prepare_database(runtime.model_apps, database, workdir)
    runtime.config.database.url = url
    for platform in platforms:
        runtime.adapters[platform] = SandboxAdapter(runtime, settings.sandbox, platform=platform)
    await runtime.start(migrate_database=False)
    return Sandbox(runtime, clock)


async def stop_sandbox(sandbox: Sandbox) -> None:
    try:
        await sandbox.runtime.stop()
    finally:
        use_clock(sandbox.runtime.previous_clock)


async def _prepare_database(apps: list[ModelApp], database: str, workdir: Path | None) -> str:
    key = tuple(apps)
    if database == "postgres":
        url = _postgres_databases.get(key) or await _create_postgres(apps)
        _postgres_databases[key] = url
        await _truncate_postgres(url, apps)
        return url
    template = _sqlite_templates.get(key)
    if template is None or not template.exists():
        template = Path(tempfile.mkdtemp(prefix="shequn-template-")) / "template.sqlite3"
        url = f"sqlite://{template}"
        await open_database(url, apps)
        await migrate(url, apps)
        await close_database()
        _sqlite_templates[key] = template
    folder = workdir or Path(tempfile.mkdtemp(prefix="shequn-test-"))
    target = folder / "shequn.sqlite3"
    shutil.copy(template, target)
    return f"sqlite://{target}"


async def _create_postgres(apps: list[ModelApp]) -> str:
    import asyncpg

    name = f"shequn_test_{os.getpid()}_{len(_postgres_databases)}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    await open_database(url, apps)
    await migrate(url, apps)
    await close_database()
    return url


async def _truncate_postgres(url: str, apps: list[ModelApp]) -> None:
    await open_database(url, apps)
    tables = [model._meta.db_table for app in Tortoise.apps.values() for model in app.values()]
    await get_connection("default").execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    await close_database()


async def drop_test_databases() -> None:
    import asyncpg

    if not _postgres_databases:
        return
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://"))
    try:
        for url in _postgres_databases.values():
            await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await admin.close()
    _postgres_databases.clear()
