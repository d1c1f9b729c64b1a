"""Spam and flood control (灌水与广告处理): each group message is checked against the community's
rules; a message that breaks one is deleted and its author warned, muted or removed (`actions.py`).

Probation (no links, media or forwards) is the core's member restriction (`probation.py`).
Never judged: the bot's own messages, anonymous admins and linked-channel posts (the adapters
give them no member), admins (asked of the platform, only once a rule fires) and the allow-list.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from bot import Context, Member, MessageReceived, now

from plugins.gate.actions import Offence, act
from plugins.gate.plugin import plugin
from plugins.gate.rules import Looks, fingerprint, look_at, matches_pattern
from plugins.gate.settings import GateSettings


@dataclass(frozen=True)
class Copy:
    chat: str
    message_id: str
    member: Member
    user_id: str
    text: str
    at: float


# The copies of each repeated text seen lately on this instance, so that a raid's first copies
# are removed with the rest once the count is reached. The count itself is in the shared store.
_recent: dict[tuple[int, str], deque[Copy]] = {}
_RECENT_KEYS = 5000


@plugin.on(MessageReceived)
async def on_message(ctx: Context) -> None:
    event = ctx.event
    if not ctx.in_group or ctx.member is None or event.user is None or event.user.is_bot or not ctx.chat_key:
        return
    settings: GateSettings = ctx.settings
    looks = look_at(event.text, forwarded_from=event.forwarded_from,
                    mentioned=len(event.mentions))
    rule = await _broken_rule(ctx, settings, looks)
    earlier: list[Copy] = []
    if rule is None:
        rule, earlier = await _repeat(ctx, settings, looks)
    if rule is None or await _exempt(ctx, settings):
        return
    offence = Offence(rule=rule, chat=ctx.chat_key, message_id=event.message_id, member=ctx.member,
                      user_id=event.user.user_id, text=event.text)
    await act(ctx, offence)
    for copy in earlier:
        await act(ctx, Offence(rule=rule, chat=copy.chat, message_id=copy.message_id, member=copy.member,
                               user_id=copy.user_id, text=copy.text))


async def _broken_rule(ctx: Context, settings: GateSettings, looks: Looks) -> str | None:
    rules = settings.rules
    if rules.invites.enabled and looks.has_invite:
        return "invites"
    if rules.patterns.enabled and matches_pattern(looks.text, rules.patterns):
        return "patterns"
    if rules.channel_forwards.enabled and looks.forwarded_from == "channel":
        return "channel_forwards"
    if rules.mentions.enabled and looks.mentions > rules.mentions.max:
        return "mentions"
    if rules.links.enabled and looks.has_link and rules.links.allowed_roles:
        for role in rules.links.allowed_roles:
            if await ctx.roles.holds(ctx.member, role):
                return None
        return "links"
    return None


async def _repeat(ctx: Context, settings: GateSettings, looks: Looks) -> tuple[str | None, list[Copy]]:
    """The same text `times` times within `seconds` (from everyone with `across_members`): this copy
    and, when the count is just reached, the earlier copies this instance saw."""
    rule = settings.rules.repeats
    text = looks.text.strip()
    if not rule.enabled or len(text) < rule.min_length or text.startswith("/"):
        return None, []
    whose = "all" if rule.across_members else str(ctx.member.id)
    key = (ctx.community.id, f"{whose}:{fingerprint(looks.text)}")
    count = await ctx.count(f"repeat:{key[0]}:{key[1]}", rule.seconds)
    copies = _remember(key, Copy(ctx.chat_key, ctx.event.message_id, ctx.member, ctx.event.user.user_id,
                                 looks.text, now().timestamp()), rule.seconds)
    if count < rule.times:
        return None, []
    earlier = list(copies)[:-1] if count == rule.times else []
    return "repeats", earlier


def _remember(key: tuple[int, str], copy: Copy, seconds: int) -> deque[Copy]:
    copies = _recent.get(key)
    if copies is None:
        if len(_recent) >= _RECENT_KEYS:
            _recent.pop(next(iter(_recent)))
        copies = _recent[key] = deque(maxlen=1000)
    while copies and copies[0].at < copy.at - seconds:
        copies.popleft()
    copies.append(copy)
    return copies


async def _exempt(ctx: Context, settings: GateSettings) -> bool:
    user = ctx.event.user
    allowed = settings.allow
    if allowed and (user.key in allowed or (user.username and user.username.lower() in
                                             {a.lower().lstrip("@") for a in allowed})):
        return True
    return await ctx.is_admin()
