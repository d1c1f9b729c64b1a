"""Database: tortoise-orm with its built-in migrations; one migration app per plugin."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise import context as tortoise_context
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.connection import get_connection
from tortoise.migrations.executor import MigrationExecutor

from bot import clock

log = logging.getLogger(__name__)

CORE_APP = "core"
# pg_advisory_lock key held while migrating: any fixed 64-bit number, the same for every instance
MIGRATION_LOCK = 0x5348455155_4E  # "SHEQUN"


@dataclass(frozen=True)
class ModelApp:
    """A set of tables owned by one party: the core or a plugin."""

    label: str
    models: str
    migrations: str


CORE_MODELS = ModelApp(CORE_APP, "bot.models", "bot.migrations")


class MigrationFailed(Exception):
    def __init__(self, app: str, step: str, cause: BaseException, backup: Path | None) -> None:
        copy = f" (a copy from before migrating: {backup})" if backup else ""
        if not step:
            super().__init__(f"could not migrate the database: {cause}{copy}")
        else:
            where = f"plugin {app!r}" if app != CORE_APP else "the core"
            super().__init__(f"migration {step!r} of {where} failed: {cause}; that step was rolled back{copy}")
        self.app, self.step, self.backup = app, step, backup


# SQLite runs in WAL mode (tortoise's default) with synchronous=NORMAL unless the URL names a
# level (`?synchronous=FULL`): a commit is in the write-ahead log, safe from a killed process,
# without waiting for the disk. A power cut may take back the last commits; the writes that
# must survive one ask for a synced commit (`synced_sqlite_query`). See docs/deploy.md.
SQLITE_SYNCHRONOUS = "NORMAL"
_SYNCED = ("FULL", "EXTRA", "2", "3")


def tortoise_config(url: str, apps: list[ModelApp]) -> dict[str, Any]:
    if sqlite_path(url) and "synchronous=" not in url.partition("?")[2]:
        url += ("&" if "?" in url else "?") + f"synchronous={SQLITE_SYNCHRONOUS}"
    return {
        "connections": {"default": url},
        "apps": {
            app.label: {"models": [app.models], "default_connection": "default", "migrations": app.migrations}
            for app in apps
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def describe_database(url: str) -> str:
    """Where the data lives, for the log (never the password)."""
    path = sqlite_path(url)
    if path:
        return f"SQLite {path.resolve()}"
    if url.startswith("sqlite://"):
        return "SQLite in memory (nothing is kept)"
    credentials = expand_db_url(url)["credentials"]
    return (f"PostgreSQL database {credentials.get('database')!r} at "
            f"{credentials.get('host') or 'localhost'}:{credentials.get('port') or 5432}")


def sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite://"):
        return None
    path = url.removeprefix("sqlite://").split("?")[0]
    return None if path in ("", ":memory:") else Path(path)


async def open_database(url: str, apps: list[ModelApp]) -> None:
    path = sqlite_path(url)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
    # tortoise caches INSERT statements per connection name, not per dialect: a process that
    # opens SQLite and then PostgreSQL (the test suites) would reuse SQLite's placeholders.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(url, apps), _create_db=False, _enable_global_fallback=True)


async def synced_sqlite_query(db: Any, sql: str, values: list) -> list[dict]:
    """One statement on SQLite whose commit reaches the disk before this returns (as with
    synchronous=FULL), whatever the connection's level: what a power cut must not take back."""
    level = str(getattr(db, "pragmas", {}).get("synchronous", "FULL")).upper()
    if level in _SYNCED or isinstance(db, TransactionalDBClient):  # synced already, or at the enclosing commit
        return await db.execute_query_dict(sql, values)
    async with db.acquire_connection() as connection:  # the lock: nothing else commits in between
        await connection.execute_fetchall("PRAGMA synchronous=FULL")
        try:
            rows = await connection.execute_fetchall(sql, values)
        finally:
            await connection.execute_fetchall(f"PRAGMA synchronous={level}")
    return [dict(row) for row in rows]


