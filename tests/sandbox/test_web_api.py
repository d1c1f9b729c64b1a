"""The sandbox's HTTP JSON API end to end, over a real socket."""
from datetime import datetime

import pytest

from tests.sandbox import showcase_plugin


async def test_chats_and_users_are_listed(api):
    status, body = await api.get("/sandbox/api/chats")
    assert status == 200
    chats = {c["id"]: c for c in body["chats"]}
    assert chats["demo"]["kind"] == "group" and chats["dm:alice"]["kind"] == "private"

    status, body = await api.get("/sandbox/api/users")
    users = {u["name"]: u for u in body["users"]}
    assert status == 200 and {"alice", "bob", "carol", "admin"} <= set(users)
    assert users["admin"]["admin"] is True and users["alice"]["admin"] is False


async def test_help_is_answered_with_a_reply_quoting_the_message(api):
    status, body = await api.post("/sandbox/api/messages", {"user": "alice", "chat": "demo", "text": "/help"})
    assert status == 200
    [reply] = body["replies"]
    assert reply["from"] == "bot" and reply["chat"] == "demo" and "/help" in reply["text"]
    assert set(reply) == {"id", "chat", "from", "text", "images", "reply_to", "edited", "document", "document_url",
                          "buttons", "private", "to"}
    assert reply["private"] is False and reply["to"] is None

    status, body = await api.get("/sandbox/api/history", chat="demo")
    command, answer = body["messages"][-2:]
    assert command["from"] == "alice" and command["text"] == "/help"
    assert answer["reply_to"] == command["id"] and answer["id"] == reply["id"]


async def test_a_new_user_is_created_on_first_use_and_may_speak_chinese(api):
    status, body = await api.post("/sandbox/api/messages", {"user": "dave", "chat": "demo", "text": "hello"})
    assert status == 200 and body == {"replies": []}
    users = {u["name"]: u for u in (await api.get("/sandbox/api/users"))[1]["users"]}
    assert "dave" in users and users["dave"]["admin"] is False
    assert "dm:dave" in {c["id"] for c in (await api.get("/sandbox/api/chats"))[1]["chats"]}

    status, body = await api.post("/sandbox/api/messages",
                                  {"user": "li", "chat": "dm:li", "text": "/help", "lang": "zh"})
    assert status == 200 and "查看可用命令" in body["replies"][0]["text"]
    assert {u["name"]: u for u in (await api.get("/sandbox/api/users"))[1]["users"]}["li"]["lang"] == "zh"


async def test_a_button_is_pressed_and_a_link_is_only_a_link(api):
    _, body = await api.post("/sandbox/api/messages", {"user": "bob", "text": "/panel"})
    [panel] = body["replies"]
    assert panel["text"] == "A panel\nwith two lines"
    assert panel["buttons"] == [[{"label": "Press me", "url": None, "index": [0, 0]}],
                                [{"label": "Docs", "url": "https://example.org/docs", "index": [1, 0]}]]

    status, body = await api.post("/sandbox/api/press", {"user": "bob", "message": panel["id"], "button": [0, 0]})
    assert status == 200
    assert body["toasts"] == ["You pressed the button"]
    assert [r["text"] for r in body["replies"]] == ["pressed by Bob"]

    status, body = await api.post("/sandbox/api/press", {"user": "bob", "message": panel["id"], "button": [1, 0]})
    assert status == 400 and "URL" in body["error"]
    status, body = await api.post("/sandbox/api/press", {"user": "bob", "message": panel["id"], "button": [0, 3]})
    assert status == 400 and body["error"] == f"message {panel['id']} has no button [0, 3] (buttons per row: 1, 1)"


