"""The admins' tools, all audited and answered privately: /tier_stats, /tier_set, /tier_grant,
/tier_revoke, /tier_queue (approve or decline), /tier_schedule, /tier_export, /tier_season, /xp,
/tier_sync and /tier_threshold."""
from __future__ import annotations

from collections import Counter
from typing import Literal

from bot import Context, Document, JobContext, Member, Permission, Rest, UserError, join_lines, now

from plugins.tiers import grants, resync, thresholds
from plugins.tiers.settings import Tier, TiersSettings
from plugins.tiers.csv_export import standings_csv
from plugins.tiers.models import RightsNotice, TierApproval, TierAudit, TierGrant, TierMember
from plugins.tiers.plugin import plugin
from plugins.tiers.standing import review, set_earned
from plugins.tiers.xp import earn, standing_of
from plugins.tiers.thresholds import settings_of

MAX_GRANT_DAYS = 3650
DEFAULT_WORDS = {"default", "reset", "默认"}


def _tier(ctx: Context, key: str) -> Tier:
    tier = settings_of(ctx).tier(key.lower())
    if tier is None:
        raise UserError("tiers-no-such-tier", tier=key[:32], choices=", ".join(t.key for t in settings_of(ctx).tiers))
    return tier


def _reason(reason: str) -> str:
    reason = reason.strip()[:200]
    if not reason:
        raise UserError("tiers-reason-needed")
    return reason


@plugin.command("tier_stats", permission=Permission.ADMIN)
async def tier_stats(ctx: Context) -> None:
    settings: TiersSettings = settings_of(ctx)
    community_id = ctx.community.id
    shown = Counter(await TierMember.filter(community_id=community_id, present=True).values_list("shown", flat=True))
    lines = [ctx.t("tiers-stats-title")]
    lines += [ctx.t("tiers-stats-tier", tier=t.display_name(ctx.locale), count=shown.get(t.key, 0))
              for t in settings.tiers]
    month_start = now().astimezone(ctx.community_settings.timezone).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    moves = Counter(await TierAudit.filter(community_id=community_id, at__gte=month_start)
                    .values_list("action", flat=True))
    lines.append(ctx.t("tiers-stats-month", promoted=moves.get("promoted", 0),
                       stepped=moves.get("stepped_down", 0), granted=moves.get("granted", 0)))
    waiting = await TierApproval.filter(community_id=community_id, state="pending").count()
    running = await TierGrant.filter(community_id=community_id, ended=False).count()
    lines.append(ctx.t("tiers-stats-queue", waiting=waiting, grants=running))
    for notice in await RightsNotice.filter(community_id=community_id):
        lines.append(ctx.t("tiers-stats-rights", problem=notice.problem))
    await ctx.reply(join_lines(lines))


# not one unit of work: the background re-sync must see the new ladder generation at once
@plugin.command("tier_sync", permission=Permission.ADMIN, atomic=False)
async def tier_sync(ctx: Context, who: Member | None = None) -> None:
    """One member: placed and shown afresh now (after a /link, say). Everyone: placed on the
    current ladder in the background, at the settings' pace."""
    if who is not None:
        row = await standing_of(who)
        await resync.resync_member(ctx, who, row)
        tier = settings_of(ctx).tier(row.shown)
        await ctx.reply("tiers-sync-one-done", who=await ctx.mention(who), tier=tier.display_name(ctx.locale))
        return
    waiting = await resync.begin_again(ctx)
    resync.start(JobContext(ctx.runtime, ctx.community, ctx.plugin))
    await ctx.reply("tiers-sync-all-started", count=waiting, pace=settings_of(ctx).sync_per_second)


# not one unit of work: the background re-sync must see the change at once (the hourly job
# finishes what a crash between the two writes leaves)
@plugin.command("tier_threshold", permission=Permission.ADMIN, atomic=False)
async def tier_threshold(ctx: Context, tier: str, xp: str) -> None:
    """A tier's XP threshold for this community, over the settings ("default": the settings' again);
    audited, and every member is placed on the changed ladder in the background."""
    wanted = None if xp.strip().lower() in DEFAULT_WORDS else _xp(xp)
    before, after = await thresholds.change(ctx, tier, wanted, ctx.user_name)
    waiting = await resync.begin_again(ctx)
    resync.start(JobContext(ctx.runtime, ctx.community, ctx.plugin))
    await ctx.reply("tiers-threshold-done", tier=_tier(ctx, tier).display_name(ctx.locale), before=before, after=after,
                    count=waiting, pace=settings_of(ctx).sync_per_second)


def _xp(text: str) -> int:
    try:
        return int(text.strip().replace(",", "").replace("_", ""))
    except ValueError:
        raise UserError("tiers-threshold-bad-xp", max=thresholds.MAX_XP) from None


@plugin.command("tier_set", permission=Permission.ADMIN)
async def tier_set(ctx: Context, who: Member, tier: str, reason: Rest = "") -> None:
    target = _tier(ctx, tier)
    row = await standing_of(who)
    await set_earned(ctx, who, row, target.key, "set", by=ctx.user_name, reason=_reason(reason), quiet=True)
    await ctx.reply("tiers-set-done", who=await ctx.mention(who), tier=target.display_name(ctx.locale))


@plugin.command("tier_grant", permission=Permission.ADMIN)
async def tier_grant(ctx: Context, who: Member, tier: str, days: int, reason: Rest = "") -> None:
    target = _tier(ctx, tier)
    if not 1 <= days <= MAX_GRANT_DAYS:
        raise UserError("tiers-bad-days", max=MAX_GRANT_DAYS)
    row = await grants.grant(ctx, who, target.key, days, _reason(reason), ctx.user_name)
    await ctx.reply("tiers-grant-done", who=await ctx.mention(who), tier=target.display_name(ctx.locale),
                    date=row.ends_at.astimezone(ctx.community_settings.timezone).date().isoformat())
    await ctx.send_direct(who, "tiers-grant-received", tier=target.display_name(ctx.community_settings.locale or who.lang),
                          date=row.ends_at.astimezone(ctx.community_settings.timezone).date().isoformat())


