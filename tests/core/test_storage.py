"""Storage on SQLite and on the PostgreSQL server: migrations, ledger, failure safety."""
import os
import sys
import textwrap

import asyncpg
import pytest
from tortoise.connection import get_connection

from tortoise.exceptions import IntegrityError
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from bot.database import (CORE_MODELS, MigrationFailed, ModelApp, close_database, migrate, open_database,
                          pending_migrations, tortoise_config)
from bot.models import Community, LedgerEntry, Member, MemberRestriction
from bot.clock import now

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture
async def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path}/store.sqlite3"
        await close_database()
        return
    name = f"shequn_storage_{os.getpid()}"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    await close_database()
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


@pytest.fixture
def broken_plugin(tmp_path, monkeypatch):
    """A plugin whose second migration fails half-way: its first statement works."""
    package = tmp_path / "brokenplugin"
    (package / "migrations").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text(textwrap.dedent("""
        from tortoise import fields
        from tortoise.models import Model

        class Note(Model):
            id = fields.IntField(primary_key=True)
            text = fields.CharField(max_length=50)
    """))
    (package / "migrations" / "__init__.py").write_text("")
    (package / "migrations" / "0001_initial.py").write_text(textwrap.dedent("""
        from tortoise import fields, migrations
        from tortoise.migrations import operations as ops

        class Migration(migrations.Migration):
            initial = True
            operations = [ops.CreateModel(name="Note", fields=[
                ("id", fields.IntField(primary_key=True)), ("text", fields.CharField(max_length=50))],
                options={"table": "note", "app": "brokenplugin", "pk_attr": "id"}, bases=["Model"])]
    """))
    (package / "migrations" / "0002_oops.py").write_text(textwrap.dedent("""
        from tortoise import migrations
        from tortoise.migrations import operations as ops

        class Migration(migrations.Migration):
            dependencies = [("brokenplugin", "0001_initial")]
            operations = [ops.RunSQL("INSERT INTO note (id, text) VALUES (1, 'half-way')"),
                          ops.RunSQL("INSERT INTO no_such_table VALUES (1)")]
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in list(sys.modules):
        if name.startswith("brokenplugin"):
            del sys.modules[name]
    return ModelApp("brokenplugin", "brokenplugin.models", "brokenplugin.migrations")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_migrations_apply_once(database_url):
    await open_database(database_url, [CORE_MODELS])
    assert await migrate(database_url, [CORE_MODELS]) == ["core.0001_initial", "core.0002_security", "core.0003_intake",
                                                               "core.0004_restrictions", "core.0005_restriction_sources",
                                                               "core.0006_admin_notices"]
    assert await pending_migrations([CORE_MODELS]) == []
    assert await migrate(database_url, [CORE_MODELS]) == []
    await close_database()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_restrictions_from_before_sources_survive_and_two_sources_may_hold_one_kind(database_url):
    await open_database(database_url, [CORE_MODELS])
    executor = MigrationExecutor(get_connection("default"), tortoise_config("", [CORE_MODELS])["apps"])
    await executor.migrate([MigrationTarget("core", "0004_restrictions")])
    place = await Community.create(slug="a", name="A", created_at=now())
    ann = await Member.create(community=place, display_name="Ann", joined_at=now(), last_seen_at=now())
    await get_connection("default").execute_query(
        f"INSERT INTO core_member_restriction (community_id, member_id, kind) VALUES ({place.id}, {ann.id}, 'links')")
    assert await migrate(database_url, [CORE_MODELS]) == ["core.0005_restriction_sources", "core.0006_admin_notices"]
    assert await MemberRestriction.filter(member_id=ann.id).values_list("kind", "source") == [("links", "")]
    await MemberRestriction.create(community=place, member=ann, kind="links", source="gate")
    await MemberRestriction.create(community=place, member=ann, kind="links", source="tiers")
    with pytest.raises(IntegrityError):
        await MemberRestriction.create(community=place, member=ann, kind="links", source="gate")
    assert any("until" in name for name in await _index_names("core_member_restriction"))  # remade on SQLite
    await close_database()


async def _index_names(table: str) -> list[str]:
    connection = get_connection("default")
    if "sqlite" in type(connection).__module__:
        _, rows = await connection.execute_query(f'PRAGMA index_list("{table}")')
    else:
        _, rows = await connection.execute_query(f"SELECT indexname AS name FROM pg_indexes WHERE tablename = '{table}'")
    return [row["name"] for row in rows]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_a_failing_migration_names_the_plugin_and_step_and_changes_nothing(database_url, broken_plugin):
    apps = [CORE_MODELS, broken_plugin]
    await open_database(database_url, apps)
    with pytest.raises(MigrationFailed) as failure:
        await migrate(database_url, apps)
    assert failure.value.app == "brokenplugin" and failure.value.step == "0002_oops"
    assert "plugin 'brokenplugin'" in str(failure.value) and "0002_oops" in str(failure.value)
    pending = await pending_migrations(apps)
    assert "brokenplugin.0002_oops" in pending and "brokenplugin.0001_initial" not in pending
    rows = await get_connection("default").execute_query_dict("SELECT count(*) AS n FROM note")
    assert rows[0]["n"] == 0  # the half-done step was rolled back
    await close_database()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_the_ledger_keeps_awards_idempotent_and_balances_right(database_url):
    from bot.ledger import Ledger

    await open_database(database_url, [CORE_MODELS])
    await migrate(database_url, [CORE_MODELS])
    ledger = Ledger()
    place = await Community.create(slug="a", name="A", created_at=now())
    other = await Community.create(slug="b", name="B", created_at=now())
    ann = await Member.create(community=place, display_name="Ann", joined_at=now(), last_seen_at=now())
    ben = await Member.create(community=place, display_name="Ben", joined_at=now(), last_seen_at=now())
    far = await Member.create(community=other, display_name="Far", joined_at=now(), last_seen_at=now())
    assert await ledger.award(ann, 10, "checkin", "2026-03-02")
    assert not await ledger.award(ann, 10, "checkin", "2026-03-02")  # the same award twice
    assert await ledger.award(ann, 5, "bonus")
    assert await ledger.award(ben, 3, "checkin", "2026-03-02")
    assert await ledger.award(far, 99, "checkin", "2026-03-02")  # the same reference elsewhere
    assert await ledger.balance(ann) == 15 and await ledger.balance(ben) == 3
    assert await ledger.top(place.id) == [(ann.id, 15), (ben.id, 3)]
    ben.left_at = now()
    await ben.save()
    assert await ledger.top(place.id) == [(ann.id, 15)]
    assert await LedgerEntry.filter(community_id=other.id).count() == 1
    await close_database()


async def test_sqlite_keeps_a_backup_before_migrating_an_existing_database(tmp_path, broken_plugin):
    url = f"sqlite://{tmp_path}/keep.sqlite3"
    await open_database(url, [CORE_MODELS])
    await migrate(url, [CORE_MODELS])
    await Community.create(slug="kept", name="Kept", created_at=now())
    with pytest.raises(MigrationFailed) as failure:
        await migrate(url, [CORE_MODELS, broken_plugin])
    assert failure.value.backup is not None
    await close_database()
    backup_url = f"sqlite://{failure.value.backup}"
    await open_database(backup_url, [CORE_MODELS])
    assert await Community.filter(slug="kept").exists()
    assert await pending_migrations([CORE_MODELS]) == []
    await close_database()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_merging_members_moves_points_and_keeps_awards_both_had(database_url):
    from bot.ledger import Ledger

    await open_database(database_url, [CORE_MODELS])
    await migrate(database_url, [CORE_MODELS])
    ledger = Ledger()
    place = await Community.create(slug="a", name="A", created_at=now())
    kept = await Member.create(community=place, display_name="Kept", joined_at=now(), last_seen_at=now())
    merged = await Member.create(community=place, display_name="Merged", joined_at=now(), last_seen_at=now())
    await ledger.award(kept, 10, "checkin", "2026-03-02")
    await ledger.award(merged, 10, "checkin", "2026-03-02")
    await ledger.award(merged, 7, "checkin", "2026-03-03")
    await ledger.reassign(merged, kept)
    assert await ledger.balance(kept) == 27 and await ledger.balance(merged) == 0
    await close_database()
