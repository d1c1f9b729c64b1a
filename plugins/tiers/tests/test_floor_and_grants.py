"""The activity floor (warning, grace, one step down at a time), granted tiers that expire back to the
earned one, the admins' schedule, and a member who left getting no platform calls."""
from datetime import timedelta

from plugins.tiers import plugin as tiers
from plugins.tiers.models import TierAudit, TierGrant
from plugins.tiers.tests.helpers import activities, member, standing, tiers_config


def tag_of(sandbox, user: str):
    return {m["user"]: m["tag"] for m in sandbox.adapter().world.member_list("demo")}.get(user)


async def become_core(sandbox, name: str = "alice"):
    await sandbox.user(name).says("hello")
    await sandbox.user("admin").says(f"/xp give @{name} 300 founding work")
    assert (await standing(name)).shown == "core"


async def test_below_the_floor_a_member_is_warned_then_steps_down_one_tier(make_sandbox):
    sandbox = await make_sandbox(tiers_config(grace_days=14, warn_days=7), plugins=[tiers])
    await become_core(sandbox)
    await sandbox.advance(days=31)  # the founding XP left the 30-day window
    row = await standing("alice")
    assert row.below_floor_since is not None and row.steps_down_on == row.below_floor_since + timedelta(days=14)
    assert row.warned_on is None
    schedule = await sandbox.user("admin").says("/tier_schedule")
    assert schedule[0].private and f"Alice (Core): steps down on {row.steps_down_on.isoformat()}" in schedule.text
    await sandbox.advance(days=7)
    warning = sandbox.history("dm:alice")[-1].text
    assert warning.startswith("Heads-up: to keep Core you need 100 more XP")
    assert row.steps_down_on.isoformat() in warning
    await sandbox.advance(days=7)
    row = await standing("alice")
    assert row.shown == "member" and row.earned == "member"  # one step, not to the bottom
    assert sandbox.history("dm:alice")[-1].text.startswith("You stepped down from Core to Member")
    assert tag_of(sandbox, "alice") == "Member"
    assert await TierAudit.filter(action="stepped_down", old="core", new="member").count() == 1
    shown = await sandbox.user("alice").says("/tier")
    assert "Activity: 0 XP in the last 30 days; Member asks for 50." in shown.text


async def test_activity_during_grace_keeps_the_tier(make_sandbox):
    sandbox = await make_sandbox(tiers_config(grace_days=14, warn_days=7), plugins=[activities, tiers])
    await become_core(sandbox)
    await sandbox.advance(days=31)
    assert (await standing("alice")).steps_down_on is not None
    await sandbox.user("alice").says("/did homework.accepted hw-1")
    await sandbox.user("alice").says("/did homework.accepted hw-2")  # 100 XP: back at the floor
    await sandbox.advance(days=1)
    row = await standing("alice")
    assert row.steps_down_on is None and row.below_floor_since is None
    await sandbox.advance(days=13)
    assert (await standing("alice")).shown == "core"
    assert (await sandbox.user("admin").says("/tier_schedule")).text == "Nobody is below their tier's activity floor."


async def test_a_granted_tier_is_reminded_and_expires_back_to_the_earned_one(make_sandbox):
    sandbox = await make_sandbox(tiers_config(grant_reminder_days=3), plugins=[tiers])
    await sandbox.user("alice").says("hello")
    done = await sandbox.user("admin").says("/tier_grant @alice elder 10 sponsor of the month")
    assert done[0].private and "holds Elder until" in done.text
    assert (await standing("alice")).shown == "elder" and (await standing("alice")).earned == "newcomer"
    assert tag_of(sandbox, "alice") == "Elder"
    await sandbox.advance(days=7, hours=1)
    assert sandbox.history("dm:alice")[-1].text.startswith("Your granted Elder ends on")
    await sandbox.advance(days=3)
    assert (await standing("alice")).shown == "newcomer"
    assert tag_of(sandbox, "alice") == "Newcomer"
    assert sandbox.history("dm:alice")[-1].text == ("Your granted Elder has ended; "
                                                    "you are back at the tier you earned.")
    actions = await TierAudit.filter(member_id=(await member("alice")).id).values_list("action", flat=True)
    assert "granted" in actions and "expired" in actions


async def test_admin_tools_need_a_reason_and_real_admin_rights(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await sandbox.user("alice").says("hello")
    refused = await sandbox.user("bob").says("/tier_grant @alice elder 10 because")
    assert refused[0].private and "/tier_grant" in refused.text
    assert not await TierGrant.exists()
    missing = await sandbox.user("admin").says("/tier_set @alice core")
    assert missing.text == "Give a reason: it is kept in the audit."
    unknown = await sandbox.user("admin").says("/tier_set @alice gold because")
    assert unknown.text == "There is no tier “gold”. Tiers: newcomer, member, core, elder."
    done = await sandbox.user("admin").says("/tier_set @alice core steering group")
    assert done[0].private and (await standing("alice")).shown == "core"
    revoke = await sandbox.user("admin").says("/tier_revoke @alice nothing to end")
    assert revoke.text == "Alice holds no granted tier."


async def test_a_member_who_left_gets_no_role_or_tag_calls(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await sandbox.user("alice").says("hello")
    calls = []
    adapter = sandbox.adapter()
    original = adapter.set_member_tag

    async def counted(space_id, user_id, tag):
        calls.append((user_id, tag))
        await original(space_id, user_id, tag)

    adapter.set_member_tag = counted
    await sandbox.user("alice").leaves()
    await sandbox.user("admin").says("/tier_grant @alice elder 5 thank you")
    assert (await standing("alice")).shown == "elder"
    assert calls == []
    await sandbox.user("alice").joins()
    assert calls == [("alice", "Elder")]  # shown again on return