@plugin.command("tier_revoke", permission=Permission.ADMIN)
async def tier_revoke(ctx: Context, who: Member, reason: Rest = "") -> None:
    ended = await grants.revoke(ctx, who, _reason(reason), ctx.user_name)
    if not ended:
        raise UserError("tiers-revoke-nothing", who=who.display_name)
    await ctx.reply("tiers-revoke-done", who=await ctx.mention(who))


@plugin.command("xp", permission=Permission.ADMIN)
async def xp(ctx: Context, action: Literal["give", "take"], who: Member, amount: int, reason: Rest = "") -> None:
    if not 1 <= amount <= 1_000_000:
        raise UserError("tiers-bad-amount")
    why = _reason(reason)
    delta = amount if action == "give" else -amount
    await earn(ctx, who, "admin", delta, f"admin:{ctx.event.platform}:{ctx.event.event_id}")
    await TierAudit.create(community_id=who.community_id, member_id=who.id, action="xp", amount=delta, reason=why,
                           by=ctx.user_name, at=now())
    if delta > 0:
        await review(ctx, who)
    row = await standing_of(who)
    await ctx.reply(f"tiers-xp-{action}-done", who=await ctx.mention(who), amount=amount, xp=row.xp)


@plugin.command("tier_queue", permission=Permission.ADMIN)
async def tier_queue(ctx: Context) -> None:
    waiting = await TierApproval.filter(community_id=ctx.community.id, state="pending").order_by("at").limit(20)
    if not waiting:
        await ctx.reply("tiers-queue-empty")
        return
    names = {m.id: m.display_name for m in await Member.filter(id__in=[a.member_id for a in waiting])}
    for approval in waiting:
        tier = settings_of(ctx).tier(approval.tier)
        await ctx.reply("tiers-queue-item", who=names.get(approval.member_id, "?"),
                        tier=tier.display_name(ctx.locale) if tier else approval.tier, buttons=[[
                            ctx.button("tiers-approve-button", "approve", approval=approval.id),
                            ctx.button("tiers-decline-button", "decline", approval=approval.id)]])


@plugin.button("approve", permission=Permission.ADMIN)
async def approve(ctx: Context, approval: int) -> None:
    await _decide(ctx, approval, "approved")


@plugin.button("decline", permission=Permission.ADMIN)
async def decline(ctx: Context, approval: int) -> None:
    await _decide(ctx, approval, "declined")


async def _decide(ctx: Context, approval_id: int, state: str) -> None:
    approval = await TierApproval.get_or_none(id=approval_id, community_id=ctx.community.id, state="pending")
    if approval is None:
        await ctx.answer("tiers-queue-decided")
        return
    approval.state, approval.decided_by = state, ctx.user_name
    await approval.save(update_fields=["state", "decided_by"])
    member = await Member.get(id=approval.member_id)
    tier = settings_of(ctx).tier(approval.tier)
    name = tier.display_name(ctx.community_settings.locale or member.lang) if tier else approval.tier
    await TierAudit.create(community_id=member.community_id, member_id=member.id, action=state, new=approval.tier,
                           by=ctx.user_name, at=now())
    if state == "approved":
        await review(ctx, member)
    await ctx.send_direct(member, f"tiers-approval-{state}", tier=name)
    await ctx.answer(f"tiers-queue-{state}", who=member.display_name)
    await ctx.reply(f"tiers-queue-{state}", private=True, who=member.display_name)


@plugin.command("tier_schedule", permission=Permission.ADMIN)
async def tier_schedule(ctx: Context) -> None:
    rows = await (TierMember.filter(community_id=ctx.community.id, present=True, steps_down_on__isnull=False)
                  .order_by("steps_down_on").limit(50))
    if not rows:
        await ctx.reply("tiers-schedule-empty")
        return
    names = {m.id: m.display_name for m in await Member.filter(id__in=[r.member_id for r in rows])}
    lines = [ctx.t("tiers-schedule-title")]
    for row in rows:
        tier = settings_of(ctx).tier(row.earned)
        lines.append(ctx.t("tiers-schedule-line", who=names.get(row.member_id, "?"),
                           tier=tier.display_name(ctx.locale) if tier else "-", date=row.steps_down_on.isoformat(),
                           warned=row.warned_on.isoformat() if row.warned_on else "-"))
    await ctx.reply(join_lines(lines))


@plugin.command("tier_export", permission=Permission.ADMIN)
async def tier_export(ctx: Context) -> None:
    data, count = await standings_csv(ctx, ctx.community.id)
    await ctx.reply("tiers-export-done", count=count, document=Document(data, "tiers.csv", "text/csv"))


@plugin.command("tier_season", permission=Permission.ADMIN)
async def tier_season(ctx: Context, reason: Rest = "") -> None:
    keep = settings_of(ctx).season_keep
    rows = await TierMember.filter(community_id=ctx.community.id)
    for row in rows:
        row.season_xp = int(row.season_xp * keep)
        await row.save(update_fields=["season_xp"])
    if rows:
        await TierAudit.create(community_id=ctx.community.id, member_id=ctx.member.id, action="season",
                               reason=reason.strip()[:200] or None, by=ctx.user_name, at=now())
    await ctx.reply("tiers-season-done", count=len(rows), keep=round(keep * 100))
