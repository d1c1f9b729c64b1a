"""The gate on Discord, end to end with discord.py and FakeDiscord: a newcomer gets the newcomer role,
answers the questions by buttons in direct messages (`form = false`; the form: test_gate_form.py)
and loses the role when they pass; a wrong
answer goes to the admins' queue, where a decline removes them (kick); spam is deleted and its
author banned at the step-up."""
from __future__ import annotations

from plugins.gate import plugin as gate
from tests.discord.conftest import ALICE, ANNOUNCE, BOT_ROLE, CHAN, GUILD, MOD, OWNER, start_discord, until
from tests.fakes.discord_server import BAN_MEMBERS, KICK_MEMBERS, MANAGE_ROLES, FakeDiscord

NEWCOMER = 60
QUESTIONS = [{"kind": "choice", "ask": "Why are you here?", "choices": ["To learn", "To sell"], "correct": [0]}]


def settings(**gate_settings) -> dict:
    gate_settings.setdefault("door", {"questions": QUESTIONS, "newcomer_role": "Newcomer", "form": False})
    gate_settings.setdefault("log_chat", f"discord:{GUILD}")
    return {"plugins": {"gate": gate_settings}}


def role_names(dc: FakeDiscord, user: int) -> set[str]:
    guild = dc.guilds[GUILD]
    return {guild.roles[r]["name"] for r in guild.members[user]["roles"]} if user in guild.members else set()


def with_buttons(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m.get("components")]


async def click(dc: FakeDiscord, guild: int | None, channel: int, user: int, message: dict, label: str) -> None:
    button = next(b for row in message["components"] for b in row["components"] if label in b["label"])
    payload = await dc.button_click(guild, channel, user, int(message["id"]), button["custom_id"])
    await until(lambda: any(c["interaction_id"] == int(payload["id"]) for c in dc.interaction_callbacks))


async def test_a_newcomer_passes_by_button_and_loses_the_newcomer_role(dc: FakeDiscord, tmp_path) -> None:
    dc.add_user(NEWCOMER, "newbie")
    runtime = await start_discord(dc, tmp_path, settings(), plugins=[gate])
    try:
        await dc.member_add(GUILD, NEWCOMER)
        await until(lambda: "Newcomer" in role_names(dc, NEWCOMER))
        dm = dc.dm_channel_id(NEWCOMER)
        question = (await until(lambda: with_buttons(dc.messages_in(dm))))[-1]
        assert question["content"] == "Question 1 of 1: Why are you here?"
        await click(dc, None, dm, NEWCOMER, question, "To learn")
        await until(lambda: "Newcomer" not in role_names(dc, NEWCOMER))
        assert (await until(lambda: [m for m in dc.messages_in(dm) if "Welcome" in m["content"]]))
    finally:
        await runtime.stop()


async def test_a_declined_newcomer_is_removed(dc: FakeDiscord, tmp_path) -> None:
    dc.guilds[GUILD].roles[BOT_ROLE]["permissions"] = str(MANAGE_ROLES | KICK_MEMBERS)
    dc.add_user(NEWCOMER, "newbie")
    runtime = await start_discord(dc, tmp_path, settings(), plugins=[gate])
    try:
        await dc.member_add(GUILD, NEWCOMER)
        dm = dc.dm_channel_id(NEWCOMER)
        question = (await until(lambda: with_buttons(dc.messages_in(dm))))[-1]
        await click(dc, None, dm, NEWCOMER, question, "To sell")
        queued = (await until(lambda: with_buttons([m for m in dc.messages_in(ANNOUNCE)
                                                    if "Application #1" in m["content"]])))[-1]
        await click(dc, GUILD, ANNOUNCE, OWNER, queued, "Wrong answers")
        await until(lambda: NEWCOMER not in dc.guilds[GUILD].members)
        assert (await until(lambda: [m for m in dc.messages_in(dm) if "was declined" in m["content"]]))
    finally:
        await runtime.stop()


async def test_spam_is_deleted_and_the_author_banned_at_the_step_up(dc: FakeDiscord, tmp_path) -> None:
    dc.guilds[GUILD].roles[BOT_ROLE]["permissions"] = str(MANAGE_ROLES | BAN_MEMBERS)
    dc.add_user(NEWCOMER, "raider")
    dc.add_member(GUILD, NEWCOMER)
    overrides = settings(actions={"mute_after": 2, "remove_after": 2})
    overrides["discord"] = {"message_content_intent": True}  # the bot reads what members write
    runtime = await start_discord(dc, tmp_path, overrides, plugins=[gate])
    try:
        first = await dc.message_create(CHAN, NEWCOMER, "join my server discord.gg/freenitro")
        await until(lambda: int(first["id"]) not in dc.messages)
        await dc.message_create(CHAN, NEWCOMER, "join my server discord.gg/freenitro2")
        await until(lambda: NEWCOMER in dc.guilds[GUILD].bans)
        assert (await until(lambda: [m for m in dc.messages_in(ANNOUNCE) if "#2 banned: raider" in m["content"]]))
    finally:
        await runtime.stop()


