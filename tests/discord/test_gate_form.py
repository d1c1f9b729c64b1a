"""The gate's door on Discord as one form (a modal), end to end with discord.py and FakeDiscord: the
newcomer gets the newcomer role and a direct message whose button opens every question at once;
right answers lift the role. Where the newcomer takes no direct messages the button is in the
welcome channel, where nobody else can open or send their form; a wrong code goes to the admins."""
from __future__ import annotations

from plugins.gate import plugin as gate
from tests.discord.conftest import ANNOUNCE, CHAN, GUILD, MALLORY, start_discord, until
from tests.discord.test_gate import NEWCOMER, role_names, with_buttons
from tests.fakes.discord_server import FakeDiscord

QUESTIONS = [{"kind": "rules", "ask": "Be kind."},
             {"kind": "choice", "ask": "Why are you here?", "choices": ["To learn", "To sell"], "correct": [0]},
             {"kind": "code", "ask": "The code from our website?", "code": "PY2026"}]


def settings(**door) -> dict:
    return {"plugins": {"gate": {"door": {"questions": QUESTIONS, "newcomer_role": "Newcomer", **door},
                                 "log_chat": f"discord:{GUILD}"}}}


async def open_form(dc: FakeDiscord, user: int, guild: int | None, channel: int) -> tuple[dict, dict]:
    """The message with the newcomer's button, and what its press by `user` answered."""
    offer = (await until(lambda: with_buttons(dc.messages_in(channel))))[-1]
    custom_id = offer["components"][0]["components"][0]["custom_id"]
    press = await dc.button_click(guild, channel, user, int(offer["id"]), custom_id)
    callback = await until(lambda: next((c for c in dc.interaction_callbacks if c["interaction_id"] == int(press["id"])),
                                        None))
    return offer, callback


async def submit(dc: FakeDiscord, user: int, guild: int | None, channel: int, offer: dict, code: str) -> dict:
    custom_id = offer["components"][0]["components"][0]["custom_id"]
    sent = await dc.modal_submit(guild, channel, user, custom_id, {"q0": ["0"], "q1": ["0"], "q2": code},
                                 message_id=int(offer["id"]))
    return await until(lambda: next((c for c in dc.interaction_callbacks if c["interaction_id"] == int(sent["id"])),
                                    None))


async def test_a_newcomer_passes_by_the_form_and_loses_the_newcomer_role(dc: FakeDiscord, tmp_path) -> None:
    dc.add_user(NEWCOMER, "newbie")
    runtime = await start_discord(dc, tmp_path, settings(), plugins=[gate])
    try:
        await dc.member_add(GUILD, NEWCOMER)
        await until(lambda: "Newcomer" in role_names(dc, NEWCOMER))
        dm = dc.dm_channel_id(NEWCOMER)
        offer, opened = await open_form(dc, NEWCOMER, None, dm)
        assert offer["content"].startswith("Hello! To join Demo, answer 3 questions with the button below.")
        assert opened["type"] == 9
        assert [c["label"] for c in dc.modals[-1]["components"]] == ["The rules", "Why are you here?",
                                                                     "The code from our website?"]
        answer = await submit(dc, NEWCOMER, None, dm, offer, "py2026")
        assert answer["data"]["content"] == "Thank you! Your answers are in." and answer["data"]["flags"] & 64
        await until(lambda: "Newcomer" not in role_names(dc, NEWCOMER))
        assert (await until(lambda: [m for m in dc.messages_in(dm) if "Welcome" in m["content"]]))
    finally:
        await runtime.stop()


async def test_in_the_welcome_channel_nobody_else_sends_the_form_and_a_wrong_code_goes_to_the_admins(
        dc: FakeDiscord, tmp_path) -> None:
    dc.add_user(NEWCOMER, "newbie")
    dc.close_dms(NEWCOMER)
    runtime = await start_discord(dc, tmp_path, settings(welcome_chat=f"discord:{GUILD}/{CHAN}"), plugins=[gate])
    try:
        await dc.member_add(GUILD, NEWCOMER)
        offer, refused = await open_form(dc, MALLORY, GUILD, CHAN)  # someone else presses the newcomer's button
        assert offer["content"].startswith(f"Welcome, <@{NEWCOMER}>! I can't write to you privately")
        assert refused["data"]["content"] == "This button is for someone else." and dc.modals == []
        forged = await submit(dc, MALLORY, GUILD, CHAN, offer, "py2026")
        assert forged["data"]["content"] == "This button is for someone else."

        _, opened = await open_form(dc, NEWCOMER, GUILD, CHAN)
        assert opened["type"] == 9
        await submit(dc, NEWCOMER, GUILD, CHAN, offer, "a guess")
        queued = await until(lambda: [m for m in dc.messages_in(ANNOUNCE) if "Application #1" in m["content"]])
        assert "3. The code from our website? → a guess ❌" in queued[-1]["content"]
        assert "Newcomer" in role_names(dc, NEWCOMER)
    finally:
        await runtime.stop()
