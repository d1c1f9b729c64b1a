"""What waits for an admin: held joins, uncertain Discord joins, prizes to send. Each item is one
message with its buttons, shown by `/referral queue` and pushed to the admins when it appears."""
from __future__ import annotations

from bot import Button, Member, Message, PluginContext

from plugins.referrals.models import Referral, ReferralGrant, ReferralLink


async def names_of(ids: list[int]) -> dict[int, str]:
    return dict(await Member.filter(id__in=ids).values_list("id", "display_name"))


def hold_item(ctx: PluginContext, link_id: int, owner: str, joins: int) -> Message:
    return ctx.message("referrals-queue-hold", name=owner, joins=joins, buttons=[[
        ctx.button("referrals-button-approve", "hold", link=str(link_id), verdict="approve"),
        ctx.button("referrals-button-void", "hold", link=str(link_id), verdict="void")]])


def uncertain_item(ctx: PluginContext, row: Referral, names: dict[int, str]) -> Message:
    choices = [Button(ctx.text("referrals-button-credit", name=names.get(c, "?")), action="referrals.uncertain",
                      args={"row": str(row.id), "to": str(c)}) for c in row.candidates]
    return ctx.message("referrals-queue-uncertain", name=names.get(row.invitee_id, "?"), count=len(row.candidates),
                       buttons=[choices, [ctx.button("referrals-button-void", "uncertain", row=str(row.id),
                                                     to="void")]])


def prize_item(ctx: PluginContext, grant: ReferralGrant, name: str) -> Message:
    return ctx.message("referrals-queue-prize", name=name, prize=grant.prize, step=grant.step,
                       buttons=[[ctx.button("referrals-button-sent", "prize", grant=str(grant.id))]])


# --- pushed when they appear (each once per admin, however often told) ----------------------

async def push_hold(ctx: PluginContext, link_id: int) -> None:
    held = Referral.filter(link_id=link_id, status="hold")
    first = await held.order_by("id").first()
    link = await ReferralLink.get_or_none(id=link_id)
    if first is None or link is None:
        return
    owner = (await names_of([link.member_id])).get(link.member_id, "?")
    joins = await held.count()
    await ctx.tell_admins(lambda reader: hold_item(reader, link_id, owner, joins), key=f"hold:{first.id}")


async def push_uncertain(ctx: PluginContext, row: Referral) -> None:
    names = await names_of([row.invitee_id, *row.candidates])
    await ctx.tell_admins(lambda reader: uncertain_item(reader, row, names), key=f"uncertain:{row.id}")


async def push_prize(ctx: PluginContext, grant: ReferralGrant) -> None:
    name = (await names_of([grant.member_id])).get(grant.member_id, "?")
    await ctx.tell_admins(lambda reader: prize_item(reader, grant, name), key=f"prize:{grant.id}")
