"""Whether a command may run: rate limit, scope, enablement, permission and cooldown, in that order.

Each refusal answers the user (except a disabled plugin in a group, which stays silent); the
rate limit comes first, so a flooder gets no answer at all past their limit.
"""
from __future__ import annotations

from bot.community import CommunitySettings
from bot.context import Context
from bot.identity import ChatKind
from bot.plugin import CommandSpec, Permission, Scope

CORE_PLUGIN = "core"


def enabled(settings: CommunitySettings | None, plugin: str) -> bool:
    """Whether `plugin` is on for the community with these settings (the core always is)."""
    if plugin == CORE_PLUGIN:
        return True
    return settings is not None and plugin in settings.plugins


async def may_invoke(ctx: Context, spec: CommandSpec) -> bool:
    runtime, user = ctx.runtime, ctx.event.user
    if user is None or (user.is_bot and not user.anonymous) or not await within_rate_limit(ctx):
        return False
    if user.anonymous:
        await ctx.reply("core-anonymous-admin", command=spec.name)
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
        if not enabled(ctx.community_settings, spec.plugin):
            if private:
                await ctx.reply("core-plugin-disabled", command=spec.name)
            return False
    if not await runtime.permissions.allows(ctx, spec.permission, spec.role):
        joined = spec.permission is Permission.ADMIN and await runtime.permissions.in_joined_chat(ctx)
        await ctx.reply("core-not-allowed-joined" if joined else "core-not-allowed", private=True, command=spec.name)
        return False
    if spec.cooldown and (left := await runtime.store.ttl(cooldown_key(spec, ctx))) > 0:
        await ctx.reply("core-cooldown", private=True, seconds=max(1, round(left)))
        return False
    return True


def cooldown_key(spec: CommandSpec, ctx: Context) -> str:
    return f"cooldown:{spec.name}:{ctx.event.user.key}"


async def within_rate_limit(ctx: Context) -> bool:
    """Count one request of the user; past the limit, one notice and then silence for the minute."""
    limit = ctx.runtime.config.bot.rate_limit_per_minute
    used = await ctx.runtime.store.count(f"rate:{ctx.event.user.key}", 60)
    if used == limit + 1:
        await ctx.reply("core-rate-limited")
    return used <= limit
