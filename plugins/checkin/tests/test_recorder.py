"""Check-ins arriving together are recorded together (group commit), each exactly as if alone."""
import asyncio
import re
from datetime import date

import pytest

from bot.testing import LedgerEntry, SqlLog

from plugins.checkin import keeper, recorder
from plugins.checkin.models import DayDecisionRow, Leave
from plugins.checkin.tests.helpers import checkin_days, member, streak_of

NAMES = [f"member{i:02d}" for i in range(12)]


def _place_today(text: str) -> int:
    if "the first today" in text:
        return 1
    return int(re.search(r"number (\d+) today", text).group(1))


async def _checking_in_together(sandbox) -> None:
    await sandbox.user("alice").says("/checkin")  # two days before: today alice reaches 3 days
    await sandbox.advance(days=1)
    await sandbox.user("alice").says("/checkin")
    for name in NAMES:
        await sandbox.user(name).says("hello")
    await sandbox.advance(days=1)
    await sandbox.user("bob").says("/away 1")  # on leave today, until he checks in
    await sandbox.user("carol").says("/checkin")  # already in today
    users = ["alice", "bob", "carol", "dave", "dave", *NAMES]
    with SqlLog() as log:
        outcomes = await asyncio.gather(*(sandbox.user(name).says("/checkin") for name in users))
    inserts = [s for s in log.statements if s.startswith('INSERT INTO "checkin_checkin"')]
    texts = dict(zip(users[:4], (o.text for o in outcomes)))
    assert 0 < len(inserts) < len(users) - 1, "check-ins arriving together were written one by one"

    done = [o.text for o in outcomes if "checked in —" in o.text]
    assert len(done) == 2 + 1 + len(NAMES)  # alice, bob, one of dave's, the twelve
    assert sorted(_place_today(t) for t in done) == list(range(2, len(done) + 2))  # carol was first
    assert "already checked in" in texts["carol"]
    assert sorted("already checked in" in o.text for o in outcomes[3:5]) == [False, True]  # dave twice

    assert "Streak: 3 days (longest 3)" in texts["alice"]
    assert "3-day streak" in texts["alice"]  # the milestone, celebrated in the same reply
    assert "Streak: 1 day" in texts["bob"]
    assert not await Leave.filter(member_id=(await member("bob")).id).exists()
    for name in ["dave", *NAMES]:
        assert await checkin_days(name) == [date(2026, 3, 4)]
        row = await streak_of(name)
        assert (row.current, row.total_days, row.points, row.settled_through) == (1, 1, 10, date(2026, 3, 4))
        assert await sandbox.runtime.ledger.balance(await member(name)) == 10
        assert await DayDecisionRow.filter(member_id=row.member_id, day=date(2026, 3, 4), outcome="checked").count() == 1
    assert (await streak_of("alice")).points == 3 * 10 + 20  # three check-ins and the milestone's bonus
    assert await sandbox.runtime.ledger.balance(await member("alice")) == 50
    assert await LedgerEntry.filter(member__display_name="Alice").count() == 4


async def test_check_ins_arriving_together_on_sqlite(sandbox):
    await _checking_in_together(sandbox)


@pytest.mark.postgres
async def test_check_ins_arriving_together_on_postgres(make_sandbox):
    await _checking_in_together(await make_sandbox(database="postgres"))


async def test_a_failing_batch_is_written_again_one_by_one(sandbox, monkeypatch, caplog):
    for name in ["mallory", *NAMES[:4]]:
        await sandbox.user(name).says("hello")
    mallory = (await member("mallory")).id
    settle = recorder._settle

    async def settle_failing_for_mallory(fresh, rows):
        if any(request.member.id == mallory for request, _, _ in fresh):
            raise RuntimeError("mallory's row is broken")
        await settle(fresh, rows)

    monkeypatch.setattr(recorder, "_settle", settle_failing_for_mallory)
    names = ["mallory", *NAMES[:4]]
    outcomes = await asyncio.gather(*(sandbox.user(name).says("/checkin") for name in names))
    texts = dict(zip(names, (o.text for o in outcomes)))
    assert texts["mallory"].startswith("Something went wrong on my side (ref ")
    assert await checkin_days("mallory") == []  # its transaction was rolled back
    for name in NAMES[:4]:
        assert "checked in —" in texts[name]
        assert (await streak_of(name)).current == 1
    assert "writing them one by one" in caplog.text


async def test_a_member_busy_with_another_change_holds_up_nobody_else(sandbox):
    for name in ("alice", "bob", "carol"):
        await sandbox.user(name).says("hello")
    bob_busy = keeper.member_lock((await member("bob")).id)
    await bob_busy.acquire()  # a make-up or an admin's fix of bob's, taking its time
    bob = asyncio.create_task(sandbox.user("bob").says("/checkin"))
    others = await asyncio.wait_for(asyncio.gather(
        sandbox.user("alice").says("/checkin"), sandbox.user("carol").says("/checkin")), timeout=5)
    assert all("checked in —" in o.text for o in others)
    assert not bob.done()
    bob_busy.release()
    assert "checked in —" in (await asyncio.wait_for(bob, timeout=5)).text


async def test_a_streak_row_made_by_someone_else_meanwhile_is_used(sandbox, monkeypatch):
    await sandbox.user("alice").says("/streak")  # her streak row exists from here on
    select = keeper._select_rows
    calls = []

    async def first_select_misses_it(member_ids):
        calls.append(member_ids)
        return [] if len(calls) == 1 else await select(member_ids)  # as if made right after we looked

    monkeypatch.setattr(keeper, "_select_rows", first_select_misses_it)
    replies = await sandbox.user("alice").says("/checkin")
    assert "checked in —" in replies.text and "Streak: 1 day" in replies.text
    assert len(calls) == 2  # the insert skipped her row, so it was read (and locked) after all
    assert (await streak_of("alice")).current == 1
