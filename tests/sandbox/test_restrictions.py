"""Member restrictions through the sandbox HTTP API, as people would meet them: an admin keeps bob
from posting links and media for an hour, the sandbox refuses what he may not post and lists his
restrictions, and when the hour is up (the clock moved) he is free again."""
import pytest_asyncio
from aiohttp import ClientSession

from tests import restricting_plugin
from tests.sandbox.conftest import Api


@pytest_asyncio.fixture
async def api(make_sandbox):
    sandbox = await make_sandbox({"web": {"enabled": True, "host": "127.0.0.1", "port": 0}},
                                 plugins=[restricting_plugin.plugin])
    async with ClientSession() as session:
        yield Api(session, f"http://127.0.0.1:{sandbox.runtime.web.port}")


async def members(api: Api) -> dict:
    _, body = await api.get("/sandbox/api/members", chat="demo")
    return {m["user"]: m for m in body["members"]}


async def test_a_restricted_member_may_post_only_what_is_left_until_the_time_is_up(api):
    assert (await api.post("/sandbox/api/messages", {"user": "bob", "text": "hi all"}))[0] == 200
    status, _ = await api.post("/sandbox/api/messages", {"user": "admin", "text": "/hush @bob links,media 60"})
    assert status == 200
    bob = (await members(api))["bob"]
    assert bob["restrictions"] == ["links", "media"] and bob["restricted_until"].startswith("2026-03-02T10:00")

    status, body = await api.post("/sandbox/api/messages", {"user": "bob", "text": "see https://spam.example"})
    assert status == 403 and body["restricted"] == ["links"]
    status, body = await api.post("/sandbox/api/messages", {"user": "bob", "text": "look", "image": "cat.png"})
    assert status == 403 and body["restricted"] == ["media"]
    assert (await api.post("/sandbox/api/messages", {"user": "bob", "text": "just words"}))[0] == 200
    assert (await api.post("/sandbox/api/messages", {"user": "alice", "text": "https://ok.example"}))[0] == 200
    history = [m["text"] for m in (await api.get("/sandbox/api/history", chat="demo"))[1]["messages"]]
    assert "see https://spam.example" not in history and "just words" in history

    await api.post("/sandbox/api/clock", {"now": "2026-03-02T10:01:00+00:00"})
    assert (await members(api))["bob"]["restrictions"] == []
    assert (await api.post("/sandbox/api/messages", {"user": "bob", "text": "https://fine.example"}))[0] == 200


async def test_lifting_one_kind_keeps_the_others_and_members_cannot_restrict(api):
    await api.post("/sandbox/api/messages", {"user": "bob", "text": "hi"})
    await api.post("/sandbox/api/messages", {"user": "carol", "text": "/hush @bob messages"})  # not an admin
    assert (await members(api))["bob"]["restrictions"] == []

    await api.post("/sandbox/api/messages", {"user": "admin", "text": "/hush @bob forwards,messages"})
    assert (await members(api))["bob"] == {**(await members(api))["bob"], "restrictions": ["forwards", "messages"],
                                           "restricted_until": None}
    assert (await api.post("/sandbox/api/messages", {"user": "bob", "text": "anything"}))[0] == 403
    await api.post("/sandbox/api/messages", {"user": "admin", "text": "/unhush @bob messages"})
    assert (await members(api))["bob"]["restrictions"] == ["forwards"]
    assert (await api.post("/sandbox/api/messages", {"user": "bob", "text": "hello again"}))[0] == 200
    status, body = await api.post("/sandbox/api/messages", {"user": "bob", "text": "fw", "forwarded": True})
    assert status == 403 and body["restricted"] == ["forwards"]
    await api.post("/sandbox/api/messages", {"user": "admin", "text": "/unhush @bob"})
    assert (await members(api))["bob"]["restrictions"] == []
