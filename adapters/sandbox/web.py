"""The sandbox's HTTP JSON API (/sandbox/api/...) and its web chat page (/sandbox)."""
from __future__ import annotations

import hmac
from pathlib import Path
from urllib.parse import quote

from aiohttp import web

from bot.clock import OffsetClock, current_clock
from bot.web import WebServer

from adapters.sandbox.adapter import Refused
from adapters.sandbox.clock_file import save_offset

from adapters.sandbox.validation import decoded_attachments, clock_time, first_problem

PAGE = Path(__file__).with_name("page.html")


def mount(server: WebServer, adapter) -> None:
    api = SandboxApi(adapter)
    if adapter.config.token:
        server.app.middlewares.append(_token_required(adapter.config.token))
    server.add_route("GET", "/sandbox", api.page)
    server.add_route("GET", "/sandbox/api/chats", api.chats)
    server.add_route("GET", "/sandbox/api/users", api.users)
    server.add_route("GET", "/sandbox/api/history", api.history)
    server.add_route("POST", "/sandbox/api/messages", api.message)
    server.add_route("POST", "/sandbox/api/press", api.press)
    server.add_route("POST", "/sandbox/api/forms", api.forms)
    server.add_route("POST", "/sandbox/api/reactions", api.reactions)
    server.add_route("POST", "/sandbox/api/members", api.members)
    server.add_route("GET", "/sandbox/api/members", api.member_list)
    server.add_route("GET", "/sandbox/api/clock", api.clock_now)
    server.add_route("POST", "/sandbox/api/clock", api.clock)
    server.add_route("GET", "/sandbox/api/images/{message_id}/{index}", api.image)
    server.add_route("GET", "/sandbox/api/documents/{message_id}", api.document)


def _token_required(token: str):
    """Beside a real platform the sandbox acts as anyone: only a caller with the token may use it."""

    @web.middleware
    async def check(request: web.Request, handler):
        if request.path == "/sandbox" or request.path.startswith("/sandbox/"):
            given = request.headers.get("X-Sandbox-Token") or request.query.get("token") or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                return _bad("the sandbox needs its token: the X-Sandbox-Token header, or ?token= on the page", 401)
        return await handler(request)

    return check


def _bad(reason: str, status: int = 400) -> web.Response:
    return web.json_response({"error": reason}, status=status)


