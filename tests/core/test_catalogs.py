"""Every message id the code uses exists in every catalog, in every language."""
import ast
from pathlib import Path

from bot.i18n import SUPPORTED, Catalogs

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
# Calls whose first argument is a message id.
MESSAGE_CALLS = {"t", "text", "reply", "send", "answer", "message", "rich", "button", "UserError", "edit"}


def _catalogs() -> Catalogs:
    """The repository's catalogs and those a plugin ships in its own folder (`Plugin.locales`)."""
    from bot import discovery

    catalogs = Catalogs()
    catalogs.load_dir(LOCALES)
    for plugin in discovery.installed_plugins().values():
        if plugin.locales is not None and plugin.locales != LOCALES:
            catalogs.load_dir(plugin.locales)
    return catalogs


def _message_ids_in_code() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in ("bot", "plugins", "adapters"):
        for path in (ROOT / folder).rglob("*.py"):
            if "tests" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                first = node.args[0]
                if name in MESSAGE_CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    if "-" in first.value and " " not in first.value:
                        found[first.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_message_id_used_in_code_is_in_every_catalog():
    catalogs = _catalogs()
    used = _message_ids_in_code()
    assert len(used) > 30  # the scan finds the real calls
    missing = [f"{mid} ({where}) missing in {lang}" for mid, where in sorted(used.items())
               for lang in SUPPORTED if not catalogs.has(mid, lang)]
    assert missing == []


def test_every_command_has_a_description_in_every_language():
    from bot import discovery
    from bot.core_commands import plugin as core

    catalogs = _catalogs()
    plugins = [core, *discovery.installed_plugins().values()]
    missing = [f"{spec.description_id} in {lang}" for p in plugins for spec in p.commands for lang in SUPPORTED
               if not catalogs.has(spec.description_id, lang)]
    assert missing == []


def test_every_command_argument_is_named_in_every_language():
    from bot import discovery
    from bot.core_commands import plugin as core

    catalogs = _catalogs()
    specs = [spec for p in [core, *discovery.installed_plugins().values()] for spec in p.commands]
    missing = [f"{param.label_id} (/{spec.name}) in {lang}" for spec in specs for param in spec.params
               for lang in SUPPORTED if not param.choices and not catalogs.has(param.label_id, lang)]
    assert missing == []


def test_catalogs_define_the_same_ids_in_every_language():
    catalogs = _catalogs()
    english = catalogs.ids("en")
    for lang in SUPPORTED:
        assert catalogs.ids(lang) ^ english == set(), lang


def test_catalogs_parse_without_errors(caplog):
    _catalogs()
    assert not [r for r in caplog.records if r.name == "bot.i18n"]


def test_plurals_follow_the_language():
    catalogs = _catalogs()
    assert catalogs.text("en", "core-cooldown", seconds=1) == "Please wait one second before using this again."
    assert catalogs.text("en", "core-cooldown", seconds=5) == "Please wait 5 seconds before using this again."
    assert catalogs.text("zh-Hans", "core-cooldown", seconds=1) == "请等 1 秒后再试。"
