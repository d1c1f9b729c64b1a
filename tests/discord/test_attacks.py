"""Issue 11 on Discord: codes are answered ephemerally, admin rights are Discord's own and never
travel with a joined server, and a forged button gets a clear private answer.

Mallory is a plain member of the test guild and the owner of her own guild, where she is an
admin. The real discord.py client against FakeDiscord, through the whole runtime.
"""
from __future__ import annotations

import re

import pytest

from bot.models import ChatBinding, Community, Identity
from tests.discord.conftest import ALICE, ANNOUNCE, BOB, CHAN, GUILD, MALLORY, MOD, OWNER, start_discord
from tests.discord.test_discord_adapter import EPHEMERAL, callback_for
from tests.fakes.discord_server import FakeDiscord

CLUB, CLUB_CHAN = 500, 600  # Mallory's own guild


def _code(text: str) -> str:
    return re.search(r"\b([A-Z2-9]{8})\b", text).group(1)


@pytest.fixture
async def runtime(dc: FakeDiscord, tmp_path):
    dc.add_guild(CLUB, "Club", MALLORY, channels=[CLUB_CHAN])
    guilds = {"discord": {"guilds": [{"id": GUILD, "announce_channel": ANNOUNCE}, {"id": CLUB}]}}
    started = await start_discord(dc, tmp_path, guilds)
    try:
        yield started
    finally:
        await started.stop()


async def _answer(dc: FakeDiscord, guild: int, channel: int, user: int, name: str, options=None) -> dict:
    payload = await dc.slash_command(guild, channel, user, name, options)
    return (await callback_for(dc, payload))["data"]


def _posted(dc: FakeDiscord, *channels: int) -> str:
    """What everyone in the channels can read (an ephemeral answer is the asker's alone)."""
    return "\n".join(m["content"] for channel in channels for m in dc.messages_in(channel)
                     if not int(m.get("flags") or 0) & EPHEMERAL)


async def test_community_and_link_codes_are_answered_ephemerally(runtime, dc: FakeDiscord) -> None:
    offer = await _answer(dc, GUILD, CHAN, OWNER, "community", {"action": "code"})
    assert offer["flags"] & EPHEMERAL
    community_code = _code(offer["content"])
    link = await _answer(dc, GUILD, CHAN, ALICE, "link")
    assert link["flags"] & EPHEMERAL
    link_code = _code(link["content"])
    posted = _posted(dc, CHAN, ANNOUNCE)
    assert community_code not in posted and link_code not in posted


async def test_a_leaked_code_gives_the_joining_servers_admins_no_rights_here(runtime, dc: FakeDiscord) -> None:
    code = _code((await _answer(dc, GUILD, CHAN, OWNER, "community", {"action": "code"}))["content"])
    joined = await _answer(dc, CLUB, CLUB_CHAN, MALLORY, "community", {"action": "join", "key": code})
    assert "now belongs to the community" in joined["content"]
    at_home = await _answer(dc, CLUB, CLUB_CHAN, MALLORY, "community",
                            {"action": "set", "key": "timezone", "value": "Asia/Tokyo"})
    assert at_home["content"].startswith("This chat joined another chat's community") and at_home["flags"] & EPHEMERAL
    here = await _answer(dc, GUILD, CHAN, MALLORY, "community", {"action": "set", "key": "timezone",
                                                                 "value": "Asia/Tokyo"})
    assert here["content"] == "Only admins can use /community." and here["flags"] & EPHEMERAL
    assert (await Community.get(slug="demo")).timezone == "UTC"
    # admin status is Discord's own: Manage Server (MOD's role) is an admin, a plain member is not
    assert (await _answer(dc, GUILD, CHAN, BOB, "community", {"action": "chats"}))["content"].startswith(
        "Only admins can use")
    chats = await _answer(dc, GUILD, CHAN, MOD, "community", {"action": "chats"})
    assert f"discord:{CLUB}" in chats["content"] and chats["flags"] & EPHEMERAL


@pytest.mark.parametrize("custom_id", ['x|{}|notanint', 'core.unbind|{"binding":"one","community":1}|',
                                       'core.link_undo|{"link":1}|', "core.link_confirm|not json|"])
async def test_a_forged_button_gets_a_clear_private_answer_and_changes_nothing(runtime, dc: FakeDiscord,
                                                                               custom_id: str) -> None:
    await _answer(dc, GUILD, CHAN, MALLORY, "help")  # a member the bot knows
    message = dc.messages_in(CHAN)[-1]
    before = (await ChatBinding.all().count(), await Identity.all().count())
    press = await dc.button_click(GUILD, CHAN, MALLORY, int(message["id"]), custom_id)
    answer = (await callback_for(dc, press))["data"]
    assert answer["flags"] & EPHEMERAL
    assert answer["content"] in {"This button no longer works.",
                                 "This link can no longer be undone here (a day has passed, or it was undone already)."}
    assert (await ChatBinding.all().count(), await Identity.all().count()) == before
