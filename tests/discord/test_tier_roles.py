"""Tiers on Discord, end to end with discord.py and FakeDiscord: a role per tier, created when missing,
replaced or stacked as the community chooses, and a bot role placed too low named once to the admins."""
from __future__ import annotations

import pytest

from plugins.tiers import plugin as tiers
from tests.discord.conftest import ANNOUNCE, BOB, CHAN, GUILD, MALLORY, OWNER, start_discord, until
from tests.fakes.discord_server import FakeDiscord

LADDER = [{"key": "newcomer", "name": "Newcomer", "name_zh": "新人", "xp": 0},
          {"key": "member", "name": "Member", "name_zh": "成员", "xp": 100},
          {"key": "core", "name": "Core", "name_zh": "核心", "xp": 300, "role": "Core team"}]


def settings(**tier_settings) -> dict:
    return {"plugins": {"tiers": {"tiers": LADDER, **tier_settings}}}


def role_names(dc: FakeDiscord, user: int) -> set[str]:
    guild = dc.guilds[GUILD]
    return {guild.roles[r]["name"] for r in guild.members[user]["roles"]}


async def command(dc: FakeDiscord, name: str, options: dict) -> None:
    payload = await dc.slash_command(GUILD, CHAN, OWNER, name, options)
    await until(lambda: any(c["interaction_id"] == int(payload["id"]) for c in dc.interaction_callbacks))


async def test_the_new_tier_role_replaces_the_old_one(dc: FakeDiscord, tmp_path) -> None:
    runtime = await start_discord(dc, tmp_path, settings(), plugins=[tiers])
    try:
        await dc.message_create(CHAN, BOB, "hello")
        await command(dc, "xp", {"action": "give", "who": BOB, "amount": 300, "reason": "launch help"})
        await until(lambda: "Core team" in role_names(dc, BOB))
        await command(dc, "tier_set", {"who": BOB, "tier": "newcomer", "reason": "asked to step back"})
        await until(lambda: "Newcomer" in role_names(dc, BOB))
        assert role_names(dc, BOB) == {"Newcomer"}
        names = [r["name"] for r in dc.guilds[GUILD].roles.values()]
        assert names.count("Core team") == 1 and names.count("Newcomer") == 1  # created once, when missing
    finally:
        await runtime.stop()


async def test_stacked_roles_keep_every_tier_up_to_the_members(dc: FakeDiscord, tmp_path) -> None:
    runtime = await start_discord(dc, tmp_path, settings(stack_roles=True), plugins=[tiers])
    try:
        await dc.message_create(CHAN, BOB, "hello")
        await command(dc, "xp", {"action": "give", "who": BOB, "amount": 300, "reason": "launch help"})
        await until(lambda: role_names(dc, BOB) == {"Newcomer", "Member", "Core team"})
        await command(dc, "tier_set", {"who": BOB, "tier": "member", "reason": "quieter now"})
        await until(lambda: role_names(dc, BOB) == {"Newcomer", "Member"})
    finally:
        await runtime.stop()


async def test_a_tier_role_above_the_bots_is_named_once_to_the_admins(dc: FakeDiscord, tmp_path) -> None:
    dc.add_role(GUILD, 777, "Core team", permissions=0, position=50)  # an admin made it, above the bot's role
    runtime = await start_discord(dc, tmp_path, settings(), plugins=[tiers])
    try:
        for user in (BOB, MALLORY):
            await dc.message_create(CHAN, user, "hello")
            await command(dc, "xp", {"action": "give", "who": user, "amount": 300, "reason": "launch help"})
        told = await until(lambda: [m for m in dc.messages_in(ANNOUNCE) if "sits below" in m["content"]])
        await command(dc, "tier_stats", {})
        assert len([m for m in dc.messages_in(ANNOUNCE) if "sits below" in m["content"]]) == 1
        assert told[0]["content"] == ("I can't give tier roles on discord: my role sits below Core team. Move my "
                                      "role above the tier roles in the server settings.")
        assert "Core team" not in role_names(dc, BOB)
        assert not [c for c in dc.calls if c.method == "PUT" and c.path.endswith("/roles/777")]
    finally:
        await runtime.stop()


async def test_a_tiers_own_channel_is_opened_to_its_role(dc: FakeDiscord, tmp_path) -> None:
    lounge = 4242
    dc.add_channel(GUILD, lounge, "core-lounge")
    ladder = [*LADDER[:2], {**LADDER[2], "chats": [f"discord:{GUILD}/{lounge}"]}]
    runtime = await start_discord(dc, tmp_path, {"plugins": {"tiers": {"tiers": ladder}}}, plugins=[tiers])
    try:
        await dc.message_create(CHAN, BOB, "hello")
        await command(dc, "xp", {"action": "give", "who": BOB, "amount": 300, "reason": "launch help"})
        await until(lambda: "Core team" in role_names(dc, BOB))
        core = next(int(r["id"]) for r in dc.guilds[GUILD].roles.values() if r["name"] == "Core team")
        overwrites = await until(lambda: {int(o["id"]): o for o in dc.guilds[GUILD].channels[lounge]
                                          ["permission_overwrites"]})
        assert int(overwrites[core]["allow"]) & (1 << 10) and int(overwrites[core]["allow"]) & (1 << 11)
        assert not dc.calls_to("POST", f"/channels/{lounge}/invites")  # Discord lets the role in, no link
        await dc.message_create(CHAN, MALLORY, "hello")
        await command(dc, "xp", {"action": "give", "who": MALLORY, "amount": 300, "reason": "launch help"})
        await until(lambda: "Core team" in role_names(dc, MALLORY))
        assert len(dc.calls_to("PUT", f"/channels/{lounge}/permissions/{{id}}")) == 1  # opened once
    finally:
        await runtime.stop()


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_a_threshold_changed_by_a_slash_command_moves_the_member(dc: FakeDiscord, tmp_path, database) -> None:
    runtime = await start_discord(dc, tmp_path, settings(sync_per_second=25), plugins=[tiers], database=database)
    try:
        await dc.message_create(CHAN, BOB, "hello")
        await command(dc, "xp", {"action": "give", "who": BOB, "amount": 150, "reason": "launch help"})
        await until(lambda: "Member" in role_names(dc, BOB))
        await command(dc, "tier_threshold", {"tier": "member", "xp": "200"})
        await until(lambda: role_names(dc, BOB) == {"Newcomer"})  # the background re-sync saw the change
    finally:
        await runtime.stop()
