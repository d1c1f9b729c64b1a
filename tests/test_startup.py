"""`shequn run` as a process manager sees it: a start that cannot succeed ends the process
within seconds, with one line that says what to fix and everything it opened closed; a
signal during start-up stops it; and start-up says what it is doing."""
import signal
import socket
from pathlib import Path

import pytest

from tests.fakes.discord_server import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram
from tests.shequn_process import free_port, run_to_exit

DISCORD_TOKEN = "fake-token"


def _failed_with_one_clear_line(code: int, output: str, reason: str) -> None:
    assert code == 1, output
    errors = [line for line in output.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "could not start: " + reason in errors[0], output
    assert "Traceback" not in output and "shutting down" in output
    assert "sandbox chat page" not in output


def _discord_env(dc: FakeDiscord, token: str = DISCORD_TOKEN) -> dict[str, str]:
    return {"SHEQUN_DISCORD__TOKEN": token, "SHEQUN_DISCORD__API_BASE": dc.api_url,
            "SHEQUN_DISCORD__GUILD_READY_TIMEOUT": "0.05", "SHEQUN_WEB__PORT": str(free_port())}


@pytest.fixture
async def dc():
    async with FakeDiscord(bot_user_id=9000, token=DISCORD_TOKEN) as fake:
        yield fake


async def test_discord_refusing_privileged_intents_ends_the_process(dc, tmp_path):
    dc.refuse_privileged_intents = True
    code, output = await run_to_exit("run", cwd=tmp_path, env=_discord_env(dc))
    _failed_with_one_clear_line(code, output, "Discord refused the privileged intents the bot asks for "
                                              "(Server Members")
    assert "members_intent = false" in output and dc.identify_payloads == []


async def test_a_rejected_discord_token_ends_the_process(dc, tmp_path):
    code, output = await run_to_exit("run", cwd=tmp_path, env=_discord_env(dc, token="not-the-token"))
    _failed_with_one_clear_line(code, output, "Discord rejected the bot token")


async def test_a_rejected_telegram_token_ends_the_process(tmp_path):
    async with FakeTelegram(token="123:RIGHT") as tg:
        env = {"SHEQUN_TELEGRAM__TOKEN": "123:WRONG", "SHEQUN_TELEGRAM__API_BASE": tg.base_url,
               "SHEQUN_WEB__PORT": str(free_port())}
        code, output = await run_to_exit("run", cwd=tmp_path, env=env)
    _failed_with_one_clear_line(code, output, "Telegram rejected the bot token (Unauthorized)")
    assert "123:WRONG" not in output


async def test_an_unreachable_bot_api_ends_the_process(tmp_path):
    closed = free_port()
    env = {"SHEQUN_TELEGRAM__TOKEN": "123:ABC", "SHEQUN_TELEGRAM__API_BASE": f"http://127.0.0.1:{closed}",
           "SHEQUN_WEB__PORT": str(free_port())}
    code, output = await run_to_exit("run", cwd=tmp_path, env=env)
    _failed_with_one_clear_line(code, output, f"cannot reach the Telegram Bot API at http://127.0.0.1:{closed}")


async def test_a_web_port_in_use_ends_the_process(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = await run_to_exit("run", cwd=tmp_path, env={"SHEQUN_WEB__PORT": str(port)})
    _failed_with_one_clear_line(code, output, f"the web server cannot listen on 127.0.0.1:{port}")
    assert "set [web] port" in output


async def test_sigterm_while_discord_is_starting_stops_the_process(dc, tmp_path):
    dc.withhold_ready = True  # the gateway never becomes ready: start-up would wait 30 s
    code, output = await run_to_exit("run", cwd=tmp_path, env=_discord_env(dc),
                                     signal_when=lambda _output: dc.identify_payloads)
    assert code == 0, output
    assert "stopped while starting" in output and "shutting down" in output
    assert "running with" not in output and "Traceback" not in output


def _slow_adapter_package(root: Path) -> Path:
    """An installed adapter whose import takes long and turns an interrupt into its own error,
    as pydantic does while aiogram builds its models."""
    site = root / "site"
    (site / "slow_adapter-0.1.dist-info").mkdir(parents=True)
    (site / "slow_adapter-0.1.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: slow-adapter\n"
                                                                  "Version: 0.1\n")
    (site / "slow_adapter-0.1.dist-info" / "entry_points.txt").write_text(
        "[shequn.adapters]\nslow = slow_adapter:SlowAdapter\n")
    (site / "slow_adapter.py").write_text(
        "import time\n"
        "print('slow adapter: importing', flush=True)\n"
        "try:\n"
        "    time.sleep(60)\n"
        "except KeyboardInterrupt as interrupt:\n"
        "    raise RuntimeError('could not build the schema') from interrupt\n")
    return site


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
async def test_a_signal_while_plugins_and_adapters_load_stops_the_process(tmp_path, stop_signal):
    site = _slow_adapter_package(tmp_path)
    code, output = await run_to_exit("run", cwd=tmp_path, env={"PYTHONPATH": str(site),
                                                               "SHEQUN_WEB__PORT": str(free_port())},
                                     signal_when=lambda out: "slow adapter: importing" in out,
                                     stop_signal=stop_signal)
    assert code == 128 + stop_signal, output
    assert "could not load" not in output and "running with" not in output


async def test_start_up_says_what_it_is_doing_and_takes_no_backup_of_a_new_database(tmp_path):
    port = free_port()
    code, output = await run_to_exit("run", cwd=tmp_path, env={"SHEQUN_WEB__PORT": str(port)},
                                     signal_when=lambda out: "sandbox chat page" in out)
    assert code == 0, output
    assert "no config file (config.toml); defaults and SHEQUN_* variables apply" in output
    assert f"database: SQLite {tmp_path / 'data' / 'shequn.sqlite3'}" in output
    lines = output.splitlines()
    running = next(i for i, line in enumerate(lines) if "running with sandbox" in line)
    page = next(i for i, line in enumerate(lines) if f"sandbox chat page: http://127.0.0.1:{port}/sandbox" in line)
    assert running < page
    assert "backed up" not in output and not list((tmp_path / "data").glob("*.bak"))

    (tmp_path / "config.toml").write_text("[bot]\nname = 'Test'\n")
    code, output = await run_to_exit("run", cwd=tmp_path, env={"SHEQUN_WEB__PORT": str(port)},
                                     signal_when=lambda out: "sandbox chat page" in out)
    assert code == 0 and f"config: {tmp_path / 'config.toml'}" in output
    assert "migrated" not in output and "backed up" not in output  # nothing pending: nothing copied
