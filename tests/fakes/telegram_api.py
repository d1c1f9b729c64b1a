"""A local, in-process fake of the Telegram Bot API for end-to-end tests.

Point the real aiogram client at it::

    async with FakeTelegram(token="123:ABC", bot_username="shequn_bot") as tg:
        session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
        bot = Bot("123:ABC", session=session)
        ...

The fake speaks the Bot API wire protocol (JSON / urlencoded / multipart
requests, ``{"ok": ..., "result": ...}`` answers, real status codes and
descriptions) and keeps a small "world" (users, chats, members, messages,
files, invite links) that tests control and inspect. Every request with the
right token is recorded in :attr:`FakeTelegram.calls`.

Semantics worth knowing:

* Sending to an unknown chat id answers 400 "chat not found"; a user added
  with ``add_user`` (or seen in an update) has an implicit private chat.
  Update builders auto-create unknown chats (id > 0 private, else supergroup)
  and users ("User<id>").
* message_id is a per-chat counter shared by incoming and bot-sent messages.
* Only inline keyboards are echoed in returned messages (like Telegram).
* getUpdates: offset confirms (drops) lower update_ids; allowed_updates
  persists between calls and defaults to Telegram's default (no chat_member,
  message_reaction*); updates of non-allowed types are dropped when a poll
  runs; a newer getUpdates ends an older pending one with 409; getUpdates
  while a webhook is set answers 409.
* parse_mode HTML / MarkdownV2 / Markdown are parsed into entities with
  Telegram's error messages for unsupported tags / unescaped characters.
"""

from __future__ import annotations

import asyncio
import copy
import json
import mimetypes
import re
import secrets
import struct
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Callable

import aiohttp
from aiohttp import web

__all__ = ["Call", "FakeTelegram", "TelegramError"]


# --------------------------------------------------------------------------- #
# Records and errors
# --------------------------------------------------------------------------- #


@dataclass
class Call:
    """One request received by the fake (or one method executed from a webhook reply)."""

    method: str  # canonical Bot API name, e.g. "sendMessage" (as sent, for unknown methods)
    params: dict[str, Any]  # decoded params: ints/bools/JSON objects decoded, strings kept
    files: dict[str, bytes]  # uploaded files keyed by the *param* name ("photo", "document")
    at: float  # time.monotonic() when the request arrived
    effective: bool = False  # True when the method took effect on the fake's state
    result: Any = None  # the "result" answered (None on error/drop)
    error: dict[str, Any] | None = None  # the error body answered, e.g. {"error_code": 429, ...}
    dropped: bool = False  # the connection was aborted without a response
    file_names: dict[str, str] = field(default_factory=dict)  # param name -> upload filename
    via_webhook_reply: bool = False  # executed from a webhook HTTP response body
    http_method: str = "POST"


