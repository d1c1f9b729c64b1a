"""What the gate does to a message that broke a rule, stepping up with the member's warnings:
delete and warn; after `mute_after` warnings a mute for `mute_minutes`; after `remove_after`, a
ban or a kick (a mute is the core's member restriction "messages", lifted on time by the core).
Each action is one row (unique per message: a redelivered update never warns
twice), logged to the admins' chat with an Undo button that restores the member's rights and
clears the warning. A deleted message cannot come back, so the row and the log keep its text.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError

from bot import (Context, Member, Message, MissingRights, NotSupported, Permission, PluginContext, SentMessage,
                 UserError, now, plain_text)

from plugins.gate.admins import tell_missing_right, to_admins
from plugins.gate.models import Action, Notice
from plugins.gate.plugin import plugin


IN_FLIGHT = timedelta(minutes=1)  # how long a removed member's posts may still arrive


@dataclass(frozen=True)
class Offence:
    rule: str
    chat: str
    message_id: str
    member: Member
    user_id: str
    text: str


async def act(ctx: Context, offence: Offence) -> Action | None:
    """Delete, warn and step up; None when this message was already dealt with."""
    actions = ctx.settings.actions
    warnings = await active_warnings(offence.member, actions.window_days) + 1
    step = "warn" if warnings < actions.mute_after else "mute" if warnings < actions.remove_after else actions.remove
    at = now()
    try:  # one INSERT, not a transaction's four round trips: a raid runs this hundreds of times
        action = await Action.create(
            reference=f"{offence.chat}:{offence.message_id}"[:192], community_id=ctx.community.id,
            member_id=offence.member.id, chat=offence.chat, user_id=offence.user_id, rule=offence.rule,
            text=offence.text, step=step, at=at,
            until=at + timedelta(minutes=actions.mute_minutes) if step == "mute" else None)
    except IntegrityError:  # this message was dealt with already (a redelivered update)
        return None
    await _platform(ctx, ctx.moderation.delete(offence.chat, offence.message_id))
    if await _already_done(action):
        return action  # a raid's messages still in flight after the mute or the ban: deleted, nothing more
    if step == "mute":
        await _tell_problems(ctx, await ctx.restrictions.restrict(offence.member, {"messages"}, until=action.until))
    elif step in ("ban", "kick"):
        await _platform(ctx, getattr(ctx.moderation, step)(offence.chat, offence.user_id))
    await _tell_member(ctx, action, offence.member, warnings)
    await _log(ctx, action, offence.member, warnings)
    return action


async def _already_done(action: Action) -> bool:
    """Whether an earlier action, not undone, already muted the member (the mute still running) or
    removed them from this chat within the last minute (their posts still in flight): the step is
    kept for the record, the platform is not asked again."""
    earlier = Action.filter(member_id=action.member_id, chat=action.chat, undone_at__isnull=True, id__lt=action.id)
    if action.step in ("ban", "kick"):
        return await earlier.filter(step__in=("ban", "kick"), at__gte=action.at - IN_FLIGHT).exists()
    if action.step == "mute":
        return await earlier.filter(step="mute", until__gt=action.at).exists()
    return False


async def active_warnings(member: Member, window_days: int) -> int:
    since = now() - timedelta(days=window_days)
    return await Action.filter(member_id=member.id, undone_at__isnull=True, at__gte=since).count()


async def _platform(ctx: PluginContext, call) -> bool:
    """Run a platform action; a missing right is told to the admins once, a gone target ignored."""
    try:
        await call
        return True
    except MissingRights as problem:
        await tell_missing_right(ctx, problem)
    except (LookupError, NotSupported):
        pass
    return False


async def _tell_problems(ctx: PluginContext, problems: list[MissingRights]) -> None:
    for problem in problems:
        await tell_missing_right(ctx, problem)


def rule_name(ctx: PluginContext, member: Member | None, rule: str) -> str:
    text = ctx.t_for(member, f"gate-rule-{rule}") if member is not None else ctx.t(f"gate-rule-{rule}")
    return plain_text(text)


async def _tell_member(ctx: Context, action: Action, member: Member, warnings: int) -> None:
    """In their language: privately, or a group notice that deletes itself."""
    args = dict(rule=rule_name(ctx, member, action.rule), warnings=warnings, minutes=ctx.settings.actions.mute_minutes,
                name=member.display_name or action.user_id)
    notice = ctx.settings.actions.notice
    private = ctx.message(ctx.t_for(member, f"gate-you-{action.step}", **args), background=True)
    if notice == "private" and await ctx.send_direct(member, private) is not None:
        return
    sent = await ctx.post_in([action.chat], ctx.message(ctx.t_for(member, f"gate-notice-{action.step}", **args),
                                                        background=True))
    for message in sent:
        await Notice.create(community_id=ctx.community.id, chat=action.chat, message_id=message.message_id,
                            delete_at=now() + timedelta(seconds=ctx.settings.actions.notice_seconds))


async def _log(ctx: PluginContext, action: Action, member: Member, warnings: int) -> None:
    """In the log chat (or the community's admins' chat): a raid would make too many private messages."""
    def make(admins: PluginContext) -> Message:
        return admins.message("gate-log-action", number=action.id, step=admins.text(f"gate-step-{action.step}"),
                              name=member.display_name or action.user_id, user=action.user_id,
                              rule=rule_name(admins, None, action.rule), warnings=warnings, text=action.text[:1000],
                              buttons=[(admins.button("gate-button-undo", "undo", number=action.id),)],
                              background=True)

    sent = await to_admins(ctx, make, key=f"action:{action.id}", direct=False)
    if sent is not None:
        await Action.filter(id=action.id).update(log_chat=f"{sent.platform}:{sent.chat_id}",
                                                 log_message=sent.message_id)


@plugin.button("undo", permission=Permission.ADMIN)
async def undo_button(ctx: Context, number: int) -> None:
    undone = await undo(ctx, number)
    await ctx.answer("gate-undone-toast", number=number)
    try:
        await ctx.edit(SentMessage(ctx.event.platform, ctx.event.chat.chat_id, ctx.event.message_id),
                       ctx.message(ctx.in_community_language().t("gate-log-undone", number=undone.id, admin=ctx.user_name,
                                         text=undone.text[:1000])))
    except NotSupported:
        pass


@plugin.command("gate_undo", permission=Permission.ADMIN)
async def gate_undo(ctx: Context, number: int) -> None:
    await undo(ctx, number)
    await ctx.reply("gate-undone-toast", number=number)


async def undo(ctx: Context, number: int) -> Action:
    """Restore the member's rights and clear the warning; once, whoever presses first."""
    action = await Action.get_or_none(id=number, community_id=ctx.community.id)
    if action is None:
        raise UserError("gate-no-action", number=number)
    cleared = await Action.filter(id=number, undone_at__isnull=True).update(undone_at=now(),
                                                                          undone_by=ctx.event.user.key[:64])
    if not cleared:
        raise UserError("gate-already-undone", number=number)
    member = await Member.get(id=action.member_id)
    if action.step == "mute":
        await _tell_problems(ctx, await ctx.restrictions.lift(member, {"messages"}))
    elif action.step == "ban":
        await _platform(ctx, ctx.moderation.unban(action.chat, action.user_id))
    await ctx.send_direct(member, "gate-you-undone", rule=rule_name(ctx, member, action.rule))
    return action
