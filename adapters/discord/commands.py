"""Slash commands generated from the bus's command specs, and their sync to Discord.

Names and descriptions come from the catalogs: `cmd-<name>` describes a command (en is
Discord's default, zh-Hans becomes zh-CN); optional ids refine it:

    cmdname-<name>            a localized command name (e.g. 签到), zh-Hans only
    cmd-<name>-<param>        an option's description
    cmd-<name>-<param>-<value>  a choice's label

Options are keyed by the handler's parameter names, so `CommandInvoked.options` can be
passed straight to the core's argument parser.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.arguments import ArgKind, Param
from bot.i18n import Catalogs
from bot.plugin import CommandSpec, Permission, Scope

log = logging.getLogger(__name__)

STRING, INTEGER, USER = 3, 4, 6
_OPTION_TYPES = {ArgKind.INT: INTEGER, ArgKind.MEMBER: USER}
_NAME = re.compile(r"^[-_\w]{1,32}$")
MAX_COMMANDS = 100
MAX_OPTIONS = 25
MAX_CHOICES = 25
LOCALES = {"zh-Hans": ("zh-CN",)}  # catalog locale -> Discord locales (en is the default)

# Who sees an admin command in the picker by default: members who may manage the server.
# A server can show it to its organisers' role too (Server Settings → Integrations).
MANAGE_GUILD = str(1 << 5)

# Guild context, bot DM context (Discord's InteractionContextType).
_CONTEXTS = {Scope.ANY: [0, 1], Scope.GROUP: [0], Scope.PRIVATE: [1]}


@dataclass
class CommandTable:
    """What was offered to Discord, to map an interaction back to a spec."""

    specs: dict[str, CommandSpec] = field(default_factory=dict)  # discord name -> spec
    option_names: dict[str, dict[str, str]] = field(default_factory=dict)  # discord name -> option -> param


def discord_name(name: str) -> str:
    return name.lower()


def _text(catalogs: Catalogs, locale: str, message_id: str) -> str | None:
    if not catalogs.has(message_id, locale):
        return None
    text = catalogs.text(locale, message_id).strip()
    return text or None


def _clip(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _localized(catalogs: Catalogs, message_id: str, *, name: bool = False) -> dict[str, str]:
    out: dict[str, str] = {}
    for locale, discord_locales in LOCALES.items():
        text = _text(catalogs, locale, message_id)
        if text is None:
            continue
        if name:
            text = text.lower()
            if not _NAME.match(text):
                log.warning("ignoring localized command name %r (%s): Discord allows 1-32 letters, digits, - and _",
                            text, message_id)
                continue
        else:
            text = _clip(text)
        for discord_locale in discord_locales:
            out[discord_locale] = text
    return out


def _option(catalogs: Catalogs, spec: CommandSpec, param: Param) -> dict[str, Any]:
    described = f"cmd-{spec.name}-{param.name}"
    generic = f"discord-option-{param.kind.value}"
    description = _text(catalogs, "en", described) or _text(catalogs, "en", generic) or param.name
    option: dict[str, Any] = {
        "type": _OPTION_TYPES.get(param.kind, STRING),
        "name": discord_name(param.name),
        "description": _clip(description),
        "required": param.required,
    }
    localized = _localized(catalogs, described) or _localized(catalogs, generic)
    if localized:
        option["description_localizations"] = localized
    if param.kind is ArgKind.CHOICE and 0 < len(param.choices) <= MAX_CHOICES:
        choices = []
        for value in param.choices:
            label_id = f"cmd-{spec.name}-{param.name}-{value}"
            choice: dict[str, Any] = {"name": _clip(_text(catalogs, "en", label_id) or value), "value": value}
            if names := _localized(catalogs, label_id):
                choice["name_localizations"] = names
            choices.append(choice)
        option["choices"] = choices
    return option


def command_payload(catalogs: Catalogs, spec: CommandSpec, *, with_contexts: bool) -> dict[str, Any]:
    description = _text(catalogs, "en", spec.description_id) or spec.name
    payload: dict[str, Any] = {
        "type": 1,
        "name": discord_name(spec.name),
        "description": _clip(description),
        "options": [_option(catalogs, spec, p) for p in spec.params[:MAX_OPTIONS]],
    }
    if descriptions := _localized(catalogs, spec.description_id):
        payload["description_localizations"] = descriptions
    if names := _localized(catalogs, f"cmdname-{spec.name}", name=True):
        payload["name_localizations"] = names
    if spec.permission >= Permission.ADMIN:
        payload["default_member_permissions"] = MANAGE_GUILD
    if with_contexts:
        payload["contexts"] = _CONTEXTS[spec.scope]
        payload["integration_types"] = [0]
    return payload


def build_table(specs: list[CommandSpec]) -> CommandTable:
    table = CommandTable()
    for spec in specs:
        name = discord_name(spec.name)
        if name in table.specs:
            continue
        table.specs[name] = spec
        table.option_names[name] = {discord_name(p.name): p.name for p in spec.params}
    return table


def payloads_for(catalogs: Catalogs, specs: list[CommandSpec], *, scope: str) -> list[dict[str, Any]]:
    """Command definitions for a guild (`scope="guild"`) or for everywhere (`"global"`)."""
    out: list[dict[str, Any]] = []
    names: set[str] = set()
    for spec in specs:
        if scope == "guild" and spec.scope is Scope.PRIVATE:
            continue  # guild commands cannot be used in DMs
        payload = command_payload(catalogs, spec, with_contexts=scope == "global")
        if payload["name"] in names:
            continue
        names.add(payload["name"])
        out.append(payload)
    if len(out) > MAX_COMMANDS:
        log.error("Discord takes at most %d commands; leaving out %s", MAX_COMMANDS,
                  ", ".join(p["name"] for p in out[MAX_COMMANDS:]))
        out = out[:MAX_COMMANDS]
    return out


def _reason(errors: Any) -> str:
    """A readable reason from Discord's nested `errors` object."""
    if isinstance(errors, dict):
        found = []
        for key, value in errors.items():
            if key == "_errors" and isinstance(value, list):
                found.append(" ".join(str(e.get("message", e.get("code", ""))) for e in value))
            else:
                inner = _reason(value)
                if inner:
                    found.append(f"{key}: {inner}" if key != "_errors" else inner)
        return "; ".join(found)
    return str(errors)


