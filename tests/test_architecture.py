"""The layers stay apart: the core imports no adapter or plugin; plugins no platform library."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    beside_python = Path(sys.executable).parent / "lint-imports"  # a venv used without activating it
    command = str(beside_python) if beside_python.exists() else shutil.which("lint-imports") or "lint-imports"
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "8 kept, 0 broken" in result.stdout


def test_the_core_runs_without_platform_libraries_imported():
    code = "import bot.runtime, bot.cli, sys; print(sorted(m for m in ('aiogram', 'discord') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
