"""Shared steps for the referral plugin's sandbox tests."""
from __future__ import annotations

import io
import re

import zxingcpp
from PIL import Image

from bot import Activity, Context, Member, Plugin, Rest

from plugins.referrals import plugin as referrals
from plugins.referrals.models import Referral



# A stand-in for the check-in plugin (plugins never import each other, tests included): /checkin
# publishes the Activity the real one does, with a reference that makes a repeat the same fact.
# The real check-in plugin confirms a referral in tests/telegram/test_referrals.py.
activities = Plugin("checkin_fake")


@activities.command("checkin")
async def checkin(ctx: Context, reference: Rest = "") -> None:
    await ctx.publish(Activity(member=ctx.member, kind="checkin",
                               reference=f"checkin:{reference or ctx.event.event_id}"))


def config(**settings) -> dict:
    settings.setdefault("min_stay_hours", 24)
    return {"plugins": {"referrals": settings}}


async def start(make_sandbox, platforms=("sandbox",), **settings):
    return await make_sandbox(config(**settings), plugins=[referrals, activities], platforms=platforms)


async def link_of(user, chat: str = "demo") -> str:
    """The user asks /invite in the group; the answer (private) carries their link."""
    answer = await user.says("/invite", chat=chat)
    return re.search(rf"^{user.platform}: (\S+)", answer.text, re.MULTILINE).group(1)


async def member(name: str) -> Member:
    return await Member.get(display_name=name.capitalize())


async def statuses(inviter: str) -> list[tuple[str, str, str | None]]:
    """(invitee, status, reason) of each join through the inviter's links, oldest first."""
    who = await member(inviter)
    rows = await Referral.filter(inviter_id=who.id).order_by("id")
    names = dict(await Member.all().values_list("id", "display_name"))
    return [(names[r.invitee_id].lower(), r.status, r.reason) for r in rows]


def qr_text(image: bytes) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(image)))]
