"""Referrals driven as people would in the sandbox: /invite in a group, a friend joining through
the link, the clock passing min_stay, the friend's first check-in, the reward."""
import asyncio

import pytest

from bot import JobContext
from bot.testing import LedgerEntry

from plugins.referrals.confirmation import confirm_due

from plugins.referrals.models import ReferralGrant, ReferralLink
from plugins.referrals.rewards import grant_due
from plugins.referrals.tests.helpers import link_of, member, qr_text, start, statuses


async def test_invite_in_a_group_is_answered_privately_with_the_link_and_a_poster_of_it(make_sandbox):
    sandbox = await start(make_sandbox)
    answer = await sandbox.user("alice").says("/invite")
    [message] = answer
    assert message.visible_to == "alice" and message.images == 1
    url = (await ReferralLink.get()).url
    assert url in message.text
    assert qr_text(message.image_data[0]) == [url]  # the poster's QR code is the member's own link
    await sandbox.advance(seconds=6)  # /invite has a 5 s cooldown
    again = await sandbox.user("alice").says("/invite", chat="dm:alice")
    assert url in again.text and await ReferralLink.all().count() == 1  # the same link, not a new one
    zh = await sandbox.user("bob", lang="zh-Hans").says("/invite")
    assert "你的专属邀请" in zh.text and qr_text(zh[0].image_data[0]) == [(await ReferralLink.get(id=2)).url]


async def test_a_join_is_pending_until_min_stay_and_a_check_in_then_confirmed_and_the_inviter_told(make_sandbox):
    sandbox = await start(make_sandbox)
    alice, bob = sandbox.user("alice"), sandbox.user("bob")
    url = await link_of(alice)
    await bob.joins(invite=url)
    assert await statuses("alice") == [("bob", "pending", None)]
    await bob.says("/checkin")  # active, but has not stayed a day yet
    assert await statuses("alice") == [("bob", "pending", None)]
    await sandbox.advance(hours=24, minutes=10)  # the job confirms: stayed, and was active
    assert await statuses("alice") == [("bob", "confirmed", None)]
    told = [m for m in sandbox.history("dm:alice") if "now confirmed" in m.text]
    assert len(told) == 1 and told[0].images == 1
    mine = await alice.says("/invites")
    assert "1 confirmed, 0 pending, 0 void" in mine.text and mine[0].visible_to == "alice"


async def test_a_check_in_after_min_stay_confirms_at_once(make_sandbox):
    sandbox = await start(make_sandbox)
    url = await link_of(sandbox.user("alice"))
    await sandbox.user("bob").joins(invite=url)
    await sandbox.advance(hours=25)
    assert await statuses("alice") == [("bob", "pending", None)]  # stayed, but did nothing yet
    await sandbox.user("bob").says("/checkin")
    assert await statuses("alice") == [("bob", "confirmed", None)]


async def test_void_on_leave_rejoin_and_self_invite_with_the_reasons_in_invites_why(make_sandbox):
    sandbox = await start(make_sandbox)
    alice, bob, carol = sandbox.user("alice"), sandbox.user("bob"), sandbox.user("carol")
    url = await link_of(alice)
    await bob.joins(invite=url)
    await sandbox.advance(seconds=412)
    await bob.leaves()
    await sandbox.advance(minutes=5)
    await bob.joins(invite=(url := await link_of(alice)))  # back through the link: already counted once
    await alice.leaves()  # alice's links die with her leaving ...
    assert url not in sandbox.adapter().world.invites
    await alice.joins()
    await sandbox.advance(seconds=6)
    fresh = await link_of(alice)  # ... and she has a new one on return
    assert fresh != url and fresh in sandbox.adapter().world.invites
    await alice.joins(invite=fresh)  # a self-invite
    await carol.joins(invite=fresh)
    assert await statuses("alice") == [("bob", "void", "left"), ("bob", "void", "rejoin"),
                                       ("alice", "void", "self"), ("carol", "pending", None)]
    why = await alice.says("/invites why")
    assert "Bob: void (left after 412 s)" in why.text and "Bob: void (rejoin)" in why.text
    assert "Carol: pending" in why.text and why[0].visible_to == "alice"
    await sandbox.advance(seconds=4)
    zh = await sandbox.user("alice", lang="zh-Hans").says("/invites 为什么", chat="dm:alice")
    assert "Bob：无效（412 秒后退出）" in zh.text


