"""End to end: the real discord.py client against FakeDiscord, through the whole runtime."""
from __future__ import annotations

import asyncio

import pytest

from adapters.discord import DiscordAdapter, DiscordConfig
from bot.capabilities import DirectMessageClosed
from bot.identity import ChatKind, ChatRef
from bot.messages import Message, rich
from bot.models import ChatBinding
from tests.discord import plugin as test_plugin
from tests.discord.conftest import (ALICE, ANNOUNCE, APP, BOB, CHAN, GUILD, MALLORY, MOD, ORGANISERS, OWNER,
                                    start_discord, until)
from tests.fakes.discord_server import FakeDiscord

CALLBACK = "/interactions/{id}/{token}/callback"
FOLLOWUP = "/webhooks/{app}/{token}"
CHANNEL_MESSAGES = "/channels/{id}/messages"
EPHEMERAL = 64


def adapter_of(runtime) -> DiscordAdapter:
    return runtime.adapters["discord"]


async def callback_for(dc: FakeDiscord, payload: dict) -> dict:
    await until(lambda: any(c["interaction_id"] == int(payload["id"]) for c in dc.interaction_callbacks))
    return next(c for c in dc.interaction_callbacks if c["interaction_id"] == int(payload["id"]))


async def test_config_needs_a_token_and_knows_its_guilds() -> None:
    assert not DiscordAdapter.wants_to_run(DiscordConfig())
    assert DiscordAdapter.wants_to_run(DiscordConfig(token="t"))
    config = DiscordConfig.model_validate({"token": "t", "guilds": [1, {"id": 2, "announce_channel": 3}]})
    assert [g.id for g in config.guilds] == [1, 2] and config.guild(2).announce_channel == 3
    assert config.serves(1) and not config.serves(9)
    with pytest.raises(ValueError):
        DiscordConfig.model_validate({"token": "t", "intents": ["all"]})


async def test_start_syncs_commands_and_reports_a_rejected_one(runtime, dc: FakeDiscord) -> None:
    commands = {c["name"]: c for c in dc.commands(GUILD)}
    assert {"help", "roll", "hello", "menu", "secret", "promote", "dm", "slow"} <= set(commands)
    assert "broken" not in commands
    problems = adapter_of(runtime).sync_problems
    assert problems == {f"guild:{GUILD}": {"broken": "name: Command name is invalid"}}
    roll = commands["roll"]
    assert roll["description"] == "roll some dice"
    assert roll["description_localizations"] == {"zh-CN": "掷骰子"}
    assert roll["name_localizations"] == {"zh-CN": "掷骰"}
    options = {o["name"]: o for o in roll["options"]}
    assert [o["name"] for o in roll["options"]] == ["count", "sides", "who", "note"]
    assert options["count"]["type"] == 4 and options["count"]["required"]
    assert options["count"]["description"] == "how many dice"
    assert options["sides"]["type"] == 3 and not options["sides"]["required"]
    assert options["sides"]["choices"] == [{"name": "d6", "value": "d6"}, {"name": "twenty sides", "value": "d20"}]
    assert options["who"]["type"] == 6
    assert options["note"]["type"] == 3 and options["note"]["description"] == "text"
    assert options["note"]["description_localizations"] == {"zh-CN": "文字"}
    assert commands["help"]["description_localizations"]["zh-CN"] == "查看可用命令"
    assert dc.commands(None) == []  # global commands only with command_sync = "global"
    assert dc.intents & (1 << 1) and dc.intents & (1 << 15)  # members; message content for "hi"


async def test_slash_command_with_typed_options(runtime, dc: FakeDiscord) -> None:
    payload = await dc.slash_command(GUILD, CHAN, ALICE, "roll",
                                     {"count": 3, "sides": "d20", "who": BOB, "note": "gg @everyone"})
    callback = await callback_for(dc, payload)
    assert callback["type"] == 4
    data = callback["data"]
    assert data["content"] == f"Alice rolled **3** d20 for <@{BOB}> — gg @\u200beveryone"
    assert not data.get("flags", 0) & EPHEMERAL
    assert data["allowed_mentions"]["parse"] == [] and data["allowed_mentions"]["users"] == [BOB]
    message = dc.messages_in(CHAN)[-1]
    assert [m["id"] for m in message["mentions"]] == [str(BOB)] and not message["mention_everyone"]


