"""`/appeal <why>`: a member asks the admins, privately, to look again at the gate's last action on
them; the admins get it in the log chat (else privately) with that action's Undo button."""
from __future__ import annotations

from bot import Context, Message, PluginContext, Rest, Scope, UserError, now

from plugins.gate.actions import rule_name
from plugins.gate.admins import to_admins
from plugins.gate.models import Action, Appeal
from plugins.gate.plugin import plugin


@plugin.command("appeal", scope=Scope.PRIVATE, cooldown=60)
async def appeal(ctx: Context, why: Rest = "") -> None:
    if not why.strip():
        raise UserError("gate-appeal-empty")
    action = await Action.filter(community_id=ctx.community.id, member_id=ctx.member.id).order_by("-id").first()
    if action is None:
        raise UserError("gate-appeal-nothing")
    appeal = await Appeal.create(community_id=ctx.community.id, member_id=ctx.member.id, action=action,
                                 text=why[:2000], at=now())

    def make(admins: PluginContext) -> Message:
        buttons = [] if action.undone_at else [(admins.button("gate-button-undo", "undo", number=action.id),)]
        return admins.message("gate-log-appeal", name=ctx.member.display_name or ctx.user_name, number=action.id,
                              rule=rule_name(admins, None, action.rule), text=why[:2000], buttons=buttons)

    await to_admins(ctx, make, key=f"appeal:{appeal.id}")
    await ctx.reply("gate-appeal-sent")
