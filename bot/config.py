"""Configuration: TOML file + SHEQUN_* environment variables, validated by pydantic.

Adapter sections (`[telegram]`, `[discord]`, ...) and plugin sections (`[plugins.<name>]`)
are validated by the models their packages declare; the core only knows the shape.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from bot.errors import ConfigError

ENV_PREFIX = "SHEQUN_"
SECRET_KEYS = ("token", "password", "secret", "secret_token", "url")


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


def validate_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Asia/Shanghai)")
    return value


def validate_chat_key(value: str) -> str:
    platform, _, chat_id = value.partition(":")
    if not platform or not chat_id:
        raise ValueError(f"{value!r} is not platform:id (e.g. telegram:-100123)")
    return value


TimeZoneName = Annotated[str, AfterValidator(validate_timezone)]  # an IANA name, e.g. Asia/Shanghai
ChatKey = Annotated[str, AfterValidator(validate_chat_key)]  # "platform:id", e.g. telegram:-100123


class BotSection(Section):
    name: str = "Shequn"
    locale: str = "en"
    owners: list[str] = Field(default_factory=list, description="platform:user_id of bot owners")
    data_dir: str = "data"
    workers: int = Field(32, ge=1, le=1024, description="events handled at once")
    queue_size: int = Field(1000, ge=1, description="events waiting before adapters are slowed")
    rate_limit_per_minute: int = Field(30, ge=1, description="commands one user may run a minute")
    admin_cache_seconds: int = Field(60, ge=0)
    auto_migrate: bool = True
    stop_timeout: float = Field(10.0, gt=0, le=600, description="seconds a stop (SIGINT, SIGTERM) may take to "
                                                                "finish what is in flight")
    durable_intake: bool = Field(True, description="store each platform update before confirming it, so "
                                                   "nothing handed over is lost")
    command_prefixes: list[str] = Field(default_factory=lambda: ["/"])


class DatabaseSection(Section):
    url: str = "sqlite://data/shequn.sqlite3"


class WebSection(Section):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)


class RedisSection(Section):
    url: str | None = None
    prefix: str = Field("shequn:", min_length=1, description="put before every key: bots sharing one Redis differ here")
    takeover_seconds: float = Field(30.0, ge=1, le=3600, description="an instance silent this long has its updates "
                                                                     "and its polling lease taken over")


class SandboxSection(Section):
    enabled: bool | None = Field(None, description="default: on when no platform token is set")
    users: list[str] = Field(default_factory=lambda: ["alice", "bob", "carol", "admin"])
    admins: list[str] = Field(default_factory=lambda: ["admin"])
    token: str | None = Field(None, description="required beside a real platform: the X-Sandbox-Token header "
                                                "of every API call, ?token= on the page")


class CommunitySection(Section):
    name: str | None = None
    chats: list[ChatKey] = Field(default_factory=list, description='e.g. "telegram:-100123", "discord:9876"')
    timezone: TimeZoneName = "UTC"
    day_start_hour: int = Field(4, ge=0, le=23)
    locale: str | None = None
    admin_chat: ChatKey | None = Field(None, description="the admins' chat, one of the community's chats: where "
                                                         "plugins tell the admins (ctx.tell_admins); unset: each "
                                                         "admin privately")
    plugins: list[str] | None = None
    plugin_settings: dict[str, dict[str, Any]] = Field(default_factory=dict, alias="settings")


class Settings(Section):
    bot: BotSection = Field(default_factory=BotSection)
    database: DatabaseSection = Field(default_factory=DatabaseSection)
    web: WebSection = Field(default_factory=WebSection)
    redis: RedisSection = Field(default_factory=RedisSection)
    sandbox: SandboxSection = Field(default_factory=SandboxSection)
    plugins: dict[str, dict[str, Any]] = Field(default_factory=dict)
    enabled_plugins: list[str] | None = Field(None, description="default: every installed plugin")
    communities: dict[str, CommunitySection] = Field(default_factory=dict)
    # Adapter sections, validated by each adapter's own model.
    telegram: dict[str, Any] | None = None
    discord: dict[str, Any] | None = None

    def adapter_section(self, platform: str) -> dict[str, Any] | None:
        return getattr(self, platform, None)


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([(str(path), f"not valid TOML: {exc}")]) from None


def apply_environment(data: dict[str, Any], environ: dict[str, str]) -> dict[str, Any]:
    """`SHEQUN_TELEGRAM__TOKEN=x` sets data["telegram"]["token"] = "x"."""
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        path = name[len(ENV_PREFIX):].lower().split("__")
        node = data
        for key in path[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                break
        else:
            node[path[-1]] = value
    return data


def format_location(loc: tuple[Any, ...], prefix: str = "") -> str:
    parts = [prefix] if prefix else []
    parts += [str(p) for p in loc]
    return ".".join(parts) or "(root)"


def problems_of(exc: ValidationError, prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for err in exc.errors():
        reason = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            reason = "unknown key (check the spelling; see config.example.toml)"
        out.append((format_location(err["loc"], prefix), reason))
    return out


def read_config(path: Path | None, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """The file (if any; only the default ./config.toml may be missing) with the environment over it."""
    data = read_toml(path) if path and path.exists() else {}
    if path and not path.exists() and path.name != "config.toml":
        raise ConfigError([(str(path), "file not found")])
    return apply_environment(data, dict(os.environ if environ is None else environ))


def load_settings(path: Path | None, environ: dict[str, str] | None = None) -> Settings:
    data = read_config(path, environ)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(problems_of(exc)) from None


def redact(value: Any, key: str = "") -> Any:
    """A copy of a config value safe to log: secrets replaced."""
    if isinstance(value, dict):
        return {k: redact(v, k) for k, v in value.items()}
    if isinstance(value, str) and any(key.endswith(s) for s in SECRET_KEYS) and value:
        return "***"
    return value