async def test_without_a_log_chat_each_admin_gets_the_application_privately(dc: FakeDiscord, tmp_path) -> None:
    dc.guilds[GUILD].roles[BOT_ROLE]["permissions"] = str(MANAGE_ROLES | KICK_MEMBERS)
    dc.add_user(NEWCOMER, "newbie")
    dc.close_dms(ALICE)  # an admin (admin_role) who takes no direct messages: skipped
    runtime = await start_discord(dc, tmp_path, settings(log_chat=None), plugins=[gate])
    try:
        admins = await runtime.adapters["discord"].list_admins(str(GUILD))
        assert {int(a.user_id) for a in admins} == {OWNER, ALICE, MOD}  # the owner, admin_role, Manage Server
        await dc.member_add(GUILD, NEWCOMER)
        dm = dc.dm_channel_id(NEWCOMER)
        question = (await until(lambda: with_buttons(dc.messages_in(dm))))[-1]
        await click(dc, None, dm, NEWCOMER, question, "To sell")
        for_mod = (await until(lambda: with_buttons(dc.messages_in(dc.dm_channel_id(MOD)))))
        for_owner = (await until(lambda: with_buttons(dc.messages_in(dc.dm_channel_id(OWNER)))))
        assert len(for_mod) == len(for_owner) == 1 and "Application #1: newbie" in for_mod[0]["content"]
        assert dc.messages_in(ANNOUNCE) == [] and dc.messages_in(dc.dm_channel_id(ALICE)) == []
        await click(dc, None, dc.dm_channel_id(MOD), MOD, for_mod[0], "Wrong answers")
        await until(lambda: NEWCOMER not in dc.guilds[GUILD].members)
    finally:
        await runtime.stop()


async def test_probation_roles_are_taken_on_time_across_a_restart(dc: FakeDiscord, tmp_path) -> None:
    """A newcomer gets the restriction roles of probation when they join; the bot stops, the
    hours pass while it is down, and the new process takes the roles back at its first tick."""
    from datetime import timedelta

    from adapters.discord import DiscordAdapter
    from adapters.sandbox.testing import DEFAULT_START
    from bot.clock import ManualClock, use_clock
    from bot.runtime import Runtime
    from bot.stores import MemoryStore
    from plugins.gate.models import ProbationPeriod

    clock = ManualClock(DEFAULT_START)
    previous = use_clock(clock)
    dc.add_user(NEWCOMER, "newbie")
    overrides = settings(door={"enabled": False}, probation={"hours": 24})
    overrides["discord"] = {"message_content_intent": True}  # links are seen in the text
    probation_roles = {"No links", "No media"}  # forwards: deleted by the bot, Discord has no right for them
    runtime = await start_discord(dc, tmp_path, overrides, plugins=[gate])
    try:
        await dc.member_add(GUILD, NEWCOMER)
        await until(lambda: probation_roles <= role_names(dc, NEWCOMER))
        with_a_link = await dc.message_create(CHAN, NEWCOMER, "my shop https://shop.example")
        await until(lambda: dc.calls_to("DELETE", f"/channels/{CHAN}/messages/{with_a_link['id']}"))
        await runtime.stop()
        clock.advance(timedelta(hours=25))
        runtime = Runtime(runtime.config, [gate], {"discord": DiscordAdapter}, store=MemoryStore())
        await runtime.start(migrate_database=False)  # the same database
        assert probation_roles <= role_names(dc, NEWCOMER)  # nothing lifted it while the bot was down
        await runtime.scheduler.run_due(clock.now() + timedelta(minutes=1))  # its first minute tick
        await until(lambda: not probation_roles & role_names(dc, NEWCOMER))
        period = await ProbationPeriod.get()
        assert period.lifted_by == "time" and period.lifted_at <= clock.now()
    finally:
        await runtime.stop()
        use_clock(previous)


async def test_a_muted_member_appeals_privately_and_an_admins_undo_gives_the_rights_back(dc: FakeDiscord,
                                                                                       tmp_path) -> None:
    """Spam twice: deleted, warned, then muted ("Read only" role). The member's /appeal in DMs reaches
    the log chat with the Undo button; the owner's press takes the role back, tells the member, and
    a second press finds it already undone."""
    dc.add_user(NEWCOMER, "chatty")
    dc.add_member(GUILD, NEWCOMER)
    overrides = settings(actions={"mute_after": 2, "mute_minutes": 30})
    overrides["discord"] = {"message_content_intent": True}
    runtime = await start_discord(dc, tmp_path, overrides, plugins=[gate])
    try:
        for n in range(2):
            sent = await dc.message_create(CHAN, NEWCOMER, f"join my server discord.gg/freenitro{n}")
            await until(lambda: int(sent["id"]) not in dc.messages)
        await until(lambda: "Read only" in role_names(dc, NEWCOMER))
        dm = dc.dm_channel_id(NEWCOMER)
        await dc.dm_message(NEWCOMER, "/appeal it was my own server, sorry")  # guild-synced: typed in DMs
        await until(lambda: [m for m in dc.messages_in(dm) if m["content"] == "Your appeal was sent to the admins."])
        pushed = (await until(lambda: with_buttons([m for m in dc.messages_in(ANNOUNCE)
                                                   if m["content"].startswith("Appeal from chatty")])))[-1]
        assert "it was my own server, sorry" in pushed["content"]
        await click(dc, GUILD, ANNOUNCE, OWNER, pushed, "Undo")
        await until(lambda: "Read only" not in role_names(dc, NEWCOMER))
        assert (await until(lambda: [m for m in dc.messages_in(dm) if m["content"].startswith("An admin undid")]))
        await click(dc, GUILD, ANNOUNCE, OWNER, pushed, "Undo")
        again = dc.interaction_callbacks[-1]
        assert again["data"]["content"] == "Action #2 was already undone." and again["data"]["flags"] & 64
    finally:
        await runtime.stop()
