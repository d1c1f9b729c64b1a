"""A plugin that restricts members through `ctx.restrictions`, for the core's end-to-end tests:

    /hush @bob links,media 60     (admins: keep bob from posting links and media for 60 minutes)
    /unhush @bob links            (lift one; no kinds: every one)

It answers nothing (Discord's "Done." comes from the core); what the bot lacked is kept in `told`.
"""
from datetime import timedelta

from bot import Context, Member, MissingRights, Permission, Plugin

plugin = Plugin("hush", version="0.0.1", description="test plugin")
told: list[MissingRights] = []


@plugin.command("hush", permission=Permission.ADMIN)
async def hush(ctx: Context, who: Member, kinds: str, minutes: int = 0) -> None:
    until = ctx.now() + timedelta(minutes=minutes) if minutes else None
    told.extend(await ctx.restrictions.restrict(who, kinds.split(","), until=until))


@plugin.command("unhush", permission=Permission.ADMIN)
async def unhush(ctx: Context, who: Member, kinds: str = "") -> None:
    told.extend(await ctx.restrictions.lift(who, kinds.split(",") if kinds else None))
