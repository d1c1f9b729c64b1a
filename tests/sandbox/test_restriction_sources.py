"""Two plugins restricting the same member: the gate's probation and the tiers' newcomer tier both
keep a new member from posting links. Each restriction is held in its plugin's name, so one
plugin lifting its "links" leaves the other's in force, until its own end."""
from __future__ import annotations

import pytest

from bot.capabilities import Restriction
from bot.models import Member, MemberRestriction

from plugins.gate import plugin as gate
from plugins.gate.tests.helpers import gate_config
from plugins.tiers import plugin as tiers
from plugins.tiers.tests.helpers import tiers_config

LADDER = [{"key": "newcomer", "name": "Newcomer", "name_zh": "新人", "xp": 0, "restrict": ["links"]},
          {"key": "member", "name": "Member", "name_zh": "成员", "xp": 100}]


def refused():
    return pytest.raises(Exception, match="may not post this here")


async def start(make_sandbox):
    config = gate_config(probation={"hours": 24})
    config["plugins"].update(tiers_config(tiers=LADDER)["plugins"])
    config["communities"]["demo"]["plugins"] = ["gate", "tiers"]
    return await make_sandbox(config, plugins=[gate, tiers])


async def holders(kind: str) -> set[str]:
    return set(await MemberRestriction.filter(kind=kind).values_list("source", flat=True))


async def test_probation_keeps_links_when_a_promotion_lifts_the_tiers_own(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("nina").joins()
    assert await holders("links") == {"gate", "tiers"}
    nina = await Member.get(display_name="Nina")
    gate_holds = await sandbox.runtime.member_restrictions.for_source("gate").held(nina)
    assert set(gate_holds) == {Restriction.LINKS, Restriction.MEDIA, Restriction.FORWARDS}
    assert set(await sandbox.runtime.member_restrictions.for_source("tiers").held(nina)) == {Restriction.LINKS}
    await sandbox.user("admin").says("/xp give @nina 150 a warm welcome")  # Member: the tiers lift "links"
    assert sandbox.adapter("sandbox").world.tags[("demo", "nina")] == "Member"
    assert await holders("links") == {"gate"}
    with refused():
        await sandbox.user("nina").says("my shop: https://example.com/shop")
    await sandbox.advance(hours=25)  # the probation's own end
    await sandbox.user("nina").says("my blog: https://example.com/blog")
    assert sandbox.history()[-1].text == "my blog: https://example.com/blog"


async def test_the_newcomer_tier_keeps_links_when_probation_ends(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("omar").joins()
    await sandbox.advance(hours=25)  # the gate's links, media and forwards end; the tier's links stay
    await sandbox.user("omar").says("look", image="cat.png")
    with refused():
        await sandbox.user("omar").says("https://example.com")
    assert await holders("links") == {"tiers"}
    await sandbox.user("admin").says("/xp give @omar 150 thanks")
    await sandbox.user("omar").says("https://example.com")
    assert sandbox.history()[-1].text == "https://example.com"


async def test_a_linked_in_account_keeps_its_probation(make_sandbox):
    config = gate_config(probation={"hours": 24})
    config["communities"]["demo"]["chats"] = ["sandbox:demo", "sandbox2:demo", "sandbox:admins"]
    config["communities"]["demo"]["plugins"] = ["gate"]
    sandbox = await make_sandbox(config, plugins=[gate], platforms=("sandbox", "sandbox2"))
    here, there = sandbox.user("nina"), sandbox.user("nina", platform="sandbox2")
    await here.says("hello")  # an old member here, no probation
    await there.joins()  # new on the other platform: on probation there
    await here.links(there)  # the account there joins nina's member here
    assert set(await sandbox.runtime.member_restrictions.for_source("gate").held(await Member.get(display_name="Nina"))) \
        == {Restriction.LINKS, Restriction.MEDIA, Restriction.FORWARDS}
    with refused():
        await there.says("my shop: https://example.com/shop")
