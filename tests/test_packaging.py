"""What a wheel carries: an install that is not a checkout still has its catalogs and the
example config (`pip install .`, then `shequn` from any folder)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shequn_process import environment, free_port, says, shequn, start, stop, wait_until_serving

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The packages as the wheel build lays them out (setup.py's build step), away from the tree."""
    lib = tmp_path_factory.mktemp("wheel") / "lib"
    result = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return lib


def _from_build(lib: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(lib)}


def test_the_build_carries_catalogs_and_the_example_config(built):
    assert (built / "bot" / "shipped" / "config.example.toml").read_text() == (ROOT / "config.example.toml").read_text()
    for locale in ("en", "zh-Hans"):
        shipped = {p.name for p in (built / "bot" / "shipped" / "locales" / locale).glob("*.ftl")}
        assert shipped == {p.name for p in (ROOT / "locales" / locale).glob("*.ftl")} and "core.ftl" in shipped


def test_init_and_run_from_another_folder_answer_in_both_languages(built, tmp_path):
    env = _from_build(built)
    located = subprocess.run([sys.executable, "-c", "import bot.shipped as s; print(s.locales_dir())"],
                             cwd=tmp_path, env=environment(env), capture_output=True, text=True)
    assert located.stdout.strip().startswith(str(built)), located.stderr  # not the checkout's locales/
    assert shequn("init", cwd=tmp_path, env=env).returncode == 0
    assert (tmp_path / "config.toml").read_text() == (ROOT / "config.example.toml").read_text()

    port = free_port()
    process = start("run", cwd=tmp_path, env={**env, "SHEQUN_WEB__PORT": str(port)})
    try:
        wait_until_serving(process, port)
        english = says(port, "alice", "/help", lang="en")[0]["text"]
        chinese = says(port, "bob", "/help", lang="zh")[0]["text"]
    finally:
        output = stop(process)
    assert english.startswith("Here's what you can do") and "/checkin" in english
    assert "core-help-title" not in chinese and "打卡" in chinese
    assert "catalog" not in output, output


def test_a_missing_catalog_is_an_error_logged_once_at_start(built, tmp_path):
    broken = tmp_path / "lib"
    shutil.copytree(built, broken)
    shutil.rmtree(broken / "bot" / "shipped" / "locales")
    port = free_port()
    process = start("run", cwd=tmp_path, env={**_from_build(broken), "SHEQUN_WEB__PORT": str(port)})
    try:
        wait_until_serving(process, port)
        says(port, "alice", "/help")
    finally:
        output = stop(process)
    missing = [line for line in output.splitlines() if "catalog for plugin" in line]
    assert any("ERROR" in line and "no en catalog for plugin 'core'" in line for line in missing), output
    assert len(missing) == len(set(missing))


def test_ci_runs_exactly_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "pip install -e '.[test]' && pytest"
    assert f"```bash\n{command}\n```" in readme
    assert f'TEST_COMMAND="{command}"' in ci and 'eval "$TEST_COMMAND"' in ci
