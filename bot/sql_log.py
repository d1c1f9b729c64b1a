"""The SQL statements a block of code ran, from tortoise's query log: for tests and for
finding out what a command costs.

    with SqlLog() as log:
        await sandbox.user("bob").says("/rank")
    assert len(log.statements) <= 3
"""
from __future__ import annotations

import logging
from typing import Any


class SqlLog(logging.Handler):
    """The statements run inside a `with` block (tortoise's query log), in `statements`."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []
        self._logger = logging.getLogger("tortoise.db_client")
        self._level = self._logger.level

    def emit(self, record: logging.LogRecord) -> None:
        self.statements.append(record.getMessage())

    def __enter__(self) -> "SqlLog":
        self._level = self._logger.level
        self._logger.setLevel(logging.DEBUG)
        self._logger.addHandler(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        self._logger.removeHandler(self)
        self._logger.setLevel(self._level)
