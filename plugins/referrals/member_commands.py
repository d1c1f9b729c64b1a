"""What members use: /invite (my link and poster, privately), /invites (my numbers, `why` for
each invitee), /invites_top (the board: 7 days, 30 days, the campaign; members who left hidden)."""
from __future__ import annotations

from datetime import timedelta
from typing import Literal

from tortoise.expressions import Subquery
from tortoise.functions import Count

from bot import Context, Member, UserError, join_lines, now

from plugins.referrals.links import personal_links
from plugins.referrals.models import Referral
from plugins.referrals.plugin import plugin
from plugins.referrals.poster_for import poster_image
from plugins.referrals.progress import in_campaign, progress_of

WHY_LIMIT = 30  # invitees listed by /invites why, newest first
BOARD_SIZE = 10


def _member(ctx: Context) -> Member:
    if ctx.member is None or ctx.community is None:
        raise UserError("referrals-no-community")
    return ctx.member


@plugin.command("invite", keywords=("邀请", "海报"), cooldown=5)
async def invite(ctx: Context) -> None:
    member = _member(ctx)
    links = await personal_links(ctx, member)
    if not links:
        raise UserError("referrals-no-links")
    progress = await progress_of(ctx.settings, member)
    poster = await poster_image(ctx, member, progress, platform=ctx.event.platform)
    lines = [ctx.t("referrals-invite", count=progress.score)]
    lines += [ctx.t("referrals-invite-link", platform=row.platform, url=row.url) for row in links]
    step = progress.next_step
    lines.append(ctx.t("referrals-next", left=step.at - progress.score, points=step.points) if step
                 else ctx.t("referrals-all-done"))
    await ctx.reply(ctx.message(join_lines(lines), images=[poster] if poster else []), private=True)


@plugin.command("invites", cooldown=3)
async def invites(ctx: Context, detail: Literal["why", "为什么"] | None = None) -> None:
    member = _member(ctx)
    progress = await progress_of(ctx.settings, member)
    lines = [ctx.t("referrals-mine", confirmed=progress.confirmed, pending=progress.pending, void=progress.void,
                   held=progress.held, score=progress.score)]
    if detail:
        rows = await Referral.filter(inviter_id=member.id, **in_campaign(ctx.settings)) \
            .order_by("-joined_at", "-id").limit(WHY_LIMIT)
        names = await _names([row.invitee_id for row in rows])
        lines += [ctx.t("referrals-why-line", name=names.get(row.invitee_id, "?"), status=row.status,
                        reason=ctx.text(f"referrals-reason-{row.reason}", **row.detail) if row.reason else "none")
                  for row in rows]
        if not rows:
            lines.append(ctx.t("referrals-why-none"))
    await ctx.reply(ctx.message(join_lines(lines)), private=True)


@plugin.command("invites_top", aliases=("邀请榜",), cooldown=10)
async def invites_top(ctx: Context, period: Literal["7", "30", "campaign"] = "campaign") -> None:
    if ctx.community is None:
        raise UserError("referrals-no-community")
    board = await leaderboard(ctx, period)
    if not board:
        await ctx.reply("referrals-board-empty")
        return
    names = await _names([member_id for member_id, _ in board])
    lines = [ctx.t("referrals-board-title", period={"7": "week", "30": "month"}.get(period, "campaign"))]
    lines += [ctx.t("referrals-board-line", rank=rank, name=names.get(member_id, "?"), count=count,
                    badge=badge(ctx.settings, count)) for rank, (member_id, count) in enumerate(board, 1)]
    await ctx.reply(ctx.message(join_lines(lines)))


MEDALS = ("🥉", "🥈", "🥇")


def badge(settings, count: int) -> str:
    """Recognition on every platform, Discord's rewardless one too: a medal per step reached."""
    reached = sum(1 for step in settings.steps if step.at <= count)
    return f" {MEDALS[min(reached, len(MEDALS)) - 1]}" if reached else ""


async def leaderboard(ctx: Context, period: str) -> list[tuple[int, int]]:
    """Top inviters by confirmed referrals in the period; inviters who left are hidden."""
    query = Referral.filter(community_id=ctx.community.id, status="confirmed", inviter_id__isnull=False)
    if period == "campaign":
        query = query.filter(**in_campaign(ctx.settings))
    else:
        query = query.filter(confirmed_at__gte=now() - timedelta(days=int(period)))
    present = Member.filter(community_id=ctx.community.id, left_at__isnull=True).values("id")
    rows = await query.filter(inviter_id__in=Subquery(present)).group_by("inviter_id").annotate(n=Count("id")) \
        .order_by("-n", "inviter_id").limit(BOARD_SIZE).values("inviter_id", "n")
    return [(row["inviter_id"], row["n"]) for row in rows]


async def _names(ids: list[int]) -> dict[int, str]:
    return dict(await Member.filter(id__in=list(set(ids))).values_list("id", "display_name"))


