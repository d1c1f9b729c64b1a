"""Where XP comes from: every plugin's `Activity` signals, and chat messages when enabled."""
from __future__ import annotations

from bot import Activity, Context, MessageReceived, SignalContext

from plugins.tiers import message_xp
from plugins.tiers.plugin import plugin
from plugins.tiers.standing import review
from plugins.tiers.xp import earn
from plugins.tiers.thresholds import settings_of


@plugin.on(Activity)
async def activity_earned(ctx: SignalContext, activity: Activity) -> None:
    source = settings_of(ctx).source(activity.kind)
    counted = await earn(ctx, activity.member, activity.kind, source.xp * max(activity.weight, 0),
                         activity.reference, source.daily_cap)
    if counted:
        await review(ctx, activity.member)


@plugin.on(MessageReceived)
async def message_earned(ctx: Context) -> None:
    """A group message long enough, at most one per member per cooldown (checked in the shared store,
    so a message in cooldown costs no database write); counted messages are written in batches."""
    rules, event = settings_of(ctx).messages, ctx.event
    if not rules.enabled or ctx.member is None or not ctx.in_group or event.user is None or event.user.is_bot:
        return
    text = event.text.strip()
    if len(text) < rules.min_length or text.startswith("/"):
        return
    if rules.cooldown_seconds and not await ctx.claim(f"message:{ctx.member.id}", rules.cooldown_seconds):
        return
    reference = f"{event.platform}:{event.chat.chat_id}:{event.message_id}"
    if await message_xp.count(ctx, ctx.member, reference):
        await review(ctx, ctx.member)
