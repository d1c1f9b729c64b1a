"""Sub-chats on Discord, end to end with discord.py and FakeDiscord: a public thread of a channel
(POST /channels/{id}/threads), posts that land in it, its link, and the right named when the bot
may not start threads."""
from __future__ import annotations

import pytest

from bot.capabilities import MissingRights
from bot.identity import ChatKind, ChatRef
from bot.messages import Message, Text
from tests.discord.conftest import BOT_ROLE, CHAN, GUILD, MANAGE_ROLES, start_discord
from tests.fakes.discord_server import CREATE_PUBLIC_THREADS, FakeDiscord

CHANNEL = ChatRef("discord", str(CHAN), ChatKind.GROUP, space_id=str(GUILD))


async def test_a_thread_of_the_channel_takes_posts(dc: FakeDiscord, tmp_path) -> None:
    dc.guilds[GUILD].roles[BOT_ROLE]["permissions"] = str(MANAGE_ROLES | CREATE_PUBLIC_THREADS)
    runtime = await start_discord(dc, tmp_path)
    try:
        sub = await runtime.adapters["discord"].open_sub_chat(CHANNEL, "Pod 1 · py-march")
        [thread] = dc.threads_of(CHAN)
        assert (thread["name"], thread["type"], thread["id"]) == ("Pod 1 · py-march", 11, sub.chat.thread_id)
        assert sub.link == f"https://discord.com/channels/{GUILD}/{thread['id']}"
        assert sub.key == f"discord:{GUILD}/{CHAN}#{thread['id']}"
        await runtime.adapters["discord"].send(sub.chat, Message((Text("Welcome, pod 1"),)))
        assert [m["content"] for m in dc.messages_in(int(thread["id"]))] == ["Welcome, pod 1"]
        assert not dc.messages_in(CHAN)
    finally:
        await runtime.stop()


async def test_without_the_right_to_start_threads_the_right_is_named(dc: FakeDiscord, tmp_path) -> None:
    runtime = await start_discord(dc, tmp_path)
    try:
        with pytest.raises(MissingRights) as missing:
            await runtime.adapters["discord"].open_sub_chat(CHANNEL, "Pod 1")
        assert missing.value.right == "create_threads" and not dc.threads_of(CHAN)
    finally:
        await runtime.stop()
