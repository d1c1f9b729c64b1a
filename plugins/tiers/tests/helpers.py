"""Shared steps for the tier plugin's sandbox tests: a stand-in plugin that reports activities as
another plugin would (a camp's homework, a graduation), and short tier ladders."""
from __future__ import annotations

import asyncio

from bot import Activity, Context, Member, Plugin, Rest

from plugins.tiers.models import TierMember

activities = Plugin("camp_fake")


@activities.command("did")
async def did(ctx: Context, kind: str, reference: Rest = "") -> None:
    """/did homework.accepted hw-7 : publishes Activity(kind, reference) for the sender."""
    await ctx.publish(Activity(member=ctx.member, kind=kind, reference=reference or ctx.event.event_id))


LADDER = [
    {"key": "newcomer", "name": "Newcomer", "name_zh": "新人", "xp": 0},
    {"key": "member", "name": "Member", "name_zh": "成员", "xp": 100, "floor_xp": 50, "floor_days": 30},
    {"key": "core", "name": "Core", "name_zh": "核心", "xp": 300, "floor_xp": 100, "floor_days": 30},
    {"key": "elder", "name": "Elder", "name_zh": "元老", "xp": 1000, "approval": True},
]


def tiers_config(**settings) -> dict:
    settings.setdefault("tiers", LADDER)
    settings.setdefault("sources", {"homework.accepted": {"xp": 50, "daily_cap": 100}})
    return {"plugins": {"tiers": settings}}


async def member(name: str, community: str = "demo") -> Member:
    return await Member.get(display_name=name.capitalize(), community__slug=community)


async def standing(name: str) -> TierMember:
    return await TierMember.get(member_id=(await member(name)).id)


async def first_tiers_shown(timeout: float = 10) -> None:
    """Wait until the lowest tiers placed so far are shown: that happens in the background
    (plugins/tiers/first_tier.py), after the activity's answer."""
    async def none_left() -> None:
        while await TierMember.filter(to_show=True).exists():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(none_left(), timeout)
