"""Jobs fire in each community's time zone, survive restarts, and run once."""
import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.models import Community, JobRun
from bot.plugin import Plugin
from bot.stores import MemoryStore

clocked = Plugin("clocked")
fired: list[tuple[str, str, datetime]] = []


@clocked.job("morning", cron="0 8 * * *", grace=timedelta(hours=2))
async def morning(ctx):
    fired.append((ctx.community.slug, ctx.locale, ctx.now()))


@pytest.fixture(autouse=True)
def reset():
    fired.clear()


@pytest.fixture
async def sandbox(make_sandbox):
    return await make_sandbox({"communities": {"demo": {"timezone": "Asia/Shanghai"}}}, plugins=[clocked])


async def test_a_job_fires_at_the_communitys_local_time(sandbox):
    # 2026-03-02 09:00 UTC is 17:00 in Shanghai; the next 08:00 there is 00:00 UTC on 03-03.
    await sandbox.advance(hours=14, minutes=59)
    assert fired == []
    await sandbox.advance(minutes=2)
    assert fired == [("demo", "en", datetime(2026, 3, 3, 0, 0, tzinfo=UTC))]


async def test_moving_the_clock_several_days_runs_each_fire_in_order(sandbox):
    ran = await sandbox.advance(days=3)
    assert ran == 3 and [f[2].day for f in fired] == [3, 4, 5]


swept = Plugin("swept")
sweeps: list[datetime] = []


@swept.job("sweep", cron="* * * * *", coalesce=True)
async def sweep(ctx):
    sweeps.append(ctx.now())


async def test_a_sweep_runs_once_when_the_clock_passes_many_of_its_fires(make_sandbox):
    sandbox = await make_sandbox(plugins=[swept])
    sweeps.clear()
    start = sandbox.now
    await sandbox.advance(hours=5)  # 300 fires of an every-minute sweep: one run, at the last
    assert sweeps == [(start + timedelta(hours=5)).replace(second=0, microsecond=0)]
    await sandbox.advance(minutes=2)
    assert len(sweeps) == 2


async def test_each_community_runs_on_its_own_clock(sandbox):
    await sandbox.user("admin").adds_bot("club")  # a community of its own, UTC
    await sandbox.advance(hours=24)
    assert sorted((slug, when.hour) for slug, _, when in fired) == [("demo", 0), ("sandbox-club", 8)]


async def test_a_restart_catches_up_a_missed_run_within_grace_and_skips_older(sandbox, caplog):
    await sandbox.advance(hours=16)  # ran at 00:00 UTC on 03-03
    scheduler = sandbox.runtime.scheduler
    demo = await Community.get(slug="demo")
    assert (await JobRun.get(job="clocked.morning", community=demo)).last_fire_at == datetime(2026, 3, 3, tzinfo=UTC)

    # Down over the next fire (03-04 00:00 UTC); back up 1 h later: within the 2 h grace.
    fired.clear()
    sandbox.clock.set(datetime(2026, 3, 4, 1, 0, tzinfo=UTC))
    await scheduler.start()
    assert [f[2] for f in fired] == [datetime(2026, 3, 4, 1, 0, tzinfo=UTC)]  # once, an hour late
    assert (await JobRun.get(job="clocked.morning", community=demo)).last_fire_at == datetime(2026, 3, 4, tzinfo=UTC)

    # Down over the next fire and back 5 h later: outside the grace window, skipped and logged.
    fired.clear()
    caplog.set_level(logging.WARNING)
    sandbox.clock.set(datetime(2026, 3, 5, 5, 0, tzinfo=UTC))
    await scheduler.start()
    assert fired == []
    assert any("skipped clocked.morning" in r.getMessage() for r in caplog.records)
    # ...and the skipped fire is not retried at the next start.
    await scheduler.start()
    assert fired == []


async def test_a_fire_runs_once_when_instances_share_a_store(sandbox):
    scheduler, demo = sandbox.runtime.scheduler, await Community.get(slug="demo")
    job = scheduler.jobs[0]
    fire_time = datetime(2026, 3, 3, tzinfo=UTC)
    await scheduler.fire(job, demo.id, fire_time)
    await scheduler.fire(job, demo.id, fire_time)  # a second instance, same shared store
    assert len(fired) == 1


async def test_a_plugin_disabled_for_a_community_does_not_run_there(make_sandbox):
    sandbox = await make_sandbox({"communities": {"demo": {"plugins": []}}}, plugins=[clocked])
    await sandbox.advance(days=2)
    assert fired == []


__all__ = ["ManualClock", "MemoryStore"]


async def test_a_community_first_seen_from_a_message_gets_its_jobs_at_once(make_sandbox):
    sandbox = await make_sandbox({"plugins": {"checkin": {"digest": True, "digest_time": "04:00",
                                                          "remind_time": None}}})
    await sandbox.user("alice").says("hello", chat="late-group")  # no "bot added" event
    for _ in range(3):
        await sandbox.advance(days=1)
    digests = [m for m in sandbox.bot_messages("late-group") if "digest" in m.text]
    assert len(digests) == 3
