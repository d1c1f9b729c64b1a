"""The command menu: setMyCommands from the plugins' command registry.

One list per scope and language:

* private chats: commands usable in private (scope any/private), admin ones included;
* groups: commands usable in groups for everyone (member/role permission);
* group admins: the group list plus admin-only commands.

Owner-only commands are never listed. Each list is published for the default language
(the bot's locale) and for every other catalog language by its ISO 639-1 code ("zh").
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from aiogram.methods import SetMyCommands
from aiogram.types import (BotCommand, BotCommandScopeAllChatAdministrators, BotCommandScopeAllGroupChats,
                           BotCommandScopeAllPrivateChats)

from bot.i18n import SUPPORTED, Catalogs
from bot.plugin import CommandSpec, Permission, Scope

MAX_COMMANDS = 100
_NAME = re.compile(r"^[a-z0-9_]{1,32}$")

SCOPES = (
    ("private", BotCommandScopeAllPrivateChats(),
     lambda s: s.scope in (Scope.ANY, Scope.PRIVATE) and s.permission <= Permission.ADMIN),
    ("group", BotCommandScopeAllGroupChats(),
     lambda s: s.scope in (Scope.ANY, Scope.GROUP) and s.permission <= Permission.ROLE),
    ("group admins", BotCommandScopeAllChatAdministrators(),
     lambda s: s.scope in (Scope.ANY, Scope.GROUP) and s.permission <= Permission.ADMIN),
)


def languages(catalogs: Catalogs) -> list[tuple[str | None, str]]:
    """(Telegram language_code, catalog locale): None is the default for every other language."""
    out: list[tuple[str | None, str]] = [(None, catalogs.default_locale)]
    for locale in SUPPORTED:
        if locale != catalogs.default_locale:
            out.append((locale.split("-")[0].lower(), locale))
    return out


def describe(catalogs: Catalogs, spec: CommandSpec, locale: str) -> str:
    if catalogs.has(spec.description_id, locale) or catalogs.has(spec.description_id):
        text = catalogs.text(locale, spec.description_id)
    else:
        text = spec.usage()
    text = " ".join(text.split())
    return (text[:255] + "…") if len(text) > 256 else (text or spec.name)


def menu_methods(specs: Iterable[CommandSpec], catalogs: Catalogs) -> tuple[list[SetMyCommands], list[str]]:
    """The setMyCommands calls to make, and the names Telegram would refuse."""
    specs = list(specs)
    refused = [s.name for s in specs if not _NAME.match(s.name)]
    usable = [s for s in specs if _NAME.match(s.name)]
    methods = []
    for language_code, locale in languages(catalogs):
        for _label, scope, wanted in SCOPES:
            commands = [BotCommand(command=s.name, description=describe(catalogs, s, locale))
                        for s in usable if wanted(s)][:MAX_COMMANDS]
            methods.append(SetMyCommands(commands=commands, scope=scope, language_code=language_code))
    return methods, refused
