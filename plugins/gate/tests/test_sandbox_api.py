"""The gate driven over the sandbox's HTTP API, as an operator tries it: a join request, the questions
in the applicant's direct messages answered by button press and by typing, a spam message in the
group, the admins' undo, an appeal, and the lookups."""
from aiohttp import ClientSession

from plugins.gate import plugin
from plugins.gate.tests.helpers import gate_config

QUESTIONS = [{"kind": "choice", "ask": "Pick one", "choices": ["Python", "Spam"], "correct": [0]},
             {"kind": "code", "ask": "The code?", "code": "OPEN"}]


async def test_the_door_and_the_rules_over_http(make_sandbox):
    overrides = gate_config(door={"questions": QUESTIONS}, actions={"notice": "group", "notice_seconds": 30})
    overrides["web"] = {"enabled": True, "host": "127.0.0.1", "port": 0}
    sandbox = await make_sandbox(overrides, plugins=[plugin])
    base = f"http://127.0.0.1:{sandbox.runtime.web.port}/sandbox/api"
    async with ClientSession() as http:
        async def post(path: str, body: dict) -> dict:
            async with http.post(base + path, json=body) as response:
                assert response.status == 200, await response.text()
                return await response.json()

        async def history(chat: str, user: str | None = None) -> list[dict]:
            params = {"chat": chat, **({"user": user} if user else {})}
            async with http.get(base + "/history", params=params) as response:
                return (await response.json())["messages"]

        await post("/messages", {"user": "admin", "chat": "admins", "text": "admins here"})
        asked = await post("/members", {"user": "dave", "chat": "demo", "action": "request"})
        question = asked["replies"][-1]
        assert question["chat"] == "dm:dave" and question["text"] == "Question 1 of 2: Pick one"
        assert [b["label"] for row in question["buttons"] for b in row] == ["Python", "Spam"]
        await post("/press", {"user": "dave", "message": question["id"], "button": [0, 0]})
        done = await post("/messages", {"user": "dave", "chat": "dm:dave", "text": "open"})
        assert done["replies"][-1]["text"] == "Welcome to Demo! Your request was approved."
        async with http.get(base + "/members", params={"chat": "demo"}) as response:
            assert "dave" in {m["user"] for m in (await response.json())["members"]}

        await post("/messages", {"user": "dave", "text": "cheap ads: https://t.me/joinchat/AAAAbbbb"})
        notice = (await history("demo"))[-1]
        assert notice["from"] == "bot" and notice["text"] == ("Dave, your message was removed: invite links to other "
                                                              "groups (warning 1).")
        await post("/clock", {"now": "2026-03-02T09:05:00+00:00"})  # the group notice deletes itself
        assert all(m["id"] != notice["id"] for m in await history("demo"))

        log = (await history("admins"))[-1]
        assert log["text"].startswith("#1 warned: Dave (dave), invite links to other groups")
        appeal = await post("/messages", {"user": "dave", "chat": "dm:dave", "text": "/appeal my own study group"})
        assert appeal["replies"][-1]["text"] == "Your appeal was sent to the admins."
        pressed = await post("/press", {"user": "admin", "message": log["id"], "button": [0, 0]})
        assert pressed["toasts"] == ["Action #1 undone."]

        looked = await post("/messages", {"user": "admin", "chat": "demo", "text": "/gate_log @dave"})
        answer = looked["replies"][-1]
        assert answer["private"] is True
        assert "Application #1: approved (dave), by auto" in answer["text"]
        assert "Action #1: warned (dave), invite links to other groups, undone." in answer["text"]
        refused = await post("/messages", {"user": "bob", "chat": "demo", "text": "/gate_log"})
        assert "Application" not in refused["replies"][-1]["text"]
