"""A tiny plugin for the Discord adapter's end-to-end tests (not shipped)."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Literal

from bot.arguments import Rest
from bot.capabilities import DirectMessageClosed
from bot.context import Context
from bot.events import MemberJoined, MemberLeft, ReactionChanged
from bot.forms import Form, FormField
from bot.messages import Bold, Message, SentMessage, rich
from bot.models import Member
from bot.plugin import Permission, Plugin

plugin = Plugin("dtest", description="Discord adapter test plugin", locales=Path(__file__).parent / "locales")

JOINS: list[MemberJoined] = []
REACTIONS: list[ReactionChanged] = []
LEFT: list[MemberLeft] = []
ATTACHMENTS: list[bytes] = []
ANSWERS: list[SentMessage] = []  # what /secret and /slow got back, to edit as their handler would


def reset() -> None:
    JOINS.clear()
    LEFT.clear()
    ATTACHMENTS.clear()
    REACTIONS.clear()
    ANSWERS.clear()


@plugin.command("roll")
async def roll(ctx: Context, count: int, sides: Literal["d6", "d20"] = "d6", who: Member | None = None,
               note: Rest = "") -> None:
    parts = [f"{ctx.user_name} rolled ", Bold(str(count)), f" {sides}"]
    if who is not None:
        parts += [" for ", await ctx.mention(who)]
    if note:
        parts += [" — ", note]
    await ctx.reply(rich(*parts))


@plugin.command("hello", keywords=("hi", "你好"))
async def hello(ctx: Context, rest: Rest = "") -> None:
    for attachment in getattr(ctx.event, "attachments", ()):
        ATTACHMENTS.append(await attachment.read())
    await ctx.reply(rich("Hello ", await ctx.mention(ctx.member), f" aka {ctx.user_name}! {rest}".rstrip()))


@plugin.command("menu")
async def menu(ctx: Context) -> None:
    await ctx.reply("dtest-picked", n=0, buttons=[[ctx.button("dtest-pick", "pick", n=7)]])


@plugin.button("pick")
async def pick(ctx: Context, n: int) -> None:
    await ctx.answer("dtest-picked", n=n)


@plugin.command("secret", permission=Permission.ADMIN)
async def secret(ctx: Context) -> None:
    ANSWERS.append(await ctx.reply("dtest-secret", private=True))


@plugin.command("promote", permission=Permission.ADMIN)
async def promote(ctx: Context, who: Member) -> None:
    mention = await ctx.mention(who)
    await ctx.adapter.assign_role(ctx.event.chat.space_id, mention.id_on(ctx.event.platform), "Champion")
    await ctx.reply(rich(mention, " is a champion now"))


@plugin.command("dm")
async def dm(ctx: Context) -> None:
    try:
        await ctx.adapter.send_direct(ctx.event.user.user_id, ctx.message("dtest-dm"))
    except DirectMessageClosed:
        await ctx.reply("dtest-dm-closed", private=True)
        return
    await ctx.reply("dtest-dm-sent", private=True)


@plugin.command("slow")
async def slow(ctx: Context, private: Literal["yes", "no"] = "yes") -> None:
    await asyncio.sleep(ctx.runtime.adapters["discord"].config.defer_after + 0.3)
    ANSWERS.append(await ctx.reply(Message(rich("slow answer"), private=private == "yes")))


@plugin.command("broken")
async def broken(ctx: Context) -> None:
    await ctx.reply(rich("never offered"))


@plugin.on(MemberJoined)
async def joined(ctx: Context) -> None:
    JOINS.append(ctx.event)
    await ctx.send(rich("Welcome ", await ctx.mention(ctx.member)))


@plugin.on(MemberLeft)
async def left(ctx: Context) -> None:
    LEFT.append(ctx.event)


@plugin.on(ReactionChanged)
async def reacted(ctx: Context) -> None:
    REACTIONS.append(ctx.event)


@plugin.command("quiet")
async def quiet(ctx: Context) -> None:
    await ctx.send(rich("posted without answering"))


@plugin.command("twostep")
async def twostep(ctx: Context, crash: Literal["no", "yes"] = "no") -> None:
    """Two writes with an answer between them; `crash=yes` fails after the first."""
    await ctx.ledger.award(ctx.member, 1, "dtest", f"{ctx.event.event_id}:first")
    await ctx.ledger.award(ctx.member, 1, "dtest", f"{ctx.event.event_id}:first")  # refused: a conflict, not a failure
    await ctx.reply(rich("first step done"))
    if crash == "yes":
        raise RuntimeError("crashed between two writes")
    await ctx.ledger.award(ctx.member, 1, "dtest", f"{ctx.event.event_id}:second")
    await ctx.reply(rich("both steps done"), private=True)


@plugin.command("twobuttons")
async def twobuttons(ctx: Context) -> None:
    await ctx.reply(rich("press one"), buttons=[[ctx.button("dtest-pick", "twostep", crash=1),
                                                 ctx.button("dtest-pick", "twostep", crash=0)]])


@plugin.button("twostep")
async def twostep_pressed(ctx: Context, crash: int) -> None:
    await ctx.ledger.award(ctx.member, 1, "dtest", f"{ctx.event.event_id}:first")
    await ctx.answer("dtest-picked", n=crash)
    if crash:
        raise RuntimeError("crashed between two writes")
    await ctx.ledger.award(ctx.member, 1, "dtest", f"{ctx.event.event_id}:second")


@plugin.command("pausing")
async def pausing(ctx: Context) -> None:
    """A first write, a sign in the channel, then a long wait before the second (a process test kills it there)."""
    await ctx.ledger.award(ctx.member, 1, "dtest", f"{ctx.event.event_id}:first")
    await ctx.send(rich("between two writes"))
    await asyncio.sleep(60)
    await ctx.ledger.award(ctx.member, 1, "dtest", f"{ctx.event.event_id}:second")
    await ctx.reply(rich("both steps done"))


APPLICATION = Form("Application", [FormField("name", "Your name", max_length=20),
                                   FormField("level", "Your level", options=["new", "seasoned"])])


@plugin.command("apply")
async def apply(ctx: Context) -> None:
    await ctx.reply("dtest-apply", buttons=[[ctx.button("dtest-apply", "application", only_for=ctx.member,
                                                        form=APPLICATION, round=3)]])


@plugin.form("application")
async def application(ctx: Context, round: int) -> None:
    """Two writes with a private answer between them; the name "crash" fails after the first."""
    values = ctx.event.values
    await ctx.ledger.award(ctx.member, 1, "dtest", f"{ctx.event.event_id}:first")
    await ctx.reply("dtest-applied", name=values["name"], round=round,
                    level=APPLICATION.field("level").options[int(values["level"])], private=True)
    if values["name"] == "crash":
        raise RuntimeError("crashed between two writes")
    await ctx.ledger.award(ctx.member, 1, "dtest", f"{ctx.event.event_id}:second")
