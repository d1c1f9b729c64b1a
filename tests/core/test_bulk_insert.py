"""The bulk helpers (insert_many, update_many, select_dicts), on SQLite and PostgreSQL."""
import pytest

from bot import bulk_insert, clock
from bot.bulk_insert import column_values, insert_many, select_dicts, table_of, update_many
from bot.models import Community, LedgerEntry, Member


async def _rows(count: int, reason: str = "test") -> tuple[Member, list[dict]]:
    community = await Community.create(slug="bulk", name="Bulk", created_at=clock.now(), timezone="UTC",
                                       day_start_hour=4)
    member = await Member.create(community=community, display_name="Bulk", joined_at=clock.now(),
                                 last_seen_at=clock.now())
    return member, [{"community_id": community.id, "member_id": member.id, "delta": i, "reason": reason,
                     "reference": f"ref-{i}", "created_at": clock.now()} for i in range(count)]


async def _inserting_skipping_and_returning(monkeypatch) -> None:
    monkeypatch.setattr(bulk_insert, "MAX_PARAMETERS", 6 * 4)  # four rows a statement: the rows span three
    member, rows = await _rows(10)
    returned = await insert_many(LedgerEntry, rows[:7], returning=("id", "delta"))
    assert sorted(r["delta"] for r in returned) == list(range(7))
    assert all(isinstance(r["id"], int) for r in returned)
    again = await insert_many(LedgerEntry, rows, skip_conflicts_on=("member_id", "reason", "reference"),
                              returning=("delta",))
    assert sorted(r["delta"] for r in again) == [7, 8, 9]  # the first seven were there already
    await insert_many(LedgerEntry, rows, skip_conflicts_on=())  # any constraint: all skipped
    entries = await LedgerEntry.filter(member_id=member.id).order_by("delta").values_list("delta", "reference")
    assert entries == [(i, f"ref-{i}") for i in range(10)]
    assert await insert_many(LedgerEntry, []) == []


async def test_insert_many_on_sqlite(sandbox, monkeypatch):
    await _inserting_skipping_and_returning(monkeypatch)


@pytest.mark.postgres
async def test_insert_many_on_postgres(make_sandbox, monkeypatch):
    await make_sandbox(database="postgres")
    await _inserting_skipping_and_returning(monkeypatch)


async def test_an_unknown_column_is_named(sandbox):
    _, rows = await _rows(1)
    rows[0]["colour"] = "red"
    with pytest.raises(ValueError, match="colour"):
        await insert_many(LedgerEntry, rows)


async def _updating_and_selecting() -> None:
    member, rows = await _rows(3)
    await insert_many(LedgerEntry, rows)
    entries = await LedgerEntry.filter(member_id=member.id).order_by("delta")
    for entry in entries:
        entry.delta, entry.reason = entry.delta * 10, "changed"
    await update_many(LedgerEntry, entries[:2], ("delta", "reason"))
    stored = await LedgerEntry.filter(member_id=member.id).order_by("id").values_list("delta", "reason")
    assert stored == [(0, "changed"), (10, "changed"), (2, "test")]
    since = clock.now().date()
    found = await select_dicts(LedgerEntry, f'SELECT "delta" FROM {table_of(LedgerEntry)} '
                                            'WHERE "member_id"=? AND "reason"=? AND "delta">=? ORDER BY "delta"',
                               [member.id, "changed", 5])
    assert [r["delta"] for r in found] == [10]
    sql = f'SELECT COUNT(*) AS "n" FROM {table_of(Member)} WHERE "id"=? AND CAST(? AS DATE) <= CAST(? AS DATE)'
    made = await select_dicts(Member, sql, [member.id, since, since])  # dates go in as dates on either database
    assert made[0]["n"] == 1
    fresh = column_values(LedgerEntry(community_id=1, member_id=2, delta=3, reason="r", reference="x",
                                      created_at=clock.now()))
    assert "id" not in fresh and fresh["member_id"] == 2 and fresh["delta"] == 3


async def test_update_and_select_on_sqlite(sandbox):
    await _updating_and_selecting()


@pytest.mark.postgres
async def test_update_and_select_on_postgres(make_sandbox):
    await make_sandbox(database="postgres")
    await _updating_and_selecting()


async def test_a_synced_insert_on_sqlite_commits_and_leaves_the_connection_as_it_was(sandbox):
    """SQLite runs with synchronous=NORMAL; a synced insert (the intake's) is committed with FULL
    and the connection goes back to NORMAL for everything else."""
    db = LedgerEntry._meta.db
    assert (await db.execute_query_dict("PRAGMA synchronous"))[0]["synchronous"] == 1  # NORMAL
    _, rows = await _rows(3, reason="synced")
    returned = await insert_many(LedgerEntry, rows, returning=("delta",), synced=True)
    assert sorted(r["delta"] for r in returned) == [0, 1, 2]
    assert await LedgerEntry.filter(reason="synced").count() == 3
    assert (await db.execute_query_dict("PRAGMA synchronous"))[0]["synchronous"] == 1
