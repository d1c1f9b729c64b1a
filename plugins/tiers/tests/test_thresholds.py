"""/tier_threshold: an admin changes a tier's XP threshold for the community, over the settings;
the change is audited, kept across a restart, seen by another instance, and members move to it
in the background; wrong input gets a plain answer in the admin's language."""
import asyncio

from plugins.tiers import plugin as tiers
from plugins.tiers import resync, thresholds
from plugins.tiers.models import TierAudit, TierThreshold
from plugins.tiers.tests.helpers import member, standing, tiers_config


def tags(sandbox) -> dict:
    return {m["user"]: m["tag"] for m in sandbox.adapter().world.member_list("demo") if m["user"] != "admin"}


async def give(sandbox, name: str, xp: int) -> None:
    await sandbox.user(name).says("hello there")
    await sandbox.user("admin").says(f"/xp give @{name} {xp} seed")


async def resync_done() -> None:
    await asyncio.wait_for(asyncio.gather(*resync._running.values()), 10)


async def test_a_raised_threshold_moves_members_and_stays_after_a_restart(make_sandbox):
    sandbox = await make_sandbox(tiers_config(sync_per_second=25), plugins=[tiers])
    for name, xp in (("alice", 150), ("bob", 250)):
        await give(sandbox, name, xp)
    reply = await sandbox.user("admin").says("/tier_threshold member 200")
    assert reply[0].private
    assert reply.text.startswith("Member is now earned from 200 XP (it was 100; audited). Re-syncing 2 members")
    await resync_done()
    assert tags(sandbox) == {"alice": "Newcomer", "bob": "Member"}
    audit = await TierThreshold.get()
    assert (audit.tier, audit.xp, audit.previous, audit.by) == ("member", 200, 100, "Admin")
    assert "Member at 200 XP (50 to go)" in (await sandbox.user("alice").says("/tier")).text

    await sandbox.restart()  # the settings still say 100: the admin's 200 holds, nobody moves back
    await resync_done()
    assert [(await standing(n)).shown for n in ("alice", "bob")] == ["newcomer", "member"]
    assert await TierAudit.filter(member_id=(await member("alice")).id, action="resynced").count() == 1

    reply = await sandbox.user("admin").says("/tier_threshold member default")
    assert reply.text.startswith("Member is now earned from 100 XP (it was 200")
    await resync_done()
    assert [(await standing(n)).shown for n in ("alice", "bob")] == ["member", "member"]


async def test_another_instance_sees_a_change_within_a_minute(make_sandbox, monkeypatch):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await give(sandbox, "alice", 150)
    assert "Core at 300 XP" in (await sandbox.user("alice").says("/tier")).text
    alice = await member("alice")
    await TierThreshold.create(community_id=alice.community_id, tier="core", xp=500, previous=300, by="Other",
                               at=sandbox.now)  # written by another instance
    monkeypatch.setattr(thresholds, "REFRESH_SECONDS", 0)  # as if a minute passed
    await sandbox.user("alice").says("/tier")  # reads again in the background
    await asyncio.sleep(0.05)
    assert "Core at 500 XP" in (await sandbox.user("alice").says("/tier")).text


async def test_wrong_thresholds_are_refused_in_plain_words(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await give(sandbox, "alice", 150)
    admin = sandbox.user("admin")
    assert (await admin.says("/tier_threshold newcomer 10")).text == \
        "Newcomer is the lowest tier: it holds every member from 0 XP."
    assert (await admin.says("/tier_threshold member lots")).text == \
        'Give the XP as a whole number from 0 to 100,000,000, or "default".'
    assert (await admin.says("/tier_threshold member 400")).text == \
        "Thresholds must climb: Member needs from 0 XP (Newcomer) to 300 XP (Core)."
    assert (await admin.says("/tier_threshold elder 200")).text == \
        "Thresholds must climb: Elder needs at least 300 XP (Core)."
    assert "There is no tier “wizard”" in (await admin.says("/tier_threshold wizard 5")).text
    zh = await sandbox.user("admin", lang="zh-CN").says("/tier_threshold member 400")
    assert zh.text == "门槛必须逐级升高：成员需要 0 到 300 经验之间（新人 与 核心 之间）。"
    await sandbox.user("carol").says("/tier_threshold member 5")  # not an admin
    assert await TierThreshold.all().count() == 0