async def test_bad_option_value_gets_usage(runtime, dc: FakeDiscord) -> None:
    payload = await dc.slash_command(GUILD, CHAN, ALICE, "roll", [{"name": "count", "type": 3, "value": "many"}])
    callback = await callback_for(dc, payload)
    assert "Usage: /roll" in callback["data"]["content"]


async def test_keyword_trigger_with_attachment_and_hostile_name(runtime, dc: FakeDiscord) -> None:
    sent = await dc.message_create(CHAN, MALLORY, "hi there", attachments=[("cat.png", b"\x89PNG-cat")])
    [call] = await dc.wait_for("POST", f"/channels/{CHAN}/messages")
    body = call.json
    assert test_plugin.ATTACHMENTS == [b"\x89PNG-cat"]
    assert int(body["message_reference"]["message_id"]) == int(sent["id"])
    content = body["content"]
    assert "@everyone" not in content and "@\u200beveryone" in content
    assert "<@&123456789012345678>" not in content and "<@\u200b&123456789012345678>" in content
    assert "\\*\\*evil\\*\\*" in content and "\\[x](" in content
    assert content.startswith(f"Hello <@{MALLORY}> aka ")
    assert body["allowed_mentions"] == {"parse": [], "users": [MALLORY]}  # replied_user off: no reply ping
    reply = dc.messages_in(CHAN)[-1]
    assert not reply["mention_everyone"] and reply["mention_roles"] == []


async def test_prefix_command_in_channel(runtime, dc: FakeDiscord) -> None:
    await dc.message_create(CHAN, BOB, "/roll 2")
    [call] = await dc.wait_for("POST", f"/channels/{CHAN}/messages")
    assert call.json["content"] == "bob rolled **2** d6"


async def test_button_is_persistent_and_every_press_is_acknowledged(runtime, dc: FakeDiscord) -> None:
    payload = await dc.slash_command(GUILD, CHAN, ALICE, "menu")
    callback = await callback_for(dc, payload)
    [row] = callback["data"]["components"]
    [button] = row["components"]
    assert button["label"] == "Pick me" and button["custom_id"] == 'dtest.pick|{"n":7}|'
    message = dc.messages_in(CHAN)[-1]
    press = await dc.button_click(GUILD, CHAN, BOB, int(message["id"]), button["custom_id"])
    answer = await callback_for(dc, press)
    assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == "You picked 7."
    stale = await dc.button_click(GUILD, CHAN, BOB, int(message["id"]), "gone.action||")
    answer = await callback_for(dc, stale)
    assert answer["data"]["content"] == "This button no longer works."


async def test_slow_handlers_are_deferred_then_followed_up(runtime, dc: FakeDiscord) -> None:
    private = await dc.slash_command(GUILD, CHAN, ALICE, "slow")
    public = await dc.slash_command(GUILD, CHAN, BOB, "slow", {"private": "no"})
    assert (await callback_for(dc, private))["type"] == 5
    assert (await callback_for(dc, public))["type"] == 5
    followups = await dc.wait_for("POST", FOLLOWUP)
    assert followups[0].json["content"] == "slow answer" and followups[0].json["flags"] & EPHEMERAL
    edits = await dc.wait_for("PATCH", "/webhooks/{app}/{token}/messages/@original", count=2)
    assert sorted(e.json["content"] for e in edits) == ["Answered privately.", "slow answer"]


async def test_member_joins_are_attributed_to_the_right_invite_or_none(runtime, dc: FakeDiscord) -> None:
    adapter = adapter_of(runtime)
    chat = ChatRef("discord", str(CHAN), ChatKind.GROUP, space_id=str(GUILD))
    made = await adapter.create_invite(chat, "spring fair", max_uses=10)
    code = made.url.rsplit("/", 1)[-1]
    assert dc.invites[code]["max_uses"] == 10

    await dc.member_add(GUILD, 50, via_invite=code)
    await until(lambda: len(test_plugin.JOINS) == 1)
    assert test_plugin.JOINS[0].invite == made
    assert test_plugin.JOINS[0].user.user_id == "50"

    await dc.member_add(GUILD, 51, via_invite="oldcode")
    await until(lambda: len(test_plugin.JOINS) == 2)
    assert test_plugin.JOINS[1].invite.url.endswith("/oldcode") and test_plugin.JOINS[1].invite.creator_id == str(OWNER)

    await dc.member_add(GUILD, 52, via_invite="lastone")  # its last use: Discord deletes it
    await until(lambda: len(test_plugin.JOINS) == 3)
    assert test_plugin.JOINS[2].invite.url.endswith("/lastone")

    await dc.member_add(GUILD, 53, via_invite="testvanity")
    await dc.member_add(GUILD, 54)
    await until(lambda: len(test_plugin.JOINS) == 5)
    assert [j.invite for j in test_plugin.JOINS[3:]] == [None, None]

    welcomes = await dc.wait_for("POST", f"/channels/{ANNOUNCE}/messages", count=5)
    assert welcomes[0].json["content"].startswith("Welcome <@50>")

    await adapter.revoke_invite(chat, made)
    assert code not in dc.invites
    await dc.member_remove(GUILD, 50)
    await until(lambda: test_plugin.LEFT)
    assert test_plugin.LEFT[0].user.user_id == "50"


