"""Button payloads that fit every platform's callback field and survive restarts.

A payload is `action|json-args|owner`, and `|community` for a button scoped to a community
(pressed in a private chat). Telegram allows 64 bytes of callback data and Discord 100
characters of custom id; a longer payload is stored in the database and the button carries
`~key` instead. A scoped payload is always stored: a client cannot make up its key. So is a
button's form (bot/forms.py), as JSON on a line of its own after the payload.
"""
from __future__ import annotations

import inspect
import json
import typing
import secrets
from dataclasses import dataclass
from typing import Any

from bot import clock
from bot.forms import Form
from bot.messages import Button
from bot.models import ButtonPayload

MAX_INLINE = 64
STORED_MARK = "~"


@dataclass(frozen=True)
class DecodedButton:
    action: str
    args: dict[str, Any]
    only_for: int | None
    community: int | None = None  # only ever from a stored payload
    form: Form | None = None  # likewise


def _serialize(button: Button) -> str:
    args = json.dumps(button.args, separators=(",", ":"), ensure_ascii=False) if button.args else ""
    owner = str(button.only_for) if button.only_for is not None else ""
    scope = f"|{button.community}" if button.community is not None else ""
    return f"{button.action}|{args}|{owner}{scope}"


async def encode(button: Button) -> str:
    payload = _serialize(button)
    inline = button.community is None and button.form is None and len(payload.encode()) <= MAX_INLINE
    if inline and not payload.startswith(STORED_MARK):
        return payload
    if button.form is not None:  # JSON escapes line ends: the first one ends the payload
        payload += "\n" + json.dumps(button.form.to_json(), separators=(",", ":"), ensure_ascii=False)
    key = secrets.token_urlsafe(12)
    await ButtonPayload.create(key=key, data=payload, created_at=clock.now())
    return STORED_MARK + key


async def decode(payload: str) -> DecodedButton | None:
    stored = payload.startswith(STORED_MARK)
    form_text = ""
    if stored:
        row = await ButtonPayload.get_or_none(key=payload[1:])
        if row is None:
            return None
        payload, _, form_text = row.data.partition("\n")
    action, sep1, rest = payload.partition("|")
    args_text, sep2, owner = rest.partition("|")
    if not sep1 or not sep2:
        return None
    owner, _, scope = owner.partition("|")
    community = int(scope) if stored and scope.isdigit() else None
    try:
        args = json.loads(args_text) if args_text else {}
    except json.JSONDecodeError:
        return None
    if not isinstance(args, dict) or (owner and not owner.isdigit()):
        return None  # not something we made: a forged or garbled payload
    try:
        form = Form.from_json(json.loads(form_text)) if form_text else None
    except (ValueError, TypeError, KeyError):
        return None
    return DecodedButton(action, args, int(owner) if owner else None, community, form)


def fits(handler: Any, args: dict[str, Any]) -> bool:
    """Whether `handler(ctx, **args)` can take these args, each of its annotated simple type."""
    try:
        inspect.signature(handler).bind(None, **args)
        hints = typing.get_type_hints(handler)
    except (TypeError, NameError):
        return False
    return all(type(value) is hints[name] for name, value in args.items()
               if hints.get(name) in (int, str, bool, float))
