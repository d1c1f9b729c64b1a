"""XP from every plugin's activities and from chat messages: weights, daily caps, cooldown, one count per
reference, and the level curve."""
import pytest

from plugins.tiers import plugin as tiers
from plugins.tiers.levels import level_of, xp_for_next
from plugins.tiers.models import XpEntry
from plugins.tiers.tests.helpers import activities, member, standing, tiers_config


async def test_the_default_curve_is_mee6s():
    assert [xp_for_next(level, [100, 50, 5]) for level in (0, 1, 2)] == [100, 155, 220]
    assert level_of(4675, [100, 50, 5]).level == 10  # MEE6: level 10 at 4,675 XP
    assert level_of(4674, [100, 50, 5]).level == 9
    custom = level_of(250, [100])
    assert (custom.level, custom.into, custom.needed) == (2, 50, 100)


async def test_a_checkin_earns_its_weight_and_tier_why_explains_it(make_sandbox):
    # every installed plugin, the check-in plugin among them (plugins never import each other)
    sandbox = await make_sandbox(tiers_config(sources={"checkin": {"xp": 20, "daily_cap": 20}}))
    await sandbox.user("alice").says("/checkin")
    assert (await standing("alice")).xp == 20
    why = await sandbox.user("alice").says("/tier why")
    assert why[0].private and "checkin: 20 XP (once)" in why.text


async def test_each_source_has_a_daily_cap(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[activities, tiers])
    for n in range(3):
        await sandbox.user("alice").says(f"/did homework.accepted hw-{n}")
    assert (await standing("alice")).xp == 100  # 50 each, capped at 100 a day
    assert await XpEntry.filter(source="homework.accepted").count() == 3  # the capped one is still seen
    await sandbox.advance(days=1)
    await sandbox.user("alice").says("/did homework.accepted hw-3")
    assert (await standing("alice")).xp == 150


async def test_a_kind_not_listed_earns_the_other_sources_rate(make_sandbox):
    sandbox = await make_sandbox(tiers_config(other_sources={"xp": 7, "daily_cap": 0}), plugins=[activities, tiers])
    await sandbox.user("alice").says("/did showcase.posted s1")
    await sandbox.user("alice").says("/did showcase.posted s2")
    assert (await standing("alice")).xp == 14


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_a_redelivered_activity_counts_once(make_sandbox, database):
    sandbox = await make_sandbox(tiers_config(), plugins=[activities, tiers], database=database)
    await sandbox.user("alice").says("/did homework.accepted hw-1")
    await sandbox.user("alice").says("/did homework.accepted hw-1")  # the same fact published again
    assert (await standing("alice")).xp == 50
    assert await XpEntry.filter(member_id=(await member("alice")).id).count() == 1
    sandbox.runtime.store = type(sandbox.runtime.store)()  # a second instance's store: the bus forgot it
    await sandbox.user("alice").says("/did homework.accepted hw-1")
    assert (await standing("alice")).xp == 50  # the database still counts it once


async def test_messages_earn_with_cooldown_minimum_length_and_cap(make_sandbox):
    rules = {"enabled": True, "xp": 5, "cooldown_seconds": 60, "min_length": 10, "daily_cap": 10}
    sandbox = await make_sandbox(tiers_config(messages=rules), plugins=[tiers])
    alice = sandbox.user("alice")
    await alice.says("too short")
    await alice.says("a message long enough to count")
    await alice.says("another long message, within the minute")
    assert (await standing("alice")).xp == 5
    await sandbox.advance(seconds=61)
    await alice.says("a message after the cooldown")
    await sandbox.advance(seconds=61)
    await alice.says("one more after the cooldown, over the cap")
    assert (await standing("alice")).xp == 10
    await alice.says("/tier why")
    assert (await standing("alice")).xp == 10  # commands never earn message XP


async def test_messages_earn_nothing_unless_enabled(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await sandbox.user("alice").says("a message long enough to count")
    assert not await XpEntry.exists()


async def test_messages_arriving_together_are_written_in_batches(make_sandbox):
    import asyncio

    from bot import MessageReceived
    from bot.testing import SqlLog

    rules = {"enabled": True, "xp": 60, "cooldown_seconds": 0, "min_length": 10, "daily_cap": 100}
    sandbox = await make_sandbox(tiers_config(messages=rules), plugins=[tiers])
    names = [f"u{i}" for i in range(12)]
    for name in names:
        await sandbox.user(name).says("/tier")  # members, with no message XP yet
    with SqlLog() as log:
        await asyncio.gather(*(sandbox.user(name).says(f"a long message number {n}") for name in names
                               for n in range(2)))
    inserts = [s for s in log.statements if s.startswith('INSERT INTO "tiers_xp"')]
    assert 0 < len(inserts) < len(names), "messages arriving together were written one by one"
    for name in names:
        row = await standing(name)
        assert row.xp == 100  # 60, then 40 up to the daily cap, whichever batch each went in
        assert row.earned == "member"  # 100 XP: promoted once the batch that crossed it was written

    adapter = sandbox.adapter()
    first = next(m for m in adapter.world.history("demo") if m.sender == "u0")
    again = MessageReceived(platform="sandbox", chat=adapter.world.chat("demo"), user=adapter.world.user("u0"),
                            at=sandbox.clock.now(), message_id=first.id, text=first.text, event_id=f"m{first.id}")
    await sandbox.advance(days=1)
    await asyncio.gather(adapter.deliver(again), adapter.deliver(again))  # redelivered, twice at once
    assert (await standing("u0")).xp == 100  # its reference was counted the first time
