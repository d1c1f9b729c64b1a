"""The admins' tools, answered privately and audited: `/referral stats | queue | export | add |
remove | void | block | unblock`, and the queue's buttons (held joins, uncertain Discord joins,
prizes to send). Admin status is the platform's own, checked live by the core."""
from __future__ import annotations

import csv
import io
from typing import Literal

from tortoise.functions import Count

from bot import Context, Document, Member, Permission, Rest, UserError, join_lines, now

from plugins.referrals.admin_queue import hold_item, names_of, prize_item, uncertain_item
from plugins.referrals.confirmation import confirm_due
from plugins.referrals.models import (Referral, ReferralAdjustment, ReferralAudit, ReferralBlock, ReferralGrant,
                                      ReferralLink)
from plugins.referrals.plugin import plugin
from plugins.referrals.progress import in_campaign
from plugins.referrals.rewards import grant_due

Action = Literal["stats", "queue", "export", "add", "remove", "void", "block", "unblock"]
QUEUE_LIMIT = 20


@plugin.command("referral", permission=Permission.ADMIN)
async def referral(ctx: Context, action: Action, who: Member | None = None, reason: Rest = "") -> None:
    if ctx.community is None:
        raise UserError("referrals-no-community")
    if action in ("stats", "queue"):
        await audit(ctx, action, None, None)
    if action in ("stats", "queue", "export"):
        await {"stats": stats, "queue": queue, "export": export}[action](ctx)
        return
    if who is None:
        raise UserError("referrals-admin-who")
    if action in ("add", "remove"):
        await adjust(ctx, who, action, reason)
    elif action == "void":
        await void(ctx, who, reason)
    else:
        await block(ctx, who, action, reason)


async def audit(ctx: Context, action: str, target: str | None, reason: str | None) -> None:
    await ReferralAudit.create(community_id=ctx.community.id, by_id=ctx.member.id, action=action, target=target,
                               reason=(reason or None) and reason[:200], at=now())


async def stats(ctx: Context) -> None:
    rows = await Referral.filter(community_id=ctx.community.id, **in_campaign(ctx.settings)) \
        .group_by("status").annotate(n=Count("id")).values("status", "n")
    by = {row["status"]: row["n"] for row in rows}
    joins = sum(by.values())
    attributed = joins - by.get("unknown", 0)
    rate = round(100 * by.get("confirmed", 0) / attributed) if attributed else 0
    top = await Referral.filter(community_id=ctx.community.id, status="confirmed", **in_campaign(ctx.settings)) \
        .group_by("inviter_id").annotate(n=Count("id")).order_by("-n", "inviter_id").limit(5) \
        .values("inviter_id", "n")
    names = dict(await Member.filter(id__in=[r["inviter_id"] for r in top]).values_list("id", "display_name"))
    lines = [ctx.t("referrals-stats", joins=joins, confirmed=by.get("confirmed", 0), pending=by.get("pending", 0),
                   void=by.get("void", 0), held=by.get("hold", 0), uncertain=by.get("uncertain", 0),
                   unknown=by.get("unknown", 0), rate=rate)]
    lines += [ctx.t("referrals-board-line", rank=i, name=names.get(r["inviter_id"], "?"), count=r["n"], badge="")
              for i, r in enumerate(top, 1)]
    platforms = sorted({key.split(":", 1)[0] for key in await ctx.home_chat_keys()})
    lines += [ctx.t("referrals-policy", platform=p, rewards="yes" if ctx.settings.rewards(p) else "no")
              for p in platforms]
    await ctx.reply(ctx.message(join_lines(lines)), private=True)


async def queue(ctx: Context) -> None:
    """What waits for an admin, each with its buttons."""
    community = ctx.community.id
    held = await Referral.filter(community_id=community, status="hold").group_by("link_id") \
        .annotate(n=Count("id")).values("link_id", "n")
    uncertain = await Referral.filter(community_id=community, status="uncertain").order_by("id").limit(QUEUE_LIMIT)
    prizes = await ReferralGrant.filter(community_id=community, prize__isnull=False, prize_sent=False) \
        .order_by("id").limit(QUEUE_LIMIT)
    if not (held or uncertain or prizes):
        await ctx.reply("referrals-queue-empty", private=True)
        return
    links = {link.id: link for link in await ReferralLink.filter(id__in=[h["link_id"] for h in held])}
    ids = [link.member_id for link in links.values()] + [r.invitee_id for r in uncertain] + \
        [c for r in uncertain for c in r.candidates] + [g.member_id for g in prizes]
    names = await names_of(ids)
    for group in held[:QUEUE_LIMIT]:
        link = links.get(group["link_id"])
        owner = names.get(link.member_id, "?") if link else "?"
        await ctx.reply(hold_item(ctx, group["link_id"], owner, group["n"]), private=True)
    for row in uncertain:
        await ctx.reply(uncertain_item(ctx, row, names), private=True)
    for grant in prizes:
        await ctx.reply(prize_item(ctx, grant, names.get(grant.member_id, "?")), private=True)


