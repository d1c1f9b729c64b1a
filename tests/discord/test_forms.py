"""Forms on Discord (bot/forms.py), real discord.py against FakeDiscord: a button with a form opens
a modal as the interaction's first answer; the submission reaches the plugin's form handler as one
unit of work, answered through the interaction; someone else's form neither opens nor is taken; a
stale one answers that it expired."""
from __future__ import annotations

from tests.discord.conftest import BOB, CHAN, GUILD, MALLORY, until
from tests.discord.test_unit_of_work import ERROR, answered, dtest_points, everything_sent
from tests.fakes.discord_server import FakeDiscord

NOT_YOURS = "This button is for someone else."


async def apply_message(dc: FakeDiscord) -> tuple[dict, str]:
    """Bob's /apply answer, with its button's custom id."""
    await answered(dc, await dc.slash_command(GUILD, CHAN, BOB, "apply"))
    message = next(m for m in dc.messages.values() if m.get("content") == "Apply here")
    return message, message["components"][0]["components"][0]["custom_id"]


async def press(dc: FakeDiscord, user: int, message: dict, custom_id: str) -> dict:
    payload = await dc.button_click(GUILD, CHAN, user, int(message["id"]), custom_id)
    return await until(lambda: next((c for c in dc.interaction_callbacks if c["interaction_id"] == int(payload["id"])),
                                    None))


async def test_a_button_opens_its_form_and_the_answers_reach_the_handler_privately(runtime, dc: FakeDiscord):
    message, custom_id = await apply_message(dc)
    assert (await press(dc, BOB, message, custom_id))["type"] == 9  # the modal is the first answer
    [modal] = dc.modals
    assert modal["custom_id"] == custom_id and modal["title"] == "Application"
    assert [(c["label"], c["component"]["type"]) for c in modal["components"]] == [("Your name", 4), ("Your level", 3)]

    sent = await dc.modal_submit(GUILD, CHAN, BOB, custom_id, {"name": "Bob", "level": ["1"]}, message_id=int(message["id"]))
    answer = await answered(dc, sent)
    assert answer["content"] == "Thanks Bob: round 3, seasoned." and answer["flags"] & 64
    assert await dtest_points() == [f"i{sent['id']}:first", f"i{sent['id']}:second"]


async def test_someone_elses_form_neither_opens_nor_is_taken(runtime, dc: FakeDiscord):
    message, custom_id = await apply_message(dc)
    refused = await press(dc, MALLORY, message, custom_id)
    assert refused["type"] == 4 and refused["data"]["content"] == NOT_YOURS and refused["data"]["flags"] & 64
    assert dc.modals == []
    forged = await dc.modal_submit(GUILD, CHAN, MALLORY, custom_id, {"name": "Mallory", "level": ["0"]})
    assert (await answered(dc, forged))["content"] == NOT_YOURS
    assert await dtest_points() == []


async def test_a_stale_form_answers_that_it_expired(runtime, dc: FakeDiscord):
    stale = await dc.modal_submit(GUILD, CHAN, BOB, "~gone-since-long", {"name": "Bob", "level": "0"})
    answer = await answered(dc, stale)
    assert answer["content"] == "This form has expired. Ask for a new one." and answer["flags"] & 64


async def test_a_form_handler_failing_between_two_writes_leaves_neither(runtime, dc: FakeDiscord):
    message, custom_id = await apply_message(dc)
    await press(dc, BOB, message, custom_id)
    crashed = await dc.modal_submit(GUILD, CHAN, BOB, custom_id, {"name": "crash", "level": ["0"]})
    alert = await answered(dc, crashed)
    assert alert["content"].startswith(ERROR) and alert["flags"] & 64
    assert "Thanks crash" not in everything_sent(dc)  # the answer given before the failure was held, then dropped
    assert await dtest_points() == []
