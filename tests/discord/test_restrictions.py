"""Member restrictions on Discord, end to end with discord.py and FakeDiscord: a role per
restriction, created by the bot with its denials as overwrites in every channel, given and
taken; links deleted by the bot (Discord has no right for them); role order respected; and a
member who leaves and comes back restricted again."""
from __future__ import annotations

import pytest

from tests import restricting_plugin
from tests.discord.conftest import ANNOUNCE, BOB, CHAN, GUILD, MALLORY, OWNER, start_discord, until
from tests.fakes.discord_server import ATTACH_FILES, EMBED_LINKS, FakeDiscord


@pytest.fixture(autouse=True)
def nothing_told():
    restricting_plugin.told.clear()


def role_names(dc: FakeDiscord, user: int) -> set[str]:
    guild = dc.guilds[GUILD]
    return {guild.roles[r]["name"] for r in guild.members[user]["roles"]}


def role_id(dc: FakeDiscord, name: str) -> int:
    return next(int(r["id"]) for r in dc.guilds[GUILD].roles.values() if r["name"] == name)


async def command(dc: FakeDiscord, name: str, options: dict) -> None:
    payload = await dc.slash_command(GUILD, CHAN, OWNER, name, options)
    await until(lambda: any(c["interaction_id"] == int(payload["id"]) for c in dc.interaction_callbacks))


async def test_restriction_roles_deny_media_everywhere_and_links_are_deleted(dc: FakeDiscord, tmp_path) -> None:
    reading = {"discord": {"message_content_intent": True}}  # links are seen in the text of messages
    runtime = await start_discord(dc, tmp_path, reading, plugins=[restricting_plugin.plugin])
    try:
        await dc.message_create(CHAN, BOB, "hello")
        await command(dc, "hush", {"who": BOB, "kinds": "media,links"})
        await until(lambda: {"No media", "No links"} <= role_names(dc, BOB))
        media, links = role_id(dc, "No media"), role_id(dc, "No links")
        for channel in (CHAN, ANNOUNCE):
            overwrites = {int(o["id"]): o for o in dc.guilds[GUILD].channels[channel]["permission_overwrites"]}
            assert int(overwrites[media]["deny"]) == ATTACH_FILES and int(overwrites[links]["deny"]) == EMBED_LINKS
        with pytest.raises(PermissionError):
            await dc.message_create(CHAN, BOB, "look", attachments=[("cat.png", b"\x89PNG")])
        spam = await dc.message_create(CHAN, BOB, "see https://spam.example")
        await until(lambda: dc.calls_to("DELETE", f"/channels/{CHAN}/messages/{spam['id']}"))
        fine = await dc.message_create(CHAN, MALLORY, "https://fine.example")
        words = await dc.message_create(CHAN, BOB, "just words")
        await dc.slash_command(GUILD, CHAN, OWNER, "hush", {"who": MALLORY, "kinds": "forwards"})  # a marker
        await until(lambda: len(dc.interaction_callbacks) == 2)
        assert not dc.calls_to("DELETE", f"/channels/{CHAN}/messages/{fine['id']}")
        assert not dc.calls_to("DELETE", f"/channels/{CHAN}/messages/{words['id']}")

        await command(dc, "unhush", {"who": BOB, "kinds": "media"})
        await until(lambda: "No media" not in role_names(dc, BOB))
        assert "No links" in role_names(dc, BOB) and restricting_plugin.told == []
        names = [r["name"] for r in dc.guilds[GUILD].roles.values()]
        assert names.count("No media") == 1 and names.count("No links") == 1
    finally:
        await runtime.stop()


async def test_a_rejoining_member_is_restricted_again(dc: FakeDiscord, tmp_path) -> None:
    runtime = await start_discord(dc, tmp_path, plugins=[restricting_plugin.plugin])
    try:
        await dc.message_create(CHAN, BOB, "hello")
        await command(dc, "hush", {"who": BOB, "kinds": "messages"})
        await until(lambda: "Read only" in role_names(dc, BOB))
        with pytest.raises(PermissionError):
            await dc.message_create(CHAN, BOB, "let me speak")
        await dc.member_remove(GUILD, BOB)
        dc.add_member(GUILD, BOB, roles=[])  # Discord drops a leaver's roles
        await dc.member_add(GUILD, BOB)
        await until(lambda: "Read only" in role_names(dc, BOB))
    finally:
        await runtime.stop()


async def test_a_restriction_role_above_the_bots_is_named_not_forced(dc: FakeDiscord, tmp_path) -> None:
    dc.add_role(GUILD, 778, "No links", permissions=0, position=50)  # an admin made it, above the bot's role
    runtime = await start_discord(dc, tmp_path, plugins=[restricting_plugin.plugin])
    try:
        await dc.message_create(CHAN, BOB, "hello")
        await command(dc, "hush", {"who": BOB, "kinds": "links"})
        await until(lambda: restricting_plugin.told)
        assert [(m.platform, m.right) for m in restricting_plugin.told] == [("discord", "role_order")]
        assert "No links" not in role_names(dc, BOB)
        assert not [c for c in dc.calls if c.method == "PUT" and c.path.endswith("/roles/778")]
    finally:
        await runtime.stop()
