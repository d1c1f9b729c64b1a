"""A Discord interaction's handler is one unit of work (bot/unit_of_work.py): a handler that fails
between two writes leaves neither and its held answer never goes out; the user gets the localized
error; nothing is doubled later. Real discord.py against FakeDiscord, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.models import LedgerEntry

from plugins.checkin import plugin as checkin
from plugins.checkin import rewards
from plugins.checkin.models import Checkin, MemberStreak
from tests.discord import plugin as test_plugin
from tests.discord.conftest import ALICE, BOB, CHAN, GUILD, MALLORY, MOD, start_discord, until
from tests.fakes.discord_server import FakeDiscord

ERROR = "Something went wrong on my side"


@pytest.fixture(params=["sqlite", "postgres"])
async def runtime(dc, tmp_path, request):
    test_plugin.reset()
    started = await start_discord(dc, tmp_path, plugins=[test_plugin.plugin, checkin], database=request.param)
    try:
        yield started
    finally:
        await started.stop()


async def answered(dc: FakeDiscord, payload: dict) -> dict:
    """The interaction's answer: its response, or on a busy machine (deferred first: "thinking…")
    the edit that replaced the "thinking…" message, as `{"content": ..., "flags": ...}`."""
    await until(lambda: any(c["interaction_id"] == int(payload["id"]) for c in dc.interaction_callbacks), 30)
    callback = next(c for c in dc.interaction_callbacks if c["interaction_id"] == int(payload["id"]))
    if callback["type"] not in (5, 6):
        await asyncio.sleep(0.05)  # the answer's follow-ups
        return callback["data"]
    hook = f"/webhooks/{dc.application_id}/{payload['token']}"
    later = await until(lambda: [c for c in dc.calls if (c.method, c.path) in (("PATCH", hook + "/messages/@original"),
                                                                              ("POST", hook))], 30)
    await asyncio.sleep(0.05)
    return {"flags": callback["data"].get("flags", 0), **later[0].json}


def everything_sent(dc: FakeDiscord) -> str:
    """Every text the bot showed anyone: responses, follow-ups, edits and channel posts."""
    texts = [c["data"].get("content") or "" for c in dc.interaction_callbacks]
    texts += [(call.json or {}).get("content") or "" for call in dc.calls_to(None, "/webhooks/{app}/{token}")]
    texts += [(call.json or {}).get("content") or ""
              for call in dc.calls_to(None, "/webhooks/{app}/{token}/messages/{message}")]
    texts += [m["content"] for m in dc.messages_in(CHAN)]
    return "\n".join(texts)


async def dtest_points() -> list[str]:
    return sorted(await LedgerEntry.filter(reason="dtest").values_list("reference", flat=True))


async def test_a_command_failing_between_two_writes_leaves_neither_and_its_held_answer_never_goes_out(
        runtime, dc: FakeDiscord):
    crashed = await dc.slash_command(GUILD, CHAN, BOB, "twostep", {"crash": "yes"})
    assert (await answered(dc, crashed))["content"].startswith(ERROR)  # the localized error
    assert await dtest_points() == []  # the first write was rolled back with the handler
    assert "first step done" not in everything_sent(dc)  # the answer given before the failure was held, then dropped

    done = await dc.slash_command(GUILD, CHAN, BOB, "twostep", {"crash": "no"})
    assert (await answered(dc, done))["content"] == "first step done"  # held until the commit, then sent
    [followup] = await dc.wait_for("POST", "/webhooks/{app}/{token}")
    assert followup.json["content"] == "both steps done"
    assert await dtest_points() == [f"i{done['id']}:first", f"i{done['id']}:second"]

    await dc.dispatch("INTERACTION_CREATE", done)  # a resume replays it: ignored, nothing doubled
    await dc.dispatch("INTERACTION_CREATE", crashed)
    marker = await dc.slash_command(GUILD, CHAN, ALICE, "roll", {"count": 1})
    await answered(dc, marker)
    assert await dtest_points() == [f"i{done['id']}:first", f"i{done['id']}:second"]
    assert len([c for c in dc.interaction_callbacks if c["interaction_id"] == int(done["id"])]) == 1


async def test_a_button_failing_between_two_writes_leaves_neither_and_the_user_gets_an_alert(runtime, dc: FakeDiscord):
    menu = await dc.slash_command(GUILD, CHAN, BOB, "twobuttons")
    await answered(dc, menu)
    [message] = [m for m in dc.messages.values() if m.get("content") == "press one"]
    crash, fine = [button["custom_id"] for row in message["components"] for button in row["components"]]

    crashed = await dc.button_click(GUILD, CHAN, BOB, int(message["id"]), crash)
    alert = await answered(dc, crashed)
    assert alert["content"].startswith(ERROR) and alert["flags"] & 64
    assert "You picked 1." not in everything_sent(dc)
    assert await dtest_points() == []

    pressed = await dc.button_click(GUILD, CHAN, BOB, int(message["id"]), fine)
    assert (await answered(dc, pressed))["content"] == "You picked 0."
    assert await dtest_points() == [f"i{pressed['id']}:first", f"i{pressed['id']}:second"]


async def test_a_check_in_failing_after_it_was_recorded_is_rolled_back_and_counts_once_when_tried_again(
        runtime, dc: FakeDiscord, monkeypatch):
    async def fails(*args, **kwargs):
        raise RuntimeError("crashed after the check-in was written")

    with monkeypatch.context() as patched:
        patched.setattr(rewards, "news", fails)  # runs after the check-in, its streak and its points were written
        crashed = await dc.slash_command(GUILD, CHAN, BOB, "checkin", {})
        assert (await answered(dc, crashed))["content"].startswith(ERROR)
    assert await Checkin.all().count() == 0
    assert await LedgerEntry.filter(reason="checkin").count() == 0
    assert await MemberStreak.filter(current__gt=0).count() == 0

    again = await dc.slash_command(GUILD, CHAN, BOB, "checkin", {})
    assert "checked in — the first today" in (await answered(dc, again))["content"]
    assert await Checkin.all().count() == 1
    assert await LedgerEntry.filter(reason="checkin").count() == 1


async def test_check_ins_typed_and_slashed_at_once_are_all_recorded_without_waiting_on_each_other(
        runtime, dc: FakeDiscord):
    """A typed check-in goes to the recorder's group commit; a slash command's is written inside its
    own unit of work (on SQLite the group commit would wait for the connection the unit holds, while
    the unit waits for the group commit)."""
    typed = [dc.message_create(CHAN, user, "/checkin") for user in (ALICE, MOD)]
    slashed = [dc.slash_command(GUILD, CHAN, user, "checkin", {}) for user in (BOB, MALLORY)]
    *_, bob, mallory = await asyncio.gather(*typed, *slashed)
    async with asyncio.timeout(30):  # generous for a busy machine: without the fix it never ends
        for payload in (bob, mallory):
            assert "checked in" in (await answered(dc, payload))["content"]
        await until(lambda: sum("checked in" in m["content"] for m in dc.messages_in(CHAN)) == 4)  # answers too
    assert await Checkin.all().count() == 4
    assert sorted(await MemberStreak.all().values_list("current", flat=True)) == [1, 1, 1, 1]


def start_bot_process(dc: FakeDiscord, database: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.discord.bot_process", dc.api_url, str(database)],
                            cwd=Path(__file__).parents[2], stdout=log.open("w"), stderr=subprocess.STDOUT)


async def serving(process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90  # a busy machine imports and migrates slowly
    while "serving" not in log.read_text():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the bot never started"
        await asyncio.sleep(0.05)


def dtest_rows(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return sorted(r for (r,) in connection.execute("SELECT reference FROM core_ledger WHERE reason = 'dtest'"))


async def test_a_process_killed_between_two_writes_leaves_neither_and_answers_nothing(dc: FakeDiscord, tmp_path):
    database = tmp_path / "bot.sqlite3"
    first = start_bot_process(dc, database, tmp_path / "first.log")
    try:
        await serving(first, tmp_path / "first.log")
        killed = await dc.slash_command(GUILD, CHAN, BOB, "pausing")
        await dc.wait_for("POST", f"/channels/{CHAN}/messages", timeout=30)  # the first write is made: kill it now
        first.kill()
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert dtest_rows(database) == []  # the first write died with its transaction
    assert not any(c["interaction_id"] == int(killed["id"]) for c in dc.interaction_callbacks)  # Discord: failed

    second = start_bot_process(dc, database, tmp_path / "second.log")
    try:
        await serving(second, tmp_path / "second.log")
        again = await dc.slash_command(GUILD, CHAN, BOB, "twostep")  # the member tries again
        assert (await answered(dc, again))["content"] == "first step done"
        assert dtest_rows(database) == [f"i{again['id']}:first", f"i{again['id']}:second"]
        assert not any(c["interaction_id"] == int(killed["id"]) for c in dc.interaction_callbacks)
    finally:
        second.kill()
        second.wait(10)