async def close_database() -> None:
    await Tortoise.close_connections()
    # A context opened in another task (a test fixture, say) is only reachable as the global
    # fallback; tortoise has no public getter for it.
    leftover = tortoise_context._global_context
    if leftover is not None:
        await leftover.close_connections()


async def pending_migrations(apps: list[ModelApp]) -> list[str]:
    executor = MigrationExecutor(get_connection("default"), _apps_config(apps))
    plan = await executor.plan()
    return [f"{step.migration.app_label}.{step.migration.name}" for step in plan if not step.backward]


async def migrate(url: str, apps: list[ModelApp]) -> list[str]:
    """Apply every pending migration (the database must be open); returns what ran.

    Each step runs in its own transaction, so a failing step leaves the database as it was
    before that step (earlier steps stay applied and recorded). On SQLite a copy of the file
    is also taken before migrating, for the operator to fall back on.
    """
    async with _one_migrator(url):
        return await _migrate_pending(url, apps)


async def _migrate_pending(url: str, apps: list[ModelApp]) -> list[str]:
    pending = await pending_migrations(apps)
    if not pending:
        return []
    backup = await _backup_sqlite(url)
    current: list[str] = ["", ""]

    def progress(event: str, app_label: str, name: str) -> None:
        current[:] = [app_label, name]
        if event == "apply_done":
            log.info("migrated %s.%s", app_label, name)

    executor = MigrationExecutor(get_connection("default"), _apps_config(apps))
    try:
        await executor.migrate(progress=progress)
    except Exception as exc:
        raise MigrationFailed(current[0], current[1], exc, backup) from exc
    return pending


@contextlib.asynccontextmanager
async def _one_migrator(url: str) -> AsyncIterator[None]:
    """On PostgreSQL, one instance migrates at a time (a session advisory lock on a connection
    of its own); the others wait, then find nothing pending. SQLite has one instance."""
    if not url.startswith(("postgres://", "postgresql://", "asyncpg://", "psycopg://")):
        yield
        return
    import asyncpg

    connection = await asyncpg.connect("postgresql://" + url.split("://", 1)[1].split("?")[0])
    try:
        if not await connection.fetchval("SELECT pg_try_advisory_lock($1)", MIGRATION_LOCK):
            log.info("another instance is migrating the database; waiting for it")
            await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
        yield
    finally:
        await connection.close()  # ends the session, which releases the lock


def _apps_config(apps: list[ModelApp]) -> dict[str, dict]:
    return tortoise_config("", apps)["apps"]


async def _backup_sqlite(url: str) -> Path | None:
    """A consistent copy of the database, written by SQLite itself (a plain file copy would
    miss what is still in the write-ahead log)."""
    path = sqlite_path(url)
    if not path or not path.exists() or not await _has_tables():
        return None  # a brand-new database: nothing to keep yet
    stamp = clock.now().strftime("%Y%m%d-%H%M%S-%f")
    backup = path.with_name(f"{path.name}.{stamp}.bak")
    escaped = str(backup).replace("'", "''")
    await get_connection("default").execute_script(f"VACUUM INTO '{escaped}'")
    log.info("database backed up to %s before migrating", backup)
    return backup


async def _has_tables() -> bool:
    rows = await get_connection("default").execute_query_dict(
        "SELECT count(*) AS tables FROM sqlite_master WHERE type = 'table'")
    return rows[0]["tables"] > 0


async def make_migrations(apps: list[ModelApp], labels: list[str], name: str | None = None) -> None:
    """Write migration files for model changes (developer command), via tortoise's CLI.

    Every app stays registered (plugin tables point at core tables); migrations are
    written for each app with changes, `labels` only names the ones expected to change.
    """
    import json
    import tempfile

    from tortoise.cli import cli as tortoise_cli

    config = tortoise_config("sqlite://:memory:", apps)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    try:
        ctx = tortoise_cli.CLIContext(None, handle.name)
        await tortoise_cli.makemigrations(ctx, tuple(app.label for app in apps), False, name)
    finally:
        Path(handle.name).unlink(missing_ok=True)
