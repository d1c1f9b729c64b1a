"""A handler as one unit of work: its writes commit together or not at all, and the answer the
platform holds back goes out only once they did.

Discord gives no second chance at an interaction: after a crash the new process never sees it
again, and a gateway resume's replay of it is ignored (adapters/discord/incoming.py). So a
command or button handler answering an interaction runs in one database transaction, and the
adapter holds the interaction's answers until it commits:

* the handler fails (an exception, a `UserError`): nothing it wrote stays and nothing it
  answered goes out; the error boundary answers with the localized error instead;
* the process dies before the commit: nothing stays and nothing was answered; Discord shows
  the user that the interaction failed, and a member who tries again starts from clean state.

Only answers through the interaction are held; a message posted to a chat or a DM, a role
given, goes out when the handler does it. A handler that cannot run in one transaction (a long
export, say) opts out with `atomic=False` on its `@plugin.command` or `@plugin.button`.

Other platforms redeliver what was not handled (Telegram's durable intake), so their handlers
run as before: on SQLite a transaction holds the only connection, and holding it through every
handler would make the hot paths (the check-in group commit) wait on each other.

Inside a transaction, code that hands work to another task must not wait for it on SQLite (the
task would wait for the connection the transaction holds): `inside_transaction()` tells such
code to do the work itself (the check-in recorder joins the enclosing transaction), and
`detached()` starts a task that lives outside it.
"""
from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Protocol

from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.backends.sqlite.client import SqliteTransactionWrapper
from tortoise.connection import get_connections
from tortoise.transactions import in_transaction

if TYPE_CHECKING:
    from bot.context import Context

CONNECTION = "default"


class HeldAnswers(Protocol):
    """What an adapter returns from `hold_answers`: answers kept until `release` (or `drop`)."""

    async def release(self) -> None: ...

    def drop(self) -> None: ...


@asynccontextmanager
async def unit_of_work(ctx: "Context", *, atomic: bool = True) -> AsyncIterator[None]:
    held = ctx.adapter.hold_answers(ctx.event) if atomic else None
    if held is None:
        yield
        return
    try:
        async with in_transaction(CONNECTION):
            yield
    except BaseException:
        held.drop()
        raise
    await held.release()


def _current() -> BaseDBAsyncClient | None:
    return get_connections()._get_storage().get(CONNECTION)


def inside_transaction() -> bool:
    """Whether this task is inside a database transaction."""
    return isinstance(_current(), TransactionalDBClient)


def sole_writer() -> bool:
    """Whether this task's transaction holds the database's only connection (SQLite): no other
    task reads or writes until it ends, and waiting here for one that wants to would never end."""
    return isinstance(_current(), SqliteTransactionWrapper)


def _root(client: BaseDBAsyncClient) -> BaseDBAsyncClient:
    while isinstance(client, TransactionalDBClient) and getattr(client, "_parent", None) is not None:
        client = client._parent
    return client


def _outside_transactions() -> None:
    connections = get_connections()
    connections._set_storage({alias: _root(client) for alias, client in connections._copy_storage().items()})


def detached(coroutine: Coroutine[Any, Any, Any], *, name: str | None = None) -> asyncio.Task:
    """Start `coroutine` as a task of its own, outside any transaction of the caller (a task
    started inside one would otherwise go on using it after it ended)."""
    context = contextvars.copy_context()
    context.run(_outside_transactions)
    return asyncio.create_task(coroutine, name=name, context=context)
