"""How a plugin declares itself: metadata, settings, tables, catalogs and handlers.

    plugin = Plugin("greeter", version="1.0.0", description="Says hello")

    @plugin.command("hello", aliases=("hi",))
    async def hello(ctx: Context, name: Rest = ""):
        await ctx.reply("greeter-hello", name=name or ctx.user_name)
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.arguments import Param, params_of
from bot.database import ModelApp
from bot.events import Event

Handler = Callable[..., Awaitable[Any]]


class Scope(StrEnum):
    ANY = "any"
    GROUP = "group"
    PRIVATE = "private"


class Permission(IntEnum):
    MEMBER = 0
    ROLE = 1  # members holding `role` (platform role, or the core's emulated role)
    ADMIN = 2  # an administrator of the chat on the platform, checked live
    OWNER = 3  # a bot owner named in [bot] owners


@dataclass(frozen=True)
class CommandSpec:
    plugin: str
    name: str
    handler: Handler
    params: tuple[Param, ...]
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] | Callable[[Any], Iterable[str]] = ()
    scope: Scope = Scope.ANY
    permission: Permission = Permission.MEMBER
    role: str | None = None
    cooldown: float = 0
    private: bool | None = None  # None: admin commands answer privately, others in the chat
    atomic: bool = True  # one unit of work where the platform holds the answer (bot/unit_of_work.py)

    @property
    def answers_privately(self) -> bool:
        return self.private if self.private is not None else self.permission >= Permission.ADMIN

    @property
    def description_id(self) -> str:
        return f"cmd-{self.name}"

    def usage(self, name_of: Callable[[Param], str | None] = lambda param: None) -> str:
        """`/checkin_fix <who> <day> <add|remove> [reason]`, each argument named by `name_of`."""
        return " ".join([f"/{self.name}", *(p.usage(name_of(p)) for p in self.params)])

    def keywords_for(self, settings: Any) -> tuple[str, ...]:
        words = self.keywords(settings) if callable(self.keywords) else self.keywords
        return tuple(w.lower() for w in words)


@dataclass(frozen=True)
class ButtonSpec:
    plugin: str
    action: str
    handler: Handler
    permission: Permission = Permission.MEMBER
    role: str | None = None
    atomic: bool = True  # one unit of work where the platform holds the answer (bot/unit_of_work.py)


@dataclass(frozen=True)
class JobSpec:
    """A job run per community on a cron schedule in that community's time zone.

    `cron` is a crontab string, or a function of the plugin's settings for the community returning
    one (None: the job is off for that community). A `coalesce` job is a sweep: when the clock
    passes several of its fires at once (the sandbox's clock moved a day), it runs once, at the
    last of them, instead of once a fire.
    """

    plugin: str
    name: str
    handler: Handler
    cron: str | Callable[[Any], str | None]
    grace: timedelta = timedelta(hours=1)
    coalesce: bool = False

    @property
    def key(self) -> str:
        return f"{self.plugin}.{self.name}"

    def cron_for(self, settings: Any) -> str | None:
        return self.cron(settings) if callable(self.cron) else self.cron


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    handler: Handler
    short: bool = False  # also served at /<plugin><path>, beside /plugins/<plugin><path>


@dataclass
class Plugin:
    name: str
    version: str = "0.1.0"
    description: str = ""
    requires: tuple[str, ...] = ()
    settings: type[BaseModel] | None = None  # the model of [plugins.<name>] (ctx.settings)
    models: str | None = None  # dotted module of tortoise models (app label = plugin name)
    migrations: str | None = None  # dotted package of migrations, default "<models pkg>.migrations"
    locales: Path | None = None  # folder of <lang>/<name>.ftl, default the repository's locales/
    commands: list[CommandSpec] = field(default_factory=list)
    buttons: list[ButtonSpec] = field(default_factory=list)
    forms: list[ButtonSpec] = field(default_factory=list)  # what a button's form sends back (bot/forms.py)
    jobs: list[JobSpec] = field(default_factory=list)
    routes: list[RouteSpec] = field(default_factory=list)
    event_handlers: list[tuple[type[Event] | type, Handler]] = field(default_factory=list)
    middlewares: list[Handler] = field(default_factory=list)
    startup: list[Handler] = field(default_factory=list)
    shutdown: list[Handler] = field(default_factory=list)
    checks: list[Callable[[Any], list[tuple[str, str]]]] = field(default_factory=list)

    @property
    def model_app(self) -> ModelApp | None:
        if not self.models:
            return None
        migrations = self.migrations or self.models.rsplit(".", 1)[0] + ".migrations"
        return ModelApp(self.name, self.models, migrations)

    def command(self, name: str, *, aliases: Iterable[str] = (), keywords: Any = (),
                scope: Scope = Scope.ANY, permission: Permission = Permission.MEMBER,
                role: str | None = None, cooldown: float = 0,
                private: bool | None = None, atomic: bool = True) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            keyword_source = keywords if callable(keywords) else tuple(keywords)
            self.commands.append(CommandSpec(self.name, name, handler, params_of(handler), tuple(aliases),
                                             keyword_source, scope, permission, role, cooldown, private, atomic))
            return handler

        return register

    def button(self, action: str, *, permission: Permission = Permission.MEMBER,
               role: str | None = None, atomic: bool = True) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.buttons.append(ButtonSpec(self.name, f"{self.name}.{action}", handler, permission, role, atomic))
            return handler

        return register

    def form(self, action: str, *, permission: Permission = Permission.MEMBER,
             role: str | None = None, atomic: bool = True) -> Callable[[Handler], Handler]:
        """The handler of a form a button opened (`ctx.button(..., action, form=Form(...))`): it
        takes the button's args as a button handler does, and reads `ctx.event.values`."""
        def register(handler: Handler) -> Handler:
            self.forms.append(ButtonSpec(self.name, f"{self.name}.{action}", handler, permission, role, atomic))
            return handler

        return register

    def job(self, name: str, *, cron: Any, grace: timedelta = timedelta(hours=1),
            coalesce: bool = False) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.jobs.append(JobSpec(self.name, name, handler, cron, grace, coalesce))
            return handler

        return register

    def on(self, event_type: type) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.event_handlers.append((event_type, handler))
            return handler

        return register

    def route(self, method: str, path: str, *, short: bool = False) -> Callable[[Handler], Handler]:
        """A web route at /plugins/<name><path>; `short`: also at /<name><path>, a shorter public
        address (one to print on paper), unless the core uses that first part itself."""
        def register(handler: Handler) -> Handler:
            self.routes.append(RouteSpec(method.upper(), path, handler, short))
            return handler

        return register

    def check(self, function: Callable[[Any], list[tuple[str, str]]]) -> Callable[[Any], list[tuple[str, str]]]:
        """Something an operator should fix that does not stop the bot (a missing font, say).

        The function takes the plugin's validated settings and returns (key, advice) pairs,
        the key relative to the plugin's section; `shequn check-config` prints them and
        `shequn run` logs them at start."""
        self.checks.append(function)
        return function

    def on_startup(self, handler: Handler) -> Handler:
        self.startup.append(handler)
        return handler

    def on_shutdown(self, handler: Handler) -> Handler:
        """`handler(runtime)` runs first when the bot stops: a plugin's own background tasks end here."""
        self.shutdown.append(handler)
        return handler

    def middleware(self, handler: Handler) -> Handler:
        self.middlewares.append(handler)
        return handler
