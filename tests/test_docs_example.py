"""The worked example in docs/writing-a-plugin.md runs, exactly as written, in under 40 lines."""
import importlib
import re
import sys
from pathlib import Path

import pytest

from bot.database import CORE_MODELS, make_migrations

DOC = Path(__file__).resolve().parent.parent / "docs" / "writing-a-plugin.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture
async def thanks_plugin(tmp_path, monkeypatch):
    package = tmp_path / "thanks"
    for folder in ("locales/en", "locales/zh-Hans", "migrations"):
        (package / folder).mkdir(parents=True)
    (package / "__init__.py").write_text(_blocks("python")[0], encoding="utf-8")
    (package / "migrations" / "__init__.py").write_text("", encoding="utf-8")
    english, chinese = _blocks("ftl")
    (package / "locales" / "en" / "thanks.ftl").write_text(english, encoding="utf-8")
    (package / "locales" / "zh-Hans" / "thanks.ftl").write_text(chinese, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == "thanks" or m.startswith("thanks.")]:
        sys.modules.pop(name)
    plugin = importlib.import_module("thanks").plugin
    await make_migrations([CORE_MODELS, plugin.model_app], ["thanks"])  # `shequn makemigrations thanks`
    return plugin


def test_the_example_is_under_40_lines_of_python():
    lines = [line for block in _blocks("python") for line in block.splitlines() if line.strip()]
    assert len(lines) < 40


async def test_the_documented_test_passes(make_sandbox, thanks_plugin):
    namespace: dict = {}
    exec(_blocks("python")[1], namespace)
    await namespace["test_thanks"](make_sandbox)


async def test_the_documented_plugin_refuses_and_explains(make_sandbox, thanks_plugin):
    sandbox = await make_sandbox(plugins=[thanks_plugin])
    assert (await sandbox.user("alice").says("/thanks @alice")).text == "You can't thank yourself, but nice try."
    assert (await sandbox.user("alice").says("/thanks")).text == "/thanks needs member.\nUsage: /thanks <member> [reason]"
    chinese = await sandbox.user("dora", lang="zh-CN").says("/thanks @nobody")
    assert chinese.text.startswith("这里没有成员“@nobody”") and chinese.text.endswith("用法：/thanks <成员> [原因]")


async def test_the_documented_keyword_and_config_work(make_sandbox, thanks_plugin):
    sandbox = await make_sandbox({"plugins": {"thanks": {"points": 5}}}, plugins=[thanks_plugin])
    await sandbox.user("bob").says("hi")
    replies = await sandbox.user("alice").says("谢谢 @bob")
    assert "5 points" in replies.text
