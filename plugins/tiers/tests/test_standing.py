"""Promotion as soon as a threshold is crossed (tag and roles shown), requirements, approval of a top
tier, and the one tier a linked person holds across platforms."""
from bot import Plugin, SignalContext, TierChanged

from plugins.tiers import plugin as tiers
from plugins.tiers.models import TierApproval, TierAudit
from plugins.tiers.tests.helpers import LADDER, activities, first_tiers_shown, member, standing, tiers_config

heard: list[tuple[str, str | None, str | None]] = []
listener = Plugin("listener")


@listener.on(TierChanged)
async def tier_changed(ctx: SignalContext, signal: TierChanged) -> None:
    heard.append((signal.member.display_name, signal.old, signal.new))


def tags(sandbox, platform: str = "sandbox", chat: str = "demo") -> dict:
    return {m["user"]: m["tag"] for m in sandbox.adapter(platform).world.member_list(chat)}


async def test_promotion_on_crossing_a_threshold_is_congratulated_tagged_and_published(make_sandbox):
    heard.clear()
    sandbox = await make_sandbox(tiers_config(), plugins=[activities, tiers, listener])
    alice = sandbox.user("alice")
    await alice.says("/did homework.accepted hw-1")  # 50 XP
    assert (await standing("alice")).shown == "newcomer"
    await first_tiers_shown()  # the lowest tier is shown in the background, after the answer
    assert tags(sandbox)["alice"] == "Newcomer"
    replies = await alice.says("/did homework.accepted hw-2")  # 100 XP: member
    assert "🎉 @Alice is now Member!" in replies.text
    assert tags(sandbox)["alice"] == "Member"
    assert sandbox.adapter().world.member_list("demo")[0]["roles"] == ["Member"]  # replaced, not stacked
    assert heard == [("Alice", None, "newcomer"), ("Alice", "newcomer", "member")]
    assert await TierAudit.filter(action="promoted", new="member").count() == 1


async def test_stacked_roles_keep_the_lower_tiers(make_sandbox):
    sandbox = await make_sandbox(tiers_config(stack_roles=True), plugins=[activities, tiers])
    await sandbox.user("alice").says("/did homework.accepted hw-1")
    await sandbox.user("alice").says("/did homework.accepted hw-2")
    assert sandbox.adapter().world.member_list("demo")[0]["roles"] == ["Member", "Newcomer"]


async def test_a_tier_skipped_by_a_big_jump_and_private_congratulations(make_sandbox):
    sandbox = await make_sandbox(tiers_config(congratulate="private"), plugins=[tiers])
    await sandbox.user("alice").says("hello")
    await sandbox.user("admin").says("/xp give @alice 350 great talk")
    assert (await standing("alice")).shown == "core"
    dm = sandbox.history("dm:alice")
    assert dm[-1].text == "🎉 You are now Core! Thank you for taking part."
    assert not any("Core" in m.text for m in sandbox.bot_messages("demo") if not m.private)


async def test_a_requirement_holds_a_member_back_until_met(make_sandbox):
    ladder = [dict(t) for t in LADDER]
    ladder[1]["requires"] = [{"kind": "camp.graduated"}]
    sandbox = await make_sandbox(tiers_config(tiers=ladder), plugins=[activities, tiers])
    await sandbox.user("alice").says("/did homework.accepted hw-1")
    await sandbox.user("alice").says("/did homework.accepted hw-2")
    assert (await standing("alice")).shown == "newcomer"
    shown = await sandbox.user("alice").says("/tier")
    assert "one camp.graduated" in shown.text
    await sandbox.user("alice").says("/did camp.graduated camp-1")
    assert (await standing("alice")).shown == "member"


