"""How a tier shows on each platform: roles (Discord roles, the core's own elsewhere), a member tag
(Telegram, the sandbox), what the tier may not post (the core's member restrictions), and a missing
bot right named once to the community, never retried in silence."""
from __future__ import annotations

from bot import Member, MissingRights, PluginContext, now

from plugins.tiers.settings import Tier, TiersSettings
from plugins.tiers.models import RightsNotice
from plugins.tiers.thresholds import settings_of


def roles_of(settings: TiersSettings, tier: Tier | None) -> list[str]:
    """The roles a member of `tier` holds: its own, or with `stack_roles` every tier's up to it."""
    if tier is None:
        return []
    if not settings.stack_roles:
        return [tier.role_name]
    return [t.role_name for t in settings.tiers[:settings.rank_of(tier.key) + 1]]


async def show(ctx: PluginContext, member: Member, old: Tier | None, new: Tier | None) -> None:
    settings: TiersSettings = settings_of(ctx)
    before, after = roles_of(settings, old), roles_of(settings, new)
    problems: list[MissingRights] = []
    for role in before:
        if role not in after:
            problems += await ctx.roles.take(member, role)
    for role in after:
        if role not in before:
            problems += await ctx.roles.give(member, role)
    tag = new.tag or new.display_name(ctx.community_settings.locale) if new else None
    problems += await ctx.roles.tag(member, tag[:16] if tag else None)
    problems += await _restrict(ctx, member, old, new)
    for problem in problems:
        await tell_once(ctx, problem)


async def _restrict(ctx: PluginContext, member: Member, old: Tier | None, new: Tier | None) -> list[MissingRights]:
    """Lift what the old tier kept the member from posting and the new one does not; impose the new
    tier's. The core holds them in the tiers' name: another plugin's restriction of the same kind
    (the gate's probation) stays in force."""
    before, after = set(old.restrict if old else ()), set(new.restrict if new else ())
    problems: list[MissingRights] = []
    if before - after:
        problems += await ctx.restrictions.lift(member, before - after)
    if after - before or (after and old is None):
        problems += await ctx.restrictions.restrict(member, after)
    return problems


async def tell_once(ctx: PluginContext, problem: MissingRights) -> None:
    """Name a missing bot right to the community the first time it shows; /tier_stats lists it after."""
    _, created = await RightsNotice.get_or_create(community_id=ctx.community.id,
                                                  problem=f"{problem.platform}:{problem.right}"[:128],
                                                  defaults={"at": now()})
    if created:
        await ctx.post(f"tiers-rights-{problem.right}", platform=problem.platform, detail=problem.detail or "-")


async def invite_to_tier_chats(ctx: PluginContext, member: Member, tier: Tier) -> None:
    """A one-person link to each of the tier's own chats, sent privately; a Discord channel is opened
    to the tier's role instead (its overwrite, set once)."""
    for chat in tier.chats:
        for problem in await ctx.roles.open_chat(chat, tier.role_name):
            await tell_once(ctx, problem)
        link = await ctx.invite_link(chat, f"tier {tier.key} {member.id}")
        if link:
            await ctx.send_direct(member, "tiers-chat-invite", tier=tier.display_name(locale_of(ctx, member)), link=link)


def locale_of(ctx: PluginContext, member: Member) -> str | None:
    """The language to name a tier in to the member privately."""
    return (ctx.community_settings.locale if ctx.community_settings else None) or member.lang or ctx.locale
