"""Pytest fixtures for plugin tests (registered through the `pytest11` entry point).

    async def test_checkin(sandbox):
        replies = await sandbox.user("alice").says("/checkin")

    async def test_custom(make_sandbox):
        sandbox = await make_sandbox({"plugins": {"checkin": {"points": 5}}}, database="postgres")
"""
from __future__ import annotations

import asyncio

import pytest_asyncio

from adapters.sandbox.testing import Sandbox, drop_test_databases, start_sandbox, stop_sandbox


@pytest_asyncio.fixture
async def make_sandbox(tmp_path):
    started: list[Sandbox] = []

    async def make(overrides=None, **options) -> Sandbox:
        sandbox = await start_sandbox(overrides, workdir=tmp_path, **options)
        started.append(sandbox)
        return sandbox

    yield make
    for sandbox in reversed(started):
        await stop_sandbox(sandbox)


@pytest_asyncio.fixture
async def sandbox(make_sandbox) -> Sandbox:
    return await make_sandbox()


def pytest_sessionfinish(session, exitstatus) -> None:
    try:
        asyncio.run(drop_test_databases())
    except Exception:  # the databases are named per process; a leftover is harmless
        pass


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "postgres: needs the PostgreSQL server on 127.0.0.1:5432")
    config.addinivalue_line("markers", "redis: needs the Redis server on 127.0.0.1:6379")