def rejected_by_index(exc: discord.HTTPException, payloads: list[dict[str, Any]]) -> dict[str, str]:
    """Command name -> reason, for a bulk overwrite Discord refused with per-index errors."""
    errors = getattr(exc, "_errors", None) or {}
    out: dict[str, str] = {}
    for key, value in errors.items():
        if key.isdigit() and int(key) < len(payloads):
            out[payloads[int(key)]["name"]] = _reason(value) or exc.text
    return out


async def sync(http: Any, application_id: int, payloads: list[dict[str, Any]],
               guild_id: int | None) -> dict[str, str]:
    """Overwrite the commands of a guild (or global ones); returns name -> reason for rejected ones.

    Discord rejects a bulk overwrite as a whole when one definition is bad; the bad ones
    are reported and left out, and the rest are sent again.
    """
    async def put(batch: list[dict[str, Any]]) -> Any:
        if guild_id is None:
            return await http.bulk_upsert_global_commands(application_id, batch)
        return await http.bulk_upsert_guild_commands(application_id, guild_id, batch)

    async def post(one: dict[str, Any]) -> Any:
        if guild_id is None:
            return await http.upsert_global_command(application_id, one)
        return await http.upsert_guild_command(application_id, guild_id, one)

    rejected: dict[str, str] = {}
    batch = list(payloads)
    for _attempt in range(3):
        try:
            await put(batch)
            return rejected
        except discord.HTTPException as exc:
            if exc.status != 400:
                raise
            found = rejected_by_index(exc, batch)
            if not found:
                break
            rejected.update(found)
            batch = [p for p in batch if p["name"] not in found]
    # Errors that name no command: try each alone to find the ones Discord refuses.
    good = []
    for payload in batch:
        try:
            await post(payload)
            good.append(payload)
        except discord.HTTPException as exc:
            if exc.status != 400:
                raise
            rejected[payload["name"]] = _reason(getattr(exc, "_errors", None)) or exc.text
    await put(good)
    return rejected
