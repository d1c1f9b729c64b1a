"""Signals between plugins: typed, through the bus, once per reference, only to enabled plugins."""
import uuid

import pytest

from bot import Award, Member

from bot import Activity, Context, JobContext, Plugin, PointsAwarded, SignalContext, TierChanged, UserError
from bot.stores import RedisStore

teller = Plugin("teller")
listener = Plugin("listener")
heard: list[tuple[str, str, int, str]] = []
failures_left: list[int] = []


@teller.command("did")
async def did(ctx: Context, what: str) -> None:
    await ctx.publish(Activity(member=ctx.member, kind="did", weight=2, reference=f"did:{what}"))


@teller.job("morning", cron="0 9 * * *")
async def morning(ctx: JobContext) -> None:
    await ctx.publish(TierChanged(member=await ctx.community.members.all().first(), old=None, new="gold",
                                  reference=f"morning:{ctx.today()}"))


@teller.command("give")
async def give(ctx: Context, points: int) -> None:
    await ctx.ledger.award(ctx.member, points, "gift", f"gift:{points}")


@teller.command("give_then_fail")
async def give_then_fail(ctx: Context, points: int) -> None:
    async with ctx.ledger.transaction():
        await ctx.ledger.award_many([Award(ctx.member, points, "gift", f"gift:{points}")])
        raise UserError("core-unknown-command")  # rolled back: the points never were


@listener.on(PointsAwarded)
async def points(ctx: SignalContext, awarded: PointsAwarded) -> None:
    heard.append((ctx.plugin, awarded.reason, awarded.points, awarded.member.display_name))


@listener.on(Activity)
async def count(ctx: SignalContext, activity: Activity) -> None:
    if failures_left:
        failures_left.pop()
        raise RuntimeError("the listener's database is down")
    heard.append((ctx.plugin, activity.kind, activity.weight, activity.member.display_name))


@listener.on(TierChanged)
async def tier(ctx: SignalContext, change: TierChanged) -> None:
    heard.append((ctx.plugin, "tier", 0, f"{change.member.display_name}:{change.new}:{ctx.community.slug}"))


@pytest.fixture(autouse=True)
def forget():
    heard.clear()
    failures_left.clear()


@pytest.fixture
async def sandbox(make_sandbox):
    return await make_sandbox(plugins=[teller, listener])


async def test_a_subscriber_hears_an_activity_once_however_often_it_is_published(sandbox):
    alice = sandbox.user("alice")
    await alice.says("/did homework")
    await alice.says("/did homework")  # a redelivered update: the same fact, the same reference
    assert heard == [("listener", "did", 2, "Alice")]
    await alice.says("/did reading")
    assert len(heard) == 2


@pytest.mark.redis
async def test_two_instances_sharing_redis_count_a_signal_once(sandbox):
    prefix = f"shequn-test-{uuid.uuid4().hex}:"
    one, two = RedisStore("redis://127.0.0.1:6379/0", prefix), RedisStore("redis://127.0.0.1:6379/0", prefix)
    try:
        sandbox.runtime.store = one
        await sandbox.user("alice").says("/did homework")
        sandbox.runtime.store = two  # the other instance gets the update again
        await sandbox.user("alice").says("/did homework")
        assert heard == [("listener", "did", 2, "Alice")]
    finally:
        await one.close()
        await two.close()


async def test_a_subscriber_that_failed_hears_the_signal_again(sandbox):
    failures_left.append(1)
    await sandbox.user("alice").says("/did homework")
    assert heard == []
    await sandbox.user("alice").says("/did homework")
    assert heard == [("listener", "did", 2, "Alice")]


async def test_a_plugin_not_enabled_in_the_community_is_not_told(make_sandbox):
    sandbox = await make_sandbox({"enabled_plugins": ["teller"]}, plugins=[teller, listener])
    await sandbox.user("alice").says("/did homework")
    assert heard == []


async def test_a_scheduled_job_publishes_to_the_community(sandbox):
    await sandbox.user("alice").says("/did homework")
    await sandbox.advance(days=1)
    assert ("listener", "tier", 0, "Alice:gold:demo") in heard


async def test_points_awarded_by_any_plugin_are_told_by_the_ledger_once(sandbox):
    await sandbox.user("alice").says("/give 5")
    await sandbox.user("alice").says("/give 5")  # the same award again: not recorded, not told
    await sandbox.user("bob").says("/give 5")
    assert heard == [("listener", "gift", 5, "Alice"), ("listener", "gift", 5, "Bob")]


async def test_points_of_a_rolled_back_ledger_transaction_are_never_told(sandbox):
    await sandbox.user("alice").says("/give_then_fail 7")
    assert heard == []
    alice = await Member.get(display_name="Alice")
    assert await sandbox.runtime.ledger.balance(alice) == 0