async def test_a_velocity_burst_is_held_then_an_admin_approves_it(make_sandbox):
    sandbox = await start(make_sandbox, hold_joins=3, hold_minutes=10)
    await sandbox.user("admin").says("hello")  # an admin the bot can write to
    url = await link_of(sandbox.user("alice"))
    for name in ("bob", "carol", "dave", "erin"):
        await sandbox.user(name).joins(invite=url)
        await sandbox.advance(seconds=30)
    assert [s for _, s, _ in await statuses("alice")] == ["hold"] * 4
    [pushed] = [m for m in sandbox.bot_messages("dm:admin") if "on hold" in m.text]  # once, not per join
    assert "Alice's link: 4 joins" in pushed.text and pushed.buttons
    why = await sandbox.user("alice").says("/invites why")
    assert "on hold: 4 joins in 10 minutes" in why.text
    refused = await sandbox.user("bob").says("/referral queue")
    assert "admin" in refused.text.lower() and not any(m.buttons for m in refused)
    queue = await sandbox.user("admin").says("/referral queue")
    [held] = [m for m in queue if "on hold" in m.text]
    assert held.visible_to == "admin" and "Alice's link: 4 joins" in held.text
    pressed = await sandbox.user("admin").press(held, "Approve")
    assert pressed.toasts == ["4 joins approved."]
    assert [s for _, s, _ in await statuses("alice")] == ["pending"] * 4
    await sandbox.user("admin").press(held, "Approve")  # pressed twice: nothing more to approve
    assert [s for _, s, _ in await statuses("alice")] == ["pending"] * 4


async def test_a_reward_step_is_granted_once_under_redelivery(make_sandbox):
    sandbox = await start(make_sandbox, steps=[{"at": 2, "points": 50, "prize": "mug"}])
    await sandbox.user("admin").says("hello")  # an admin the bot can write to
    url = await link_of(sandbox.user("alice"))
    for name in ("bob", "carol"):
        await sandbox.user(name).joins(invite=url)
        await sandbox.user(name).says("/checkin")
    await sandbox.advance(hours=24, minutes=10)
    assert await statuses("alice") == [("bob", "confirmed", None), ("carol", "confirmed", None)]
    alice = await member("alice")
    entries = await LedgerEntry.filter(member_id=alice.id, reason="referrals").values_list("delta", flat=True)
    assert entries == [50]
    # Redelivered: the same check-ins told again, the job run again, the steps tried again (as a
    # second instance would).
    await sandbox.user("bob").says("/checkin b1")
    await sandbox.user("bob").says("/checkin b1")
    ctx = JobContext(sandbox.runtime, await alice.community, "referrals")
    assert await confirm_due(ctx) == 0
    assert await asyncio.gather(grant_due(ctx, alice), grant_due(ctx, alice)) == [[], []]
    await sandbox.advance(hours=1)
    assert await LedgerEntry.filter(member_id=alice.id, reason="referrals").count() == 1
    assert await ReferralGrant.filter(member_id=alice.id).count() == 1
    reached = [m for m in sandbox.history("dm:alice") if "You reached 2 referrals" in m.text]
    assert len(reached) == 1 and "+50 points" in reached[0].text and "mug" in reached[0].text
    queue = await sandbox.user("admin").says("/referral queue")
    [prize] = [m for m in queue if "prize" in m.text]
    assert "Send Alice the prize for 2 referrals: mug" in prize.text
    [pushed] = [m for m in sandbox.bot_messages("dm:admin") if "prize" in m.text and m.buttons]  # told at once
    pressed = await sandbox.user("admin").press(pushed, "Prize sent")
    assert await ReferralGrant.filter(member_id=alice.id, prize_sent=True).count() == 1 and pressed.toasts


