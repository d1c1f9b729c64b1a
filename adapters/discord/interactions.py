"""Answering an interaction within Discord's three seconds, whatever the handler does.

A slash command or button press becomes an event whose `reply_handle` is an
`InteractionReply`. The first answer the handler gives goes out as the interaction's
response, with the right visibility (`Message.private` -> ephemeral). If the handler is
slower than `defer_after` seconds, the interaction is deferred first ("thinking…" for a
command, a silent acknowledgement for a button) and the answer follows up:

* a public answer replaces the "thinking…" message;
* a private answer cannot (Discord keeps the deferred message's visibility), so the
  "thinking…" message becomes a short note and the answer follows as an ephemeral message.

When the handler is done without answering, a pending command gets a private "Done",
a "thinking…" message is removed, and a button press is acknowledged.

While the handler's unit of work is open (bot/unit_of_work.py) its answers are held, in order,
and go out once its writes commit; a failed handler's are dropped. A held answer is named by a
placeholder id until it is sent ("held-<interaction>-<n>"): an edit or a delete of it waits
with it, and later ones find the real message through the placeholder.
"""
from __future__ import annotations

import asyncio
import logging
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

import discord

from bot.messages import Message, SentMessage

from adapters.discord.render import PLATFORM, escape, render

log = logging.getLogger(__name__)

REMEMBERED_INTERACTION_MESSAGES = 500


class State(Enum):
    PENDING = "pending"  # nothing sent to Discord yet
    DEFERRED = "deferred"  # a command's public "thinking…" message is showing
    ACKNOWLEDGED = "acknowledged"  # a button press was acknowledged silently
    ANSWERED = "answered"  # a response exists; everything else is a followup
    FAILED = "failed"  # Discord refused the response (too late, or already answered)


def edit_arguments(part: dict[str, Any]) -> dict[str, Any]:
    """Turn send arguments into edit arguments (files become attachments)."""
    out: dict[str, Any] = {"content": part.get("content"), "allowed_mentions": part["allowed_mentions"],
                           "embeds": [part["embed"]] if "embed" in part else [], "view": part.get("view")}
    if part.get("files"):
        out["attachments"] = part["files"]
    return out


class Interactions:
    """The interactions being answered, and the messages sent through them (edited and deleted
    through the interaction's webhook, not the channel)."""

    def __init__(self, *, defer_after: float, max_upload_bytes: int,
                 text: Callable[[str | None, str], str]) -> None:
        self.defer_after = defer_after
        self.max_upload_bytes = max_upload_bytes
        self.text = text  # (locale, message id) -> catalog text
        self.open: weakref.WeakSet[InteractionReply] = weakref.WeakSet()
        self._messages: OrderedDict[int, discord.Interaction] = OrderedDict()
        self._placeholders: OrderedDict[str, InteractionReply | int] = OrderedDict()  # holding it, or sent as

    def answer(self, interaction: discord.Interaction, *, command: bool, locale: str | None) -> InteractionReply:
        return InteractionReply(self, interaction, command=command, locale=locale)

    def remember(self, message_id: int, interaction: discord.Interaction) -> None:
        self._messages[int(message_id)] = interaction
        while len(self._messages) > REMEMBERED_INTERACTION_MESSAGES:
            self._messages.popitem(last=False)

    def hold(self, placeholder: str, handle: InteractionReply) -> None:
        self._placeholders[placeholder] = handle
        while len(self._placeholders) > REMEMBERED_INTERACTION_MESSAGES:
            self._placeholders.popitem(last=False)

    def holder(self, message_id: str) -> InteractionReply | None:
        """The open unit of work still holding this answer, if it is one."""
        found = self._placeholders.get(message_id)
        return found if isinstance(found, InteractionReply) and found.holding else None

    def real_id(self, message_id: str) -> int:
        """The message's id on Discord (an answer once held is named by its placeholder)."""
        found = self._placeholders.get(message_id)
        return found if isinstance(found, int) else int(message_id)

    def sent_held(self, placeholder: str, message_id: int) -> None:
        self._placeholders[placeholder] = message_id

    def sent_through(self, message_id: int) -> discord.Interaction | None:
        return self._messages.get(int(message_id))

    def forget(self, message_id: int) -> discord.Interaction | None:
        return self._messages.pop(int(message_id), None)

    def cancel_all(self) -> None:
        for handle in list(self.open):
            handle.cancel()

    async def close_when_handled(self, ctx: Any, call_next: Any) -> None:
        """Bus middleware: once an interaction's handlers are done, leave Discord waiting for nothing."""
        try:
            await call_next(ctx)
        finally:
            handle = getattr(ctx.event, "reply_handle", None)
            if isinstance(handle, InteractionReply) and handle.owner is self:
                await handle.finish()