async def test_a_top_tier_waits_for_approval_and_the_member_is_told(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await sandbox.user("alice").says("hello")
    await sandbox.user("admin").says("/xp give @alice 1200 years of help")
    assert (await standing("alice")).shown == "core"
    assert "eligible for Elder" in sandbox.history("dm:alice")[-1].text
    queue = await sandbox.user("admin").says("/tier_queue")
    [item] = [m for m in queue if m.buttons]
    assert item.private and "Alice is eligible for Elder." in item.text
    await sandbox.user("admin").press(item, "Approve")
    assert (await standing("alice")).shown == "elder"
    assert sandbox.history("dm:alice")[-1].text == "An admin approved you for Elder. Welcome!"
    assert (await TierApproval.get()).decided_by == "Admin"


async def test_a_declined_member_keeps_their_tier_and_is_told(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await sandbox.user("alice").says("hello")
    await sandbox.user("admin").says("/xp give @alice 1200 years of help")
    queue = await sandbox.user("admin").says("/tier_queue")
    await sandbox.user("admin").press(next(m for m in queue if m.buttons), "Decline")
    assert (await standing("alice")).shown == "core"
    assert "declined Elder" in sandbox.history("dm:alice")[-1].text
    assert (await sandbox.user("admin").says("/tier_queue")).text == "Nobody is waiting for approval."


async def test_a_linked_person_has_one_xp_and_one_tier_on_both_platforms(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[activities, tiers], platforms=("sandbox", "sandbox2"))
    here, there = sandbox.user("alice"), sandbox.user("alice", platform="sandbox2")
    await here.says("/did homework.accepted hw-1")
    await there.says("/did homework.accepted hw-2")
    await here.links(there)
    row = await standing("alice")
    assert row.xp == 100 and row.shown == "member"
    await sandbox.advance(days=1)  # the day's cap of 100 is reached
    await there.says("/did homework.accepted hw-3")
    assert (await standing("alice")).xp == 150
    assert tags(sandbox)["alice"] == "Member" and tags(sandbox, "sandbox2")["alice"] == "Member"


async def test_tier_shows_xp_next_threshold_and_answers_in_chinese(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[activities, tiers])
    await sandbox.user("alice").says("/did homework.accepted hw-1")
    shown = await sandbox.user("alice").says("/tier")
    assert shown[0].private
    assert "Your tier: Newcomer · level 0 · 50 XP (50/100 into this level)" in shown.text
    assert "Next: Member at 100 XP (50 to go)" in shown.text
    zh = await sandbox.user("alice", lang="zh").says("/tier")
    assert "你的层级：新人" in zh.text and "还差 50" in zh.text


async def test_a_tier_only_chat_sends_a_one_person_link(make_sandbox):
    ladder = [dict(t) for t in LADDER]
    ladder[2]["chats"] = ["sandbox:core-lounge"]
    overrides = tiers_config(tiers=ladder)
    overrides["communities"] = {"demo": {"chats": ["sandbox:demo", "sandbox:core-lounge"]}}
    sandbox = await make_sandbox(overrides, plugins=[tiers])
    await sandbox.user("alice").says("hello")
    await sandbox.user("admin").says("/xp give @alice 300 mentoring")
    invite = sandbox.history("dm:alice")[-1].text
    assert invite.startswith("As Core you may join the tier's own chat: https://sandbox.invalid/join/")
    link = invite.split(": ", 1)[1].split(" ", 1)[0]
    assert sandbox.adapter().world.invites[link].startswith("tier core")


async def test_a_streak_requirement_counts_days_in_a_row(make_sandbox):
    ladder = [dict(t) for t in LADDER]
    ladder[1]["requires"] = [{"kind": "checkin", "streak_days": 3}]
    sandbox = await make_sandbox(tiers_config(tiers=ladder, sources={"checkin": {"xp": 60, "daily_cap": 60}}),
                                 plugins=[activities, tiers])
    alice = sandbox.user("alice")
    await alice.says("/did checkin d1")
    await sandbox.advance(days=2)  # a day missed: the run starts again
    await alice.says("/did checkin d3")
    await sandbox.advance(days=1)
    await alice.says("/did checkin d4")
    assert (await standing("alice")).shown == "newcomer"  # 180 XP, but only 2 days in a row
    assert "It also asks for 3 days in a row of checkin." in (await alice.says("/tier")).text
    await sandbox.advance(days=1)
    await alice.says("/did checkin d5")
    assert (await standing("alice")).shown == "member"


async def test_an_undone_link_gives_each_account_back_its_own_xp_and_tier(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[activities, tiers], platforms=("sandbox", "sandbox2"))
    alice, bob = sandbox.user("alice"), sandbox.user("bob", platform="sandbox2")  # one person, two accounts
    await alice.says("/did homework.accepted hw-1")
    await bob.says("/did homework.accepted hw-2")
    linked = await alice.links(bob)
    assert (await standing("alice")).xp == 100 and (await standing("alice")).shown == "member"
    done = next(m for m in linked if m.buttons)  # the congratulation came first
    undone = await alice.press(done, "Undo")
    assert undone.text.startswith("Unlinked")
    assert (await standing("alice")).xp == 50 and (await standing("alice")).shown == "newcomer"
    assert (await standing("bob")).xp == 50 and (await standing("bob")).shown == "newcomer"
    assert tags(sandbox)["alice"] == "Newcomer" and tags(sandbox, "sandbox2")["bob"] == "Newcomer"
