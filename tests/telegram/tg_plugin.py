"""A tiny plugin for the Telegram adapter's end-to-end tests (no platform imports)."""
from __future__ import annotations

import asyncio
import struct
import zlib

from bot.arguments import Rest
from bot.context import Context
from bot.events import BotAdded, BotRemoved, MemberJoined, MemberLeft, MessageReceived, ReactionChanged
from bot.messages import Bold, Button, Image, Mention, Message, rich
from bot.plugin import Permission, Plugin, Scope

plugin = Plugin("tgtest", version="1.0.0", description="Telegram adapter test plugin")
seen: list[tuple] = []
gate: dict[str, asyncio.Event] = {}

FTL_EN = """
cmd-hello = greet someone
cmd-add = add two numbers
cmd-menu = show buttons
cmd-secret = admins only
cmd-whisper = private only
cmd-shout = group only
cmd-pic = send a picture
cmd-flood = send many messages
cmd-slow = takes its time
cmd-boss = owners only
tgtest-hello = Hello { $name }! { $extra }
tgtest-sum = Sum: { $value }
tgtest-menu = Pick one
tgtest-press = Press me
tgtest-pressed = Pressed { $what }
tgtest-secret = The secret is 42
tgtest-whisper = psst
tgtest-shout = HEY
tgtest-pic = A picture of { $what }
tgtest-slow = done slowly
"""
FTL_ZH = """
cmd-hello = 向某人问好
cmd-add = 两数相加
cmd-menu = 显示按钮
cmd-secret = 仅限管理员
cmd-whisper = 仅限私聊
cmd-shout = 仅限群组
cmd-pic = 发送图片
cmd-flood = 发送很多消息
cmd-slow = 慢慢来
cmd-boss = 仅限所有者
tgtest-sum = 和：{ $value }
"""

def make_png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG = make_png()


@plugin.on_startup
async def load_messages(runtime) -> None:
    runtime.catalogs.add("en", FTL_EN)
    runtime.catalogs.add("zh-Hans", FTL_ZH)


@plugin.command("hello", aliases=("hi",))
async def hello(ctx: Context, extra: Rest = ""):
    me = Mention(ctx.user_name, (("telegram", ctx.event.user.user_id),))
    await ctx.reply("tgtest-hello", name=me, extra=Bold(extra) if extra else "")


@plugin.command("add")
async def add(ctx: Context, a: int, b: int):
    await ctx.reply("tgtest-sum", value=a + b)


@plugin.command("menu")
async def menu(ctx: Context):
    await ctx.reply("tgtest-menu", buttons=[[ctx.button("tgtest-press", "press", what="x"),
                                             Button("Docs", url="https://example.com/?a=1&b=2")]])


@plugin.button("press")
async def press(ctx: Context, what: str):
    seen.append(("pressed", what))
    await ctx.answer("tgtest-pressed", what=what)


@plugin.command("secret", permission=Permission.ADMIN)
async def secret(ctx: Context):
    await ctx.reply("tgtest-secret")


@plugin.command("boss", permission=Permission.OWNER)
async def boss(ctx: Context):
    await ctx.reply("tgtest-secret")


@plugin.command("whisper", scope=Scope.PRIVATE)
async def whisper(ctx: Context):
    await ctx.reply("tgtest-whisper")


@plugin.command("shout", scope=Scope.GROUP)
async def shout(ctx: Context):
    await ctx.reply("tgtest-shout")


@plugin.command("pic")
async def pic(ctx: Context, what: Rest = "a dot"):
    await ctx.reply(Message(ctx.t("tgtest-pic", what=what), images=(Image(PNG, "dot.png"),),
                            buttons=((ctx.button("tgtest-press", "press", what="pic"),),)))


@plugin.command("flood")
async def flood(ctx: Context, n: int):
    for index in range(n):
        await ctx.send(rich(f"message {index}"))


@plugin.command("slow")
async def slow(ctx: Context):
    seen.append(("slow", "started"))
    await gate.setdefault("slow", asyncio.Event()).wait()
    await ctx.reply("tgtest-slow")


@plugin.on(MemberJoined)
async def joined(ctx: Context):
    seen.append(("joined", ctx.event.user.user_id, ctx.event.invite))


@plugin.on(MemberLeft)
async def left(ctx: Context):
    seen.append(("left", ctx.event.user.user_id))


@plugin.on(ReactionChanged)
async def reacted(ctx: Context):
    event = ctx.event
    seen.append(("reaction", event.user.user_id, event.message_id, event.emoji, event.added))


@plugin.on(BotAdded)
async def added(ctx: Context):
    seen.append(("bot added", ctx.event.chat.chat_id, ctx.event.user.user_id if ctx.event.user else None))


@plugin.on(BotRemoved)
async def removed(ctx: Context):
    seen.append(("bot removed", ctx.event.chat.chat_id))


@plugin.on(MessageReceived)
async def files(ctx: Context):
    for attachment in ctx.event.attachments:
        data = await attachment.read()
        seen.append(("file", attachment.kind, attachment.filename, data, ctx.event.text))
