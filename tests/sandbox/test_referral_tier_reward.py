"""A referral step that rewards a tier: the tiers plugin hears the core's RewardGranted signal and
grants it for its days, as /tier_grant would, once, and tells the member."""
from plugins.referrals import plugin as referrals
from plugins.referrals.tests.helpers import activities, link_of, statuses
from plugins.tiers import plugin as tiers
from plugins.tiers.models import TierGrant
from plugins.tiers.tests.helpers import standing, tiers_config

SETTINGS = tiers_config()
SETTINGS["plugins"]["referrals"] = {"min_stay_hours": 0, "steps": [{"at": 1, "tier": "core", "tier_days": 14}]}


async def test_a_referral_step_grants_its_tier_for_its_days(make_sandbox):
    sandbox = await make_sandbox(SETTINGS, plugins=[referrals, tiers, activities])
    alice, bob = sandbox.user("alice"), sandbox.user("bob")
    await bob.joins(invite=await link_of(alice))
    await bob.says("/checkin")  # bob's first real thing confirms him
    assert await statuses("alice") == [("bob", "confirmed", None)]
    assert (await standing("alice")).shown == "core"
    [grant] = await TierGrant.all()
    assert grant.granted_by == "referrals" and (grant.ends_at - sandbox.now).days == 14
    assert any("You have been granted Core until" in m.text for m in sandbox.history("dm:alice"))
