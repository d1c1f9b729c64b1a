"""A changed tier ladder re-syncs members: each moves to the tier the new thresholds give (up or down),
with the tag shown and the move audited once, resuming after a stop without moving anyone twice;
/tier_sync re-syncs one member at once (a stale tier role taken) or everyone in the background."""
import asyncio

from plugins.tiers import plugin as tiers
from plugins.tiers import resync
from plugins.tiers.models import TierAudit
from plugins.tiers.tests.helpers import LADDER, first_tiers_shown, standing, tiers_config

RAISED = [LADDER[0], {**LADDER[1], "xp": 200}, {**LADDER[2], "xp": 320}, LADDER[3]]  # member 100->200, core 300->320


def tags(sandbox) -> dict:
    return {m["user"]: m["tag"] for m in sandbox.adapter().world.member_list("demo") if m["user"] != "admin"}


def change_ladder(sandbox, ladder: list[dict]) -> None:
    """What an operator's edit of the settings and a restart amount to for the running bot."""
    sandbox.runtime.config.plugins["tiers"]["tiers"] = ladder
    sandbox.runtime._plugin_settings.clear()


async def give(sandbox, name: str, xp: int) -> None:
    await sandbox.user(name).says("hello there")
    await sandbox.user("admin").says(f"/xp give @{name} {xp} seed")


async def resynced(name: str) -> int:
    return await TierAudit.filter(member__display_name=name.capitalize(), action="resynced").count()


async def test_a_raised_threshold_moves_members_at_the_hourly_run(make_sandbox):
    sandbox = await make_sandbox(tiers_config(sync_per_second=25), plugins=[tiers])
    for name, xp in (("alice", 150), ("bob", 350), ("carol", 50), ("dave", 310)):
        await give(sandbox, name, xp)
    await first_tiers_shown()
    assert tags(sandbox) == {"alice": "Member", "bob": "Core", "carol": "Newcomer", "dave": "Core"}
    change_ladder(sandbox, RAISED)
    await sandbox.advance(hours=1)  # the hourly job notices the change and starts the re-sync
    await asyncio.wait_for(asyncio.gather(*resync._running.values()), 10)
    assert tags(sandbox) == {"alice": "Newcomer", "bob": "Core", "carol": "Newcomer", "dave": "Member"}
    assert [await resynced(n) for n in ("alice", "bob", "carol", "dave")] == [1, 0, 0, 1]
    await sandbox.advance(hours=1)  # nothing changed since: nobody moves again
    await asyncio.wait_for(asyncio.gather(*resync._running.values()), 10)
    assert [await resynced(n) for n in ("alice", "dave")] == [1, 1]


async def test_a_stopped_re_sync_resumes_without_moving_anyone_twice(make_sandbox):
    sandbox = await make_sandbox(tiers_config(sync_per_second=4), plugins=[tiers])
    names = [f"m{i}" for i in range(6)]
    for name in names:
        await give(sandbox, name, 150)
    change_ladder(sandbox, RAISED)
    reply = await sandbox.user("admin").says("/tier_sync")
    assert reply[0].private and "Re-syncing 6 members" in reply.text
    task = next(iter(resync._running.values()))
    while not await TierAudit.filter(action="resynced").exists():
        await asyncio.sleep(0.01)
    task.cancel()  # the bot stops mid-way
    await asyncio.gather(task, return_exceptions=True)
    done = await TierAudit.filter(action="resynced").count()
    assert 1 <= done < len(names)
    await sandbox.advance(hours=1)  # the next hourly run resumes
    await asyncio.wait_for(asyncio.gather(*resync._running.values()), 20)
    assert [await TierAudit.filter(member__display_name=n.capitalize(), action="resynced").count()
            for n in names] == [1] * len(names)
    assert set(tags(sandbox)[n] for n in names) == {"Newcomer"}


async def test_tier_sync_of_one_member_takes_a_stale_tier_role(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await give(sandbox, "alice", 150)
    sandbox.adapter().world.roles[("demo", "alice")].add("Core")  # e.g. an account joined by /link
    reply = await sandbox.user("admin").says("/tier_sync @alice")
    assert reply[0].private and "holds Member" in reply.text
    roles = {m["user"]: m["roles"] for m in sandbox.adapter().world.member_list("demo")}
    assert roles["alice"] == ["Member"]
    refused = await sandbox.user("carol").says("/tier_sync @alice")
    assert "Member" not in refused.text  # admins only
