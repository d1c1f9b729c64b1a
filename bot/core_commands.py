"""Commands every bot has: help, linking accounts, and community settings."""
from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Literal

from tortoise.transactions import in_transaction

from bot import clock
from bot.arguments import Rest
from bot.bus import enabled
from bot.config import validate_timezone
from bot.context import Context
from bot.errors import UserError
from bot.i18n import normalize_locale
from bot.identity import ChatKind
from bot.messages import join_lines
from bot.models import ChatBinding, Community, Identity, LinkCode, Member
from bot.plugin import Permission, Plugin, Scope
from bot.signals import MembersMerged

plugin = Plugin("core", version="0.1.0", description="Help, account linking and community settings")

LINK_CODE_TTL = timedelta(minutes=10)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@plugin.command("help", aliases=("start",))
async def show_help(ctx: Context) -> None:
    lines = [ctx.t("core-help-title")]
    for spec in ctx.runtime.bus.command_specs():
        if not _visible(ctx, spec.scope) or not enabled(ctx.settings, spec.plugin):
            continue
        if spec.permission > Permission.MEMBER and not await ctx.runtime.permissions.allows(ctx, spec.permission, spec.role):
            continue
        lines.append(ctx.t("core-help-line", usage=spec.usage(), description=ctx.text(spec.description_id)))
    await ctx.reply(join_lines(lines))


def _visible(ctx: Context, scope: Scope) -> bool:
    private = ctx.event.chat.kind is ChatKind.PRIVATE
    return scope is Scope.ANY or (scope is Scope.PRIVATE) == private


# --- linking a person's accounts across platforms -------------------------------------

@plugin.command("link")
async def link(ctx: Context, code: str = "") -> None:
    if ctx.community is None or ctx.member is None:
        raise UserError("core-no-community")
    if not code:
        issued = await _issue_code(ctx, "member")
        await ctx.reply("core-link-code", code=issued, minutes=int(LINK_CODE_TTL.total_seconds() // 60))
        return
    row = await _take_code(code, "member")
    if row.community_id != ctx.community.id and ctx.event.chat.kind is not ChatKind.PRIVATE:
        raise UserError("core-link-other-community")
    target = await Member.get(id=row.member_id)
    if target.id == ctx.member.id:
        raise UserError("core-link-same")
    if await Identity.exists(member_id=target.id, platform=ctx.event.platform):
        raise UserError("core-link-platform-taken", platform=ctx.event.platform)
    await merge_members(ctx, kept=target, merged_user=ctx.event.user)
    await ctx.reply("core-link-done", name=target.display_name)


async def _issue_code(ctx: Context, purpose: str) -> str:
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    await LinkCode.create(code=code, purpose=purpose, member=ctx.member if purpose == "member" else None,
                          community=ctx.community, expires_at=clock.now() + LINK_CODE_TTL)
    return code


async def _take_code(code: str, purpose: str) -> LinkCode:
    row = await LinkCode.get_or_none(code=code.strip().upper(), purpose=purpose)
    if row is None or row.expires_at < clock.now():
        raise UserError("core-link-bad-code")
    await row.delete()
    return row


async def merge_members(ctx: Context, kept: Member, merged_user) -> None:
    """Move the caller's identity (and its history) in kept's community onto `kept`."""
    community_id = kept.community_id
    async with in_transaction():
        identity = await Identity.get_or_none(community_id=community_id, platform=merged_user.platform,
                                              user_id=merged_user.user_id).prefetch_related("member")
        if identity is None:
            await Identity.create(community_id=community_id, member=kept, platform=merged_user.platform,
                                  user_id=merged_user.user_id, username=merged_user.username,
                                  last_seen_at=clock.now())
            old = kept
        else:
            old = identity.member
            identity.member = kept
            await identity.save(update_fields=["member_id"])
    await ctx.runtime.communities.cache.changed()
    if old.id != kept.id:
        await ctx.runtime.ledger.reassign(old, kept)
        merge = MembersMerged(merged=old, kept=kept, reference=f"merge:{old.id}:{kept.id}")
        moved = await ctx.runtime.bus.publish(await Community.get(id=community_id), merge)
        if moved and not await Identity.exists(member_id=old.id):
            await old.delete()
        await ctx.runtime.communities.cache.changed()


# --- community administration --------------------------------------------------------

Setting = Literal["timezone", "day_start", "locale", "plugins"]


@plugin.command("community", permission=Permission.ADMIN)
async def community(ctx: Context, action: Literal["show", "set", "code", "join"] = "show",
                    key: str = "", value: Rest = "") -> None:
    if ctx.community is None:
        raise UserError("core-no-community")
    if action == "show":
        await _show_community(ctx)
    elif action == "set":
        await _set_setting(ctx, key, value)
    elif action == "code":
        code = await _issue_code(ctx, "community")
        await ctx.reply("core-community-code", code=code, minutes=int(LINK_CODE_TTL.total_seconds() // 60))
    else:
        await _join_community(ctx, key)


async def _show_community(ctx: Context) -> None:
    community = ctx.community
    bindings = await ChatBinding.filter(community_id=community.id, active=True)
    await ctx.reply("core-community-show", name=community.name, slug=community.slug,
                    timezone=community.timezone, day_start=community.day_start_hour,
                    locale=community.locale or "-", plugins=", ".join(ctx.settings.plugins) or "-",
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
    await ctx.runtime.scheduler.refresh(ctx.community)
    await ctx.reply("core-community-set", key=key, value=value)


async def _join_community(ctx: Context, code: str) -> None:
    """Bind this chat to the community whose admin issued `code` (a Discord server joining a
    Telegram group's community, say). The chat's own auto-created community is left empty."""
    if ctx.event.chat.kind is ChatKind.PRIVATE:
        raise UserError("core-group-only", command="community join")
    row = await _take_code(code, "community")
    await ChatBinding.filter(space_key=ctx.event.chat.space_key).update(community_id=row.community_id)
    await ctx.runtime.communities.cache.changed()
    await ctx.reply("core-community-joined", name=(await row.community).name)