async def test_admin_by_permission_or_role(runtime, dc: FakeDiscord) -> None:
    answers = {}
    for who in (OWNER, ALICE, MOD, BOB):
        payload = await dc.slash_command(GUILD, CHAN, who, "secret")
        answers[who] = (await callback_for(dc, payload))["data"]
    for who in (OWNER, ALICE, MOD):  # owner; Organisers role; Manage Server permission
        assert answers[who]["content"] == "The secret is 42." and answers[who]["flags"] & EPHEMERAL
    assert answers[BOB]["content"] == "Only admins can use /secret." and answers[BOB]["flags"] & EPHEMERAL
    adapter = adapter_of(runtime)
    chat = ChatRef("discord", str(CHAN), ChatKind.GROUP, space_id=str(GUILD))
    assert await adapter.is_admin(chat, str(MOD)) and not await adapter.is_admin(chat, str(BOB))


async def test_a_typed_admin_command_is_answered_by_direct_message(runtime, dc: FakeDiscord) -> None:
    await dc.message_create(CHAN, ALICE, "/secret")
    [pointer] = await dc.wait_for("POST", CHANNEL_MESSAGES.format(id=CHAN))
    assert pointer.json["content"] == "I've answered you in a private message."
    await until(lambda: dc.messages_in(dc.dm_channel_id(ALICE)))
    assert dc.messages_in(dc.dm_channel_id(ALICE))[-1]["content"] == "The secret is 42."
    assert all("42" not in m["content"] for m in dc.messages_in(CHAN))


async def test_roles_are_created_assigned_and_removed(runtime, dc: FakeDiscord) -> None:
    payload = await dc.slash_command(GUILD, CHAN, OWNER, "promote", {"who": BOB})
    callback = await callback_for(dc, payload)
    assert callback["data"]["content"] == f"<@{BOB}> is a champion now"
    [role] = [r for r in dc.guilds[GUILD].roles.values() if r["name"] == "Champion"]
    assert int(role["id"]) in dc.guilds[GUILD].members[BOB]["roles"]
    adapter = adapter_of(runtime)
    chat = ChatRef("discord", str(CHAN), ChatKind.GROUP, space_id=str(GUILD))
    await until(lambda: adapter.client.get_guild(GUILD).get_member(BOB).get_role(int(role["id"])))
    assert await adapter.has_role(chat, str(BOB), "champion")
    assert await adapter.has_role(chat, str(ALICE), "Organisers")
    await adapter.remove_role(str(GUILD), str(BOB), "Champion")
    assert int(role["id"]) not in dc.guilds[GUILD].members[BOB]["roles"]
    assert len([r for r in dc.guilds[GUILD].roles.values() if r["name"] == "Champion"]) == 1
    assert ORGANISERS in dc.guilds[GUILD].members[ALICE]["roles"]


async def test_direct_messages_open_and_closed(runtime, dc: FakeDiscord) -> None:
    dc.close_dms(BOB)
    closed = await dc.slash_command(GUILD, CHAN, BOB, "dm")
    data = (await callback_for(dc, closed))["data"]
    assert data["content"].startswith("I can't DM you") and data["flags"] & EPHEMERAL
    opened = await dc.slash_command(GUILD, CHAN, ALICE, "dm")
    assert (await callback_for(dc, opened))["data"]["content"] == "Sent you a DM."
    assert dc.messages_in(dc.dm_channel_id(ALICE))[-1]["content"] == "Hello in private."
    with pytest.raises(DirectMessageClosed):
        await adapter_of(runtime).send_direct(str(BOB), Message(rich("hi")))


