"""The `shequn` command and configuration, as an operator meets them."""
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import apply_environment, load_settings
from bot.errors import ConfigError
from bot.logs import RedactSecrets, secrets_in
from tests.shequn_process import environment, free_port, says, shequn, start, stop, wait_until_serving

REPO = Path(__file__).resolve().parents[2]


def test_bad_config_names_every_key_and_exits_2_without_a_traceback(tmp_path):
    (tmp_path / "config.toml").write_text("""
[bot]
workers = 0
colour = "blue"
[web]
port = "eighty"
[communities.main]
timezone = "Mars/Olympus"
chats = ["telegram"]
[plugins.nosuch]
x = 1
""")
    result = shequn("check-config", cwd=tmp_path)
    assert result.returncode == 2
    problems = result.stderr
    for key in ("bot.workers", "bot.colour", "web.port", "communities.main.timezone", "communities.main.chats"):
        assert key in problems
    assert "unknown time zone 'Mars/Olympus'" in problems and "unknown key" in problems
    assert "Traceback" not in problems and len(problems.splitlines()) < 25


def test_plugin_settings_are_validated_with_their_key_path(tmp_path):
    (tmp_path / "config.toml").write_text('[plugins.nosuch]\nx = 1\n')
    result = shequn("check-config", cwd=tmp_path)
    assert result.returncode == 2 and "plugins.nosuch: no installed plugin is called 'nosuch'" in result.stderr


def test_invalid_toml_is_reported_not_raised(tmp_path):
    (tmp_path / "config.toml").write_text("[bot\nname = 1")
    result = shequn("check-config", cwd=tmp_path)
    assert result.returncode == 2 and "not valid TOML" in result.stderr and "Traceback" not in result.stderr


