"""`/gate_log [@member]`: the gate's decisions for the admins to look up, privately: applications
with their answers and who decided, and the spam actions with the deleted text."""
from __future__ import annotations

from bot import Context, Member, Permission, join_lines

from plugins.gate.actions import rule_name
from plugins.gate.models import Action, Application
from plugins.gate.plugin import plugin

SHOWN = 10


@plugin.command("gate_log", permission=Permission.ADMIN)
async def gate_log(ctx: Context, who: Member | None = None) -> None:
    applications = Application.filter(community_id=ctx.community.id).exclude(state="asking")
    actions = Action.filter(community_id=ctx.community.id)
    if who is not None:
        applications, actions = applications.filter(member_id=who.id), actions.filter(member_id=who.id)
    lines = []
    for application in await applications.order_by("-id").limit(SHOWN):
        answers = "; ".join(f"{a['answer']}" for a in application.answers) or "-"
        lines.append(ctx.t("gate-log-application", number=application.id, state=ctx.text(f"gate-state-{application.state}"),
                           user=application.user_id, by=application.decided_by or "-",
                           reason=application.reason or "-", answers=answers[:300]))
    for action in await actions.order_by("-id").limit(SHOWN):
        lines.append(ctx.t("gate-log-line", number=action.id, step=ctx.text(f"gate-step-{action.step}"),
                           user=action.user_id, rule=rule_name(ctx, None, action.rule), text=action.text[:200],
                           undone="yes" if action.undone_at else "no"))  # a catalog selector
    await ctx.reply(join_lines(lines) if lines else ctx.t("gate-log-empty"))
