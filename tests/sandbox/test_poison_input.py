"""Hostile input to the sandbox's HTTP API: a clear 400, and nothing changed."""
from datetime import datetime

import pytest
from aiohttp import ClientSession

from bot.models import ChatBinding, Community
from bot.scheduler import MAX_RUN_SPAN

from tests.sandbox import showcase_plugin
from tests.sandbox.conftest import Api


async def _world(api) -> tuple:
    users = (await api.get("/sandbox/api/users"))[1]
    chats = (await api.get("/sandbox/api/chats"))[1]
    history = (await api.get("/sandbox/api/history", chat="demo"))[1]
    return users, chats, history, await Community.all().count()


async def _post_raw(api, path: str, body: str):
    """A body as written, so it can hold what json.dumps would escape (lone surrogates)."""
    return await api.post(path, data=body)


@pytest.mark.parametrize("body", [
    {"user": "x" * 100_000, "text": "/help"},
    {"user": "x" * 65, "text": "/help"},
    {"user": "al ice", "text": "/help"},
    {"user": "alice\n", "text": "/help"},
    {"user": "alice", "text": "/help", "chat": "c" * 100_000},
    {"user": "alice", "text": "/help", "chat": "dm:" + "d" * 65},
    {"user": "alice", "text": "x" * 100_000},
    {"user": "alice", "text": "/help", "lang": "en-" + "x" * 1000},
    {"user": "alice", "text": "/help", "lang": "not a tag"},
])
async def test_oversized_or_malformed_fields_are_refused_and_change_nothing(api, body):
    before = await _world(api)
    status, answer = await api.post("/sandbox/api/messages", body)
    assert status == 400 and answer["error"].startswith('"')
    assert await _world(api) == before


@pytest.mark.parametrize("raw", [
    '{"user": "al\\ud800ice", "text": "/help"}',
    '{"user": "alice", "text": "hi \\udfff there"}',
    '{"user": "alice", "text": "/help", "chat": "\\ud83d"}',
])
async def test_lone_surrogates_are_refused(api, raw):
    before = await _world(api)
    status, answer = await _post_raw(api, "/sandbox/api/messages", raw)
    assert status == 400 and "surrogate" in answer["error"]
    assert await _world(api) == before


async def test_names_up_to_64_characters_and_language_tags_are_accepted(api):
    name = "n" * 64
    status, _ = await api.post("/sandbox/api/messages", {"user": name, "text": "/help", "lang": "zh-Hans"})
    assert status == 200
    users = {u["name"]: u for u in (await api.get("/sandbox/api/users"))[1]["users"]}
    assert users[name]["lang"] == "zh-Hans"


@pytest.mark.parametrize("body", [
    {"user": "y" * 100_000, "action": "join"},
    {"user": "alice", "action": "join", "chat": "z" * 65},
    {"user": "alice", "action": "join", "invite": "i" * 100_000},
])
async def test_membership_changes_with_bad_names_are_refused(api, body):
    before = await _world(api)
    status, _ = await api.post("/sandbox/api/members", body)
    assert status == 400
    assert await _world(api) == before


async def test_a_press_by_an_overlong_name_is_refused(api):
    _, body = await api.post("/sandbox/api/messages", {"user": "bob", "text": "/panel"})
    status, answer = await api.post("/sandbox/api/press",
                                    {"user": "b" * 100_000, "message": body["replies"][0]["id"], "button": [0, 0]})
    assert status == 400 and "100000 characters" in answer["error"]


@pytest.mark.parametrize("when", ["9999-12-31T00:00:00+00:00", "0001-01-02T00:00:00+00:00",
                                  "2150-01-01T00:00:00+00:00", "1999-12-31T23:59:59+00:00"])
async def test_the_clock_is_not_set_far_into_the_future_or_past(api, when):
    _, before = await api.get("/sandbox/api/clock")
    status, answer = await api.post("/sandbox/api/clock", {"now": when})
    assert status == 400 and "between 2000 and 2099" in answer["error"]
    assert (await api.get("/sandbox/api/clock"))[1] == before
    status, body = await api.post("/sandbox/api/messages", {"user": "alice", "text": "/panel"})
    assert status == 200 and body["replies"]


async def test_one_clock_move_runs_jobs_of_a_bounded_span_only(api, web_sandbox):
    showcase_plugin.posted.clear()
    status, body = await api.post("/sandbox/api/clock", {"now": "2099-06-01T09:00:00+00:00"})
    assert status == 200
    assert body["jobs_run"] == MAX_RUN_SPAN.days  # a daily job: one fire a day of the last span
    assert len(showcase_plugin.posted) == MAX_RUN_SPAN.days
    assert web_sandbox.now == datetime.fromisoformat("2099-06-01T09:00:00+00:00")


async def test_moving_the_clock_back_keeps_the_bot_answering_and_limits_short(make_sandbox):
    sandbox = await make_sandbox({"bot": {"rate_limit_per_minute": 3}, "web": {"enabled": True, "port": 0}},
                                 plugins=[showcase_plugin.plugin])
    base = f"http://127.0.0.1:{sandbox.runtime.web.port}"
    async with ClientSession() as session:
        api = Api(session, base)
        for _ in range(3):
            assert (await api.post("/sandbox/api/messages", {"user": "alice", "text": "/panel"}))[0] == 200
        status, _ = await api.post("/sandbox/api/clock", {"now": "2026-01-01T00:00:00+00:00"})
        assert status == 200
        # the rate limit's minute is a minute of clock time, not a minute plus the jump back
        await sandbox.advance(seconds=61)
        for _ in range(3):
            status, body = await api.post("/sandbox/api/messages", {"user": "alice", "text": "/panel"})
            assert status == 200 and body["replies"][0]["text"].startswith("A panel")


@pytest.mark.parametrize("first, second", [("Study", "study"), ("a-b", "a.b")])
async def test_chats_whose_names_fold_to_one_key_stay_apart(sandbox, first, second):
    one = await sandbox.user("alice").says("/checkin", chat=first)
    other = await sandbox.user("alice").says("/checkin", chat=second)
    assert "first today" in one.text and "first today" in other.text  # two communities, two streaks
    bindings = {b.space_key: b.community_id for b in await ChatBinding.filter(space_key__in=[
        f"sandbox:{first}", f"sandbox:{second}"])}
    assert len(bindings) == 2 and len(set(bindings.values())) == 2
    slugs = await Community.filter(id__in=list(bindings.values())).values_list("slug", flat=True)
    assert len(set(slugs)) == 2