async def test_timeouts_edits_and_home_chat(runtime, dc: FakeDiscord) -> None:


    adapter = adapter_of(runtime)
    chat = ChatRef("discord", str(CHAN), ChatKind.GROUP, space_id=str(GUILD))
    from bot.capabilities import Restriction

    await adapter.set_restrictions(str(GUILD), str(BOB), frozenset({Restriction.MESSAGES}))
    read_only = next(int(r["id"]) for r in dc.guilds[GUILD].roles.values() if r["name"] == "Read only")
    assert read_only in dc.guilds[GUILD].members[BOB]["roles"]
    await adapter.set_restrictions(str(GUILD), str(BOB), frozenset())
    assert read_only not in dc.guilds[GUILD].members[BOB]["roles"]

    home = await adapter.home_chat(str(GUILD))
    assert home.chat_id == str(ANNOUNCE) and home.space_id == str(GUILD)
    assert await adapter.home_chat("999") is None
    sent = await runtime.post(await _community(), Message(rich("news")))
    assert [s.chat_id for s in sent] == [str(ANNOUNCE)]
    await adapter.edit(sent[0], Message(rich("fresh ", "news")))
    assert dc.messages[int(sent[0].message_id)]["content"] == "fresh news"
    await adapter.delete(sent[0])
    assert int(sent[0].message_id) not in dc.messages


async def test_bot_removed_from_guild_deactivates_binding(runtime, dc: FakeDiscord) -> None:
    await dc.guild_delete(GUILD)

    async def inactive() -> bool:
        binding = await ChatBinding.get(space_key=f"discord:{GUILD}")
        return not binding.active

    for _ in range(200):
        if await inactive():
            break
        import asyncio

        await asyncio.sleep(0.01)
    assert await inactive()


async def _community():
    from bot.models import Community

    return await Community.get(slug="demo")


async def test_unserved_guild_is_ignored(dc: FakeDiscord, tmp_path) -> None:
    from tests.discord.conftest import start_discord

    dc.add_guild(777, "Other", OWNER, channels=[778])
    runtime = await start_discord(dc, tmp_path)
    try:
        assert dc.commands(777) == []
        payload = await dc.slash_command(777, 778, OWNER, "roll", [{"name": "count", "type": 4, "value": 1}],
                                         guild_command=True)
        data = (await callback_for(dc, payload))["data"]
        assert data["content"] == "This server is not served by this bot." and data["flags"] & EPHEMERAL
        assert not await ChatBinding.exists(space_key="discord:777")
    finally:
        await runtime.stop()


async def test_a_command_that_answers_nothing_still_gets_a_response(runtime, dc: FakeDiscord) -> None:
    payload = await dc.slash_command(GUILD, CHAN, BOB, "quiet")
    callback = await callback_for(dc, payload)
    assert callback["type"] == 4 and callback["data"]["content"] == "Done." and callback["data"]["flags"] & EPHEMERAL
    assert dc.messages_in(CHAN)[0]["content"] == "posted without answering"


async def test_bot_added_to_a_served_guild_syncs_it_and_binds_it(dc: FakeDiscord, tmp_path) -> None:
    from tests.discord.conftest import start_discord

    runtime = await start_discord(dc, tmp_path, {"discord": {"guilds": [GUILD, 555]}})
    try:
        dc.add_guild(555, "Second", OWNER, channels=[556])
        await dc.guild_create(555)
        await until(lambda: dc.commands(555))
        assert "roll" in {c["name"] for c in dc.commands(555)}
        for _ in range(300):
            if await ChatBinding.exists(space_key="discord:555", active=True):
                break
            import asyncio

            await asyncio.sleep(0.01)
        assert await ChatBinding.exists(space_key="discord:555", active=True)
    finally:
        await runtime.stop()


async def edit_the_private_answer(runtime, dc: FakeDiscord) -> dict:
    """Edit the private answer as its handler would (through what its reply returned)."""
    [sent] = await until(lambda: test_plugin.ANSWERS)
    await adapter_of(runtime).edit(sent, Message(rich("changed")))
    return await private_answer_edited(dc)


async def private_answer_edited(dc: FakeDiscord) -> dict:
    """The private answer, edited once through the interaction's webhook (no channel endpoint knows it)."""
    [edit] = await until(lambda: [c for c in dc.calls_to("PATCH", "/webhooks/{app}/{token}/messages/{id}")
                                  if not c.path.endswith("/@original")])
    [answer] = [m for m in dc.messages_in(CHAN) if m["flags"] & EPHEMERAL]
    assert edit.path.endswith(f"/messages/{answer['id']}") and answer["content"] == "changed"
    return answer