async def test_a_form_is_shown_on_a_press_and_filled_in_as_its_user(api):
    _, body = await api.post("/sandbox/api/messages", {"user": "bob", "text": "/feedback"})
    [message] = body["replies"]
    assert message["buttons"] == [[{"label": "Tell us what you think", "url": None, "index": [0, 0], "form": True}]]
    where = {"message": message["id"], "button": [0, 0]}

    status, body = await api.post("/sandbox/api/press", {"user": "bob", **where})
    assert status == 200 and body["replies"] == [] and body["toasts"] == []
    assert body["form"] == {"title": "Feedback", "fields": [
        {"key": "name", "label": "Your name", "long": False, "required": True, "max_length": 20},
        {"key": "score", "label": "Your score", "long": False, "required": True, "options": ["1", "2", "3", "4", "5"]},
        {"key": "more", "label": "Anything else?", "long": True, "required": False}]}

    status, body = await api.post("/sandbox/api/press", {"user": "alice", **where})
    assert status == 200 and "form" not in body and body["toasts"] == ["This button is for someone else."]
    status, body = await api.post("/sandbox/api/forms", {"user": "alice", **where, "values": {"name": "A", "score": "0"}})
    assert status == 200 and body["replies"] == [] and body["toasts"] == ["This button is for someone else."]

    status, body = await api.post("/sandbox/api/forms", {"user": "bob", **where, "values": {"name": "Bob"}})
    assert status == 200 and body["toasts"] == ["Please fill in “Your score” as asked."]
    status, body = await api.post("/sandbox/api/forms", {"user": "bob", **where, "values": {"name": "Bob", "score": "4"}})
    assert status == 200 and [r["text"] for r in body["replies"]] == ["Thanks Bob: 5 of 5"]


@pytest.mark.parametrize("values, error", [
    (None, '"values" must be an object'),
    (["Bob"], '"values" must be an object'),
    ({"name": 5}, "'name' must be a text"),
    ({"name": "x" * 4001}, "'name' must be a text of at most 4000"),
    ({"name": "\ud800"}, "lone surrogate"),
])
async def test_a_form_filled_in_badly_is_a_clear_400(api, values, error):
    _, body = await api.post("/sandbox/api/messages", {"user": "bob", "text": "/feedback"})
    status, answer = await api.post("/sandbox/api/forms", {"user": "bob", "message": body["replies"][0]["id"],
                                                           "values": values})
    assert status == 400 and error in answer["error"]


async def test_a_button_without_a_form_cannot_be_filled_in(api):
    _, body = await api.post("/sandbox/api/messages", {"user": "bob", "text": "/panel"})
    status, answer = await api.post("/sandbox/api/forms", {"user": "bob", "message": body["replies"][0]["id"],
                                                           "values": {}})
    assert status == 400 and answer["error"] == f"button [0, 0] of message {body['replies'][0]['id']} opens no form; press it instead"


async def test_pressing_a_message_without_buttons_is_a_clear_400(api):
    _, body = await api.post("/sandbox/api/messages", {"user": "bob", "text": "/help"})
    status, answer = await api.post("/sandbox/api/press", {"user": "bob", "message": body["replies"][0]["id"]})
    assert status == 400 and answer == {"error": f"message {body['replies'][0]['id']} has no buttons"}


async def test_images_documents_and_edits_are_described(api):
    _, body = await api.post("/sandbox/api/messages", {"user": "carol", "text": "/picture"})
    [picture] = body["replies"]
    assert picture["images"] == 1 and picture["document"] == "report.csv"
    status, png = await api.get(f"/sandbox/api/images/{picture['id']}/0")
    assert status == 200 and png.startswith(b"\x89PNG")
    status, body = await api.get(f"/sandbox/api/images/{picture['id']}/1")
    assert status == 404 and body == {"error": "no such image"}
    assert picture["document_url"] == f"/sandbox/api/documents/{picture['id']}"
    async with api.session.get(api.base + picture["document_url"]) as response:
        assert response.status == 200 and response.content_type == "text/csv"
        assert response.headers["Content-Disposition"] == "attachment; filename*=UTF-8''report.csv"
        assert await response.read() == b"a,b\n1,2\n"

    _, body = await api.post("/sandbox/api/messages", {"user": "carol", "text": "/edited"})
    [edited] = body["replies"]
    assert edited["edited"] is True and edited["text"] == "first draft, corrected"


