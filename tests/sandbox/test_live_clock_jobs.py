"""The live sandbox's clock (real time plus an offset, as `shequn run` has it) moved through the
API: the jobs due on the way run at their own time, as they do on the tests' manual clock."""
from datetime import timedelta

from aiohttp import ClientSession

from bot.clock import OffsetClock, use_clock
from plugins.gate import plugin
from plugins.gate.tests.helpers import gate_config


async def test_an_unanswered_request_is_declined_when_the_live_clock_passes_its_timeout(make_sandbox):
    overrides = gate_config(door={"questions": [{"kind": "code", "ask": "The code?", "code": "OPEN"}],
                                  "timeout_minutes": 10})
    overrides["web"] = {"enabled": True, "host": "127.0.0.1", "port": 0}
    sandbox = await make_sandbox(overrides, plugins=[plugin])
    live = OffsetClock()
    live.set(sandbox.now)
    use_clock(live)  # what `shequn run` installs; the fixture puts its own clock back
    base = f"http://127.0.0.1:{sandbox.runtime.web.port}/sandbox/api"
    async with ClientSession() as http:
        async with http.post(base + "/members", json={"user": "dave", "action": "request", "lang": "zh-Hans"}) as asked:
            assert asked.status == 200
        later = live.now() + timedelta(minutes=11)
        async with http.post(base + "/clock", json={"now": later.isoformat()}) as moved:
            assert moved.status == 200
        async with http.get(base + "/history", params={"chat": "dm:dave", "user": "dave"}) as answer:
            told = (await answer.json())["messages"][-1]
    assert told["text"] == "抱歉，你加入 Demo 的申请未通过：没有在规定时间内回答问题。"
    assert live.now() >= later
