"""The worked example in docs/writing-a-plugin.md runs, exactly as written."""
import importlib
import re
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "writing-a-plugin.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture
def thanks_plugin(tmp_path, monkeypatch):
    package = tmp_path / "thanks"
    (package / "locales" / "en").mkdir(parents=True)
    (package / "locales" / "zh-Hans").mkdir(parents=True)
    (package / "__init__.py").write_text(_blocks("python")[0], encoding="utf-8")
    english, chinese = _blocks("ftl")
    (package / "locales" / "en" / "thanks.ftl").write_text(english, encoding="utf-8")
    (package / "locales" / "zh-Hans" / "thanks.ftl").write_text(chinese, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("thanks", None)
    return importlib.import_module("thanks").plugin


async def test_the_documented_plugin_runs_in_the_sandbox(make_sandbox, thanks_plugin):
    sandbox = await make_sandbox(plugins=[thanks_plugin])
    await sandbox.user("bob").says("hello")

    replies = await sandbox.user("alice").says("/thanks @bob for the notes")
    assert replies.text == "Thanks sent to @Bob! They now have one point."
    assert replies[0].reply_to is not None

    pressed = await sandbox.user("carol").press(replies[0], "Thank them too")
    assert pressed.toasts == ["You thanked Bob too."]
    assert (await sandbox.user("bob").says("/karma")).text == "@Bob has 2 points."


async def test_the_documented_plugin_refuses_and_explains(make_sandbox, thanks_plugin):
    sandbox = await make_sandbox(plugins=[thanks_plugin])
    assert (await sandbox.user("alice").says("/thanks @alice")).text == "You can't thank yourself, but nice try."
    assert (await sandbox.user("alice").says("/thanks")).text == "Usage: /thanks <who> [reason]"
    chinese = await sandbox.user("dora", lang="zh-CN").says("/thanks @nobody")
    assert chinese.text == "用法：/thanks <who> [reason]"


async def test_the_documented_keyword_and_config_work(make_sandbox, thanks_plugin):
    sandbox = await make_sandbox({"plugins": {"thanks": {"points": 5}}}, plugins=[thanks_plugin])
    await sandbox.user("bob").says("hi")
    replies = await sandbox.user("alice").says("谢谢 @bob")
    assert "5 points" in replies.text
