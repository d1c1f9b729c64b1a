"""What several instances share, and what an instance says when they cannot share it."""
import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from aiohttp import ClientSession

from adapters.sandbox.testing import POSTGRES_ADMIN_URL


async def test_postgres_without_redis_is_said_once_with_what_doubles(make_sandbox, caplog):
    caplog.set_level(logging.WARNING, logger="bot.runtime")
    await make_sandbox(database="postgres")
    [warning] = [r.getMessage() for r in caplog.records if "without Redis" in r.getMessage()]
    assert "answered twice" in warning and "runs once per instance" in warning


async def test_sqlite_alone_says_nothing_about_redis(make_sandbox, caplog):
    caplog.set_level(logging.WARNING, logger="bot.runtime")
    await make_sandbox()
    assert not [r for r in caplog.records if "Redis" in r.getMessage()]


# --- several real instances on one PostgreSQL and one Redis -------------------------------

@pytest.fixture
async def shared_database():
    """A fresh, empty PostgreSQL database for real instance processes; dropped afterwards."""
    name = f"shequn_inst_{uuid.uuid4().hex[:12]}"
    admin_url = POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://")
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Instance:
    """One `shequn` process on the shared database and Redis."""

    def __init__(self, workdir, database_url: str, redis_prefix: str, extra_env: dict[str, str]) -> None:
        self.workdir, self.port = workdir, _free_port()
        self.env = {**os.environ, "SHEQUN_DATABASE__URL": database_url, "SHEQUN_REDIS__URL": "redis://127.0.0.1:6379/0",
                    "SHEQUN_REDIS__PREFIX": redis_prefix, "SHEQUN_WEB__PORT": str(self.port),
                    "SHEQUN_LOG_LEVEL": "INFO", **extra_env}
        self.env.pop("SHEQUN_TELEGRAM__TOKEN", None)
        self.env.pop("SHEQUN_DISCORD__TOKEN", None)
        self.process: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self, *command: str) -> "Instance":
        self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", *command], cwd=self.workdir, env=self.env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return self

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        output = self.process.communicate(timeout=timeout)[0]
        return self.process.returncode, output

    def stop(self) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.finish()

    async def ready(self, session: ClientSession, timeout: float = 90) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            assert self.process.poll() is None, self.finish()[1]
            try:
                async with session.get(self.base + "/healthz") as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            await asyncio.sleep(0.2)
        raise AssertionError(f"instance on {self.port} did not start")

    async def set_clock(self, session: ClientSession, when: datetime) -> int:
        async with session.post(self.base + "/sandbox/api/clock", json={"now": when.isoformat()}) as response:
            body = await response.json()
            assert response.status == 200, body
            return body["jobs_run"]

    async def digests(self, session: ClientSession) -> list[str]:
        async with session.get(self.base + "/sandbox/api/history", params={"chat": "demo"}) as response:
            return [m["text"] for m in (await response.json())["messages"] if "digest" in m["text"]]


async def _digests_once_there(session: ClientSession, *instances: Instance, timeout: float = 30) -> list[str]:
    """The digests the instances posted, once there is one (the post may still be on its way)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (found := [d for instance in instances for d in await instance.digests(session)]) \
            and loop.time() < deadline:
        await asyncio.sleep(0.1)
    return found


COMMUNITY = """
[communities.demo]
name = "Demo"
chats = ["sandbox:demo"]
"""


@pytest.mark.postgres
def test_two_instances_migrate_an_empty_database_once(tmp_path, shared_database):
    instances = [Instance(tmp_path, shared_database, f"t{uuid.uuid4().hex}:", {}) for _ in range(2)]
    for instance in instances:
        instance.start("migrate")
    results = [instance.finish() for instance in instances]
    assert [code for code, _ in results] == [0, 0], results
    applied = [output for _, output in results if "applied core.0001_initial" in output]
    assert len(applied) == 1, results  # one migrated, the other waited and found nothing to do
    assert any("nothing to migrate" in output for _, output in results), results


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_daily_job_runs_once_a_day_across_two_instances_and_catches_up_once(tmp_path, shared_database):
    # the digest falls due a few minutes before now, so a restart now is within its grace window
    fire = (datetime.now(UTC) - timedelta(minutes=5)).replace(second=0, microsecond=0)
    env = {"SHEQUN_PLUGINS__CHECKIN__DIGEST": "true", "SHEQUN_PLUGINS__CHECKIN__DIGEST_TIME": fire.strftime("%H:%M")}
    prefix = f"t{uuid.uuid4().hex}:"
    for name in ("a", "b", "c", "d"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "config.toml").write_text(COMMUNITY)
    one, two = (Instance(tmp_path / name, shared_database, prefix, env) for name in ("a", "b"))
    async with ClientSession() as session:
        for instance in (one, two):
            instance.start("run")
        for instance in (one, two):
            await instance.ready(session)
        # two days, a month ago, on both instances' clocks (each instance has its own)
        for day in (fire - timedelta(days=30), fire - timedelta(days=29)):
            for instance in (one, two):
                await instance.set_clock(session, day - timedelta(minutes=10))
            for instance in (two, one):
                await instance.set_clock(session, day + timedelta(minutes=10))
        ran = await one.digests(session) + await two.digests(session)
        assert len(ran) == 2, ran  # once a day, not once per instance
        for instance in (one, two):
            code, output = instance.stop()
            assert code == 0, output

        # both were down when today's digest fell due: it runs once, on one of them (in fresh
        # folders: a live sandbox keeps its moved clock across a restart, and these run on real time)
        one, two = (Instance(tmp_path / name, shared_database, prefix, env) for name in ("c", "d"))
        for instance in (one, two):
            instance.start("run")
        for instance in (one, two):
            await instance.ready(session)
        # an instance catches up as it starts, before it serves: a second catch-up would be there already
        caught_up = await _digests_once_there(session, one, two)
        outputs = [instance.stop()[1] for instance in (one, two)]
    assert len(caught_up) == 1, (caught_up, outputs)
    assert sum("catching up checkin.digest" in output for output in outputs) >= 1, outputs