async def test_a_reaction_is_added_and_taken_back(api, web_sandbox):
    _, body = await api.post("/sandbox/api/messages", {"user": "alice", "text": "look at my homework"})
    message = (await api.get("/sandbox/api/history", chat="demo"))[1]["messages"][-1]["id"]
    status, body = await api.post("/sandbox/api/reactions", {"user": "bob", "message": message, "emoji": "👍"})
    assert status == 200 and body == {"replies": [], "toasts": []}
    assert web_sandbox.adapter().world.reactions == {(message, "bob", "👍")}
    await api.post("/sandbox/api/reactions", {"user": "bob", "message": message, "emoji": "👍", "action": "remove"})
    assert web_sandbox.adapter().world.reactions == set()
    status, body = await api.post("/sandbox/api/reactions", {"user": "bob", "message": "999999"})
    assert status == 404 and body == {"error": "no such message"}
    status, body = await api.post("/sandbox/api/reactions", {"user": "bob", "message": message, "emoji": "x" * 40})
    assert status == 400 and body["error"].startswith("emoji: one reaction")


async def test_members_join_and_leave(api, web_sandbox):
    members = web_sandbox.adapter().world.members
    status, body = await api.post("/sandbox/api/members", {"user": "erin", "chat": "demo", "action": "join",
                                                           "invite": "https://sandbox.invalid/join/nope"})
    assert status == 200 and body == {"replies": []} and "erin" in members["demo"]
    status, body = await api.post("/sandbox/api/members", {"user": "erin", "chat": "demo", "action": "leave"})
    assert status == 200 and "erin" not in members["demo"]


async def test_the_clock_is_read_and_set_and_due_jobs_run(api, web_sandbox):
    showcase_plugin.posted.clear()
    status, body = await api.get("/sandbox/api/clock")
    assert status == 200 and body == {"now": "2026-03-02T09:00:00+00:00", "settable": True}

    status, body = await api.post("/sandbox/api/clock", {"now": "2026-03-03T10:30:00+02:00"})
    assert status == 200 and body == {"now": "2026-03-03T10:30:00+02:00", "jobs_run": 1}
    assert showcase_plugin.posted == ["demo"]
    assert web_sandbox.now == datetime.fromisoformat("2026-03-03T08:30:00+00:00")
    history = (await api.get("/sandbox/api/history", chat="demo"))[1]["messages"]
    assert history[-1]["text"] == "Good morning, demo!" and history[-1]["from"] == "bot"

    status, body = await api.post("/sandbox/api/clock", {"now": "2026-03-01T00:00:00+00:00"})
    assert status == 200 and body["jobs_run"] == 0  # going back runs nothing


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/sandbox/api/messages", "not json"),
    ("POST", "/sandbox/api/messages", "[1, 2]"),
    ("POST", "/sandbox/api/messages", '{"user": "alice"}'),
    ("POST", "/sandbox/api/messages", '{"user": "alice", "text": 5}'),
    ("POST", "/sandbox/api/messages", '{"user": "alice", "text": "hi", "chat": 7}'),
    ("POST", "/sandbox/api/messages", '{"user": ["alice"], "text": "hi"}'),
    ("POST", "/sandbox/api/messages", '{"user": "alice", "text": "hi", "lang": 3}'),
    ("POST", "/sandbox/api/press", '{"user": "alice"}'),
    ("POST", "/sandbox/api/press", '{"user": "alice", "message": "999"}'),
    ("POST", "/sandbox/api/press", '{"user": "alice", "message": "1", "button": [5, 5]}'),
    ("POST", "/sandbox/api/press", '{"user": "alice", "message": "1", "button": "x"}'),
    ("POST", "/sandbox/api/press", '{"user": "alice", "message": "1", "button": [0]}'),
    ("POST", "/sandbox/api/press", '{"user": "alice", "message": "1", "button": null}'),
    ("POST", "/sandbox/api/press", '{"user": "alice", "message": "1", "button": ["a", "b"]}'),
    ("POST", "/sandbox/api/members", '{"user": "alice", "action": "dance"}'),
    ("POST", "/sandbox/api/members", '{"user": "alice", "action": "join", "chat": 3}'),
    ("POST", "/sandbox/api/members", '{"user": "alice", "action": "join", "invite": 3}'),
    ("POST", "/sandbox/api/clock", "{}"),
    ("POST", "/sandbox/api/clock", "oops"),
    ("POST", "/sandbox/api/clock", '{"now": "tomorrow"}'),
    ("POST", "/sandbox/api/clock", '{"now": "2026-03-05T21:00:00"}'),
    ("POST", "/sandbox/api/clock", '{"now": 5}'),
    ("GET", "/sandbox/api/images/1/x", None),
    ("GET", "/sandbox/api/images/999/0", None),
])
async def test_bad_input_is_a_json_error_not_a_traceback(api, method, path, body):
    await api.post("/sandbox/api/messages", {"user": "alice", "text": "/panel"})  # message 1 and its reply 2
    if method == "POST":
        status, answer = await api.post(path, data=body)
    else:
        status, answer = await api.get(path)
    assert status in (400, 404), answer
    assert isinstance(answer, dict) and isinstance(answer.get("error"), str) and answer["error"]
    assert "Traceback" not in answer["error"]