async def test_an_ephemeral_answer_can_be_edited(runtime, dc: FakeDiscord) -> None:
    await dc.slash_command(GUILD, CHAN, OWNER, "secret")
    await edit_the_private_answer(runtime, dc)
    assert not dc.calls_to("PATCH", "/channels/{channel}/messages/{id}")


async def test_an_ephemeral_answer_after_thinking_can_be_edited(dc: FakeDiscord, tmp_path) -> None:
    """Slower than defer_after: the answer is a followup beside the "thinking…" note, and still
    edited through the interaction."""
    test_plugin.reset()
    runtime = await start_discord(dc, tmp_path, {"discord": {"defer_after": 0.1}})
    try:
        payload = await dc.slash_command(GUILD, CHAN, ALICE, "slow")
        assert (await callback_for(dc, payload))["type"] == 5
        answer = await edit_the_private_answer(runtime, dc)
        assert dc.calls_to("POST", FOLLOWUP)[0].json["content"] == "slow answer"
        assert not dc.calls_to("PATCH", "/channels/{channel}/messages/{id}")
        [note] = [m for m in dc.messages_in(CHAN) if m["id"] != answer["id"]]
        assert note["content"] == "Answered privately."
    finally:
        await runtime.stop()


async def test_an_answer_edited_while_it_is_on_its_way_is_edited_once_it_arrives(runtime, dc: FakeDiscord) -> None:
    """Another task edits the handler's answer while Discord has not yet answered its send (the
    answer has no real id yet): the edit waits for the send, then goes through the interaction."""
    async with dc.held_back("POST", CALLBACK):
        await dc.slash_command(GUILD, CHAN, OWNER, "secret")
        [sent] = await until(lambda: test_plugin.ANSWERS)
        await until(lambda: dc.calls_to("POST", CALLBACK))
        await adapter_of(runtime).edit(sent, Message(rich("changed")))
    await private_answer_edited(dc)


async def test_joins_racing_on_two_invites_are_each_uncertain_and_name_both(runtime, dc: FakeDiscord) -> None:
    """Two joins land before the adapter reads the counts: each is uncertain between the two
    invites whose uses went up, never credited to one of them; the next join alone is exact."""
    dc.add_invite(GUILD, CHAN, "first", ALICE)
    dc.add_invite(GUILD, CHAN, "second", BOB)
    adapter = adapter_of(runtime)
    await adapter.invites.refresh(adapter._client().get_guild(GUILD))
    await asyncio.gather(dc.member_add(GUILD, 60, via_invite="first"), dc.member_add(GUILD, 61, via_invite="second"))
    await until(lambda: len(test_plugin.JOINS) == 2, timeout=20)
    for join in test_plugin.JOINS:
        assert join.invite is None
        assert sorted(ref.url.rsplit("/", 1)[-1] for ref in join.invite_candidates) == ["first", "second"]
    await dc.member_add(GUILD, 62, via_invite="second")
    await until(lambda: len(test_plugin.JOINS) == 3, timeout=20)
    assert test_plugin.JOINS[2].invite.url.endswith("/second") and test_plugin.JOINS[2].invite_candidates == ()
    assert test_plugin.JOINS[2].account_created.year == 2015  # from the snowflake: user 62 is from Discord's epoch


async def test_reactions_added_and_taken_back_reach_plugins(runtime, dc: FakeDiscord) -> None:
    test_plugin.REACTIONS.clear()
    posted = await dc.message_create(CHAN, ALICE, "my homework")
    await dc.reaction(CHAN, int(posted["id"]), BOB, "👍")
    await dc.reaction(CHAN, int(posted["id"]), BOB, "👍", added=False)
    await until(lambda: len(test_plugin.REACTIONS) == 2)
    assert [(e.user.user_id, e.message_id, e.emoji, e.added, e.chat.chat_id) for e in test_plugin.REACTIONS] == [
        (str(BOB), posted["id"], "👍", True, str(CHAN)), (str(BOB), posted["id"], "👍", False, str(CHAN))]
    assert test_plugin.REACTIONS[1].user.name == test_plugin.REACTIONS[0].user.name  # a removal names them too
