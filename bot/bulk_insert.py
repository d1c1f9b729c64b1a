"""Many rows in one INSERT, past the ORM's per-row models: for hot paths that write a row
per member of a batch, where building a model instance per row costs more than the row.

    await insert_many(LedgerEntry, [{"member_id": 1, "delta": 5, ...}, ...], skip_conflicts_on=())

The dialect-specific SQL of the core and of plugins lives here, and only here.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from tortoise.models import Model

from bot.database import synced_sqlite_query

MAX_PARAMETERS = 30_000  # under SQLite's 32,766 and PostgreSQL's 32,767 per statement


async def insert_many(model: type[Model], rows: Sequence[Mapping[str, Any]], *,
                      skip_conflicts_on: Sequence[str] | None = None,
                      returning: Sequence[str] = (), synced: bool = False) -> list[dict]:
    """Insert `rows` (dicts keyed by column name, all with the same keys).

    `skip_conflicts_on`: the columns of a unique constraint; a row that would break it is
    skipped (an empty sequence: any constraint). `returning`: columns of the rows inserted.
    `synced`: on SQLite the commit reaches the disk before this returns, even where the database
    runs with synchronous=NORMAL (a power cut cannot take the rows back).
    """
    if not rows:
        return []
    db = model._meta.db
    columns = list(rows[0])
    unknown = set(columns) - set(model._meta.db_fields)
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    per_statement = max(1, MAX_PARAMETERS // len(columns))
    inserted: list[dict] = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        sql = _insert_sql(model, columns, len(chunk), db.capabilities.dialect == "sqlite",
                          skip_conflicts_on, returning)
        values = [row[column] for row in chunk for column in columns]
        if synced and db.capabilities.dialect == "sqlite":
            inserted += await synced_sqlite_query(db, sql, values)
        elif returning:
            inserted += await db.execute_query_dict(sql, values)
        else:
            await db.execute_query(sql, values)
    return inserted


def _insert_sql(model: type[Model], columns: list[str], rows: int, sqlite: bool,
                skip_conflicts_on: Sequence[str] | None, returning: Sequence[str]) -> str:
    width = len(columns)
    if sqlite:
        one = "(" + ", ".join("?" * width) + ")"
        values = ", ".join([one] * rows)
    else:
        values = ", ".join("(" + ", ".join(f"${r * width + c + 1}" for c in range(width)) + ")" for r in range(rows))
    sql = f'INSERT INTO "{model._meta.db_table}" ({_names(columns)}) VALUES {values}'
    if skip_conflicts_on is not None:
        target = f" ({_names(skip_conflicts_on)})" if skip_conflicts_on else ""
        sql += f" ON CONFLICT{target} DO NOTHING"
    if returning:
        sql += f" RETURNING {_names(returning)}"
    return sql


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


async def update_many(model: type[Model], rows: Sequence[Model], fields: Sequence[str]) -> None:
    """Write `fields` of several rows (already in the table) in one round trip."""
    await update_by_id(model, fields, [[getattr(row, name) for name in fields] + [row.pk] for row in rows])


async def update_by_id(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set `fields` of rows by primary key: each of `rows` is the fields' values, then the key.

    All or none: one row is one statement; several are one `executemany` (its own transaction
    outside an enclosing one). On SQLite a lone statement is one round trip to the database
    thread where a transaction takes four.
    """
    if not rows:
        return
    db = model._meta.db
    sql = _placeholders(f'UPDATE "{model._meta.db_table}" SET {", ".join(f"{_names([f])}=?" for f in fields)} '
                        f'WHERE "{model._meta.db_pk_column}"=?', db.capabilities.dialect)
    if len(rows) == 1:
        await db.execute_query(sql, list(rows[0]))
    else:
        await db.execute_many(sql, [list(row) for row in rows])


async def select_dicts(model: type[Model], sql: str, params: Sequence[Any]) -> list[dict]:
    """Run a SELECT written with `?` placeholders (one per value, in order) on `model`'s database."""
    db = model._meta.db
    dialect = db.capabilities.dialect
    values = [p.isoformat() if dialect == "sqlite" and isinstance(p, date) else p for p in params]
    return await db.execute_query_dict(_placeholders(sql, dialect), values)


def table_of(model: type[Model]) -> str:
    """The model's table name, quoted for SQL."""
    return f'"{model._meta.db_table}"'


def column_values(row: Model) -> dict[str, Any]:
    """An unsaved row's columns and values (its defaults included), for `insert_many`."""
    meta = type(row)._meta
    return {column: getattr(row, name) for name, column in meta.fields_db_projection.items() if name != meta.pk_attr}


def _placeholders(sql: str, dialect: str) -> str:
    """`?` placeholders as the dialect wants them: kept for SQLite, `$1, $2, …` for PostgreSQL."""
    if dialect == "sqlite":
        return sql
    parts = sql.split("?")
    return parts[0] + "".join(f"${index}{part}" for index, part in enumerate(parts[1:], 1))
