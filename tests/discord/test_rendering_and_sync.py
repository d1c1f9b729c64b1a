"""Rendering rules, global command sync, DMs, and buttons that outlive the adapter."""
from __future__ import annotations

from adapters.discord import DiscordAdapter
from adapters.discord.render import render, render_content, split_text
from bot.messages import Bold, Button, Code, Italic, Link, Mention, Message, Text
from tests.discord.conftest import ALICE, BOB, CHAN, GUILD, start_discord, until
from tests.discord.test_discord_adapter import EPHEMERAL, callback_for
from tests.fakes.discord_server import FakeDiscord


def test_segments_render_as_escaped_markdown() -> None:
    text, users = render_content((
        Text("*a* _b_ `c` 1>0\n> d\n# e @here"), Bold("x*y"), Italic("i"), Code("co`de"),
        Link("l[i]nk", "https://example.org/a_(b)"), Link("js", "javascript:alert(1)"),
        Mention("Ann", (("discord", "123456789012345678"), ("telegram", "5"))), Mention("Tg only", (("telegram", "5"),)),
        Mention("Ann again", (("discord", "123456789012345678"),)),
    ))
    assert text == ("\\*a\\* \\_b\\_ \\`c\\` 1>0\n\\> d\n\\# e @\u200bhere" "**x\\*y**" "*i*" "`co\u02cbde`"
                    "[l\uff3bi\uff3dnk](https://example.org/a_%28b%29)" "js (javascript:alert(1))"
                    "<@123456789012345678>" "**Tg only**" "<@123456789012345678>")
    assert users == [123456789012345678]


def test_long_text_becomes_an_embed_then_several_messages() -> None:
    assert split_text("a" * 10) == ["a" * 10]
    pieces = split_text("\n".join(["line " + "x" * 90] * 60))
    assert len(pieces) == 3 and all(len(p) <= 2000 for p in pieces)
    assert all(len(p) <= 2000 for p in split_text("y" * 4500))


async def test_render_puts_files_first_and_buttons_last() -> None:
    from bot.messages import Image

    message = Message((Text("z" * 5000),), images=(Image(b"png"),), buttons=((Button("Go", url="https://x.org"),),))
    rendered = await render(message, max_upload_bytes=1024)
    assert len(rendered.parts) == 3
    assert rendered.parts[0]["files"][0].filename == "image.png" and "view" not in rendered.parts[0]
    assert rendered.parts[-1]["view"].children[0].url == "https://x.org"
    medium = await render(Message((Text("m" * 3000),)), max_upload_bytes=1024)
    assert medium.first["embed"].description == "m" * 3000


async def test_global_sync_commands_in_direct_messages(dc: FakeDiscord, tmp_path) -> None:
    runtime = await start_discord(dc, tmp_path, {"discord": {"command_sync": "global"}})
    try:
        commands = {c["name"]: c for c in dc.commands(None)}
        assert commands["help"]["contexts"] == [0, 1] and "roll" in commands
        assert dc.commands(GUILD) == []
        # a member seen in the guild can use commands in a DM with the bot
        await dc.message_create(CHAN, ALICE, "hi")
        await dc.wait_for("POST", f"/channels/{CHAN}/messages")
        payload = await dc.slash_command(None, 0, ALICE, "roll", {"count": 4})
        data = (await callback_for(dc, payload))["data"]
        assert data["content"] == "Alice rolled **4** d6"
        await dc.dm_message(ALICE, "/roll 5")
        dm_channel = dc.dm_channel_id(ALICE)
        await until(lambda: any(m["content"] == "Alice rolled **5** d6" for m in dc.messages_in(dm_channel)))
    finally:
        await runtime.stop()


async def test_buttons_work_after_the_adapter_restarts(runtime, dc: FakeDiscord) -> None:
    payload = await dc.slash_command(GUILD, CHAN, ALICE, "menu")
    [row] = (await callback_for(dc, payload))["data"]["components"]
    custom_id = row["components"][0]["custom_id"]
    message_id = int(dc.messages_in(CHAN)[-1]["id"])

    old = runtime.adapters["discord"]
    await old.stop()
    fresh = DiscordAdapter(runtime, old.config)
    runtime.adapters["discord"] = fresh
    await fresh.start()

    press = await dc.button_click(GUILD, CHAN, BOB, message_id, custom_id)
    answer = await callback_for(dc, press)
    assert answer["data"]["content"] == "You picked 7." and answer["data"]["flags"] & EPHEMERAL


class _Response:
    status, reason = 400, "Bad Request"


class _StrictHttp:
    """Refuses any batch holding "bad" with an error that names no index, like a size limit."""

    def __init__(self) -> None:
        self.written: list[list[str]] = []

    def _check(self, payloads: list[dict]) -> None:
        import discord

        if any(p["name"] == "bad" for p in payloads):
            raise discord.HTTPException(_Response(), {"code": 50035, "message": "Invalid Form Body",
                                                      "errors": {"_errors": [{"code": "X", "message": "too big"}]}})

    async def bulk_upsert_guild_commands(self, app_id: int, guild_id: int, payloads: list[dict]) -> list:
        self._check(payloads)
        self.written.append([p["name"] for p in payloads])
        return payloads

    async def upsert_guild_command(self, app_id: int, guild_id: int, payload: dict) -> dict:
        self._check([payload])
        return payload


async def test_sync_finds_a_rejected_command_when_discord_names_no_index() -> None:
    from adapters.discord.commands import sync

    http = _StrictHttp()
    rejected = await sync(http, 1, [{"name": "good"}, {"name": "bad"}, {"name": "fine"}], 5)
    assert rejected == {"bad": "too big"}
    assert http.written == [["good", "fine"]]
