"""docs/camps.md's 7-day camp in the sandbox, run through the HTTP API as the page tells an
operator to: open, list, enrol by keyword, answer in the DM, unlock, check in, progress,
stats, graduation with a certificate, and its verification page."""
import re

from aiohttp import ClientSession

from plugins.camps.tests.helpers import camp_folder, camps_settings


async def test_the_documented_walkthrough_runs_through_the_http_api(make_sandbox, tmp_path):
    web = {"web": {"enabled": True, "host": "127.0.0.1", "port": 0}}
    sandbox = await make_sandbox({**web, **camps_settings(camp_folder(tmp_path))})
    base = sandbox.runtime.web.address + "/sandbox/api/"
    async with ClientSession() as http:
        async def api(path: str, body: dict) -> dict:
            async with http.post(base + path, json=body) as answer:
                assert answer.status == 200, await answer.text()
                return await answer.json()

        def texts(body: dict) -> str:
            return "\n".join(message["text"] for message in body["replies"])

        await api("clock", {"now": "2026-03-02T09:00:00+00:00"})
        opened = await api("messages", {"user": "admin", "chat": "demo", "text": "/camp open python-7-days 2026-03-09"})
        assert "Cohort python-7-days-0309 opened." in texts(opened)
        listing = await api("messages", {"user": "alice", "chat": "demo", "text": "/camps"})
        assert listing["replies"][-1]["buttons"][0][0]["label"] == "Enrol in python-7-days-0309"
        await api("messages", {"user": "alice", "chat": "demo", "text": "报名"})
        async with http.get(base + "history", params={"chat": "dm:alice", "user": "alice"}) as answer:
            question = (await answer.json())["messages"][-1]
        assert question["text"].startswith("Question 1 of 2")
        await api("press", {"user": "alice", "message": question["id"], "button": [1, 0]})
        enrolled = await api("messages", {"user": "alice", "chat": "dm:alice", "text": "a to-do app"})
        assert "You are enrolled in Python in 7 days" in texts(enrolled)
        await api("clock", {"now": "2026-03-09T08:05:00+00:00"})
        async with http.get(base + "history", params={"chat": "demo"}) as answer:
            posted = "\n".join(m["text"] for m in (await answer.json())["messages"])
        assert "opens today" in posted and "Day 1 of 7: Install Python and say hello" in posted
        await api("messages", {"user": "alice", "chat": "demo", "text": "/checkin hello world"})
        progress = await api("messages", {"user": "alice", "chat": "demo", "text": "/progress"})
        assert "Days done: 1 of 6 needed" in texts(progress)
        stats = await api("messages", {"user": "admin", "chat": "demo", "text": "/camp stats"})
        assert "Done by day: 1:1" in texts(stats)
        for day in range(10, 16):  # alice keeps going
            await api("clock", {"now": f"2026-03-{day}T08:05:00+00:00"})
            await api("messages", {"user": "alice", "chat": "demo", "text": "/checkin"})
        await api("clock", {"now": "2026-03-16T08:05:00+00:00"})
        async with http.get(base + "history", params={"chat": "dm:alice", "user": "alice"}) as answer:
            certificate = [m for m in (await answer.json())["messages"] if "You graduated" in m["text"]][-1]
        assert certificate["images"] == 1
        url = re.search(r"at (\S+)$", certificate["text"]).group(1)
        code = url.rsplit("/", 1)[1]
        async with http.get(f"{sandbox.runtime.web.address}/plugins/camps/verify/{code}") as answer:
            assert answer.status == 200 and "completed Python in 7 days" in await answer.text()
