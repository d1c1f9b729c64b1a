"""Which handler an event reaches: a command (typed, tapped as a keyword or a slash), a button, a
form, or the plugins listening for its type."""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from bot import buttons
from bot.arguments import ArgumentError, parse_options, parse_text
from bot.bus.gate import cooldown_key, enabled, may_invoke, within_rate_limit
from bot.bus.middlewares.error_boundary import contained
from bot.context import Context
from bot.errors import UserError
from bot.events import ButtonPressed, CommandInvoked, FormSubmitted, MessageReceived
from bot.forms import FormInvalid
from bot.identity import ChatKind
from bot.plugin import ButtonSpec, CommandSpec
from bot.unit_of_work import unit_of_work

log = logging.getLogger(__name__)


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
    elif isinstance(event, FormSubmitted):
        await _route_form(ctx, event)
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
            if event.chat.kind is ChatKind.PRIVATE and await within_rate_limit(ctx):
                await ctx.reply("core-unknown-command", command=name[:32])
            return
        await invoke(ctx, spec, text=(rest2 + " " + rest).strip() if rest2 else rest)
        return
    if ctx.community is None or not text or event.user is None or event.user.is_bot:
        return
    word, _, rest = text.partition(" ")
    word = word.lower()
    for spec in bus.command_specs():
        if spec.keywords and enabled(ctx.community_settings, spec.plugin):
            if word in spec.keywords_for(ctx.runtime.plugin_settings(spec.plugin, ctx.community)):
                await invoke(ctx, spec, text=rest)
                return


async def invoke(ctx: Context, spec: CommandSpec, *, text: str | None = None,
                 options: dict[str, Any] | None = None) -> None:
    if not await may_invoke(ctx, spec):
        return
    ctx.plugin = spec.plugin
    ctx.private_by_default = spec.answers_privately
    try:
        if options is not None:
            values = await parse_options(spec.params, options, ctx)
        else:
            values = await parse_text(spec.params, text or "", ctx)
    except ArgumentError as err:
        raise UserError(err.message_id, command=spec.name, value=err.value or "", usage=ctx.usage(spec),
                        argument=ctx.argument_name(err.param), choices=", ".join(err.param.choices)) from None
    async with unit_of_work(ctx, atomic=spec.atomic):
        await spec.handler(ctx, **values)
    if spec.cooldown:  # only a command that went through starts its cooldown
        await ctx.runtime.store.claim(cooldown_key(spec, ctx), spec.cooldown)


async def _route_button(ctx: Context, event: ButtonPressed) -> None:
    decoded = await buttons.decode(event.payload)
    if decoded is not None and decoded.form is not None:
        # Only a platform without forms hands over the press itself (the others open the form).
        log.warning("a button opening a form (%s) was pressed on %s, which has no forms: check "
                    "capabilities.forms before sending one", decoded.action, event.platform)
        await ctx.answer("core-form-not-here", alert=True)
        return
    spec = await _handler_for(ctx, decoded, ctx.runtime.bus.buttons, expired="core-button-expired")
    if spec is not None:
        ctx.plugin = spec.plugin
        async with unit_of_work(ctx, atomic=spec.atomic):
            await spec.handler(ctx, **decoded.args)


async def _route_form(ctx: Context, event: FormSubmitted) -> None:
    decoded = await buttons.decode(event.payload)
    if decoded is None or decoded.form is None:
        await ctx.answer("core-form-expired")
        return
    spec = await _handler_for(ctx, decoded, ctx.runtime.bus.forms, expired="core-form-expired")
    if spec is None:
        return
    try:
        values = decoded.form.clean(event.values)
    except FormInvalid as invalid:
        await ctx.answer("core-form-invalid", alert=True, field=decoded.form.field(invalid.key).label)
        return
    ctx.event = replace(event, values=values)
    ctx.plugin = spec.plugin
    async with unit_of_work(ctx, atomic=spec.atomic):
        await spec.handler(ctx, **decoded.args)


async def _handler_for(ctx: Context, decoded: buttons.DecodedButton | None, specs: dict[str, ButtonSpec], *,
                       expired: str) -> ButtonSpec | None:
    """The handler a press (or a form's answers) reaches, once the presser may: else None, answered."""
    spec = specs.get(decoded.action) if decoded else None
    if spec is None or not enabled(ctx.community_settings, spec.plugin) or not buttons.fits(spec.handler, decoded.args):
        await ctx.answer(expired)
        return None
    if decoded.only_for is not None and (ctx.member is None or ctx.member.id != decoded.only_for):
        await ctx.answer("core-button-not-yours", alert=True)
        return None
    if not await ctx.runtime.permissions.allows(ctx, spec.permission, spec.role):
        await ctx.answer("core-not-allowed-button", alert=True)
        return None
    return spec


async def _run_event_handlers(ctx: Context) -> None:
    for plugin, event_type, handler in ctx.runtime.bus.event_handlers:
        if isinstance(ctx.event, event_type) and enabled(ctx.community_settings, plugin):
            ctx.plugin = plugin
            # An event nobody typed (a join, say) fails quietly: logged, not announced in chat.
            await contained(ctx, handler(ctx), f"{type(ctx.event).__name__} handler of {plugin}", tell_user=False)