class TelegramError(Exception):
    """Raised inside method implementations; turned into an ``ok: false`` answer."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad(description: str) -> TelegramError:
    return TelegramError(400, f"Bad Request: {description}")


def _forbidden(description: str) -> TelegramError:
    return TelegramError(403, f"Forbidden: {description}")


@dataclass
class _Fault:
    times: int
    kind: str  # "fail" | "drop"
    error: TelegramError | None = None
    after_processing: bool = False


@dataclass
class _Queued:
    update: dict[str, Any]
    forced: bool = False  # redelivered: survives offset confirmation until delivered once


# --------------------------------------------------------------------------- #
# Constants
# --------------------------------------------------------------------------- #

_ALL_UPDATE_TYPES = [
    "message", "edited_message", "channel_post", "edited_channel_post",
    "business_connection", "business_message", "edited_business_message",
    "deleted_business_messages", "message_reaction", "message_reaction_count",
    "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
    "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer",
    "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
    "removed_chat_boost",
]
# Telegram's default when allowed_updates was never specified (or set to []).
_DEFAULT_UPDATE_TYPES = frozenset(_ALL_UPDATE_TYPES) - {
    "chat_member", "message_reaction", "message_reaction_count",
}

# Params whose wire value is a plain string even when it looks like JSON/number.
_STRING_PARAMS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "inline_message_id", "title",
    "description", "name", "custom_title", "url", "secret_token", "invite_link",
    "file_id", "action", "language_code", "query", "emoji", "business_connection_id",
    "message_effect_id", "ip_address", "short_description", "sticker", "photo",
    "document", "audio", "video", "voice", "animation", "thumbnail", "certificate",
    "data", "first_name", "last_name", "username", "tag", "quote",
})

_ADMIN_RIGHTS = [
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
    "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
    "can_post_stories", "can_edit_stories", "can_delete_stories",
    "can_send_welcome_messages", "can_pin_messages", "can_manage_topics",
]
_ADMIN_REQUIRED_FALSE = {"can_be_edited", "is_anonymous"}

_PERMISSIONS = [
    "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
    "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
    "can_send_other_messages", "can_add_web_page_previews", "can_react_to_messages",
    "can_edit_tag", "can_change_info", "can_invite_users", "can_pin_messages",
    "can_manage_topics",
]
# When use_independent_chat_permissions is false, these imply the media permissions.
_MEDIA_PERMS = ["can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
                "can_send_video_notes", "can_send_voice_notes"]

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_AUTO_ENTITY_RE = re.compile(
    r"(?<![\w/@])(?P<cmd>/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)(?![\w/])"
    r"|(?<![\w@])(?P<mention>@[A-Za-z][A-Za-z0-9_]{3,31})(?!\w)"
)


def _u16(s: str) -> int:
    """Length of *s* in UTF-16 code units (Telegram's entity unit)."""
    return len(s.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------- #
# Formatting (parse_mode) parsers
# --------------------------------------------------------------------------- #


class _HTMLEntities(HTMLParser):
    _SIMPLE = {
        "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
        "u": "underline", "ins": "underline", "s": "strikethrough",
        "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
        "code": "code", "pre": "pre", "blockquote": "blockquote", "a": "text_link",
        "span": "spoiler", "tg-emoji": "custom_emoji",
    }

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.out: list[str] = []
        self.pos16 = 0
        self.stack: list[tuple[str, int, dict[str, Any]]] = []
        self.entities: list[dict[str, Any]] = []

    def _byte_offset(self) -> int:
        line, col = self.getpos()
        lines = self.source.split("\n")
        prefix = "\n".join(lines[: line - 1]) + ("\n" if line > 1 else "") + lines[line - 1][:col]
        return len(prefix.encode())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        kind = self._SIMPLE.get(tag)
        if kind is None or (tag == "span" and a.get("class") != "tg-spoiler"):
            raise _bad(f'can\'t parse entities: Unsupported start tag "{tag}" '
                       f"at byte offset {self._byte_offset()}")
        extra: dict[str, Any] = {}
        if tag == "a":
            extra["url"] = a.get("href") or ""
        if tag == "tg-emoji":
            extra["custom_emoji_id"] = a.get("emoji-id") or ""
        if tag == "code" and self.stack and self.stack[-1][0] == "pre" and a.get("class", "").startswith("language-"):
            self.stack[-1][2]["language"] = a["class"][len("language-"):]
        if tag == "blockquote" and "expandable" in a:
            kind = "expandable_blockquote"
        self.stack.append((tag, self.pos16, {"type": kind, **extra}))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            expected = self.stack[-1][0] if self.stack else ""
            raise _bad(f"can't parse entities: Unmatched end tag at byte offset "
                       f'{self._byte_offset()}, expected "</{expected}>", found "</{tag}>"')
        _tag, start, ent = self.stack.pop()
        if ent["type"] == "code" and self.stack and self.stack[-1][0] == "pre":
            return  # <pre><code class="language-x"> collapses into one pre entity
        if self.pos16 > start:
            self.entities.append({**ent, "offset": start, "length": self.pos16 - start})

    def handle_data(self, data: str) -> None:
        self.out.append(data)
        self.pos16 += _u16(data)

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        self.feed(self.source)
        self.close()
        if self.stack:
            raise _bad(f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities


_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {"bold": "Bold", "italic": "Italic", "underline": "Underline",
               "strikethrough": "Strikethrough", "spoiler": "Spoiler", "text_link": "TextUrl"}


def _parse_markdown_v2(src: str) -> tuple[str, list[dict[str, Any]]]:
    out: list[str] = []
    pos = 0  # utf-16 position in output
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, int]] = []  # (type, start16, byte offset)
    i, n = 0, len(src)
    quote_start: int | None = None

    def emit(ch: str) -> None:
        nonlocal pos
        out.append(ch)
        pos += _u16(ch)

    def byte_at(k: int) -> int:
        return len(src[:k].encode())

    def toggle(kind: str, width: int) -> None:
        if stack and stack[-1][0] == kind:
            _k, start, _b = stack.pop()
            if pos > start:
                entities.append({"type": kind, "offset": start, "length": pos - start})
        elif any(s[0] == kind for s in stack):
            raise _bad(f"can't parse entities: Can't find end of {_MDV2_NAMES[kind]} entity "
                       f"at byte offset {stack[-1][2]}")
        else:
            stack.append((kind, pos, byte_at(i)))

    while i < n:
        c = src[i]
        if (i == 0 or src[i - 1] == "\n") and c == ">":
            if quote_start is None:
                quote_start = pos
            i += 1
            continue
        if c == "\n" and quote_start is not None and not src.startswith(">", i + 1):
            entities.append({"type": "blockquote", "offset": quote_start, "length": pos - quote_start})
            quote_start = None
        if c == "\\":
            if i + 1 >= n or not (1 <= ord(src[i + 1]) <= 126):
                raise _bad("can't parse entities: Character '\\' is reserved and must be escaped with the preceding '\\'")
            emit(src[i + 1])
            i += 2
            continue
        if c == "`":
            is_pre = src.startswith("```", i)
            fence = "```" if is_pre else "`"
            j = i + len(fence)
            language = None
            if is_pre:
                nl = src.find("\n", j)
                first = src[j:nl] if nl != -1 else ""
                if nl != -1 and first and " " not in first and "`" not in first:
                    language, j = first, nl + 1
            start = pos
            while j < n and not src.startswith(fence, j):
                if src[j] == "\\" and j + 1 < n:
                    j += 1
                emit(src[j])
                j += 1
            if j >= n:
                raise _bad(f"can't parse entities: Can't find end of {'Pre' if is_pre else 'Code'} "
                           f"entity at byte offset {byte_at(i)}")
            if pos > start:
                ent: dict[str, Any] = {"type": "pre" if is_pre else "code", "offset": start, "length": pos - start}
                if language:
                    ent["language"] = language
                entities.append(ent)
            i = j + len(fence)
            continue
        if c == "*":
            toggle("bold", 1)
            i += 1
            continue
        if c == "_":
            if src.startswith("__", i):
                toggle("underline", 2)
                i += 2
            else:
                toggle("italic", 1)
                i += 1
            continue
        if c == "~":
            toggle("strikethrough", 1)
            i += 1
            continue
        if c == "|" and src.startswith("||", i):
            toggle("spoiler", 2)
            i += 2
            continue
        if c == "[":
            stack.append(("text_link", pos, byte_at(i)))
            i += 1
            continue
        if c == "]" and stack and stack[-1][0] == "text_link":
            _k, start, b = stack.pop()
            if not src.startswith("(", i + 1):
                raise _bad(f"can't parse entities: Can't find end of TextUrl entity at byte offset {b}")
            j = i + 2
            url: list[str] = []
            while j < n and src[j] != ")":
                if src[j] == "\\" and j + 1 < n:
                    j += 1
                url.append(src[j])
                j += 1
            if j >= n:
                raise _bad(f"can't parse entities: Can't find end of TextUrl entity at byte offset {b}")
            if pos > start:
                entities.append({"type": "text_link", "offset": start, "length": pos - start, "url": "".join(url)})
            i = j + 1
            continue
        if c in _MDV2_RESERVED:
            raise _bad(f"can't parse entities: Character '{c}' is reserved and must be escaped with the preceding '\\'")
        emit(c)
        i += 1
    if stack:
        kind, _s, b = stack[-1]
        raise _bad(f"can't parse entities: Can't find end of {_MDV2_NAMES.get(kind, kind)} entity at byte offset {b}")
    if quote_start is not None and pos > quote_start:
        entities.append({"type": "blockquote", "offset": quote_start, "length": pos - quote_start})
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _parse_markdown_legacy(src: str) -> tuple[str, list[dict[str, Any]]]:
    out: list[str] = []
    pos = 0
    entities: list[dict[str, Any]] = []
    i, n = 0, len(src)
    marks = {"*": "bold", "_": "italic", "`": "code"}
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and src[i + 1] in "*_`[":
            out.append(src[i + 1])
            pos += 1
            i += 2
            continue
        if src.startswith("```", i):
            j = src.find("```", i + 3)
            if j == -1:
                raise _bad(f"can't parse entities: Can't find end of the entity starting at byte offset {len(src[:i].encode())}")
            body = src[i + 3 : j]
            out.append(body)
            entities.append({"type": "pre", "offset": pos, "length": _u16(body)})
            pos += _u16(body)
            i = j + 3
            continue
        if c in marks:
            j = src.find(c, i + 1)
            if j == -1:
                raise _bad(f"can't parse entities: Can't find end of the entity starting at byte offset {len(src[:i].encode())}")
            body = src[i + 1 : j]
            out.append(body)
            if body:
                entities.append({"type": marks[c], "offset": pos, "length": _u16(body)})
            pos += _u16(body)
            i = j + 1
            continue
        m = re.match(r"\[([^\]]*)\]\(([^)]*)\)", src[i:])
        if c == "[" and m:
            body = m.group(1)
            out.append(body)
            entities.append({"type": "text_link", "offset": pos, "length": _u16(body), "url": m.group(2)})
            pos += _u16(body)
            i += m.end()
            continue
        out.append(c)
        pos += _u16(c)
        i += 1
    return "".join(out), entities


def _format(text: str, parse_mode: str | None, entities: Any) -> tuple[str, list[dict[str, Any]]]:
    if entities:
        return text, list(entities)
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _HTMLEntities(text).parse()
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return _parse_markdown_legacy(text)
    if parse_mode:
        raise _bad(f"unsupported parse_mode")
    return text, []


def _auto_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram detects in user-sent text: bot commands and @mentions."""
    ents = []
    for m in _AUTO_ENTITY_RE.finditer(text):
        kind = "bot_command" if m.group("cmd") else "mention"
        ents.append({"type": kind, "offset": _u16(text[: m.start()]), "length": _u16(m.group(0))})
    return ents


def _image_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        w, h = struct.unpack(">II", data[16:24])
        return int(w), int(h)
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xC0, 0xC1, 0xC2):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(w), int(h)
            seg = struct.unpack(">H", data[i + 2 : i + 4])[0]
            i += 2 + seg
    return 512, 512


# --------------------------------------------------------------------------- #
# The fake server
# --------------------------------------------------------------------------- #


class FakeTelegram:
    """Fake Telegram Bot API server. See the module docstring."""

    def __init__(
        self,
        token: str = "123:ABC",
        bot_username: str = "shequn_bot",
        *,
        bot_first_name: str = "Shequn",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id, "is_bot": True, "first_name": bot_first_name,
            "username": bot_username,
        }
        self.host = host
        self.port = port
        self.base_url = ""

        self.calls: list[Call] = []
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.members: dict[tuple[int, int], dict[str, Any]] = {}  # explicit ChatMember dicts
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}  # file_id -> {"data", "file_path", ...}
        self.invite_links: dict[str, dict[str, Any]] = {}
        self.link_joins: dict[str, int] = {}  # invite link -> people who joined by it (join_by_link)
        self.topics: dict[tuple[int, int], dict[str, Any]] = {}  # (forum, message_thread_id) -> ForumTopic
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {}  # setWebhook params; {} = no webhook
        self.allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
        self.callback_queries: dict[str, dict[str, Any]] = {}  # id -> {"answered": bool, ...}
        self.webhook_responses: list[tuple[int, bytes]] = []
        self.dm_blocked: dict[int, str] = {}  # user_id -> 403 description
        self.join_requests: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, user) -> pending request

        self._queue: list[_Queued] = []
        self._next_update_id = 100_000
        self._next_msg_id: dict[int, int] = {}
        self._file_seq = 0
        self._faults: dict[str, list[_Fault]] = {}
        self._changed = asyncio.Event()  # replaced on every state change (see _signal)
        self._started = False
        self._poll_generation = 0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None

        self._methods: dict[str, Callable[..., Any]] = {}
        for attr in dir(self):
            if attr.startswith("_m_"):
                name = attr[3:]
                self._methods[name.lower()] = getattr(self, attr)

    # ------------------------------------------------------------------ life
    async def __aenter__(self) -> "FakeTelegram":
        await self.start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def start(self) -> None:
        self._started = True
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        sock = site._server.sockets[0]  # type: ignore[union-attr]
        self.port = sock.getsockname()[1]
        self.base_url = f"http://{self.host}:{self.port}"
        self._client = aiohttp.ClientSession()

    async def close(self) -> None:
        self._closing = True
        self._signal()
        await asyncio.sleep(0)  # let released long polls answer before the server stops
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------- world API
    def add_user(self, user_id: int, first_name: str = "User", username: str | None = None,
                 language_code: str | None = "en", is_bot: bool = False,
                 last_name: str | None = None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code and not is_bot:
            user["language_code"] = language_code
        self.users[user_id] = user
        return user

    def add_chat(self, chat_id: int, type: str = "supergroup", title: str | None = None,
                 username: str | None = None, **extra: Any) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": type}
        if type == "private":
            user = self.users.get(chat_id) or self.add_user(chat_id, title or f"User{chat_id}")
            chat["first_name"] = user["first_name"]
            for k in ("last_name", "username"):
                if k in user:
                    chat[k] = user[k]
        else:
            chat["title"] = title or f"Chat {chat_id}"
            if username:
                chat["username"] = username
        chat.update(extra)
        self.chats[chat_id] = chat
        return chat

    def set_admin(self, chat_id: int, user_id: int, status: str = "administrator",
                  custom_title: str | None = None, **rights: bool) -> dict[str, Any]:
        """Make *user_id* (may be ``tg.bot_id``) creator/administrator; rights default to True."""
        user = self._user(user_id)
        if status == "creator":
            member = {"status": "creator", "user": user, "is_anonymous": False}
        elif status == "administrator":
            member = {"status": "administrator", "user": user, "can_be_edited": False,
                      "is_anonymous": False, **{r: True for r in _ADMIN_RIGHTS}}
            member.update(rights)
        else:
            raise ValueError("status must be 'administrator' or 'creator'")
        if custom_title:
            member["custom_title"] = custom_title
        self.members[(chat_id, user_id)] = member
        return member

    def set_member_status(self, chat_id: int, user_id: int, status: str, **extra: Any) -> dict[str, Any]:
        """Set any ChatMember status ("member", "left", "kicked", "restricted", ...)."""
        member = self._member_obj(status, self._user(user_id), **extra)
        self.members[(chat_id, user_id)] = member
        return member

    def member_status(self, chat_id: int, user_id: int) -> str:
        return self._member(chat_id, user_id)["status"]

    def may(self, chat_id: int, user_id: int, permission: str) -> bool:
        """Whether a member holds a posting right. A restriction's `until_date` is not read:
        the tests' clocks are not the fake's."""
        m = self.members.get((chat_id, user_id))
        if m is None or m.get("status") != "restricted":
            return True
        return bool(m.get(permission, False))

    def block_dm(self, user_id: int) -> None:
        self.dm_blocked[user_id] = "bot can't initiate conversation with a user"

    def bot_blocked(self, user_id: int) -> None:
        self.dm_blocked[user_id] = "bot was blocked by the user"

    def allow_dm(self, user_id: int) -> None:
        self.dm_blocked.pop(user_id, None)

    def add_file(self, file_id: str, data: bytes, *, file_path: str | None = None,
                 file_name: str | None = None, mime_type: str | None = None,
                 file_unique_id: str | None = None) -> dict[str, Any]:
        self._file_seq += 1
        if file_path is None:
            ext = mimetypes.guess_extension(mime_type or "") or (
                ".png" if data[:4] == b"\x89PNG" else ".jpg" if data[:2] == b"\xff\xd8" else "")
            folder = "photos" if ext in (".png", ".jpg", ".jpeg", ".webp") else "documents"
            file_path = f"{folder}/file_{self._file_seq}{ext}"
        entry = {"file_id": file_id, "file_unique_id": file_unique_id or f"U{self._file_seq:06d}",
                 "data": bytes(data), "file_path": file_path, "file_name": file_name,
                 "mime_type": mime_type}
        self.files[file_id] = entry
        return entry

    def message_by_id(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        return self.messages.get((chat_id, message_id))

    # ----------------------------------------------------------- call helpers
    def calls_of(self, method: str, *, effective: bool | None = None) -> list[Call]:
        m = method.lower()
        return [c for c in self.calls if c.method.lower() == m
                and (effective is None or c.effective == effective)]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5,
                       *, effective: bool | None = None) -> list[Call]:
        """Wait until at least *count* calls of *method* are recorded; return them all.

        Raises AssertionError on timeout (listing what was called).
        """
        assert self._started, "FakeTelegram is not started"

        def ready() -> bool:
            return len(self.calls_of(method, effective=effective)) >= count

        if not await self._wait_until(ready, timeout):
            seen = [c.method for c in self.calls]
            raise AssertionError(
                f"timed out after {timeout}s waiting for {count} {method} call(s); "
                f"got {len(self.calls_of(method, effective=effective))}; calls: {seen}") from None
        return self.calls_of(method, effective=effective)

    def fail_next(self, method: str, times: int = 1, error_code: int = 429,
                  description: str | None = None, retry_after: int | None = None,
                  *, migrate_to_chat_id: int | None = None) -> None:
        """Answer the next *times* calls of *method* ("*" = any) with an error, no effect."""
        if error_code == 429 and retry_after is None:
            retry_after = 3
        if description is None:
            description = {
                429: f"Too Many Requests: retry after {retry_after}",
                400: "Bad Request: injected error",
                403: "Forbidden: injected error",
                404: "Not Found",
                409: "Conflict: injected error",
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(error_code, "Injected error")
        params: dict[str, Any] = {}
        if retry_after is not None:
            params["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            params["migrate_to_chat_id"] = migrate_to_chat_id
        self._faults.setdefault(method.lower(), []).append(
            _Fault(times, "fail", TelegramError(error_code, description, params or None)))

    def drop_next(self, method: str, times: int = 1, after_processing: bool = False) -> None:
        """Abort the TCP connection of the next *times* calls of *method* ("*" = any).

        before processing: no effect (Call.effective False); after: effect happened
        (Call.effective True) but the client only sees a network error.
        """
        self._faults.setdefault(method.lower(), []).append(
            _Fault(times, "drop", after_processing=after_processing))

    def clear_faults(self) -> None:
        self._faults.clear()

    # -------------------------------------------------------- update builders
    def push(self, update_type: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Enqueue ``{"update_id": next, update_type: payload}`` and return it."""
        self._next_update_id += 1
        update = {"update_id": self._next_update_id, update_type: payload}
        self._enqueue(update, forced=False)
        return update

    def redeliver(self, update: dict[str, Any]) -> dict[str, Any]:
        """Enqueue the exact same update (same update_id) again, even if already confirmed."""
        self._enqueue(update, forced=True)
        return update

    def message(self, chat_id: int, user_id: int, text: str | None = None, *,
                entities: list[dict[str, Any]] | None | str = "auto",
                reply_to: int | dict[str, Any] | None = None,
                photo_file_id: str | None = None, caption: str | None = None,
                document_file_id: str | None = None, **extra: Any) -> dict[str, Any]:
        """A user message (update type "message"). Unknown chats/users are auto-created.

        Like a Telegram client, refuses (PermissionError) what a restricted member may not send."""
        kinds = [k for k, given in (("can_send_messages", text is not None), ("can_send_photos", photo_file_id),
                                    ("can_send_documents", document_file_id)) if given]
        if refused := [k for k in kinds if not self.may(chat_id, user_id, k)]:
            raise PermissionError(f"user {user_id} is restricted in {chat_id}: {', '.join(refused)}")
        chat = self._ensure_chat(chat_id, user_id)
        msg = self._new_message(chat, self._user(user_id, create=True))
        if text is not None:
            msg["text"] = text
            ents = _auto_entities(text) if entities == "auto" else entities
            if ents:
                msg["entities"] = ents
        if photo_file_id is not None:
            msg["photo"] = self._photo_sizes(photo_file_id)
        if document_file_id is not None:
            msg["document"] = self._document_obj(document_file_id)
        if caption is not None:
            msg["caption"] = caption
            cents = _auto_entities(caption)
            if cents:
                msg["caption_entities"] = cents
        if reply_to is not None:
            target = reply_to if isinstance(reply_to, dict) else self.messages.get((chat_id, reply_to))
            if target is None:
                target = {"message_id": reply_to, "date": int(time.time()), "chat": chat}
            msg["reply_to_message"] = self._strip_reply(target)
        msg.update(extra)
        self.messages[(chat_id, msg["message_id"])] = msg
        self._set_default_member(chat, user_id)
        return self.push("message", msg)

    def callback(self, chat_id: int, user_id: int, message_id: int, data: str, *,
                 callback_id: str | None = None) -> dict[str, Any]:
        chat = self._ensure_chat(chat_id, user_id)
        message = self.messages.get((chat_id, message_id)) or {
            "message_id": message_id, "date": int(time.time()), "chat": chat, "from": self.bot_user}
        qid = callback_id or str(secrets.randbits(62))
        query = {"id": qid, "from": self._user(user_id, create=True), "message": self._strip_reply(message, keep=True),
                 "chat_instance": str(abs(hash(("ci", chat_id))) % 10**18), "data": data}
        self.callback_queries[qid] = {"answered": False, "query": query}
        return self.push("callback_query", query)

    def chat_member(self, chat_id: int, user_id: int, old: str = "left", new: str = "member",
                    invite_link: dict[str, Any] | str | None = None, *,
                    from_user_id: int | None = None, **extra: Any) -> dict[str, Any]:
        chat = self._ensure_chat(chat_id, None)
        user = self._user(user_id, create=True)
        actor = self._user(from_user_id, create=True) if from_user_id else user
        payload: dict[str, Any] = {
            "chat": chat, "from": actor, "date": int(time.time()),
            "old_chat_member": self._member_obj(old, user),
            "new_chat_member": self._member_obj(new, user),
        }
        if invite_link is not None:
            payload["invite_link"] = self._invite_link_obj(invite_link)
        payload.update(extra)
        self.members[(chat_id, user_id)] = payload["new_chat_member"]
        return self.push("chat_member", payload)

    def reaction(self, chat_id: int, user_id: int, message_id: int, new: list[str],
                 old: list[str] | None = None) -> dict[str, Any]:
        """A user's reactions on a message changed from `old` to `new` emoji (update type
        "message_reaction", which Telegram sends where the bot is an admin)."""
        def types(emoji: list[str]) -> list[dict[str, Any]]:
            return [{"type": "emoji", "emoji": e} for e in emoji]

        payload = {"chat": self._ensure_chat(chat_id, None), "message_id": message_id,
                   "user": self._user(user_id, create=True), "date": int(time.time()),
                   "old_reaction": types(old or []), "new_reaction": types(new)}
        return self.push("message_reaction", payload)

    def chat_join_request(self, chat_id: int, user_id: int, *, invite_link: dict[str, Any] | str | None = None,
                          bio: str | None = None) -> dict[str, Any]:
        """A user asks to join (update type "chat_join_request"); pending until approved or declined."""
        chat = self._ensure_chat(chat_id, None)
        payload: dict[str, Any] = {"chat": chat, "from": self._user(user_id, create=True), "user_chat_id": user_id,
                                   "date": int(time.time())}
        if bio is not None:
            payload["bio"] = bio
        if invite_link is not None:
            payload["invite_link"] = self._invite_link_obj(invite_link)
        self.join_requests[(chat_id, user_id)] = payload
        return self.push("chat_join_request", payload)

    def join_by_link(self, chat_id: int, user_id: int, url: str) -> dict[str, Any]:
        """A user opens an invite link and joins, as Telegram allows: refused (PermissionError) for
        an unknown or revoked link, or one whose `member_limit` is used up."""
        link = self.invite_links.get(url)
        if link is None or link.get("chat_id") != chat_id or link["is_revoked"]:
            raise PermissionError("INVITE_HASH_EXPIRED")
        joined = self.link_joins.get(url, 0)
        if link.get("member_limit") and joined >= int(link["member_limit"]):
            raise PermissionError("USERS_TOO_MUCH")
        self.link_joins[url] = joined + 1
        return self.chat_member(chat_id, user_id, "left", "member", invite_link=url)

    def my_chat_member(self, chat_id: int, new: str = "member", old: str | None = None, *,
                       from_user_id: int | None = None) -> dict[str, Any]:
        chat = self._ensure_chat(chat_id, None)
        if old is None:
            old = self._member(chat_id, self.bot_id, default="left")["status"]
        if from_user_id is None:
            from_user_id = chat_id if chat["type"] == "private" else self._some_admin(chat_id)
        new_member = self._member_obj(new, self.bot_user)
        if new == "administrator":
            new_member = self.set_admin(chat_id, self.bot_id)
        payload = {"chat": chat, "from": self._user(from_user_id, create=True), "date": int(time.time()),
                   "old_chat_member": self._member_obj(old, self.bot_user),
                   "new_chat_member": new_member}
        self.members[(chat_id, self.bot_id)] = new_member
        if chat["type"] == "private":
            if new == "kicked":
                self.bot_blocked(chat_id)
            elif new == "member":
                self.allow_dm(chat_id)
        return self.push("my_chat_member", payload)

    def new_chat_members(self, chat_id: int, user_ids: list[int], *,
                         from_user_id: int | None = None) -> dict[str, Any]:
        chat = self._ensure_chat(chat_id, None)
        users = [self._user(u, create=True) for u in user_ids]
        actor = self._user(from_user_id or user_ids[0], create=True)
        msg = self._new_message(chat, actor)
        msg["new_chat_members"] = users
        if len(users) == 1:
            msg["new_chat_member"] = users[0]
            msg["new_chat_participant"] = users[0]
        self.messages[(chat_id, msg["message_id"])] = msg
        for u in user_ids:
            self.members[(chat_id, u)] = self._member_obj("member", self._user(u))
        return self.push("message", msg)

    def left_chat_member(self, chat_id: int, user_id: int, *,
                         from_user_id: int | None = None) -> dict[str, Any]:
        chat = self._ensure_chat(chat_id, None)
        user = self._user(user_id, create=True)
        msg = self._new_message(chat, self._user(from_user_id or user_id, create=True))
        msg["left_chat_member"] = user
        msg["left_chat_participant"] = user
        self.messages[(chat_id, msg["message_id"])] = msg
        self.members[(chat_id, user_id)] = self._member_obj("left", user)
        return self.push("message", msg)

    # ----------------------------------------------------------------- webhook
    async def post_webhook(self, url: str, update: dict[str, Any],
                           secret_token: str | None = None) -> int:
        """POST *update* to *url* like Telegram does; returns the HTTP status.

        A method returned in the webhook response body (aiogram's reply-in-webhook,
        multipart or JSON with a "method" field) is executed and recorded with
        ``via_webhook_reply=True``, as Telegram does.
        """
        assert self._client is not None, "FakeTelegram is not started"
        headers = {"Content-Type": "application/json"}
        if secret_token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes]] = {}
        async with self._client.post(url, data=json.dumps(update), headers=headers) as resp:
            status = resp.status
            if 200 <= status < 300 and resp.content_type.startswith("multipart/"):
                reader = aiohttp.MultipartReader.from_response(resp)
                chunks: list[bytes] = []
                while (part := await reader.next()) is not None:
                    assert isinstance(part, aiohttp.BodyPartReader)
                    data = bytes(await part.read(decode=False))
                    chunks.append(data)
                    if part.filename is not None:
                        files[part.name or ""] = (part.filename, data)
                    else:
                        params[part.name or ""] = data.decode()
                body = b"\n".join(chunks)
            else:
                body = await resp.read()
                if 200 <= status < 300 and "json" in resp.content_type:
                    try:
                        loaded = json.loads(body or b"{}")
                    except ValueError:
                        loaded = {}
                    params = loaded if isinstance(loaded, dict) else {}
        self.webhook_responses.append((status, body))
        if "method" in params:
            method = str(params.pop("method"))
            await self._dispatch(method, params, files, http_method="WEBHOOK", via_webhook=True)
        return status

    async def deliver_webhook(self, update: dict[str, Any]) -> int:
        """post_webhook to the URL/secret registered with setWebhook."""
        if not self.webhook.get("url"):
            raise AssertionError("no webhook set (setWebhook was not called)")
        return await self.post_webhook(self.webhook["url"], update, self.webhook.get("secret_token"))

    # ---------------------------------------------------------- HTTP plumbing
    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        path = request.match_info["path"]
        for entry in self.files.values():
            if entry["file_path"] == path:
                return web.Response(body=entry["data"], content_type="application/octet-stream")
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        try:
            raw, files = await self._read_params(request)
        except ValueError as e:
            return web.json_response({"ok": False, "error_code": 400, "description": f"Bad Request: {e}"}, status=400)
        outcome = await self._dispatch(request.match_info["method"], raw, files, http_method=request.method)
        if outcome is None:  # dropped
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=204)
        status, body = outcome
        return web.json_response(body, status=status)

    async def _read_params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        params: dict[str, Any] = dict(request.query)
        files: dict[str, tuple[str, bytes]] = {}
        ctype = request.content_type
        if request.method in ("POST", "PUT"):
            if ctype == "application/json":
                body = await request.read()
                if body:
                    data = json.loads(body)
                    if not isinstance(data, dict):
                        raise ValueError("JSON object expected")
                    params.update(data)
            elif ctype == "multipart/form-data":
                reader = await request.multipart()
                while (part := await reader.next()) is not None:
                    assert isinstance(part, aiohttp.BodyPartReader)
                    data = bytes(await part.read(decode=False))
                    if part.filename is not None:
                        files[part.name or ""] = (part.filename, data)
                    else:
                        params[part.name or ""] = data.decode()
            else:
                post = await request.post()
                for k, v in post.items():
                    if isinstance(v, web.FileField):
                        files[k] = (v.filename, v.file.read())
                    else:
                        params[k] = v
        return params, files

    @staticmethod
    def _decode_params(raw: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in raw.items():
            if isinstance(v, str) and k not in _STRING_PARAMS:
                try:
                    v = json.loads(v)
                except ValueError:
                    pass
            out[k] = v
        return out

    def _take_fault(self, method: str) -> _Fault | None:
        for key in (method.lower(), "*"):
            faults = self._faults.get(key)
            if faults:
                fault = faults[0]
                fault.times -= 1
                if fault.times <= 0:
                    faults.pop(0)
                return fault
        return None

    def _signal(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def _wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                return predicate()
        return True

    async def _dispatch(self, method_name: str, raw: dict[str, Any], raw_files: dict[str, tuple[str, bytes]],
                        *, http_method: str, via_webhook: bool = False) -> tuple[int, dict[str, Any]] | None:
        """Run one API call. Returns (status, body) or None when the connection must be dropped."""
        impl = self._methods.get(method_name.lower())
        canonical = impl.__name__[3:] if impl is not None else method_name
        params = self._decode_params(raw)
        files: dict[str, bytes] = {}
        names: dict[str, str] = {}
        for key, value in params.items():  # attach://<part> references
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in raw_files:
                names[key], files[key] = raw_files[value[9:]]
        for part, (fname, data) in raw_files.items():  # direct uploads (field == param name)
            if part not in params and not any(v == f"attach://{part}" for v in params.values()):
                files[part], names[part] = data, fname
        call = Call(method=canonical, params=params, files=files, at=time.monotonic(),
                    file_names=names, via_webhook_reply=via_webhook, http_method=http_method)
        self.calls.append(call)

        fault = self._take_fault(canonical)
        try:
            if fault is not None and fault.kind == "drop" and not fault.after_processing:
                call.dropped = True
                return None
            if fault is not None and fault.kind == "fail":
                assert fault.error is not None
                call.error = fault.error.body()
                return fault.error.code, call.error
            if impl is None:
                err = TelegramError(404, "Not Found: method not found")
                call.error = err.body()
                return 404, call.error
            try:
                result = impl(call)
                if asyncio.iscoroutine(result):
                    self._signal()  # long poll started: visible to wait_for
                    result = await result
            except TelegramError as err:
                call.error = err.body()
                return err.code, call.error
            call.effective = True
            if fault is not None and fault.kind == "drop":
                call.dropped = True
                return None
            call.result = result
            return 200, {"ok": True, "result": result}
        finally:
            self._signal()

    # ---------------------------------------------------------------- helpers
    def _user(self, user_id: int | None, *, create: bool = False) -> dict[str, Any]:
        if user_id == self.bot_id:
            return self.bot_user
        assert user_id is not None
        user = self.users.get(user_id)
        if user is None:
            if create:
                return self.add_user(user_id, f"User{user_id}")
            return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        return user

    def _ensure_chat(self, chat_id: int, user_id: int | None) -> dict[str, Any]:
        chat = self.chats.get(chat_id)
        if chat is None:
            if chat_id > 0:
                if user_id is not None and chat_id == user_id:
                    self._user(user_id, create=True)
                chat = self.add_chat(chat_id, "private")
            else:
                chat = self.add_chat(chat_id, "supergroup")
        return chat

    def _resolve_chat(self, chat_id: Any) -> dict[str, Any]:
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        if isinstance(chat_id, str):
            if chat_id.startswith("@"):
                for chat in self.chats.values():
                    if chat.get("username", "").lower() == chat_id[1:].lower():
                        return chat
                raise _bad("chat not found")
            try:
                chat_id = int(chat_id)
            except ValueError:
                raise _bad("chat not found") from None
        if chat_id in self.chats:
            return self.chats[chat_id]
        if chat_id > 0 and chat_id in self.users:
            return self.add_chat(chat_id, "private")
        raise _bad("chat not found")

    def _member_obj(self, status: str, user: dict[str, Any], **extra: Any) -> dict[str, Any]:
        m: dict[str, Any] = {"status": status, "user": user}
        if status == "creator":
            m["is_anonymous"] = False
        elif status == "administrator":
            m.update({"can_be_edited": False, "is_anonymous": False, **{r: True for r in _ADMIN_RIGHTS}})
        elif status == "restricted":
            m.update({"is_member": True, **{p: False for p in _PERMISSIONS}, "until_date": 0})
        elif status == "kicked":
            m["until_date"] = 0
        m.update(extra)
        return m

    def _member(self, chat_id: int, user_id: int, default: str | None = None) -> dict[str, Any]:
        m = self.members.get((chat_id, user_id))
        if m is not None:
            return m
        if default is None:
            known = user_id in self.users or user_id == self.bot_id
            default = "member" if known else "left"
        return self._member_obj(default, self._user(user_id))

    def _set_default_member(self, chat: dict[str, Any], user_id: int) -> None:
        if chat["type"] != "private" and (chat["id"], user_id) not in self.members:
            self.members[(chat["id"], user_id)] = self._member_obj("member", self._user(user_id))

    def _some_admin(self, chat_id: int) -> int:
        for (cid, uid), m in self.members.items():
            if cid == chat_id and uid != self.bot_id and m["status"] in ("creator", "administrator"):
                return uid
        if 1 not in self.users:
            self.add_user(1, "Chat Admin")
        return 1

    def _new_message(self, chat: dict[str, Any], sender: dict[str, Any]) -> dict[str, Any]:
        mid = self._next_msg_id.get(chat["id"], 0) + 1
        self._next_msg_id[chat["id"]] = mid
        return {"message_id": mid, "from": sender, "chat": chat, "date": int(time.time())}

    @staticmethod
    def _strip_reply(msg: dict[str, Any], keep: bool = False) -> dict[str, Any]:
        out = copy.deepcopy(msg)
        if not keep:
            out.pop("reply_to_message", None)
        return out

    def _photo_sizes(self, file_id: str) -> list[dict[str, Any]]:
        entry = self.files.get(file_id)
        data = entry["data"] if entry else b""
        uid = entry["file_unique_id"] if entry else f"U-{file_id}"
        w, h = _image_size(data) if data else (512, 512)
        big = {"file_id": file_id, "file_unique_id": uid, "file_size": len(data), "width": w, "height": h}
        if max(w, h) <= 90:
            return [big]
        scale = 90 / max(w, h)
        thumb_id = f"{file_id}-thumb"
        if thumb_id not in self.files:
            self.add_file(thumb_id, data, file_path=(entry["file_path"] + ".thumb") if entry else None)
        small = {"file_id": thumb_id, "file_unique_id": self.files[thumb_id]["file_unique_id"],
                 "file_size": len(data), "width": max(1, round(w * scale)), "height": max(1, round(h * scale))}
        return [small, big]

    def _document_obj(self, file_id: str) -> dict[str, Any]:
        entry = self.files.get(file_id) or {"file_unique_id": f"U-{file_id}", "data": b""}
        doc = {"file_id": file_id, "file_unique_id": entry["file_unique_id"], "file_size": len(entry["data"])}
        if entry.get("file_name"):
            doc["file_name"] = entry["file_name"]
        if entry.get("mime_type"):
            doc["mime_type"] = entry["mime_type"]
        return doc

    def _invite_link_obj(self, link: dict[str, Any] | str) -> dict[str, Any]:
        if isinstance(link, str):
            if link in self.invite_links:
                return {k: v for k, v in copy.deepcopy(self.invite_links[link]).items() if k != "chat_id"}
            link = {"invite_link": link}
        obj = {"invite_link": "https://t.me/+" + secrets.token_urlsafe(12), "creator": self.bot_user,
               "creates_join_request": False, "is_primary": False, "is_revoked": False}
        obj.update(link)
        if isinstance(obj["creator"], int):
            obj["creator"] = self._user(obj["creator"], create=True)
        return obj

    def _enqueue(self, update: dict[str, Any], *, forced: bool) -> None:
        self._queue.append(_Queued(copy.deepcopy(update), forced))
        self._signal()

    # send helpers
    def _check_can_send(self, chat: dict[str, Any]) -> None:
        if chat["type"] == "private":
            user = self.users.get(chat["id"])
            if user and user.get("is_bot"):
                raise _forbidden("bot can't send messages to bots")
            if chat["id"] in self.dm_blocked:
                raise _forbidden(self.dm_blocked[chat["id"]])
            return
        me = self.members.get((chat["id"], self.bot_id))
        if me is not None:
            kind = "supergroup" if chat["type"] == "supergroup" else chat["type"]
            if me["status"] == "kicked":
                raise _forbidden(f"bot was kicked from the {kind} chat")
            if me["status"] == "left":
                raise _forbidden(f"bot is not a member of the {kind} chat")

    def _reply_target(self, chat: dict[str, Any], p: dict[str, Any]) -> dict[str, Any] | None:
        rp = p.get("reply_parameters")
        mid = None
        allow_without = bool(p.get("allow_sending_without_reply"))
        target_chat = chat["id"]
        if isinstance(rp, dict):
            mid = rp.get("message_id")
            allow_without = bool(rp.get("allow_sending_without_reply", allow_without))
            if rp.get("chat_id") is not None:
                target_chat = self._resolve_chat(rp["chat_id"])["id"]
        elif p.get("reply_to_message_id") is not None:
            mid = p["reply_to_message_id"]
        if mid is None:
            return None
        msg = self.messages.get((target_chat, int(mid)))
        if msg is None:
            if allow_without:
                return None
            raise _bad("message to be replied not found")
        return self._strip_reply(msg)

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad("can't parse inline keyboard button: field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
            for row in rows:
                for btn in row:
                    if not btn.get("text"):
                        raise _bad("can't parse inline keyboard button: Text must be non-empty")
                    cd = btn.get("callback_data")
                    if cd is not None and not (1 <= len(str(cd).encode()) <= 64):
                        raise _bad("BUTTON_DATA_INVALID")
                    actions = set(btn) - {"text", "style", "icon_custom_emoji_id"}
                    if not actions:
                        raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            return markup
        return None  # reply/remove/force_reply keyboards are not echoed in the Message

    def _bot_message(self, chat: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
        self._check_can_send(chat)
        reply = self._reply_target(chat, p)
        markup = self._check_markup(p.get("reply_markup"))
        thread = p.get("message_thread_id")
        if thread is not None and chat.get("is_forum") and (chat["id"], int(thread)) not in self.topics:
            raise _bad("message thread not found")
        msg = self._new_message(chat, self.bot_user)
        if thread is not None:
            msg["message_thread_id"] = int(thread)
            if chat.get("is_forum"):
                msg["is_topic_message"] = True
        if reply is not None:
            msg["reply_to_message"] = reply
        if markup is not None:
            msg["reply_markup"] = markup
        if p.get("protect_content"):
            msg["has_protected_content"] = True
        return msg

    def _store_upload(self, call: Call, param: str, kind: str) -> tuple[str, dict[str, Any]]:
        value = call.params.get(param)
        if param in call.files:
            data = call.files[param]
            fname = call.file_names.get(param) or param
            self._file_seq += 1
            file_id = f"{kind}-{self._file_seq}-{secrets.token_hex(4)}"
            mime = mimetypes.guess_type(fname)[0]
            entry = self.add_file(file_id, data, file_name=fname, mime_type=mime)
            return file_id, entry
        if not value:
            raise _bad(f"there is no {param} in the request")
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            self._file_seq += 1
            file_id = f"{kind}-{self._file_seq}-url"
            return file_id, self.add_file(file_id, b"", file_name=value.rsplit("/", 1)[-1])
        if value not in self.files:
            raise _bad("wrong file identifier/HTTP URL specified")
        return value, self.files[value]

    def _caption(self, msg: dict[str, Any], p: dict[str, Any]) -> None:
        if p.get("caption"):
            text, ents = _format(p["caption"], p.get("parse_mode"), p.get("caption_entities"))
            if len(text) > 1024:
                raise _bad("message caption is too long")
            msg["caption"] = text
            if ents:
                msg["caption_entities"] = ents

    def _find_message(self, p: dict[str, Any], what: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        if p.get("inline_message_id"):
            return None, None
        chat = self._resolve_chat(p.get("chat_id"))
        mid = p.get("message_id")
        if mid is None:
            raise _bad("message identifier is not specified")
        msg = self.messages.get((chat["id"], int(mid)))
        if msg is None:
            raise _bad(f"message to {what} not found")
        return chat, msg

    def _group_only(self, chat: dict[str, Any], what: str = "supergroups") -> None:
        if chat["type"] == "private":
            raise _bad(f"method is available only for {what}")

    def _not_admin_target(self, chat: dict[str, Any], user_id: int) -> None:
        status = self._member(chat["id"], user_id)["status"]
        if status == "creator":
            raise _bad("can't remove chat owner")
        if status == "administrator":
            raise _bad("user is an administrator of the chat")

    # ------------------------------------------------------------ API methods
    # Each _m_<Name>(call) returns the JSON "result" or raises TelegramError.

    def _m_getMe(self, call: Call) -> Any:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False,
                "has_main_web_app": False}

    def _m_logOut(self, call: Call) -> Any:
        return True

    def _m_close(self, call: Call) -> Any:
        return True

    async def _m_getUpdates(self, call: Call) -> Any:
        p = call.params
        if self.webhook.get("url"):
            raise TelegramError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                     "use deleteWebhook to delete the webhook first")
        allowed = p.get("allowed_updates")
        if isinstance(allowed, list):
            self.allowed_updates = frozenset(allowed) if allowed else _DEFAULT_UPDATE_TYPES
        offset = int(p.get("offset") or 0)
        limit = max(1, min(100, int(p.get("limit") or 100)))
        timeout = max(0.0, float(p.get("timeout") or 0))
        self._poll_generation += 1
        generation = self._poll_generation
        self._signal()  # terminates an older pending getUpdates with 409

        def kind(q: _Queued) -> str | None:
            return next((k for k in q.update if k != "update_id"), None)

        def pick() -> list[_Queued]:
            if offset > 0:  # confirm everything below offset
                self._queue = [q for q in self._queue if q.forced or q.update["update_id"] >= offset]
            elif offset < 0:  # keep only the last -offset updates
                normal = [q for q in self._queue if not q.forced]
                keep = {id(q) for q in normal[offset:]}
                self._queue = [q for q in self._queue if q.forced or id(q) in keep]
            # Updates of types not allowed are never delivered: drop them.
            self._queue = [q for q in self._queue if kind(q) in self.allowed_updates]
            return self._queue[:limit]

        ready: list[_Queued] = []
        conflict = False

        def done() -> bool:
            nonlocal ready, conflict
            if generation != self._poll_generation:
                conflict = True
                return True
            ready = pick()
            return bool(ready) or self._closing

        await self._wait_until(done, timeout)
        if conflict:
            raise TelegramError(409, "Conflict: terminated by other getUpdates request; "
                                     "make sure that only one bot instance is running")
        for q in ready:
            q.forced = False
        return [copy.deepcopy(q.update) for q in ready]

    def _m_setWebhook(self, call: Call) -> Any:
        p = call.params
        url = p.get("url") or ""
        if url:
            m = re.match(r"^https://[^/:]+(?::(\d+))?(/.*)?$", url)
            if not m:
                raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
            if m.group(1) and m.group(1) not in ("80", "88", "443", "8443"):
                raise _bad("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        if p.get("secret_token") is not None and not _SECRET_RE.match(str(p["secret_token"])):
            raise _bad("secret token contains unallowed characters")
        if p.get("drop_pending_updates"):
            self._queue.clear()
        if isinstance(p.get("allowed_updates"), list):
            self.allowed_updates = frozenset(p["allowed_updates"]) or _DEFAULT_UPDATE_TYPES
        self.webhook = {k: v for k, v in p.items() if k != "certificate"} if url else {}
        return True

    def _m_deleteWebhook(self, call: Call) -> Any:
        self.webhook = {}
        if call.params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _m_getWebhookInfo(self, call: Call) -> Any:
        info: dict[str, Any] = {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                                "pending_update_count": len(self._queue)}
        if self.webhook.get("url"):
            info["max_connections"] = int(self.webhook.get("max_connections") or 40)
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    def _m_sendMessage(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        raw_text = p.get("text")
        if raw_text is None or str(raw_text) == "":
            raise _bad("message text is empty")
        text, ents = _format(str(raw_text), p.get("parse_mode"), p.get("entities"))
        if not text.strip():
            raise _bad("text must be non-empty")
        if len(text) > 4096:
            raise _bad("message is too long")
        msg = self._bot_message(chat, p)
        msg["text"] = text
        if ents:
            msg["entities"] = ents
        if isinstance(p.get("link_preview_options"), dict):
            msg["link_preview_options"] = p["link_preview_options"]
        self.messages[(chat["id"], msg["message_id"])] = msg
        return copy.deepcopy(msg)

    def _m_sendPhoto(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        self._check_can_send(chat)
        file_id, _entry = self._store_upload(call, "photo", "photo")
        msg = self._bot_message(chat, p)
        msg["photo"] = self._photo_sizes(file_id)
        self._caption(msg, p)
        self.messages[(chat["id"], msg["message_id"])] = msg
        return copy.deepcopy(msg)

    def _m_sendDocument(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        self._check_can_send(chat)
        file_id, _entry = self._store_upload(call, "document", "document")
        msg = self._bot_message(chat, p)
        msg["document"] = self._document_obj(file_id)
        self._caption(msg, p)
        self.messages[(chat["id"], msg["message_id"])] = msg
        return copy.deepcopy(msg)

    def _m_editMessageText(self, call: Call) -> Any:
        p = call.params
        raw_text = p.get("text")
        if not raw_text:
            raise _bad("message text is empty")
        text, ents = _format(str(raw_text), p.get("parse_mode"), p.get("entities"))
        if len(text) > 4096:
            raise _bad("MESSAGE_TOO_LONG")
        markup = self._check_markup(p.get("reply_markup"))
        chat, msg = self._find_message(p, "edit")
        if msg is None:
            return True  # inline message
        if "text" not in msg:
            raise _bad("there is no text in the message to edit")
        if msg.get("from", {}).get("id") != self.bot_id:
            raise _bad("message can't be edited")
        if msg["text"] == text and msg.get("entities", []) == ents and msg.get("reply_markup") == markup:
            raise _bad("message is not modified: specified new message content and reply markup are "
                       "exactly the same as a current content and reply markup of the message")
        msg["text"] = text
        msg.pop("entities", None)
        if ents:
            msg["entities"] = ents
        if markup is not None:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _m_editMessageReplyMarkup(self, call: Call) -> Any:
        p = call.params
        markup = self._check_markup(p.get("reply_markup"))
        chat, msg = self._find_message(p, "edit")
        if msg is None:
            return True
        if msg.get("from", {}).get("id") != self.bot_id:
            raise _bad("message can't be edited")
        if msg.get("reply_markup") == markup:
            raise _bad("message is not modified: specified new message content and reply markup are "
                       "exactly the same as a current content and reply markup of the message")
        if markup is None:
            msg.pop("reply_markup", None)
        else:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _m_deleteMessage(self, call: Call) -> Any:
        chat, msg = self._find_message(call.params, "delete")
        assert chat is not None and msg is not None
        if chat["type"] != "private" and msg.get("from", {}).get("id") != self.bot_id:
            self._bot_needs(chat, "can_delete_messages", "message can't be deleted")
        del self.messages[(chat["id"], msg["message_id"])]
        return True

    def _m_answerCallbackQuery(self, call: Call) -> Any:
        p = call.params
        qid = str(p.get("callback_query_id") or "")
        entry = self.callback_queries.get(qid)
        if entry is None or entry["answered"]:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        if p.get("text") and len(str(p["text"])) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        entry["answered"] = True
        entry["answer"] = dict(p)
        return True

    @staticmethod
    def _scope_key(p: dict[str, Any]) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(p.get("language_code") or "")

    def _m_setMyCommands(self, call: Call) -> Any:
        cmds = call.params.get("commands")
        if not isinstance(cmds, list):
            raise _bad("can't parse commands JSON object")
        if len(cmds) > 100:
            raise _bad("too many commands")
        for c in cmds:
            if not isinstance(c, dict) or not _COMMAND_RE.match(str(c.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            if not (1 <= len(str(c.get("description", ""))) <= 256):
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._scope_key(call.params)
        if cmds:
            self.commands[key] = [{"command": c["command"], "description": c["description"]} for c in cmds]
        else:
            self.commands.pop(key, None)
        return True

    def _m_deleteMyCommands(self, call: Call) -> Any:
        self.commands.pop(self._scope_key(call.params), None)
        return True

    def _m_getMyCommands(self, call: Call) -> Any:
        return copy.deepcopy(self.commands.get(self._scope_key(call.params), []))

    def _m_getChat(self, call: Call) -> Any:
        chat = self._resolve_chat(call.params.get("chat_id"))
        info = {"accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                        "unique_gifts": False, "premium_subscription": False,
                                        "gifts_from_channels": False}}
        if chat["type"] != "private":
            info["permissions"] = {p: True for p in _PERMISSIONS if p not in ("can_change_info", "can_pin_messages")}
        return {**info, **copy.deepcopy(chat)}

    def _m_createForumTopic(self, call: Call) -> Any:
        """Like Telegram: forum supergroups only, by an admin with can_manage_topics; the topic's
        id is the id of its service message ("forum_topic_created")."""
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        if chat["type"] != "supergroup" or not chat.get("is_forum"):
            raise _bad("the chat is not a forum")
        name = str(p.get("name") or "")
        if not 1 <= len(name) <= 128:
            raise _bad("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
        rights = self.members.get((chat["id"], self.bot_id), {})
        if rights.get("status") != "creator" and not (rights.get("status") == "administrator"
                                                      and rights.get("can_manage_topics")):
            raise _bad("not enough rights to create a topic")
        service = self._new_message(chat, self.bot_user)
        thread = service["message_id"]
        topic = {"message_thread_id": thread, "name": name, "icon_color": int(p.get("icon_color") or 0x6FB9F0)}
        service.update(message_thread_id=thread, is_topic_message=True,
                       forum_topic_created={"name": name, "icon_color": topic["icon_color"]})
        self.messages[(chat["id"], thread)] = service
        self.topics[(chat["id"], thread)] = topic
        return copy.deepcopy(topic)

    def in_topic(self, chat_id: int, thread: int) -> list[dict[str, Any]]:
        """The messages posted in a forum topic (its service message first)."""
        return [m for (cid, _), m in sorted(self.messages.items()) if cid == chat_id and m.get("message_thread_id") == thread]

    def _m_getChatMember(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        if p.get("user_id") is None:
            raise _bad("user_id is empty")
        uid = int(p["user_id"])
        if chat["type"] == "private":
            if uid not in (chat["id"], self.bot_id):
                raise _bad("user not found")
            return self._member_obj("member", self._user(uid))
        return copy.deepcopy(self._member(chat["id"], uid))

    def _m_getChatAdministrators(self, call: Call) -> Any:
        chat = self._resolve_chat(call.params.get("chat_id"))
        if chat["type"] == "private":
            raise _bad("there are no administrators in the private chat")
        admins = [copy.deepcopy(m) for (cid, _uid), m in self.members.items()
                  if cid == chat["id"] and m["status"] in ("creator", "administrator")]
        admins.sort(key=lambda m: m["status"] != "creator")
        return admins

    def _m_createChatInviteLink(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        self._group_only(chat, "groups and channels")
        if p.get("name") and len(str(p["name"])) > 32:
            raise _bad("invite link name is too long")
        if p.get("member_limit") and p.get("creates_join_request"):
            raise _bad("member limit can't be specified for links requiring administrator approval")
        link = {"invite_link": "https://t.me/+" + secrets.token_urlsafe(12).replace("-", "A").replace("_", "B"),
                "creator": self.bot_user, "creates_join_request": bool(p.get("creates_join_request")),
                "is_primary": False, "is_revoked": False, "chat_id": chat["id"]}
        for k in ("name", "expire_date", "member_limit"):
            if p.get(k) is not None:
                link[k] = p[k]
        self.invite_links[link["invite_link"]] = link
        return {k: v for k, v in link.items() if k != "chat_id"}

    def _get_link(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(p.get("chat_id"))
        link = self.invite_links.get(str(p.get("invite_link") or ""))
        if link is None or link.get("chat_id") != chat["id"]:
            raise _bad("INVITE_HASH_EXPIRED")
        return link

    def _m_editChatInviteLink(self, call: Call) -> Any:
        p = call.params
        link = self._get_link(p)
        if link["is_revoked"]:
            raise _bad("INVITE_HASH_EXPIRED")
        for k in ("name", "expire_date", "member_limit", "creates_join_request"):
            if k in p:
                link[k] = p[k]
        return {k: v for k, v in link.items() if k != "chat_id"}

    def _m_revokeChatInviteLink(self, call: Call) -> Any:
        link = self._get_link(call.params)
        link["is_revoked"] = True
        return {k: v for k, v in link.items() if k != "chat_id"}

    def _bot_needs(self, chat: dict[str, Any], right: str, refusal: str) -> None:
        """Like Telegram: the bot acts on others only as the creator or an admin with `right`. A
        chat where the bot's own membership was never set keeps the fake's old leniency."""
        me = self.members.get((chat["id"], self.bot_id))
        if me is None or me["status"] == "creator" or (me["status"] == "administrator" and me.get(right)):
            return
        raise _bad(refusal)

    def _m_approveChatJoinRequest(self, call: Call) -> Any:
        chat, uid = self._join_request_of(call)
        request = self.join_requests.pop((chat["id"], uid))
        # The new member arrives as a chat_member update (where the bot is an admin that asked for them).
        self.chat_member(chat["id"], uid, "left", "member", request.get("invite_link"), from_user_id=self.bot_id)
        return True

    def _m_declineChatJoinRequest(self, call: Call) -> Any:
        chat, uid = self._join_request_of(call)
        self.join_requests.pop((chat["id"], uid))
        return True

    def _join_request_of(self, call: Call) -> tuple[dict[str, Any], int]:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        self._group_only(chat)
        self._bot_needs(chat, "can_invite_users", "not enough rights to manage join requests")
        uid = int(p.get("user_id") or 0)
        if self._member(chat["id"], uid)["status"] in ("member", "administrator", "creator", "restricted"):
            if (chat["id"], uid) not in self.join_requests:
                raise _bad("USER_ALREADY_PARTICIPANT")
        if (chat["id"], uid) not in self.join_requests:
            raise _bad("HIDE_REQUESTER_MISSING")
        return chat, uid

    def _m_restrictChatMember(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        self._group_only(chat)
        uid = int(p.get("user_id") or 0)
        if uid == self.bot_id:
            raise _bad("can't restrict self")
        me = self.members.get((chat["id"], self.bot_id), {})
        if me.get("status") != "creator" and not (me.get("status") == "administrator"
                                                  and me.get("can_restrict_members")):
            raise _bad("not enough rights to restrict/unrestrict chat member")
        self._not_admin_target(chat, uid)
        perms = p.get("permissions")
        if not isinstance(perms, dict):
            raise _bad("can't parse permissions JSON object")
        values = {k: bool(perms.get(k, False)) for k in _PERMISSIONS}
        if not p.get("use_independent_chat_permissions"):
            if values["can_send_messages"] is False:
                for k in _MEDIA_PERMS:
                    values[k] = False
        user = self._user(uid)
        if all(values.values()):
            self.members[(chat["id"], uid)] = self._member_obj("member", user)
        else:
            was = self._member(chat["id"], uid)["status"]
            self.members[(chat["id"], uid)] = self._member_obj(
                "restricted", user, is_member=was not in ("left", "kicked"),
                until_date=int(p.get("until_date") or 0), **values)
        return True

    def _m_promoteChatMember(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        self._group_only(chat, "supergroups and channels")
        uid = int(p.get("user_id") or 0)
        if self._member(chat["id"], uid)["status"] == "creator":
            raise _bad("can't promote self" if uid == self.bot_id else "not enough rights")
        rights = {r: bool(p.get(r, False)) for r in _ADMIN_RIGHTS}
        rights.update({k: bool(p[k]) for k in ("can_post_messages", "can_edit_messages",
                                                 "can_manage_direct_messages", "can_manage_tags") if k in p})
        user = self._user(uid)
        if any(rights.values()) or p.get("is_anonymous"):
            prev = self.members.get((chat["id"], uid), {})
            m = {"status": "administrator", "user": user, "can_be_edited": True,
                 "is_anonymous": bool(p.get("is_anonymous", False)), **rights}
            if prev.get("custom_title"):
                m["custom_title"] = prev["custom_title"]
            self.members[(chat["id"], uid)] = m
        else:
            self.members[(chat["id"], uid)] = self._member_obj("member", user)
        return True

    def _m_setChatAdministratorCustomTitle(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        self._group_only(chat)
        uid = int(p.get("user_id") or 0)
        m = self.members.get((chat["id"], uid))
        title = str(p.get("custom_title") or "")
        if len(title) > 16:
            raise _bad("ADMIN_RANK_INVALID")
        if m is None or m["status"] != "administrator":
            raise _bad("user is not an administrator")
        if not m.get("can_be_edited"):
            raise _bad("not enough rights to change custom title of the user")
        if title:
            m["custom_title"] = title
        else:
            m.pop("custom_title", None)
        return True

    def _m_setChatMemberTag(self, call: Call) -> Any:
        """Tags are for regular members; the bot must be the creator or an admin with can_manage_tags."""
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        self._group_only(chat)
        me = self.members.get((chat["id"], self.bot_id), {})
        if me.get("status") != "creator" and not (me.get("status") == "administrator" and me.get("can_manage_tags")):
            raise _bad("not enough rights to manage member tags")
        uid = int(p.get("user_id") or 0)
        m = self._member(chat["id"], uid)
        if m["status"] in ("left", "kicked"):
            raise _bad("user not found")
        if m["status"] in ("creator", "administrator"):
            raise _bad("user is an administrator of the chat")
        self.members[(chat["id"], uid)] = m
        tag = str(p.get("tag") or "")
        if len(tag) > 16 or any(ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) < 0x2800 for ch in tag):
            raise _bad("TAG_INVALID")
        if tag:
            m["tag"] = tag
        else:
            m.pop("tag", None)
        return True

    def _m_getFile(self, call: Call) -> Any:
        fid = str(call.params.get("file_id") or "")
        entry = self.files.get(fid)
        if entry is None:
            raise _bad("invalid file_id")
        if len(entry["data"]) > 20 * 1024 * 1024:
            raise _bad("file is too big")
        return {"file_id": fid, "file_unique_id": entry["file_unique_id"],
                "file_size": len(entry["data"]), "file_path": entry["file_path"]}

    def _m_sendChatAction(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        if not p.get("action"):
            raise _bad("action is empty")
        self._check_can_send(chat)
        return True

    def _m_banChatMember(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        if chat["type"] == "private":
            raise _bad("chat member status can't be changed in private chats")
        uid = int(p.get("user_id") or 0)
        if uid == self.bot_id:
            raise _bad("can't remove self")
        self._bot_needs(chat, "can_restrict_members", "not enough rights to restrict/unrestrict chat member")
        self._not_admin_target(chat, uid)
        self.members[(chat["id"], uid)] = self._member_obj(
            "kicked", self._user(uid), until_date=int(p.get("until_date") or 0))
        return True

    def _m_unbanChatMember(self, call: Call) -> Any:
        p = call.params
        chat = self._resolve_chat(p.get("chat_id"))
        if chat["type"] == "private":
            raise _bad("chat member status can't be changed in private chats")
        uid = int(p.get("user_id") or 0)
        if uid == self.bot_id:
            raise _bad("can't remove self")
        status = self._member(chat["id"], uid)["status"]
        if p.get("only_if_banned") and status != "kicked":
            return True
        if status in ("creator", "administrator"):
            raise _bad("user is an administrator of the chat")
        # NB: like Telegram, unbanning a current member without only_if_banned removes them.
        self.members[(chat["id"], uid)] = self._member_obj("left", self._user(uid))
        return True
