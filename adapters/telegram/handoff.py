"""Sends a bus worker does not wait for.

A chat that is being paced (a flooder's private chat answers one message a second) must
not hold bus workers: when a chat's queue is busy, `send` hands the message to a
background task and returns at once with a placeholder. An edit or a delete of a
placeholder waits for the real message first, so callers never see the difference.
Messages to one chat keep their order: a direct send happens only when the chat's queue
is idle, and handed-off sends queue up in order behind each other.

An answer the durable intake holds (bot/intake.py) gets a placeholder at once (`promise`)
and is sent once the update's handled mark is stored (`fulfil`).
"""
from __future__ import annotations

import asyncio
import itertools
import logging
from collections import OrderedDict
from collections.abc import Awaitable

from bot.messages import SentMessage

log = logging.getLogger(__name__)

PENDING_MARK = "pending:"
_REMEMBERED = 4096  # finished placeholders kept for a late edit


class Handoff:
    def __init__(self, platform: str) -> None:
        self.platform = platform
        self._ids = itertools.count(1)
        self._running: dict[str, asyncio.Future[SentMessage]] = {}  # placeholders not yet resolved
        self._tasks: set[asyncio.Task[SentMessage]] = set()  # sends under way
        self._done: OrderedDict[str, SentMessage] = OrderedDict()

    def start(self, chat_id: str, sending: Awaitable[SentMessage]) -> SentMessage:
        placeholder = self.promise(chat_id)
        self.fulfil(placeholder.message_id, sending)
        return placeholder

    def promise(self, chat_id: str) -> SentMessage:
        """A placeholder for a message that will be sent later (`fulfil`)."""
        key = f"{PENDING_MARK}{next(self._ids)}"
        promised = asyncio.get_running_loop().create_future()
        promised.add_done_callback(lambda finished: self._finish(key, finished))
        self._running[key] = promised
        return SentMessage(self.platform, chat_id, key)

    def fulfil(self, key: str, sending: Awaitable[SentMessage]) -> asyncio.Task[SentMessage]:
        """Send the message behind placeholder `key` now; its edits and deletes follow it."""
        task = asyncio.ensure_future(sending)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(lambda finished: self._settle(key, finished))
        return task

    def _settle(self, key: str, task: asyncio.Task[SentMessage]) -> None:
        promised = self._running.get(key)
        if promised is None or promised.done():
            return
        if task.cancelled():
            promised.cancel()
        elif task.exception() is not None:
            promised.set_exception(task.exception())
        else:
            promised.set_result(task.result())

    def _finish(self, key: str, promised: asyncio.Future[SentMessage]) -> None:
        self._running.pop(key, None)
        if promised.cancelled() or promised.exception() is not None:
            return  # the outbox has logged the failure with its chat
        self._done[key] = promised.result()
        while len(self._done) > _REMEMBERED:
            self._done.popitem(last=False)

    async def resolve(self, sent: SentMessage) -> SentMessage:
        """The real message behind a placeholder (waiting for it to be sent); others as they are."""
        if not sent.message_id.startswith(PENDING_MARK):
            return sent
        if (task := self._running.get(sent.message_id)) is not None:
            return await asyncio.shield(task)
        if (done := self._done.get(sent.message_id)) is not None:
            return done
        raise LookupError(f"message {sent.message_id} in chat {sent.chat_id} was never sent")

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def finish(self, timeout: float) -> bool:
        """Wait for the handed-off sends (up to `timeout`); False if some were still pending."""
        if not self._tasks:
            return True
        _, waiting = await asyncio.wait(list(self._tasks), timeout=timeout)
        return not waiting
