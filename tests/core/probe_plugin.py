"""A plugin that exercises every part of the bus, for the core's tests."""
from datetime import date, timedelta
from typing import Literal

from bot.arguments import Rest
from bot.context import Context
from bot.errors import UserError
from bot.events import BotAdded, MemberJoined, MemberLeft
from bot.i18n import Catalogs
from bot.messages import Bold, Button, Text
from bot.models import Member
from bot.plugin import Permission, Plugin, Scope

plugin = Plugin("probe", version="9.9.9", description="test plugin")
seen: list[str] = []

PROBE_FTL_EN = """
cmd-add = add two numbers
cmd-when = parse a date
cmd-pick = pick a colour
cmd-who = name a member
cmd-say = say something
cmd-fail = always fails
cmd-secret = admins only
cmd-owner = owners only
cmd-grouponly = group only
cmd-slow = has a cooldown
cmd-panel = shows buttons
cmd-mod = moderators only
probe-result = Result: { $value }
probe-welcome = Welcome { $who }! Invite: { $invite }
probe-pressed = Pressed { $what }
probe-refused = No, { $reason }
probe-panel = Panel
probe-mine = Only for you
probe-admin-button = Admins
probe-long = Long
"""
PROBE_FTL_ZH = PROBE_FTL_EN.replace("Result: ", "结果：")


def add_catalogs(catalogs: Catalogs) -> None:
    catalogs.add("en", PROBE_FTL_EN)
    catalogs.add("zh-Hans", PROBE_FTL_ZH)


@plugin.on_startup
async def load_messages(runtime) -> None:
    add_catalogs(runtime.catalogs)


@plugin.command("add")
async def add(ctx: Context, a: int, b: int = 1):
    await ctx.reply("probe-result", value=a + b)


@plugin.command("when")
async def when(ctx: Context, day: date):
    await ctx.reply("probe-result", value=(day - ctx.today()).days)


@plugin.command("pick")
async def pick(ctx: Context, colour: Literal["red", "green"] = "red"):
    await ctx.reply("probe-result", value=colour)


@plugin.command("who")
async def who(ctx: Context, member: Member):
    await ctx.reply("probe-result", value=await ctx.mention(member))


@plugin.command("me")
async def me(ctx: Context):
    await ctx.reply("probe-result", value=f"member {ctx.member.id} of {ctx.community.slug}")


@plugin.command("say", keywords=lambda cfg: ("hey", "你好"))
async def say(ctx: Context, words: Rest = ""):
    await ctx.reply("probe-result", value=Bold(words or "-"))


@plugin.command("fail")
async def fail(ctx: Context):
    raise RuntimeError("the handler broke")


@plugin.command("refuse")
async def refuse(ctx: Context):
    raise UserError("probe-refused", reason="because")


@plugin.command("secret", permission=Permission.ADMIN)
async def secret(ctx: Context):
    await ctx.reply("probe-result", value="secret")


@plugin.command("owner", permission=Permission.OWNER)
async def owner(ctx: Context):
    await ctx.reply("probe-result", value="owner")


@plugin.command("mod", permission=Permission.ROLE, role="moderator")
async def mod(ctx: Context):
    await ctx.reply("probe-result", value="mod")


@plugin.command("grouponly", scope=Scope.GROUP)
async def group_only(ctx: Context):
    await ctx.reply("probe-result", value="group")


@plugin.command("slow", cooldown=30)
async def slow(ctx: Context):
    await ctx.reply("probe-result", value="slow")


@plugin.command("panel")
async def panel(ctx: Context):
    rows = [
        [ctx.button("probe-mine", "press", only_for=ctx.member, what="mine")],
        [Button(ctx.text("probe-admin-button"), action="probe.admin")],
        [ctx.button("probe-long", "press", what="x" * 200)],
        [Button("Docs", url="https://example.org/docs")],
    ]
    await ctx.reply("probe-panel", buttons=rows)


@plugin.button("press")
async def press(ctx: Context, what: str):
    await ctx.answer("probe-pressed", what=what[:10])


@plugin.button("admin", permission=Permission.ADMIN)
async def admin_press(ctx: Context):
    await ctx.answer("probe-pressed", what="admin")


@plugin.on(MemberJoined)
async def welcome(ctx: Context):
    invite = ctx.event.invite.name if ctx.event.invite else "unknown"
    await ctx.send("probe-welcome", who=await ctx.mention(ctx.member), invite=invite)


@plugin.on(MemberLeft)
async def farewell(ctx: Context):
    seen.append(f"left:{ctx.member.display_name}")


@plugin.on(BotAdded)
async def added(ctx: Context):
    seen.append(f"added:{ctx.community.slug}")


__all__ = ["plugin", "Text", "timedelta"]
