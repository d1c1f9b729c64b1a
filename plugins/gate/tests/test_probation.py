"""Probation on the sandbox: a new member may not post links, media or forwards for its hours,
ended on time even across a restart, or at once when a tier role ends it."""
from __future__ import annotations

import pytest

from bot import Plugin, TierChanged

from plugins.gate import plugin
from plugins.gate.models import ProbationPeriod
from plugins.gate.tests.helpers import gate_config

promoter = Plugin("promoter")


def refused():
    """The sandbox refuses the post, as a platform does for a restricted member."""
    return pytest.raises(Exception, match="may not post this here")


@promoter.command("promote")
async def promote(ctx) -> None:
    """Stands in for the tiers plugin: gives the sender the Member role and says so."""
    await ctx.roles.give(ctx.member, "Member")
    await ctx.publish(TierChanged(member=ctx.member, old="newcomer", new="member", reference=ctx.event.event_id))


async def start(make_sandbox, **probation):
    config = gate_config(probation={"hours": 24, **probation})
    config["communities"]["demo"]["plugins"] = ["gate", "promoter"]
    return await make_sandbox(config, plugins=[plugin, promoter])


async def test_no_links_media_or_forwards_until_the_hours_are_over_even_across_a_restart(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("nina").joins()
    with refused():
        await sandbox.user("nina").says("my shop: https://example.com/shop")
    with refused():
        await sandbox.user("nina").says("look", image="cat.png")
    with refused():
        await sandbox.user("nina").says("news!", forwarded_from="channel")
    await sandbox.user("nina").says("hello everyone, glad to be here")  # plain words are fine
    await sandbox.advance(hours=20)
    await sandbox.restart()  # the sandbox platform forgets; the bot's record of the probation stays
    assert (await ProbationPeriod.get()).lifted_at is None
    await sandbox.advance(hours=5)
    await sandbox.user("nina").says("my blog: https://example.com/blog")
    assert sandbox.history()[-1].text == "my blog: https://example.com/blog"
    period = await ProbationPeriod.get()
    assert period.lifted_by == "time" and period.lifted_at <= sandbox.now


async def test_a_tier_role_ends_probation_at_once(make_sandbox):
    sandbox = await start(make_sandbox, until_roles=["Member"])
    await sandbox.user("omar").joins()
    with refused():
        await sandbox.user("omar").says("https://example.com")
    await sandbox.user("omar").says("/promote")
    await sandbox.user("omar").says("https://example.com")
    assert (await ProbationPeriod.get()).lifted_by == "tier"


async def test_admins_are_not_put_on_probation(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("admin").joins()
    await sandbox.user("admin").says("rules: https://example.com/rules")
    assert await ProbationPeriod.all().count() == 0