class InteractionReply:
    def __init__(self, owner: Interactions, interaction: discord.Interaction, *, command: bool,
                 locale: str | None) -> None:
        self.owner = owner
        self.interaction = interaction
        self.command = command
        self.locale = locale
        self.state = State.PENDING
        self._held: list[Callable[[], Awaitable[Any]]] | None = None  # answers waiting for a commit
        self._releasing: list[Callable[[], Awaitable[Any]]] | None = None  # held answers going out
        self._placeholders_made = 0
        self._lock = asyncio.Lock()
        self._timer = asyncio.create_task(self._defer_later(owner.defer_after),
                                          name=f"discord-defer-{interaction.id}")
        owner.open.add(self)

    def _text(self, message_id: str) -> str:
        return escape(self.owner.text(self.locale, message_id))

    async def _defer_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        async with self._lock:
            if self.state is State.PENDING:
                await self._defer()

    async def _defer(self) -> None:
        try:
            if self.command:
                await self.interaction.response.defer(thinking=True)
                self.state = State.DEFERRED
            else:
                await self.interaction.response.defer()
                self.state = State.ACKNOWLEDGED
        except discord.HTTPException as exc:
            log.warning("could not acknowledge interaction %s: %s", self.interaction.id, exc)
            self.state = State.FAILED

    def cancel(self) -> None:
        self._timer.cancel()

    # --- holding answers until the handler's writes commit (bot.unit_of_work.HeldAnswers) ---

    @property
    def holding(self) -> bool:
        """Answers are held (the handler runs) or still going out after its commit."""
        return self._held is not None or self._releasing is not None

    def hold(self) -> InteractionReply:
        self._held = []
        return self

    def later(self, action: Callable[[], Awaitable[Any]]) -> None:
        queue = self._held if self._held is not None else self._releasing
        assert queue is not None
        queue.append(action)

    async def release(self) -> None:
        # An edit or delete of a held answer that comes (from another task) while the answers go
        # out queues behind its send: its placeholder has no real id yet.
        self._releasing, self._held = self._held or [], None
        try:
            while self._releasing:
                await self._releasing.pop(0)()
        finally:
            self._releasing = None

    def drop(self) -> None:
        self._held = None

    def _placeholder(self) -> str:
        self._placeholders_made += 1
        return f"held-{self.interaction.id}-{self._placeholders_made}"

    async def reply(self, message: Message,
                    in_channel: Callable[[], Awaitable[SentMessage]]) -> SentMessage | None:
        """Answer through the interaction; None means "post it in the channel instead" (which
        `in_channel` does for an answer that was held)."""
        if not self.command and not message.private:
            return None  # a public answer to a button press is an ordinary channel message
        if self._held is not None:
            placeholder = self._placeholder()
            self.owner.hold(placeholder, self)
            self.later(lambda: self._send_held(placeholder, message, in_channel))
            return SentMessage(PLATFORM, str(self.interaction.channel_id), placeholder)
        return await self._send(message)

    async def _send_held(self, placeholder: str, message: Message,
                         in_channel: Callable[[], Awaitable[SentMessage]]) -> None:
        sent = await self._send(message) or await in_channel()
        self.owner.sent_held(placeholder, int(sent.message_id))

    async def _send(self, message: Message) -> SentMessage | None:
        rendered = await render(message, max_upload_bytes=self.owner.max_upload_bytes)
        private = message.private
        first, rest = rendered.parts[0], rendered.parts[1:]
        async with self._lock:
            if self.state is State.FAILED and not private:
                return None
            response = self.interaction.response
            followup = self.interaction.followup
            if self.state is State.PENDING:
                self._timer.cancel()
                result = await response.send_message(**first, ephemeral=private)
                self.state = State.ANSWERED
                message_id = result.message_id or (await self.interaction.original_response()).id
            elif self.state is State.DEFERRED and not private:
                sent = await self.interaction.edit_original_response(**edit_arguments(first))
                self.state = State.ANSWERED
                message_id = sent.id
            else:
                if self.state is State.DEFERRED:  # resolve the public "thinking…" first
                    await self.interaction.edit_original_response(
                        content=self._text("discord-answered-privately"), allowed_mentions=discord.AllowedMentions.none())
                    self.state = State.ANSWERED
                sent = await followup.send(**first, ephemeral=private, wait=True)
                message_id = sent.id
            last_id = message_id
            for part in rest:
                last_id = (await followup.send(**part, ephemeral=private, wait=True)).id
        self.owner.remember(last_id, self.interaction)
        return SentMessage(PLATFORM, str(self.interaction.channel_id), str(last_id))

    async def toast(self, text: str | None, alert: bool = False) -> None:
        """Acknowledge a button press, with a short private note if there is text."""
        if self._held is not None:
            self.later(lambda: self.toast(text, alert))
            return
        async with self._lock:
            if self.state is State.PENDING:
                self._timer.cancel()
                try:
                    if text:
                        await self.interaction.response.send_message(escape(text), ephemeral=True)
                        self.state = State.ANSWERED
                    else:
                        await self._defer()
                except discord.HTTPException as exc:
                    log.warning("could not answer interaction %s: %s", self.interaction.id, exc)
                    self.state = State.FAILED
            elif text and self.state is not State.FAILED:
                await self.interaction.followup.send(escape(text), ephemeral=True)

    async def open_form(self, modal: discord.ui.Modal) -> None:
        """Answer a press with a modal: it must be the interaction's first answer (type 9)."""
        async with self._lock:
            if self.state is not State.PENDING:
                log.warning("interaction %s was answered before its form could open", self.interaction.id)
                return
            self._timer.cancel()
            try:
                await self.interaction.response.send_modal(modal)
                self.state = State.ANSWERED
            except discord.HTTPException as exc:
                log.warning("could not open a form on interaction %s: %s", self.interaction.id, exc)
                self.state = State.FAILED

    async def finish(self) -> None:
        """The handler is done: make sure Discord is not left waiting."""
        self._timer.cancel()
        self.owner.open.discard(self)
        async with self._lock:
            try:
                if self.state is State.PENDING:
                    if self.command:
                        await self.interaction.response.send_message(self._text("discord-done"), ephemeral=True)
                        self.state = State.ANSWERED
                    else:
                        await self._defer()
                elif self.state is State.DEFERRED:
                    await self.interaction.delete_original_response()
                    self.state = State.ANSWERED
            except discord.HTTPException as exc:
                log.warning("could not close interaction %s: %s", self.interaction.id, exc)
