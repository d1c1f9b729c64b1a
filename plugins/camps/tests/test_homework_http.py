"""Homework through the sandbox's HTTP API, as a person at the page would: a photo sent with
/submit in a DM after choosing the task with a button, a mentor's review card showing it,
scores and acceptance pressed as buttons, and a bad attachment refused by the API."""
import base64
import io

from aiohttp import ClientSession
from PIL import Image as Picture

from plugins.camps.models import SubmissionFile
from plugins.camps.tests.helpers import camp_folder, camps_settings


def png() -> str:
    out = io.BytesIO()
    Picture.new("RGB", (8, 8), "orange").save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


async def test_a_photo_homework_is_sent_and_reviewed_through_the_http_api(make_sandbox, tmp_path):
    web = {"web": {"enabled": True, "host": "127.0.0.1", "port": 0}}
    sandbox = await make_sandbox({**web, **camps_settings(camp_folder(tmp_path, declared_seats=5))})
    base = sandbox.runtime.web.address + "/sandbox/api/"
    async with ClientSession() as http:
        async def api(path: str, body: dict, status: int = 200) -> dict:
            async with http.post(base + path, json=body) as answer:
                assert answer.status == status, await answer.text()
                return await answer.json()

        async def history(chat: str, user: str) -> list[dict]:
            async with http.get(base + "history", params={"chat": chat, "user": user}) as answer:
                return (await answer.json())["messages"]

        await api("clock", {"now": "2026-03-02T09:00:00+00:00"})
        await api("messages", {"user": "alice", "chat": "demo", "text": "/enroll py-march"})
        question = (await history("dm:alice", "alice"))[-1]
        await api("press", {"user": "alice", "message": question["id"], "button": [2, 0]})
        await api("messages", {"user": "alice", "chat": "dm:alice", "text": "a game"})
        await api("messages", {"user": "dave", "chat": "demo", "text": "hello"})
        await api("clock", {"now": "2026-03-11T02:00:00+00:00"})  # day 3, 10:00 in Shanghai
        await api("messages", {"user": "admin", "chat": "demo", "text": "/camp mentor @dave"})
        offer = await api("messages", {"user": "alice", "chat": "dm:alice", "text": "/submit"})
        assert offer["replies"][-1]["buttons"][0][0]["label"] == "Day 3: Lists and loops"
        await api("press", {"user": "alice", "message": offer["replies"][-1]["id"], "button": [0, 0]})
        bad = await api("messages", {"user": "alice", "chat": "dm:alice", "text": "my list",
                                     "attachments": [{"kind": "video", "filename": "a.mp4", "base64": ""}]}, 400)
        assert "kind" in bad["error"]
        sent = await api("messages", {"user": "alice", "chat": "dm:alice", "text": "my shopping list",
                                      "attachments": [{"kind": "image", "filename": "list.png", "base64": png()}]})
        assert "Homework for day 3 (Lists and loops) received, version 1." in sent["replies"][-1]["text"]
        assert (await SubmissionFile.get()).filename == "list.png"
        card = (await api("messages", {"user": "dave", "chat": "dm:dave", "text": "/review"}))["replies"][-1]
        assert card["images"] == 1 and "my shopping list" in card["text"]
        for row in range(2):
            await api("press", {"user": "dave", "message": card["id"], "button": [row, 3]})
        await api("press", {"user": "dave", "message": card["id"], "button": [2, 0]})
        told = [m for m in await history("dm:alice", "alice") if "was reviewed" in m["text"]][-1]
        assert "average score 3.0 of 3" in told["text"] and "Accepted" in told["text"]
