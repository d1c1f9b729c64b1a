"""Commands every bot has: help, linking accounts, and community settings."""
from __future__ import annotations

from typing import Literal

from bot import account_links, chat_bindings, codes
from bot.arguments import Rest
from bot.bus import enabled
from bot.config import validate_timezone
from bot.context import Context
from bot.errors import UserError
from bot.events import MemberJoined, MessageReceived
from bot.i18n import normalize_locale
from bot.identity import ChatKind
from bot.messages import join_lines
from bot.models import ChatBinding
from bot.plugin import Permission, Plugin, Scope

plugin = Plugin("core", version="0.1.0", description="Help, account linking and community settings")


@plugin.command("help", aliases=("start",))
async def show_help(ctx: Context) -> None:
    lines = [ctx.t("core-help-title")]
    for spec in ctx.runtime.bus.command_specs():
        if not _visible(ctx, spec.scope) or not enabled(ctx.community_settings, spec.plugin):
            continue
        if spec.permission > Permission.MEMBER and not await ctx.runtime.permissions.allows(ctx, spec.permission, spec.role):
            continue
        lines.append(ctx.t("core-help-line", usage=ctx.usage(spec), description=ctx.text(spec.description_id)))
    await ctx.reply(join_lines(lines))


def _visible(ctx: Context, scope: Scope) -> bool:
    private = ctx.event.chat.kind is ChatKind.PRIVATE
    return scope is Scope.ANY or (scope is Scope.PRIVATE) == private


# --- linking a person's accounts across platforms -------------------------------------

@plugin.command("link")
async def link(ctx: Context, code: str = "") -> None:
    if ctx.community is None or ctx.member is None:
        raise UserError("core-no-community")
    if code:
        await account_links.ask_to_link(ctx, code)
        return
    issued = await codes.issue("member", ctx.community, ctx.event.user.key, member=ctx.member)
    await ctx.reply("core-link-code", private=True, code=issued, minutes=codes.ttl_minutes())


@plugin.button("link_confirm")
async def confirm_link(ctx: Context, link: int) -> None:
    await account_links.confirm(ctx, link)


@plugin.button("link_refuse")
async def refuse_link(ctx: Context, link: int) -> None:
    await account_links.refuse(ctx, link)


@plugin.button("link_undo")
async def undo_link(ctx: Context, link: int) -> None:
    await account_links.undo(ctx, link)


# --- member restrictions (bot.member_restrictions) -----------------------------------

@plugin.on(MessageReceived)
async def stop_restricted_posts(ctx: Context) -> None:
    await ctx.restrictions.enforce(ctx)


@plugin.on(MemberJoined)
async def restrict_again(ctx: Context) -> None:
    if ctx.member is not None:
        await ctx.restrictions.on_join(ctx.member)


# --- community administration --------------------------------------------------------

Setting = Literal["timezone", "day_start", "locale", "plugins"]


@plugin.command("community", permission=Permission.ADMIN)
async def community(ctx: Context, action: Literal["show", "set", "code", "join", "chats", "unbind"] = "show",
                    key: str = "", value: Rest = "") -> None:
    if ctx.community is None:
        raise UserError("core-no-community")
    if action == "show":
        await _show_community(ctx)
    elif action == "set":
        await _set_setting(ctx, key, value)
    elif action == "code":
        code = await codes.issue("community", ctx.community, ctx.event.user.key, issued_in=ctx.event.chat.space_key)
        await ctx.reply("core-community-code", private=True, code=code, minutes=codes.ttl_minutes())
    elif action == "join":
        await chat_bindings.join(ctx, key)
    elif action == "chats":
        await chat_bindings.list_chats(ctx)
    else:
        await chat_bindings.unbind_numbered(ctx, key)


@plugin.button("unbind")
async def undo_join(ctx: Context, binding: int, community: int) -> None:
    await chat_bindings.undo_join(ctx, binding, community)


async def _show_community(ctx: Context) -> None:
    community = ctx.community
    bindings = await ChatBinding.filter(community_id=community.id, active=True)
    await ctx.reply("core-community-show", name=community.name, slug=community.slug,
                    timezone=community.timezone, day_start=community.day_start_hour,
                    locale=community.locale or "-", plugins=", ".join(ctx.community_settings.plugins) or "-",
                    chats=", ".join(b.space_key for b in bindings))


async def _set_setting(ctx: Context, key: str, value: str) -> None:
    communities, value = ctx.runtime.communities, value.strip()
    try:
        if key == "timezone":
            await communities.set_by_admin(ctx.community, "timezone", validate_timezone(value))
        elif key == "day_start":
            hour = int(value)
            if not 0 <= hour <= 23:
                raise ValueError(value)
            await communities.set_by_admin(ctx.community, "day_start_hour", hour)
        elif key == "locale":
            locale = normalize_locale(value)
            if locale is None:
                raise ValueError(value)
            await communities.set_by_admin(ctx.community, "locale", locale)
        elif key == "plugins":
            names = [n.strip() for n in value.replace(",", " ").split() if n.strip()]
            unknown = [n for n in names if n not in communities.installed]
            if unknown:
                raise ValueError(", ".join(unknown))
            ctx.community.plugins = names
            await ctx.community.save(update_fields=["plugins"])
            await communities.cache.changed()
        else:
            raise UserError("core-community-unknown-key", key=key or "-")
    except ValueError:
        raise UserError("core-community-bad-value", key=key, value=value) from None
    await ctx.reply("core-community-set", key=key, value=value)
