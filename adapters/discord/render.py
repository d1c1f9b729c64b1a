"""Rendering `bot.messages.Message` as Discord markdown, files, components and mentions.

Every user-supplied string is escaped (markdown and mentions); formatting comes only
from segment types, and a message pings only the users its `Mention` segments name.
"""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import discord

from bot import buttons as button_payloads
from bot.forms import Form
from bot.messages import Bold, Code, Italic, Link, Mention, Message, RichText, Text

log = logging.getLogger(__name__)

PLATFORM = "discord"
MAX_CONTENT = 2000
MAX_EMBED_DESCRIPTION = 4096
MAX_BUTTON_ROWS = 5
MAX_BUTTONS_PER_ROW = 5
_URL_UNSAFE = re.compile(r"[()<>\s\[\]]")


def escape(text: str) -> str:
    """User text that renders literally: no markdown, no masked links, no pings."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _safe_url(url: str) -> str | None:
    if not re.match(r"^https?://", url, re.IGNORECASE):
        return None
    return _URL_UNSAFE.sub(lambda m: quote(m.group(0)), url)


def render_content(content: RichText) -> tuple[str, list[int]]:
    """Discord markdown for `content`, and the ids of the users it mentions."""
    out: list[str] = []
    users: list[int] = []
    for seg in content:
        if isinstance(seg, Text):
            out.append(escape(seg.value))
        elif isinstance(seg, Bold):
            out.append(f"**{escape(seg.value)}**" if seg.value else "")
        elif isinstance(seg, Italic):
            out.append(f"*{escape(seg.value)}*" if seg.value else "")
        elif isinstance(seg, Code):
            value = seg.value.replace("`", "\u02cb")
            out.append(f"`{value}`" if value else "")
        elif isinstance(seg, Link):
            url = _safe_url(seg.url)
            label = escape(seg.label.replace("[", "\uff3b").replace("]", "\uff3d"))
            out.append(f"[{label}]({url})" if url else f"{label} ({escape(seg.url)})")
        elif isinstance(seg, Mention):
            user_id = seg.id_on(PLATFORM)
            if user_id and user_id.isdigit():
                out.append(f"<@{user_id}>")
                if int(user_id) not in users:
                    users.append(int(user_id))
            else:
                out.append(f"**{escape(seg.name)}**")
    return "".join(out), users


def allowed_mentions(users: list[int]) -> discord.AllowedMentions:
    return discord.AllowedMentions(everyone=False, roles=False, replied_user=False,
                                   users=[discord.Object(u) for u in users])


def split_text(text: str, limit: int = MAX_CONTENT) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            cut = limit
            while cut > 1 and line[cut - 1] == "\\":  # never leave an escape dangling
                cut -= 1
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


@dataclass
class Rendered:
    """One message as Discord send arguments; long text becomes several `parts`."""

    parts: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[int] = field(default_factory=list)

    @property
    def first(self) -> dict[str, Any]:
        return self.parts[0]


async def render(message: Message, *, max_upload_bytes: int) -> Rendered:
    text, users = render_content(message.content)
    mentions = allowed_mentions(users)
    files = files_of(message, max_upload_bytes)
    view = await view_of(message)
    if len(text) <= MAX_CONTENT:
        chunks: list[dict[str, Any]] = [{"content": text or None}]
    elif len(text) <= MAX_EMBED_DESCRIPTION and not users:
        chunks = [{"embed": discord.Embed(description=text)}]  # reads better than three messages
    else:
        chunks = [{"content": piece} for piece in split_text(text)]
    for chunk in chunks:
        chunk["allowed_mentions"] = mentions
    if files:
        chunks[0]["files"] = files
    if view is not None:
        chunks[-1]["view"] = view
    return Rendered(chunks, users)


def files_of(message: Message, max_upload_bytes: int) -> list[discord.File]:
    files = []
    for index, image in enumerate(message.images[:10]):
        if len(image.data) > max_upload_bytes:
            raise ValueError(f"image {image.filename} is larger than Discord's upload limit")
        files.append(discord.File(io.BytesIO(image.data), filename=image.filename or f"image{index}.png"))
    if message.document is not None:
        if len(message.document.data) > max_upload_bytes:
            raise ValueError(f"document {message.document.filename} is larger than Discord's upload limit")
        files.append(discord.File(io.BytesIO(message.document.data), filename=message.document.filename))
    return files[:10]


async def view_of(message: Message) -> discord.ui.View | None:
    """Persistent components: custom ids are `bot.buttons` payloads, decoded after a restart.

    The view is stopped before it is sent so discord.py keeps no per-message state;
    presses arrive as interactions and become `ButtonPressed` events.
    """
    if not message.buttons:
        return None
    view = discord.ui.View(timeout=None)
    seen: set[str] = set()
    for row_index, row in enumerate(message.buttons[:MAX_BUTTON_ROWS]):
        for button in row[:MAX_BUTTONS_PER_ROW]:
            label = (button.label or "·")[:80]
            if button.url:
                item = discord.ui.Button(label=label, url=button.url, row=row_index)
            else:
                custom_id = await button_payloads.encode(button)
                if custom_id in seen:
                    log.warning("dropping a second button with the same action and arguments: %r", button)
                    continue
                seen.add(custom_id)
                item = discord.ui.Button(label=label, custom_id=custom_id, row=row_index,
                                         style=discord.ButtonStyle.primary)
            view.add_item(item)
    view.stop()
    return view


def modal_of(form: Form, custom_id: str) -> discord.ui.Modal:
    """A modal for `form`, each field a label over a text input or a select (component types 18,
    4 and 3). `custom_id` is the button's payload: the submission finds the form by it. Stopped
    like a view, so discord.py keeps nothing; the submission arrives as an interaction."""
    modal = discord.ui.Modal(title=form.title, custom_id=custom_id, timeout=None)
    for field in form.fields:
        if field.choice:
            component: discord.ui.Item = discord.ui.Select(
                custom_id=field.key, placeholder=field.placeholder, required=field.required,
                min_values=1 if field.required else 0, max_values=1,
                options=[discord.SelectOption(label=option, value=str(index)) for index, option in enumerate(field.options)])
        else:
            component = discord.ui.TextInput(
                custom_id=field.key, style=discord.TextStyle.paragraph if field.long else discord.TextStyle.short,
                placeholder=field.placeholder, required=field.required, min_length=field.min_length,
                max_length=field.max_length)
        modal.add_item(discord.ui.Label(text=field.label, description=field.description, component=component))
    modal.stop()
    return modal
