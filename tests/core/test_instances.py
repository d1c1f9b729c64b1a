"""What several instances share, and what an instance says when they cannot share it."""
import logging


async def test_postgres_without_redis_is_said_once_with_what_doubles(make_sandbox, caplog):
    caplog.set_level(logging.WARNING, logger="bot.runtime")
    await make_sandbox(database="postgres")
    [warning] = [r.getMessage() for r in caplog.records if "without Redis" in r.getMessage()]
    assert "answered twice" in warning and "runs once per instance" in warning


async def test_sqlite_alone_says_nothing_about_redis(make_sandbox, caplog):
    caplog.set_level(logging.WARNING, logger="bot.runtime")
    await make_sandbox()
    assert not [r for r in caplog.records if "Redis" in r.getMessage()]