class SandboxApi:
    def __init__(self, adapter) -> None:
        self.adapter = adapter

    @property
    def world(self):
        return self.adapter.world

    async def page(self, _request: web.Request) -> web.Response:
        return web.Response(text=PAGE.read_text(encoding="utf-8"), content_type="text/html")

    async def chats(self, _request: web.Request) -> web.Response:
        return web.json_response({"chats": [{"id": self.world.name_of(c), "kind": c.kind.value, "title": c.title}
                                            for c in self.world.chats.values()]})

    async def users(self, _request: web.Request) -> web.Response:
        return web.json_response({"users": [{"name": name, "lang": u.lang, "admin": name in self.world.admins}
                                            for name, u in self.world.users.items()]})

    async def history(self, request: web.Request) -> web.Response:
        chat, viewer = request.query.get("chat", "demo"), request.query.get("user")
        return web.json_response({"messages": [m.to_json() for m in self.world.history_seen_by(chat, viewer)]})

    async def message(self, request: web.Request) -> web.Response:
        body = await _json(request)
        usage = ('send {"user": "alice", "chat": "demo", "text": "/checkin", "image": null, "forwarded": false, '
                 '"forwarded_from": null} (and "attachments": [{"kind": "image", "filename": "a.png", '
                 '"base64": "..."}], if any)')
        if body is None:
            return _bad(usage)
        if problem := first_problem(body, ("user", "text"), ("chat", "lang", "image", "forwarded", "attachments",
                                                            "reply_to")):
            return _bad(f"{problem}; {usage}")
        if body.get("forwarded_from") not in (None, "channel", "chat", "user", "hidden"):
            return _bad(f"forwarded_from is one of channel, chat, user, hidden; {usage}")
        try:
            outcome = await self.adapter.says(body["user"], body["text"], body.get("chat", "demo"), body.get("lang"),
                                              image=body.get("image"), forwarded=bool(body.get("forwarded")),
                                              forwarded_from=body.get("forwarded_from"),
                                              attachments=decoded_attachments(body.get("attachments") or []),
                                              reply_to=body.get("reply_to"))
        except Refused as refused:
            return web.json_response({"error": str(refused), "restricted": refused.broken}, status=403)
        return web.json_response({"replies": [m.to_json() for m in outcome]})

    async def press(self, request: web.Request) -> web.Response:
        usage = 'send {"user": "alice", "message": "12", "button": [0, 0]}'
        found = await self._pressed(request, usage)
        if isinstance(found, web.Response):
            return found
        body, message, (row, column) = found
        try:
            outcome = await self.adapter.press(body["user"], message.id, row, column)
        except ValueError as exc:
            return _bad(str(exc))
        answer = {"replies": [m.to_json() for m in outcome], "toasts": outcome.toasts}
        if outcome.form is not None:
            answer["form"] = outcome.form.to_json()
        return web.json_response(answer)

    async def forms(self, request: web.Request) -> web.Response:
        usage = 'send {"user": "alice", "message": "12", "button": [0, 0], "values": {"field key": "text"}}'
        found = await self._pressed(request, usage)
        if isinstance(found, web.Response):
            return found
        body, message, (row, column) = found
        if problem := first_problem(body, ("values",)):
            return _bad(f"{problem}; {usage}")
        if not message.buttons[row][column].form:
            return _bad(f"button [{row}, {column}] of message {message.id} opens no form; press it instead")
        outcome = await self.adapter.fill_in(body["user"], message.id, row, column, body["values"])
        return web.json_response({"replies": [m.to_json() for m in outcome], "toasts": outcome.toasts})

    async def _pressed(self, request: web.Request, usage: str):
        """(body, message, [row, column]) of a press, or the 400/404 that says what is wrong."""
        body = await _json(request)
        if body is None or "message" not in body:
            return _bad(usage)
        if problem := first_problem(body, ("user",)):
            return _bad(f"{problem}; {usage}")
        message = self.world.messages.get(str(body["message"]))
        if message is None or not message.seen_by(body["user"]):
            return _bad("no such message", 404)
        button = body.get("button", [0, 0])
        if (not isinstance(button, list) or len(button) != 2
                or not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in button)):
            return _bad(usage)
        row, column = button
        if not message.buttons:
            return _bad(f"message {message.id} has no buttons")
        if row >= len(message.buttons) or column >= len(message.buttons[row]):
            shape = ", ".join(str(len(r)) for r in message.buttons)
            return _bad(f"message {message.id} has no button [{row}, {column}] (buttons per row: {shape})")
        if message.buttons[row][column].payload is None:
            return _bad("a link button opens a URL; there is nothing to press")
        return body, message, (row, column)

    async def reactions(self, request: web.Request) -> web.Response:
        body = await _json(request)
        usage = 'send {"user": "bob", "message": "12", "emoji": "👍", "action": "add" (or "remove")}'
        if body is None or "message" not in body or body.get("action", "add") not in ("add", "remove"):
            return _bad(usage)
        if problem := first_problem(body, ("user",)):
            return _bad(f"{problem}; {usage}")
        emoji = body.get("emoji", "👍")
        if not isinstance(emoji, str) or not 0 < len(emoji) <= 16 or not emoji.isprintable():
            return _bad(f"emoji: one reaction of at most 16 characters; {usage}")
        message = self.world.messages.get(str(body["message"]))
        if message is None:
            return _bad("no such message", 404)
        try:
            outcome = await self.adapter.react(body["user"], message.id, emoji, body.get("action", "add") == "add")
        except LookupError:
            return _bad("no such message", 404)
        return web.json_response({"replies": [m.to_json() for m in outcome], "toasts": outcome.toasts})

    async def members(self, request: web.Request) -> web.Response:
        body = await _json(request)
        usage = 'send {"user": "dave", "chat": "demo", "action": "join" (or "request", "leave"), "invite": null}'
        if body is None or body.get("action") not in ("join", "request", "leave"):
            return _bad(usage)
        if problem := first_problem(body, ("user",), ("chat", "invite", "lang")):
            return _bad(f"{problem}; {usage}")
        chat = body.get("chat", "demo")
        if body["action"] == "join":
            outcome = await self.adapter.join(body["user"], chat, body.get("invite"))
        elif body["action"] == "request":
            outcome = await self.adapter.request_join(body["user"], chat, body.get("invite"), body.get("lang"))
        else:
            outcome = await self.adapter.leave(body["user"], chat)
        return web.json_response({"replies": [m.to_json() for m in outcome]})

    async def member_list(self, request: web.Request) -> web.Response:
        chat = request.query.get("chat", "demo")
        if chat not in self.world.chats or chat.startswith("dm:"):
            return _bad("no such group", 404)
        return web.json_response({"members": self.world.member_list(chat)})

    async def clock_now(self, _request: web.Request) -> web.Response:
        settable = current_clock()
        return web.json_response({"now": settable.now().isoformat(),
                                  "settable": self.adapter.runtime.scheduler.manual and hasattr(settable, "set")})

    async def clock(self, request: web.Request) -> web.Response:
        body = await _json(request)
        try:
            when = clock_time((body or {}).get("now"))
        except ValueError as exc:
            return _bad(f'send {{"now": "2026-03-05T21:00:00+00:00"}} ({exc})')
        scheduler = self.adapter.runtime.scheduler
        settable = current_clock()
        if not scheduler.manual or not hasattr(settable, "set"):
            return _bad("the clock is only settable when the bot runs on the sandbox alone", 409)
        if when < settable.now():
            settable.set(when)  # going back in time runs nothing
            scheduler.rewind(when)
            ran = 0
        else:
            ran = await scheduler.run_due(when, by_hand=True)
            settable.set(when)
        if isinstance(settable, OffsetClock):
            save_offset(self.adapter.clock_file, settable)
        return web.json_response({"now": when.isoformat(), "jobs_run": ran})

    async def document(self, request: web.Request) -> web.Response:
        message = self.world.messages.get(request.match_info["message_id"])
        if message is None or message.document is None or not message.seen_by(request.query.get("user")):
            return _bad("no such document", 404)
        name = message.document.filename
        return web.Response(body=message.document.data, content_type=message.document.mime,
                            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    async def image(self, request: web.Request) -> web.Response:
        message = self.world.messages.get(request.match_info["message_id"])
        index = request.match_info["index"]
        index = int(index) if index.isdigit() else -1
        if message is None or not message.seen_by(request.query.get("user")) or not 0 <= index < len(message.image_data):
            return _bad("no such image", 404)
        return web.Response(body=message.image_data[index], content_type="image/png")


async def _json(request: web.Request):
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