@plugin.button("hold", permission=Permission.ADMIN)
async def hold_button(ctx: Context, link: str, verdict: str) -> None:
    rows = Referral.filter(community_id=ctx.community.id, link_id=int(link), status="hold")
    if verdict == "approve":
        count = await rows.update(status="pending", reason=None, detail={})
        await confirm_due(ctx)  # those that already stayed and were active
    else:
        count = await rows.update(status="void", reason="admin", detail={})
    await audit(ctx, f"hold-{verdict}", f"link:{link}", None)
    await ctx.answer("referrals-held-done", count=count, verdict=verdict)


@plugin.button("uncertain", permission=Permission.ADMIN)
async def uncertain_button(ctx: Context, row: str, to: str) -> None:
    referral = await Referral.get_or_none(id=int(row), community_id=ctx.community.id, status="uncertain")
    if referral is None:
        await ctx.answer("referrals-already-done")
        return
    if to == "void" or int(to) not in referral.candidates:
        await Referral.filter(id=referral.id, status="uncertain").update(status="void", reason="admin", detail={})
    else:
        inviter = int(to)
        status, reason = ("void", "self") if inviter == referral.invitee_id else ("pending", None)
        link = await ReferralLink.filter(member_id=inviter, platform=referral.platform).order_by("-id").first()
        await Referral.filter(id=referral.id, status="uncertain").update(
            status=status, reason=reason, inviter_id=inviter, link_id=link.id if link else None, detail={})
        await confirm_due(ctx, invitee_id=referral.invitee_id)
    await audit(ctx, "uncertain", f"referral:{row}", to)
    await ctx.answer("referrals-resolved")


@plugin.button("prize", permission=Permission.ADMIN)
async def prize_button(ctx: Context, grant: str) -> None:
    done = await ReferralGrant.filter(id=int(grant), community_id=ctx.community.id, prize_sent=False) \
        .update(prize_sent=True)
    if done:
        await audit(ctx, "prize-sent", f"grant:{grant}", None)
    await ctx.answer("referrals-prize-noted" if done else "referrals-already-done")


async def adjust(ctx: Context, who: Member, action: str, text: str) -> None:
    amount_text, _, reason = text.strip().partition(" ")
    if not amount_text.isdigit() or not 1 <= int(amount_text) <= 1000 or not reason.strip():
        raise UserError("referrals-admin-adjust-usage")
    amount = int(amount_text) * (1 if action == "add" else -1)
    await ReferralAdjustment.create(community_id=ctx.community.id, member_id=who.id, amount=amount,
                                    reason=reason.strip()[:200], by_id=ctx.member.id, at=now())
    await audit(ctx, action, f"member:{who.id}", f"{amount:+d} {reason.strip()}")
    await grant_due(ctx, who)
    await ctx.reply("referrals-adjusted", name=who.display_name, amount=amount, private=True)


async def void(ctx: Context, who: Member, reason: str) -> None:
    """Void a member's join as an invitee (e.g. an alt account found out)."""
    count = await Referral.filter(community_id=ctx.community.id, invitee_id=who.id,
                                  status__in=("pending", "confirmed", "hold", "uncertain")) \
        .update(status="void", reason="admin", detail={"why": reason.strip()[:100]}, counts=False)
    await audit(ctx, "void", f"member:{who.id}", reason)
    await ctx.reply("referrals-voided", name=who.display_name, count=count, private=True)


async def block(ctx: Context, who: Member, action: str, reason: str) -> None:
    if action == "block":
        await ReferralBlock.get_or_create(community_id=ctx.community.id, member_id=who.id,
                                          defaults={"reason": reason.strip()[:200], "at": now()})
    else:
        await ReferralBlock.filter(community_id=ctx.community.id, member_id=who.id).delete()
    await audit(ctx, action, f"member:{who.id}", reason)
    await ctx.reply(f"referrals-{action}ed", name=who.display_name, private=True)


async def export(ctx: Context) -> None:
    rows = await Referral.filter(community_id=ctx.community.id).order_by("id")
    names = dict(await Member.filter(community_id=ctx.community.id).values_list("id", "display_name"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "campaign", "platform", "inviter", "invitee", "status", "reason", "joined_at",
                     "confirmed_at", "left_at", "counts"])
    for row in rows:
        writer.writerow([row.id, row.campaign, row.platform, names.get(row.inviter_id, ""),
                         names.get(row.invitee_id, ""), row.status, row.reason or "", row.joined_at.isoformat(),
                         row.confirmed_at.isoformat() if row.confirmed_at else "",
                         row.left_at.isoformat() if row.left_at else "", row.counts])
    await audit(ctx, "export", None, None)
    await ctx.reply(ctx.message("referrals-exported", count=len(rows), private=True,
                                document=Document(out.getvalue().encode(), "referrals.csv", "text/csv")))