async def test_the_page_is_served(api):
    status, html = await api.get("/sandbox")
    assert status == 200 and html.lstrip().lower().startswith("<!doctype html>")
    assert "/sandbox/api/history" in html or "/history" in html
    assert "innerHTML" not in html  # message text is rendered with textContent only
    for external in ("<link", "@import", 'src="http', "url(http", "fonts.g"):
        assert external not in html  # no CDN, no external fonts


async def test_a_private_answer_is_seen_by_the_asker_only(api):
    status, body = await api.post("/sandbox/api/messages", {"user": "admin", "text": "/report"})
    [answer] = body["replies"]
    assert answer["text"] == "3 members at risk" and answer["private"] is True and answer["to"] == "admin"
    _, refused = await api.post("/sandbox/api/messages", {"user": "bob", "text": "/report"})
    assert [(r["text"], r["to"]) for r in refused["replies"]] == [("Only admins can use /report.", "bob")]

    async def seen_by(user=None):
        _, body = await api.get("/sandbox/api/history", chat="demo", **({"user": user} if user else {}))
        return [m["text"] for m in body["messages"] if m["from"] == "bot"]

    assert await seen_by("admin") == ["3 members at risk"]
    assert await seen_by("bob") == ["Only admins can use /report."]
    assert await seen_by() == []
    assert (await api.get(f"/sandbox/api/images/{answer['id']}/0", user="admin"))[0] == 200
    assert (await api.get(f"/sandbox/api/images/{answer['id']}/0", user="bob"))[0] == 404
    status, body = await api.post("/sandbox/api/press", {"user": "bob", "message": answer["id"]})
    assert (status, body) == (404, {"error": "no such message"})
    status, body = await api.post("/sandbox/api/press", {"user": "admin", "message": answer["id"]})
    assert status == 200 and body["toasts"] == ["You pressed the report"]


async def test_an_internal_error_answers_in_the_senders_language_and_logs_the_event_ids(sandbox, caplog):
    from bot.database import close_database

    await close_database()  # the database goes away under the bot: the first lookup fails
    replies = await sandbox.user("li", lang="zh-CN").says("/checkin")
    assert replies.text.startswith("出了点问题（编号")
    [failure] = [r for r in caplog.records if "failed (ref" in r.getMessage()]
    assert failure.exc_info and len(failure.getMessage().splitlines()) == 1
    assert "MessageReceived sandbox chat=demo user=li" in failure.getMessage()