async def test_one_invitee_across_platforms_is_credited_once(make_sandbox):
    sandbox = await start(make_sandbox, platforms=("sandbox", "sandbox2"))
    alice, carol = sandbox.user("alice"), sandbox.user("carol", platform="sandbox2")
    bob, bob2 = sandbox.user("bob"), sandbox.user("bob2", platform="sandbox2")
    alice_link = await link_of(alice)
    carol_link = await link_of(carol)
    assert "sandbox2" in (await ReferralLink.get(url=carol_link)).platform
    await bob.joins(invite=alice_link)
    await sandbox.advance(minutes=5)
    await bob2.joins(invite=carol_link)  # the same person's other account, before linking
    assert await statuses("carol") == [("bob2", "pending", None)]
    await bob.links(bob2)  # now one person: the later join is a rejoin
    assert await statuses("alice") == [("bob", "pending", None)]
    assert await statuses("carol") == [("bob", "void", "rejoin")]
    await bob.says("/checkin")
    await sandbox.advance(hours=25)
    assert await statuses("alice") == [("bob", "confirmed", None)]
    await bob2.leaves()
    await bob2.joins(invite=carol_link)  # already one of alice's: never carol's as well
    assert [s for _, s, _ in await statuses("carol")] == ["void", "void"]


@pytest.mark.parametrize("keep, score_after", [(False, 1), (True, 2)])
async def test_a_confirmed_invitee_who_leaves_keeps_the_reward_but_stops_counting_unless_set(make_sandbox, keep,
                                                                                           score_after):
    sandbox = await start(make_sandbox, min_stay_hours=0, keep_after_leave=keep,
                          steps=[{"at": 2, "points": 20}, {"at": 3, "points": 30}])
    url = await link_of(sandbox.user("alice"))
    for name in ("bob", "carol"):
        await sandbox.user(name).joins(invite=url)
        await sandbox.user(name).says("/checkin")
    await sandbox.user("bob").leaves()  # after confirmation, and after the step at 2
    mine = await sandbox.user("alice").says("/invites", chat="dm:alice")
    assert f"Counting toward rewards: {score_after}." in mine.text
    alice = await member("alice")
    assert await LedgerEntry.filter(member_id=alice.id, reason="referrals").values_list("delta", flat=True) == [20]
    await sandbox.user("bob").joins()  # back: counts again
    await sandbox.advance(seconds=4)
    assert "Counting toward rewards: 2." in (await sandbox.user("alice").says("/invites", chat="dm:alice")).text


async def test_joins_outside_the_campaign_do_not_count_for_it(make_sandbox):
    sandbox = await start(make_sandbox, min_stay_hours=0, starts="2026-03-05T00:00:00+00:00",
                          steps=[{"at": 1, "points": 10}])
    url = await link_of(sandbox.user("alice"))
    await sandbox.user("bob").joins(invite=url)  # 03-02: before the campaign
    await sandbox.user("bob").says("/checkin")
    assert "Counting toward rewards: 0." in (await sandbox.user("alice").says("/invites", chat="dm:alice")).text
    await sandbox.set_time(sandbox.now.replace(day=6))
    await sandbox.user("carol").joins(invite=url)
    await sandbox.user("carol").says("/checkin")
    assert [m for m in sandbox.history("dm:alice") if m.text.startswith("You reached one referral!")]


async def test_a_recognition_only_platform_shows_on_the_board_but_earns_nothing(make_sandbox):
    """Discord's default (its rules forbid invite rewards), set here for the sandbox."""
    sandbox = await start(make_sandbox, min_stay_hours=0, rewards_on={"sandbox": False},
                          steps=[{"at": 1, "points": 10}])
    url = await link_of(sandbox.user("alice"))
    await sandbox.user("bob").joins(invite=url)
    await sandbox.user("bob").says("/checkin")
    assert await statuses("alice") == [("bob", "confirmed", None)]
    assert "Counting toward rewards: 0." in (await sandbox.user("alice").says("/invites", chat="dm:alice")).text
    assert await LedgerEntry.filter(reason="referrals").count() == 0
    assert (await sandbox.user("carol").says("/invites_top")).text.splitlines()[1:] == ["1. Alice: 1 🥉"]
    stats = await sandbox.user("admin").says("/referral stats")
    assert "sandbox: recognition only (the board), no rewards" in stats.text


async def test_a_step_can_give_a_role(make_sandbox):
    sandbox = await start(make_sandbox, min_stay_hours=0, steps=[{"at": 1, "role": "Ambassador"}])
    url = await link_of(sandbox.user("alice"))
    await sandbox.user("bob").joins(invite=url)
    await sandbox.user("bob").says("/checkin")
    assert "Ambassador" in sandbox.adapter().world.roles.get(("demo", "alice"), set())
