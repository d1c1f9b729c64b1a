"""Discord with several instances, and what the gateway sends that discord.py cannot read."""
from __future__ import annotations

import logging

import pytest

from adapters.discord.config import DiscordConfig
from tests.discord.conftest import ANNOUNCE, BOB, CHAN, GUILD, OWNER, start_discord, until
from tests.fakes.discord_server import FakeDiscord

SECOND = 1 << 22  # a guild on shard 1 of 2: (id >> 22) % 2 == 1; GUILD (100) is on shard 0
SECOND_CHAN = SECOND + 1


def _shards(ids: list[int]) -> dict:
    return {"discord": {"shard_count": 2, "shard_ids": ids, "command_sync": "global",
                        "guilds": [{"id": GUILD, "announce_channel": ANNOUNCE}, SECOND]}}


async def test_each_instance_connects_its_shards_and_only_shard_0_syncs_global_commands(dc: FakeDiscord, tmp_path):
    dc.add_guild(SECOND, "Second", OWNER, channels=[SECOND_CHAN])
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    runtime = await start_discord(dc, tmp_path / "one", _shards([1]))
    try:
        assert dc.identify_payloads[-1]["shard"] == [1, 2]
        client = runtime.adapters["discord"].client
        assert {g.id for g in client.guilds} == {SECOND}
        assert dc.calls_to("PUT", "/applications/{app_id}/commands") == []  # not shard 0's instance
        await dc.message_create(CHAN, BOB, "/roll 2")  # GUILD is on shard 0: not this instance's
        await dc.message_create(SECOND_CHAN, BOB, "/roll 3")
        [call] = await dc.wait_for("POST", f"/channels/{SECOND_CHAN}/messages")
        assert call.json["content"] == "bob rolled **3** d6"
        assert dc.messages_in(CHAN)[-1]["content"] == "/roll 2"
    finally:
        await runtime.stop()

    runtime = await start_discord(dc, tmp_path / "two", _shards([0]))
    try:
        assert dc.identify_payloads[-1]["shard"] == [0, 2]
        assert {g.id for g in runtime.adapters["discord"].client.guilds} == {GUILD}
        await until(lambda: dc.commands())
        assert "roll" in {c["name"] for c in dc.commands()}
    finally:
        await runtime.stop()


@pytest.mark.parametrize("section, problem", [
    ({"shard_ids": [0]}, "needs shard_count"),
    ({"shard_count": 2, "shard_ids": [2]}, "from 0 to 1"),
    ({"shard_count": 2, "shard_ids": [1, 1]}, "distinct"),
])
def test_shard_settings_are_checked(section, problem):
    with pytest.raises(ValueError, match=problem):
        DiscordConfig(token="t", **section)


def test_shard_ids_come_from_the_environment_as_a_list():
    assert DiscordConfig(token="t", shard_count=4, shard_ids="[1, 3]").shard_ids == [1, 3]
    assert DiscordConfig(token="t", shard_count=4, shard_ids="2").shard_ids == [2]


async def test_an_event_discord_py_cannot_read_is_skipped_and_the_rest_flows(runtime, dc: FakeDiscord, caplog):
    caplog.set_level(logging.ERROR, logger="adapters.discord.adapter")
    await dc.dispatch("MESSAGE_CREATE", {"id": "4242", "channel_id": str(CHAN), "guild_id": str(GUILD),
                                         "content": "/roll 1"})  # no author: discord.py raises
    await dc.message_create(CHAN, BOB, "/roll 2")
    [call] = await dc.wait_for("POST", f"/channels/{CHAN}/messages")
    assert call.json["content"] == "bob rolled **2** d6"
    [logged] = [r.getMessage() for r in caplog.records if "could not read" in r.getMessage()]
    assert "MESSAGE_CREATE" in logged and "4242" in logged


async def test_an_interaction_too_old_to_answer_is_not_acted_on_later(runtime, dc: FakeDiscord, caplog):
    caplog.set_level(logging.WARNING, logger="adapters.discord.incoming")
    payload = await dc.slash_command(GUILD, CHAN, BOB, "roll", [{"name": "count", "type": 4, "value": 1}],
                                     sent_seconds_ago=10)
    fresh = await dc.slash_command(GUILD, CHAN, BOB, "roll", [{"name": "count", "type": 4, "value": 2}])
    await until(lambda: any(c["interaction_id"] == int(fresh["id"]) for c in dc.interaction_callbacks))
    assert not any(c["interaction_id"] == int(payload["id"]) for c in dc.interaction_callbacks)
    assert any("dropped interaction" in r.getMessage() and payload["id"] in r.getMessage() for r in caplog.records)


async def test_an_interaction_delivered_again_after_a_resume_acts_once(runtime, dc: FakeDiscord):
    payload = await dc.slash_command(GUILD, CHAN, BOB, "roll", [{"name": "count", "type": 4, "value": 3}])
    await until(lambda: any(c["interaction_id"] == int(payload["id"]) for c in dc.interaction_callbacks))
    await dc.drop_connections(code=4000)  # a resumable close: discord.py resumes, and the gateway replays
    await dc.wait_until_connected()
    await dc.dispatch("INTERACTION_CREATE", payload)
    marker = await dc.slash_command(GUILD, CHAN, BOB, "roll", [{"name": "count", "type": 4, "value": 4}])
    await until(lambda: any(c["interaction_id"] == int(marker["id"]) for c in dc.interaction_callbacks))
    # answered once, and not even tried a second time (Discord would refuse it: the user saw it done)
    assert len(dc.calls_to("POST", f"/interactions/{payload['id']}/{payload['token']}/callback")) == 1
