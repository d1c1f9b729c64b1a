"""What the check-in plugin tells other plugins: an Activity and the points for each check-in."""
import asyncio

import pytest

from bot import Activity, Plugin, PointsAwarded, SignalContext

from plugins.checkin import plugin as checkin
from plugins.checkin.tests.helpers import checkin_settings, checkin_each_day

camp = Plugin("camp")
heard: list[tuple[str, str, str, int]] = []
failures_left: list[int] = []


@camp.on(Activity)
async def count_day(ctx: SignalContext, activity: Activity) -> None:
    if failures_left:
        failures_left.pop()
        raise RuntimeError("the camp's database is down")
    heard.append(("activity", activity.member.display_name, activity.kind, activity.weight))


@camp.on(PointsAwarded)
async def count_points(ctx: SignalContext, points: PointsAwarded) -> None:
    heard.append(("points", points.member.display_name, points.reason, points.points))


@pytest.fixture
async def sandbox(make_sandbox):
    heard.clear()
    failures_left.clear()
    return await make_sandbox(plugins=[checkin, camp])


async def test_each_checkin_of_a_group_commit_is_an_activity_once(sandbox):
    names = ["alice", "bob", "carol", "dave"]
    await asyncio.gather(*(sandbox.user(name).says("/checkin") for name in names))
    await sandbox.user("alice").says("/checkin")  # already checked in: nothing new happened
    activities = sorted(h for h in heard if h[0] == "activity")
    assert activities == [("activity", name.title(), "checkin", 1) for name in names]
    assert sorted(h for h in heard if h[0] == "points") == [("points", name.title(), "checkin", 10) for name in names]


async def test_a_made_up_day_is_an_activity_of_its_own_kind(make_sandbox):
    heard.clear()
    sandbox = await make_sandbox(checkin_settings(card_every=4, makeup_window_days=3), plugins=[checkin, camp])
    await checkin_each_day(sandbox, "alice", 4)  # 03-02..03-05: a card at 4 days
    await sandbox.advance(days=2)  # 03-06 missed
    await sandbox.user("alice").says("/checkin")  # 03-07
    heard.clear()
    await sandbox.user("alice").says("/makeup 2026-03-06")
    assert heard[0] == ("activity", "Alice", "checkin-makeup", 1)
    await sandbox.user("alice").says("/makeup 2026-03-06")  # nothing to make up any more
    assert len([h for h in heard if h[0] == "activity"]) == 1


async def test_a_redelivered_checkin_is_told_again_and_counted_once(sandbox):
    failures_left.append(1)  # the camp fails on the first telling
    await sandbox.user("alice").says("/checkin")
    assert [h for h in heard if h[0] == "activity"] == []
    await sandbox.user("alice").says("/checkin")  # delivered again: the same check-in, told again
    await sandbox.user("alice").says("/checkin")
    assert [h for h in heard if h[0] == "activity"] == [("activity", "Alice", "checkin", 1)]
    assert [h for h in heard if h[0] == "points"] == [("points", "Alice", "checkin", 10)]
