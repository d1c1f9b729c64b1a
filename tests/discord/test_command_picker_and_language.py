"""What members see in Discord's command picker, and the language of typed messages."""
from __future__ import annotations

from bot import discovery
from tests.discord.conftest import BOB, CHAN, GUILD, start_discord
from tests.discord.test_discord_adapter import callback_for
from tests.fakes.discord_server import FakeDiscord

MANAGE_GUILD = str(1 << 5)
GENERIC = {"a whole number", "a word", "text", "a day: today, yesterday, YYYY-MM-DD or MM-DD", "pick one", "a member"}


async def test_admin_commands_are_offered_to_server_managers_only(dc: FakeDiscord, tmp_path) -> None:
    runtime = await start_discord(dc, tmp_path)
    try:
        commands = {c["name"]: c for c in dc.commands(GUILD)}
        assert commands["secret"]["default_member_permissions"] == MANAGE_GUILD
        assert commands["community"]["default_member_permissions"] == MANAGE_GUILD
        assert commands["roll"]["default_member_permissions"] is None
        assert commands["help"]["default_member_permissions"] is None
        # the permission check still runs: an admin command reached anyway is refused, privately
        payload = await dc.slash_command(GUILD, CHAN, BOB, "secret")
        assert (await callback_for(dc, payload))["data"]["content"] == "Only admins can use /secret."
    finally:
        await runtime.stop()


async def test_every_built_in_option_is_described_from_the_catalogs(dc: FakeDiscord, tmp_path) -> None:
    checkin = discovery.installed_plugins()["checkin"]
    runtime = await start_discord(dc, tmp_path, plugins=[checkin])
    try:
        commands = {c["name"]: c for c in dc.commands(GUILD)}
        options = [(name, o) for name, c in commands.items() for o in c["options"]]
        assert len(options) > 15
        for name, option in options:
            assert option["description"] not in GENERIC, (name, option["name"])
            assert option["description_localizations"]["zh-CN"], (name, option["name"])
        fix = {o["name"]: o for o in commands["checkin_fix"]["options"]}
        assert fix["reason"]["description"] == "why (kept in the audit log)"
        assert fix["reason"]["description_localizations"] == {"zh-CN": "原因（记入审计日志）"}
        assert fix["action"]["choices"][1]["name_localizations"] == {"zh-CN": "撤销打卡"}
        assert commands["checkin_export"]["default_member_permissions"] == MANAGE_GUILD
        assert commands["checkin"]["default_member_permissions"] is None
    finally:
        await runtime.stop()


async def test_a_typed_command_is_answered_in_the_servers_language(dc: FakeDiscord, tmp_path) -> None:
    dc.guilds[GUILD].preferred_locale = "zh-CN"
    runtime = await start_discord(dc, tmp_path)
    try:
        await dc.message_create(CHAN, BOB, "/help")
        [call] = await dc.wait_for("POST", f"/channels/{CHAN}/messages")
        assert call.json["content"].startswith("你可以使用这些命令")
        # a slash command carries the member's own language, which comes first
        payload = await dc.slash_command(GUILD, CHAN, BOB, "help")
        assert (await callback_for(dc, payload))["data"]["content"].startswith("Here's what you can do")
    finally:
        await runtime.stop()
