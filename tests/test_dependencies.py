"""Every third-party module the shipped code imports comes from a declared requirement.

A fresh `pip install .` installs only what pyproject.toml declares; anything else the code
imports works on a developer's machine by luck and crashes on a new self-hoster's.
"""
import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN_PACKAGES = ("bot", "adapters", "plugins")
PYTEST_PLUGIN = ROOT / "adapters" / "sandbox" / "pytest_plugin.py"


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return _normalized(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip()).group())


def _declared() -> dict[str, set[str]]:
    """Requirement names by extra ("" for the base install), as pyproject.toml declares them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {"": {_requirement_name(r) for r in project["dependencies"]}}
    for extra, listed in project.get("optional-dependencies", {}).items():
        declared[extra] = {_requirement_name(r) for r in listed}
    return declared


def _installed_requirements() -> dict[str, set[str]]:
    """The same, as the installed distribution's metadata has them."""
    installed: dict[str, set[str]] = {}
    for requirement in requires("shequn") or []:
        extra = re.search(r"""extra\s*==\s*["']([^"']+)["']""", requirement)
        installed.setdefault(extra.group(1) if extra else "", set()).add(_requirement_name(requirement))
    return installed


def _is_test_code(path: Path) -> bool:
    return ("tests" in path.relative_to(ROOT).parts or path.name.startswith("test_")
            or path.name == "conftest.py" or path == PYTEST_PLUGIN)


def _third_party_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name not in OWN_PACKAGES}


def _imports_by_module(test_code: bool) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for package in OWN_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if _is_test_code(path) == test_code:
                for module in _third_party_imports(path):
                    found.setdefault(module, []).append(str(path.relative_to(ROOT)))
    return found


def _undeclared(imports: dict[str, list[str]], allowed: set[str]) -> list[str]:
    providers = packages_distributions()
    problems = []
    for module, files in sorted(imports.items()):
        if not {_normalized(dist) for dist in providers.get(module, ())} & allowed:
            problems.append(f"{module} (imported by {', '.join(files[:3])}) comes from no declared requirement")
    return problems


def test_shipped_code_imports_only_declared_requirements():
    declared = _declared()
    runtime = set().union(*(names for extra, names in declared.items() if extra != "test"))
    imports = _imports_by_module(test_code=False)
    assert {"aiogram", "discord", "tortoise", "fluent", "PIL"} <= set(imports)  # the scan sees real imports
    assert _undeclared(imports, runtime) == []


def test_test_code_imports_only_declared_requirements():
    declared = _declared()
    imports = _imports_by_module(test_code=True)
    assert "pytest" in imports
    assert _undeclared(imports, set().union(*declared.values())) == []


def test_installed_metadata_matches_pyproject():
    # Stale metadata means this environment was installed from another pyproject.toml:
    # reinstall with `pip install -e '.[test]'`.
    assert _installed_requirements() == _declared()
