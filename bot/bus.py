"""The plugin bus: every event from every adapter goes through here.

    adapter -> submit() -> bounded queue -> worker -> middlewares -> route -> handler

`submit` waits when the queue is full, so a burst of updates slows the adapter instead of
piling up tasks. `handle` runs one event to completion (the sandbox and tests use it).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot import buttons
from bot.arguments import ArgumentError, parse_options, parse_text
from bot.context import Context
from bot.errors import UserError
from bot.events import (BotAdded, BotRemoved, ButtonPressed, CommandInvoked, Event, MemberJoined, MemberLeft,
                        MessageReceived)
from bot.i18n import normalize_locale
from bot.identity import ChatKind
from bot.plugin import ButtonSpec, CommandSpec, Permission, Plugin, Scope

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

Next = Callable[[Context], Awaitable[None]]
Middleware = Callable[[Context, Next], Awaitable[None]]
CORE_PLUGIN = "core"
DEDUP_SECONDS = 24 * 3600


class Bus:
    def __init__(self, runtime: "Runtime", workers: int = 32, queue_size: int = 1000) -> None:
        self.runtime = runtime
        self.commands: dict[str, CommandSpec] = {}
        self.buttons: dict[str, ButtonSpec] = {}
        self.event_handlers: list[tuple[str, type, Callable]] = []
        self.middlewares: list[Middleware] = [error_boundary, deduplicate, resolve_community, resolve_member,
                                              choose_locale]
        self._workers_count = workers
        self._queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=queue_size)
        self._workers: list[asyncio.Task] = []

    # --- registration ----------------------------------------------------------------

    def register(self, plugin: Plugin) -> None:
        for spec in plugin.commands:
            for name in (spec.name, *spec.aliases):
                if name.lower() in self.commands:
                    raise ValueError(f"command /{name} of {plugin.name} is taken by {self.commands[name].plugin}")
                self.commands[name.lower()] = spec
        for button in plugin.buttons:
            self.buttons[button.action] = button
        for event_type, handler in plugin.event_handlers:
            self.event_handlers.append((plugin.name, event_type, handler))
        self.middlewares.extend(plugin.middlewares)

    def command_specs(self) -> list[CommandSpec]:
        """Each command once (aliases folded), in registration order."""
        seen: dict[int, CommandSpec] = {}
        for spec in self.commands.values():
            seen.setdefault(id(spec), spec)
        return list(seen.values())

    # --- running ---------------------------------------------------------------------

    async def start(self) -> None:
        self._workers = [asyncio.create_task(self._work(), name=f"bus-worker-{i}")
                         for i in range(self._workers_count)]

    async def stop(self, drain_timeout: float = 10) -> None:
        """Finish what was submitted (up to `drain_timeout`), then stop the workers."""
        try:
            await asyncio.wait_for(self._queue.join(), drain_timeout)
        except TimeoutError:
            log.warning("stopping with %d events unhandled", self._queue.qsize())
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []

    async def drain(self, timeout: float = 10) -> bool:
        """Wait until every submitted event has been handled (up to `timeout`); False on timeout.

        An adapter calls it in `stop`, after it stopped receiving, so that events in flight
        still reach their platform (replies, button answers) before its connection closes.
        """
        try:
            await asyncio.wait_for(self._queue.join(), timeout)
        except TimeoutError:
            return False
        return True

    async def submit(self, event: Event) -> None:
        await self._queue.put(event)

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    async def _work(self) -> None:
        while True:
            event = await self._queue.get()
            try:
                await self.handle(event)
            except Exception:
                log.exception("event escaped the error boundary: %r", event)
            finally:
                self._queue.task_done()

    async def handle(self, event: Event) -> Context:
        ctx = Context(self.runtime, event)
        chain = [*self.middlewares, route]

        async def call(index: int, context: Context) -> None:
            if index < len(chain) - 1:
                await chain[index](context, lambda c: call(index + 1, c))
            else:
                await chain[index](context)

        await call(0, ctx)
        return ctx

    def enabled(self, ctx: Context, plugin: str) -> bool:
        if plugin == CORE_PLUGIN:
            return True
        return ctx.settings is not None and plugin in ctx.settings.plugins


# --- middlewares -------------------------------------------------------------------------

async def error_boundary(ctx: Context, call_next: Next) -> None:
    try:
        await _contained(ctx, call_next(ctx), "handler", tell_user=True)
    finally:
        if isinstance(ctx.event, ButtonPressed) and not ctx.answered:
            try:
                await ctx.adapter.answer_button(ctx.event, None)
            except Exception:
                log.exception("could not answer a button press")


async def _contained(ctx: Context, work: Awaitable[None], what: str, *, tell_user: bool) -> None:
    """Run `work`; a UserError becomes its localized answer, anything else a logged reference."""
    try:
        await work
    except UserError as err:
        await _safe_reply(ctx, err.message_id, **err.args_)
    except Exception:
        ref = ctx.runtime.new_error_ref()
        log.exception("%s failed (ref %s) on %r", what, ref, ctx.event)
        if tell_user:
            await _safe_reply(ctx, "core-error", ref=ref)


async def _safe_reply(ctx: Context, message_id: str, **args: Any) -> None:
    try:
        if isinstance(ctx.event, ButtonPressed):
            await ctx.answer(message_id, alert=True, **args)
        elif ctx.event.chat is not None:
            await ctx.reply(message_id, **args)
    except Exception:
        log.exception("could not tell the user about an error")


async def deduplicate(ctx: Context, call_next: Next) -> None:
    event_id = ctx.event.event_id
    if event_id and not await ctx.runtime.store.claim(f"event:{ctx.event.platform}:{event_id}", DEDUP_SECONDS):
        log.debug("duplicate event %s ignored", event_id)
        return
    await call_next(ctx)


async def resolve_community(ctx: Context, call_next: Next) -> None:
    communities = ctx.runtime.communities
    event = ctx.event
    await communities.cache.refresh()
    if isinstance(event, BotRemoved):
        await communities.deactivate(event.chat)
    if event.chat.kind is ChatKind.PRIVATE:
        ctx.community = await communities.for_private_chat(event.user) if event.user else None
    else:
        ctx.community = await communities.for_chat(event.chat, reactivate=not isinstance(event, BotRemoved))
    if ctx.community is not None:
        ctx.settings = communities.settings_of(ctx.community)
        if isinstance(event, BotAdded):
            await ctx.runtime.scheduler.refresh(ctx.community)
    await call_next(ctx)


async def resolve_member(ctx: Context, call_next: Next) -> None:
    event, communities = ctx.event, ctx.runtime.communities
    if ctx.community is not None and event.user is not None and not event.user.is_bot:
        ctx.member = await communities.member_for(ctx.community, event.user, touch=not isinstance(event, MemberLeft))
        if isinstance(event, MemberJoined):
            await communities.mark_joined(ctx.member)
        elif isinstance(event, MemberLeft):
            await communities.mark_left(ctx.member)
    await call_next(ctx)


async def choose_locale(ctx: Context, call_next: Next) -> None:
    community_locale = ctx.settings.locale if ctx.settings else None
    user_lang = ctx.event.user.lang if ctx.event.user else None
    ctx.locale = (normalize_locale(community_locale) or normalize_locale(user_lang)
                  or ctx.runtime.catalogs.default_locale)
    await call_next(ctx)


# --- routing -----------------------------------------------------------------------------

async def route(ctx: Context) -> None:
    event = ctx.event
    if isinstance(event, MessageReceived):
        await _route_message(ctx, event)
    elif isinstance(event, CommandInvoked):
        spec = ctx.runtime.bus.commands.get(event.name.lower())
        if spec is not None:
            await invoke(ctx, spec, options=event.options)
    elif isinstance(event, ButtonPressed):
        await _route_button(ctx, event)
    await _run_event_handlers(ctx)


async def _route_message(ctx: Context, event: MessageReceived) -> None:
    bus = ctx.runtime.bus
    text = event.text.strip()
    if text[:1] in ctx.runtime.config.bot.command_prefixes:
        head, _, rest = text[1:].partition(" ")
        head, _, rest2 = head.partition("\n")
        name = head.split("@", 1)[0].lower()
        spec = bus.commands.get(name)
        if spec is None:
            if event.chat.kind is ChatKind.PRIVATE:
                await ctx.reply("core-unknown-command", command=name)
            return
        await invoke(ctx, spec, text=(rest2 + " " + rest).strip() if rest2 else rest)
        return
    if ctx.community is None or not text:
        return
    word, _, rest = text.partition(" ")
    word = word.lower()
    for spec in bus.command_specs():
        if spec.keywords and bus.enabled(ctx, spec.plugin):
            if word in spec.keywords_for(ctx.runtime.plugin_config(spec.plugin, ctx.community)):
                await invoke(ctx, spec, text=rest)
                return


async def invoke(ctx: Context, spec: CommandSpec, *, text: str | None = None,
                 options: dict[str, Any] | None = None) -> None:
    if not await _may_invoke(ctx, spec):
        return
    ctx.plugin = spec.plugin
    try:
        if options is not None:
            values = await parse_options(spec.params, options, ctx)
        else:
            values = await parse_text(spec.params, text or "", ctx)
    except ArgumentError:
        await ctx.reply("core-usage", usage=spec.usage())
        return
    await spec.handler(ctx, **values)
    if spec.cooldown:  # only a command that went through starts its cooldown
        await ctx.runtime.store.claim(_cooldown_key(spec, ctx), spec.cooldown)


async def _may_invoke(ctx: Context, spec: CommandSpec) -> bool:
    runtime, user = ctx.runtime, ctx.event.user
    if user is None or user.is_bot:
        return False
    private = ctx.event.chat.kind is ChatKind.PRIVATE
    if spec.scope is Scope.GROUP and private:
        await ctx.reply("core-group-only", command=spec.name)
        return False
    if spec.scope is Scope.PRIVATE and not private:
        await ctx.reply("core-private-only", command=spec.name)
        return False
    if spec.plugin != CORE_PLUGIN:
        if ctx.community is None:
            await ctx.reply("core-no-community")
            return False
        if not runtime.bus.enabled(ctx, spec.plugin):
            if private:
                await ctx.reply("core-plugin-disabled", command=spec.name)
            return False
    if not await _within_rate_limit(ctx):
        return False
    if not await runtime.permissions.allows(ctx, spec.permission, spec.role):
        await ctx.reply("core-not-allowed", command=spec.name)
        return False
    if spec.cooldown and (left := await runtime.store.ttl(_cooldown_key(spec, ctx))) > 0:
        await ctx.reply("core-cooldown", seconds=max(1, round(left)))
        return False
    return True


def _cooldown_key(spec: CommandSpec, ctx: Context) -> str:
    return f"cooldown:{spec.name}:{ctx.event.user.key}"


async def _within_rate_limit(ctx: Context) -> bool:
    limit = ctx.runtime.config.bot.rate_limit_per_minute
    used = await ctx.runtime.store.count(f"rate:{ctx.event.user.key}", 60)
    if used == limit + 1:
        await ctx.reply("core-rate-limited")
    return used <= limit


async def _route_button(ctx: Context, event: ButtonPressed) -> None:
    decoded = await buttons.decode(event.payload)
    spec = ctx.runtime.bus.buttons.get(decoded.action) if decoded else None
    if spec is None or not ctx.runtime.bus.enabled(ctx, spec.plugin):
        await ctx.answer("core-button-expired")
        return
    if decoded.only_for is not None and (ctx.member is None or ctx.member.id != decoded.only_for):
        await ctx.answer("core-button-not-yours", alert=True)
        return
    if not await ctx.runtime.permissions.allows(ctx, spec.permission, spec.role):
        await ctx.answer("core-not-allowed-button", alert=True)
        return
    ctx.plugin = spec.plugin
    await spec.handler(ctx, **decoded.args)


async def _run_event_handlers(ctx: Context) -> None:
    bus = ctx.runtime.bus
    for plugin, event_type, handler in bus.event_handlers:
        if isinstance(ctx.event, event_type) and bus.enabled(ctx, plugin):
            ctx.plugin = plugin
            # An event nobody typed (a join, say) fails quietly: logged, not announced in chat.
            await _contained(ctx, handler(ctx), f"{type(ctx.event).__name__} handler of {plugin}", tell_user=False)


__all__ = ["Bus", "Permission", "invoke"]
