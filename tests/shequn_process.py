"""Driving `shequn` as a real process, the way an operator does."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

# No platform token from the developer's shell may leak into a test's bot.
CLEAN_ENV = {name: value for name, value in os.environ.items() if not name.startswith("SHEQUN_")}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**CLEAN_ENV, "PYTHONUNBUFFERED": "1", **(extra or {})}


def shequn(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=cwd, env=environment(env),
                          capture_output=True, text=True, timeout=timeout)


def start(*args: str, cwd: Path, env: dict | None = None) -> subprocess.Popen:
    """`shequn run` (or other args) in the background, stdout and stderr merged."""
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *(args or ("run",))], cwd=cwd, env=environment(env),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_until_serving(process: subprocess.Popen, port: int, timeout: float = 90) -> None:
    """Wait for /healthz; the timeout is generous because a busy machine imports and migrates slowly."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"shequn ended with {process.returncode}:\n{process.stdout.read()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("shequn never served /healthz")


def api(port: int, path: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}/sandbox/api/{path}", data=data,
                                     method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


def says(port: int, user: str, text: str, chat: str = "demo", lang: str | None = None) -> list[dict]:
    status, body = api(port, "messages", {"user": user, "chat": chat, "text": text, "lang": lang})
    assert status == 200, body
    return body["replies"]


def stop(process: subprocess.Popen, timeout: float = 20) -> str:
    """SIGTERM, then the whole output once the process has ended."""
    if process.poll() is None:
        process.terminate()
    try:
        return process.communicate(timeout=timeout)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(f"shequn did not stop within {timeout} s:\n{process.communicate()[0]}")


async def run_to_exit(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120,
                      signal_when: Callable[[str], Any] | None = None,
                      stop_signal: int = signal.SIGTERM) -> tuple[int, str]:
    """`shequn <args>` as a process while this test's event loop (and its fakes) keeps running.

    With `signal_when`: once it returns something true for the output so far (it is asked
    every 50 ms), the process gets `stop_signal`, once. Returns the exit code and the whole
    output; a process still running after `timeout` seconds is killed and fails the test.
    """
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, cwd=cwd, env=environment(env),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    lines: list[str] = []

    async def read() -> None:
        async for raw in process.stdout:
            lines.append(raw.decode(errors="replace"))

    async def signal_once() -> None:
        while not signal_when("".join(lines)):
            await asyncio.sleep(0.05)
        process.send_signal(stop_signal)

    signaller = asyncio.create_task(signal_once()) if signal_when else None
    try:
        async with asyncio.timeout(timeout):
            await read()
            code = await process.wait()
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"shequn {' '.join(args)} still ran after {timeout} s:\n{''.join(lines)}") from None
    finally:
        if signaller:
            signaller.cancel()
    return code, "".join(lines)
