"""What `shequn check-config` verifies, and `shequn run` before it starts: every problem at once.

The core's sections, each adapter's and each plugin's are validated from the same raw data,
so a mistake in one never hides another; then the database URL and the drivers it needs,
then (for `run` and `check-config`) whether PostgreSQL and Redis answer.
"""
from __future__ import annotations

import asyncio
import importlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import ConfigurationError

from bot.config import Settings, problems_of, read_config
from bot.errors import ConfigError

Problem = tuple[str, str]
SUPPORTED_ENGINES = {"tortoise.backends.sqlite": "SQLite", "tortoise.backends.asyncpg": "PostgreSQL"}
CONNECT_TIMEOUT = 5.0


def checked_settings(path: Path | None, plugins: dict[str, Any], adapter_classes: dict[str, type],
                     environ: dict[str, str] | None = None, *, reach: bool = False) -> Settings:
    """Settings with every section valid and drivers installed (and, with `reach`, PostgreSQL
    and Redis answering), else ConfigError listing every problem."""
    data = read_config(path, environ)
    problems: list[Problem] = []
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        settings = None
        problems += problems_of(exc)
    problems += plugin_problems(plugins, data)
    problems += adapter_problems(adapter_classes, data)
    problems += driver_problems(data)
    if reach:
        problems += asyncio.run(unreachable_services(data, {key for key, _ in problems}))
    if problems:
        raise ConfigError(problems)
    return settings


def plugin_problems(plugins: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    """[plugins.<name>] and [communities.<slug>.settings.<name>], validated by each plugin's model."""
    shared = _table(data.get("plugins"))
    problems: list[Problem] = []
    for name, section in shared.items():
        problems += _plugin_section_problems(plugins, name, section, f"plugins.{name}")
    for slug, community in _table(data.get("communities")).items():
        for name, section in _table(_table(community).get("settings")).items():
            merged = {**_table(shared.get(name)), **_table(section)}
            problems += _plugin_section_problems(plugins, name, merged, f"communities.{slug}.settings.{name}")
    return problems


def _plugin_section_problems(plugins: dict[str, Any], name: str, section: Any, where: str) -> list[Problem]:
    plugin = plugins.get(name)
    if plugin is None:
        return [(where, f"no installed plugin is called {name!r}")]
    if not isinstance(section, dict):
        return []  # the core's validation names a section that is not a table
    if plugin.settings is None:
        return [(where, f"plugin {name!r} takes no settings")] if section else []
    try:
        plugin.settings.model_validate(section)
    except ValidationError as exc:
        return problems_of(exc, where)
    return []


def plugin_advice(plugins: dict[str, Any], settings: Settings) -> list[Problem]:
    """What the enabled plugins' checks advise (things to fix that do not stop the bot), each once."""
    enabled = settings.enabled_plugins
    advice: list[Problem] = []
    for name, plugin in plugins.items():
        if not plugin.checks or plugin.settings is None or (enabled is not None and name not in enabled + ["core"]):
            continue
        shared = settings.plugins.get(name, {})
        sections = [(f"plugins.{name}", shared)] + [
            (f"communities.{slug}.settings.{name}", {**shared, **community.plugin_settings[name]})
            for slug, community in settings.communities.items() if name in community.plugin_settings]
        for where, section in sections:
            validated = plugin.settings.model_validate(section)
            for check in plugin.checks:
                advice += [(f"{where}.{key}", text) for key, text in check(validated)
                           if text not in {known for _, known in advice}]
    return advice


def adapter_problems(adapter_classes: dict[str, type], data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for platform, cls in adapter_classes.items():
        section = data.get(platform)
        model = getattr(cls, "config_model", None)
        if model is None or not isinstance(section, dict) or platform == "sandbox":
            continue  # the sandbox's section belongs to the core's settings
        try:
            model.model_validate(section)
        except ValidationError as exc:
            problems += problems_of(exc, platform)
    return problems


def driver_problems(data: dict[str, Any]) -> list[Problem]:
    """A database URL Shequn cannot use, or a driver (asyncpg, redis) that is not installed."""
    problems: list[Problem] = []
    url = _table(data.get("database")).get("url")
    if isinstance(url, str):
        problems += _database_url_problems(url)
    redis_url = _table(data.get("redis")).get("url")
    if isinstance(redis_url, str) and redis_url:
        if not redis_url.startswith(("redis://", "rediss://", "unix://")):
            problems.append(("redis.url", "use a redis://host:6379/0 (or rediss://, unix://) URL"))
        elif not _installed("redis"):
            problems.append(("redis.url", "the redis driver is not installed: pip install 'shequn[redis]'"))
    return problems


def _database_url_problems(url: str) -> list[Problem]:
    try:
        engine = expand_db_url(url)["engine"]
    except (ConfigurationError, ValueError, KeyError) as exc:
        return [("database.url", f"not a database URL ({exc}); use sqlite://data/shequn.sqlite3 or "
                                 "postgres://user:password@host:5432/name")]
    if engine not in SUPPORTED_ENGINES:
        scheme = url.split("://", 1)[0]
        return [("database.url", f"{scheme}:// is not supported; use sqlite://… or postgres://…")]
    if engine.endswith("asyncpg") and not _installed("asyncpg"):
        return [("database.url", "PostgreSQL needs the asyncpg driver: pip install 'shequn[postgres]'")]
    return []


async def unreachable_services(data: dict[str, Any], known: set[str]) -> list[Problem]:
    """PostgreSQL and Redis (those whose URL has no `known` problem), each given a few seconds to answer."""
    problems: list[Problem] = []
    url = _table(data.get("database")).get("url")
    if isinstance(url, str) and "database.url" not in known:
        database = expand_db_url(url)
        if database["engine"].endswith("asyncpg"):
            reason = await _postgres_problem(database["credentials"])
            if reason:
                problems.append(("database.url", reason))
    redis_url = _table(data.get("redis")).get("url")
    if isinstance(redis_url, str) and redis_url and "redis.url" not in known:
        reason = await _redis_problem(redis_url)
        if reason:
            problems.append(("redis.url", reason))
    return problems


async def _postgres_problem(credentials: dict[str, Any]) -> str | None:
    import asyncpg

    where = f"{credentials.get('host') or 'localhost'}:{credentials.get('port') or 5432}"
    try:
        connection = await asyncpg.connect(host=credentials.get("host"), port=credentials.get("port"),
                                           user=credentials.get("user"), password=credentials.get("password"),
                                           database=credentials.get("database"), timeout=CONNECT_TIMEOUT)
    except Exception as exc:
        return f"cannot connect to PostgreSQL at {where}: {_reason(exc)}"
    await connection.close()
    return None


async def _redis_problem(url: str) -> str | None:
    from redis.asyncio import Redis

    client = Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=CONNECT_TIMEOUT)
    try:
        await asyncio.wait_for(client.ping(), CONNECT_TIMEOUT * 2)
    except Exception as exc:
        return f"cannot reach Redis: {_reason(exc)}"
    finally:
        await client.aclose()
    return None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _installed(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