def test_init_writes_a_config_that_checks_clean(tmp_path):
    assert shequn("init", cwd=tmp_path).returncode == 0
    assert (tmp_path / "config.toml").read_text() == (REPO / "config.example.toml").read_text()
    assert shequn("init", cwd=tmp_path).returncode == 1  # never overwrites silently
    checked = shequn("check-config", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "config OK" in checked.stdout


def test_plugins_lists_installed_plugins_with_versions(tmp_path):
    result = shequn("plugins", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split() == ["plugin", "version", "enabled", "description"]


def test_migrate_applies_then_has_nothing_to_do(tmp_path):
    first = shequn("migrate", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "applied core.0001_initial" in first.stdout
    assert (tmp_path / "data" / "shequn.sqlite3").exists()
    assert shequn("migrate", cwd=tmp_path).stdout.strip() == "nothing to migrate"


def test_environment_overrides_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[telegram]\ntoken = "from-file"\n[web]\nport = 1\n')
    settings = load_settings(path, {"SHEQUN_TELEGRAM__TOKEN": "123:from-env", "SHEQUN_WEB__PORT": "9000",
                                    "OTHER": "x"})
    assert settings.telegram["token"] == "123:from-env" and settings.web.port == 9000


def test_a_missing_named_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path / "elsewhere.toml", {})
    assert err.value.problems == [(str(tmp_path / "elsewhere.toml"), "file not found")]


def test_secrets_never_reach_the_log():
    data = apply_environment({}, {"SHEQUN_TELEGRAM__TOKEN": "123456:SECRET-TOKEN",
                                  "SHEQUN_DATABASE__URL": "postgres://bot:hunter22@db/shequn"})
    secrets = secrets_in(data)
    assert set(secrets) == {"123456:SECRET-TOKEN", "hunter22"}
    import logging
    record = logging.LogRecord("x", logging.INFO, "f", 1, "calling %s with %s", ("123456:SECRET-TOKEN", "hunter22"), None)
    RedactSecrets(secrets).filter(record)
    assert record.getMessage() == "calling *** with ***"


def test_run_starts_on_the_sandbox_and_serves_the_page(tmp_path):
    port = free_port()
    process = start("run", cwd=tmp_path, env={"SHEQUN_WEB__PORT": str(port)})
    try:
        wait_until_serving(process, port)
        replies = says(port, "alice", "/help")
        assert replies[0]["text"].startswith("Here's what you can do:")
    finally:
        output = stop(process)
    assert process.returncode == 0, output
    assert "shutting down" in output


# --- global options, one-pass checks, databases and drivers ----------------------------------

def test_global_options_work_after_the_command_and_are_listed_in_its_help(tmp_path):
    (tmp_path / "other.toml").write_text("[bot]\nworkers = 0\n")
    for args in (("check-config", "--config", "other.toml"), ("-c", "other.toml", "check-config"),
                 ("check-config", "-c", "other.toml", "--log-level", "debug")):
        result = shequn(*args, cwd=tmp_path)
        assert result.returncode == 2 and "Configuration problems (other.toml)" in result.stderr, args
        assert "bot.workers" in result.stderr
    usage = shequn("run", "--help", cwd=tmp_path)
    assert usage.returncode == 0 and "--config" in usage.stdout and "--log-level" in usage.stdout


def test_check_config_lists_core_adapter_and_plugin_problems_in_one_pass(tmp_path):
    (tmp_path / "config.toml").write_text("""
[bot]
workers = 0
[database]
url = "mysql://bot:secret@db/shequn"
[discord]
tokn = "x"
[plugins.checkin]
preset = "sometimes"
[communities.main.settings.checkin]
nosuch = 1
""")
    result = shequn("check-config", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    for key in ("bot.workers", "database.url: mysql:// is not supported", "discord.tokn",
                "plugins.checkin.preset", "communities.main.settings.checkin.nosuch"):
        assert key in result.stderr, key
    assert "secret" not in result.stderr


def test_run_refuses_an_unsupported_database_url_without_a_traceback(tmp_path):
    result = shequn("run", cwd=tmp_path, env={"SHEQUN_DATABASE__URL": "mysql://bot@db/shequn"})
    assert result.returncode == 2 and "database.url: mysql:// is not supported" in result.stderr
    assert "Traceback" not in result.stderr


def _without(module: str, *args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """shequn as if `module` were not installed."""
    code = f"import sys; sys.modules[{module!r}] = None; from bot.cli import main; sys.exit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=environment(env), capture_output=True,
                          text=True, timeout=60)


def test_a_missing_driver_is_named_with_the_extra_to_install(tmp_path):
    postgres = {"SHEQUN_DATABASE__URL": "postgres://postgres@127.0.0.1:5432/postgres"}
    result = _without("asyncpg", "check-config", cwd=tmp_path, env=postgres)
    assert result.returncode == 2 and "database.url: PostgreSQL needs the asyncpg driver" in result.stderr
    assert "pip install 'shequn[postgres]'" in result.stderr
    redis = {"SHEQUN_REDIS__URL": "redis://127.0.0.1:6379/0"}
    result = _without("redis", "run", cwd=tmp_path, env=redis)
    assert result.returncode == 2 and "pip install 'shequn[redis]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_postgres_and_redis_are_named_at_check_config_and_at_run(tmp_path):
    closed = free_port()
    env = {"SHEQUN_DATABASE__URL": f"postgres://postgres@127.0.0.1:{closed}/shequn",
           "SHEQUN_REDIS__URL": f"redis://127.0.0.1:{closed}/0", "SHEQUN_BOT__WORKERS": "0"}
    for command in ("check-config", "run", "migrate"):
        result = shequn(command, cwd=tmp_path, env=env)
        assert result.returncode == 2, (command, result.stderr)
        assert f"database.url: cannot connect to PostgreSQL at 127.0.0.1:{closed}" in result.stderr
        assert "redis.url: cannot reach Redis" in result.stderr
        assert "bot.workers" in result.stderr  # with the other problems, in the same pass
        assert "Traceback" not in result.stderr and "migration" not in result.stderr
