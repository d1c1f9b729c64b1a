"""A bot on the sandbox never imports a platform library; a configured platform still runs."""
import subprocess
import sys

from tests.shequn_process import environment

PROBE = """
import sys, argparse
from bot import cli
settings = cli.load(argparse.Namespace(config=None, log_level="warning"), reach=False)
runtime = cli.build_runtime(settings)
print(sorted(runtime.adapters), "aiogram" in sys.modules, "discord" in sys.modules)
"""


def _probe(tmp_path, env=None) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=environment(env),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_sandbox_alone_imports_neither_aiogram_nor_discord_py(tmp_path):
    assert _probe(tmp_path) == "['sandbox'] False False"


def test_a_token_builds_that_platform_and_imports_only_its_library(tmp_path):
    assert _probe(tmp_path, {"SHEQUN_TELEGRAM__TOKEN": "123:ABC"}) == "['telegram'] True False"
    assert _probe(tmp_path, {"SHEQUN_DISCORD__TOKEN": "x"}) == "['discord'] False True"
