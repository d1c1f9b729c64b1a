"""A referral step's make-up cards reach the check-in plugin through the core's RewardGranted
signal: the member can fill a missed day with them, once per step, and a replay of their days
(an admin's fix) keeps them."""
from bot import RewardGranted, SignalContext

from plugins.checkin import card_grants, plugin as checkin
from plugins.checkin.tests.helpers import checkin_each_day, streak_of, utc
from plugins.referrals import plugin as referrals
from plugins.referrals.tests.helpers import link_of, member, statuses

SETTINGS = {"plugins": {"referrals": {"min_stay_hours": 0, "steps": [{"at": 1, "makeup_cards": 1}]},
                        "checkin": {"card_every": 7, "makeup_window_days": 3}}}


async def test_a_referral_steps_card_fills_a_missed_day_once(make_sandbox):
    sandbox = await make_sandbox(SETTINGS, plugins=[checkin, referrals])
    await sandbox.set_time(utc("2026-03-02 09:00"))
    alice, bob = sandbox.user("alice"), sandbox.user("bob")
    await checkin_each_day(sandbox, "alice", 2)  # 03-02, 03-03
    await sandbox.advance(days=2)  # 03-04 missed
    await alice.says("/checkin")  # 03-05
    assert "no make-up card" in (await alice.says("/makeup 03-04")).text

    await bob.joins(invite=await link_of(alice))
    await bob.says("/checkin")  # bob's first real activity confirms him: alice reaches the step
    assert await statuses("alice") == [("bob", "confirmed", None)]
    assert (await streak_of("alice")).cards == 1
    step = await _signal("alice")  # the same reward told again gives nothing more: a redelivery, ...
    await sandbox.runtime.bus.publish_in(step.member.community_id, step)
    context = SignalContext(sandbox.runtime, step.member.community, "checkin", step)
    await card_grants.reward_granted(context, step)  # ... or another instance, whose store did not see it
    assert (await streak_of("alice")).cards == 1

    fixed = await sandbox.user("admin").says("/checkin_fix @alice 03-02 remove typo")  # replays her days
    assert "03-02" in fixed.text
    assert (await streak_of("alice")).cards == 1  # the replay keeps the granted card

    done = await alice.says("/makeup 03-04")
    assert "made up 03-04 with a card. Streak: 3 days" in done.text
    row = await streak_of("alice")
    assert (row.current, row.cards) == (3, 0)


async def _signal(name: str) -> RewardGranted:
    who = await member(name)
    await who.fetch_related("community")
    return RewardGranted(member=who, source="referrals", step="default:1", makeup_cards=1,
                         reference=f"referrals:{who.id}:default:1")


async def test_granted_cards_move_with_a_link_and_back_when_it_is_undone(make_sandbox):
    sandbox = await make_sandbox(SETTINGS, plugins=[checkin], platforms=("sandbox", "sandbox2"))
    alice, bob = sandbox.user("alice"), sandbox.user("bob", platform="sandbox2")  # one person, two accounts
    await alice.says("/checkin")
    await bob.says("/checkin")
    step = await _signal("bob")  # a reward told by another plugin
    await sandbox.runtime.bus.publish_in(step.member.community_id, step)
    assert ((await streak_of("alice")).cards, (await streak_of("bob")).cards) == (0, 1)
    linked = await alice.links(bob)
    assert (await streak_of("alice")).cards == 1
    await alice.press(linked[0], "Undo")
    assert ((await streak_of("alice")).cards, (await streak_of("bob")).cards) == (0, 1)
