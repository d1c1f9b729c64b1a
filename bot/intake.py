"""Durable intake: an update a platform hands over is stored before the platform is told.

Polling confirms its offset, and a webhook answers 200, only once the updates are in the
intake table (one INSERT for a whole batch). Workers handle the entries from there. While an
entry is handled, the messages its handlers send are held (`held_answers`): they leave only
once the entry's handled mark, with the answers themselves, is committed (a group commit:
one transaction for the entries finishing together). Each answer is marked as leaving right
before its request goes out.

After a `kill -9` at any moment:

* an entry not marked handled is handled again at the next start. Its effects may be in the
  database already (a check-in committed just before the kill): handlers find them and say
  so, and nothing they said the first time ever left;
* an entry marked handled gets the answers not yet marked leaving sent at the next start;
* what remains: an answer marked leaving whose request the kill cut off before it left is
  lost. The platform has no idempotency key, so one side of that window (a fraction of a
  millisecond per message) had to be chosen, and lost beats twice.

A redelivered update (its offset not yet confirmed at the kill) meets its stored copy (the
(platform, key) constraint) and is dropped, so the intake is the dedup of updates.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import pickle
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from tortoise.transactions import in_transaction

from bot.bulk_insert import insert_many
from bot.identity import ChatRef
from bot.messages import Message
from bot.models import IntakeEntry

log = logging.getLogger(__name__)

STORED, HANDLED, ANSWERED = 0, 1, 2
KEEP_ANSWERED = timedelta(days=1)  # longer than a platform redelivers (Telegram keeps updates 24 h)


@dataclass
class Answer:
    chat: ChatRef
    message: Message
    placeholder: str | None = None  # what the handler was given in place of the sent message


@dataclass
class HeldAnswers:
    """The messages one entry's handling sends, kept until its handled mark is stored."""

    answers: list[Answer] = field(default_factory=list)
    closed: bool = False  # the entry is finished: a late sender (a task it left behind) sends at once

    def hold(self, answer: Answer) -> bool:
        if self.closed:
            return False
        self.answers.append(answer)
        return True

    def owns(self, placeholder: str) -> bool:
        return any(a.placeholder == placeholder for a in self.answers)

    def take_all(self) -> list[Answer]:
        taken, self.answers = self.answers, []
        return taken


_held: ContextVar[HeldAnswers | None] = ContextVar("held_answers", default=None)


def held_answers() -> HeldAnswers | None:
    """The answers being held for the entry this code handles, if it handles one."""
    return _held.get()


def handling_an_entry() -> bool:
    """True while an intake entry is handled: the intake already made it unique."""
    return _held.get() is not None


Handle = Callable[[dict], Awaitable[None]]
Deliver = Callable[[Answer, Callable[[], Awaitable[None]]], Awaitable[None]]


@dataclass
class _Entry:
    id: int
    payload: dict


class Intake:
    """One platform's stored updates: `put` stores, workers `handle`, answers are `deliver`ed.

    `deliver(answer, leaving)` sends one answer and awaits `leaving()` right before its
    first request goes out.
    """

    def __init__(self, platform: str, handle: Handle, deliver: Deliver, *, workers: int = 32,
                 capacity: int = 1000) -> None:
        self.platform = platform
        self._handle, self._deliver = handle, deliver
        self._workers_count = workers
        self._queue: asyncio.Queue[_Entry] = asyncio.Queue(maxsize=capacity)
        self._workers: list[asyncio.Task] = []
        self._handling = 0
        self._finishing: list[tuple[_Entry, list[Answer], asyncio.Future]] = []
        self._finisher: asyncio.Task | None = None
        self._sending: set[asyncio.Task] = set()
        self._unfinished = 0  # entries queued whose answers are not all sent
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = False

    # --- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Pick up what the last run left: answers to send, then entries to handle."""
        self._stopping = False
        await IntakeEntry.filter(platform=self.platform, state=ANSWERED,
                                 received_at__lt=datetime.now(UTC) - KEEP_ANSWERED).delete()
        left = await IntakeEntry.filter(platform=self.platform, state__lt=ANSWERED).order_by("id")
        self._workers = [asyncio.create_task(self._work(), name=f"intake-{self.platform}-{i}")
                         for i in range(self._workers_count)]
        unsent = [row for row in left if row.state == HANDLED]
        for row in unsent:
            self._begin()
            self._send_later(row.id, _decode(row.answers)[row.sent:], first=row.sent)
        unhandled = [row for row in left if row.state == STORED]
        if unsent or unhandled:
            log.info("%s: %d updates from the last run to handle, %d to answer", self.platform,
                     len(unhandled), len(unsent))
        for row in unhandled:
            await self._enqueue(_Entry(row.id, json.loads(row.payload)))

    async def stop(self, timeout: float) -> bool:
        """Take nothing new; finish what is being handled and send its answers, within `timeout`.

        Whatever is left stays stored and comes back at the next start. False if some did.
        """
        self._stopping = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (self._handling or self._finishing or self._sending) and loop.time() < deadline:
            await asyncio.sleep(0.02)
        finished = not (self._handling or self._finishing or self._sending)
        for task in [*self._workers, *self._sending, *([self._finisher] if self._finisher else [])]:
            task.cancel()
        await asyncio.gather(*self._workers, *self._sending, return_exceptions=True)
        if self._finisher is not None:
            await asyncio.gather(self._finisher, return_exceptions=True)
        self._workers = []
        left = self._queue.qsize() + self._handling
        if not finished or left:
            log.warning("%s: stopping with %d updates handed back for the next start", self.platform,
                        left + len(self._sending))
        return finished

    async def idle(self, timeout: float) -> bool:
        """Wait until every stored update is handled and answered (tests, stop)."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def handled(self, timeout: float) -> bool:
        """Wait until every update taken in is handled and marked (answers may still be on their way)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._queue.qsize() or self._handling or self._finishing:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.005)
        return True

    @property
    def pending(self) -> int:
        return self._unfinished

    # --- in ---------------------------------------------------------------------------------

    async def put(self, updates: list[tuple[str, dict]]) -> None:
        """Store `(key, update)` pairs (returns once they are committed), then queue the new ones.

        Waits while the queue is full, so a burst in flight stays bounded.
        """
        if not updates:
            return
        now = datetime.now(UTC)
        rows = [{"platform": self.platform, "key": key, "payload": json.dumps(update),  # ASCII: lone surrogates stay escaped
                 "state": STORED, "sent": 0, "received_at": now} for key, update in updates]
        stored = {row["key"]: row["id"] for row in await insert_many(
            IntakeEntry, rows, skip_conflicts_on=("platform", "key"), returning=("id", "key"))}
        for key, update in updates:
            if key in stored:
                await self._enqueue(_Entry(stored[key], update))
            else:
                log.debug("%s update %s delivered again; it is stored already", self.platform, key)

    async def _enqueue(self, entry: _Entry) -> None:
        self._begin()
        await self._queue.put(entry)

    def _begin(self) -> None:
        self._unfinished += 1
        self._idle.clear()

    def _end(self) -> None:
        self._unfinished -= 1
        if not self._unfinished:
            self._idle.set()

    # --- handling ---------------------------------------------------------------------------

    async def _work(self) -> None:
        while not self._stopping:
            entry = await self._queue.get()
            if self._stopping:  # taken as the stop began: it stays stored for the next start
                break
            self._handling += 1
            try:
                answers = await self._handle_holding(entry)
                try:
                    await self._finish(entry, answers)
                except Exception:  # the database is failing: answer anyway, it may be handled again later
                    log.exception("%s update %s: its handled mark could not be stored", self.platform, entry.id)
            finally:
                self._handling -= 1
            self._send_later(entry.id, answers)

    async def _handle_holding(self, entry: _Entry) -> list[Answer]:
        held = HeldAnswers()
        token = _held.set(held)
        try:
            await self._handle(entry.payload)
        except Exception:
            log.exception("%s update %s could not be handled", self.platform, entry.id)
        finally:
            _held.reset(token)
            held.closed = True
        return held.take_all()

    async def _finish(self, entry: _Entry, answers: list[Answer]) -> None:
        """Wait until the entry's handled mark (with its answers) is committed."""
        done = asyncio.get_running_loop().create_future()
        self._finishing.append((entry, answers, done))
        if self._finisher is None:
            self._finisher = asyncio.create_task(self._write_finished())
        await done

    async def _write_finished(self) -> None:
        """Group commit: every entry that finished meanwhile, in one transaction."""
        try:
            while self._finishing:
                batch, self._finishing = self._finishing, []
                try:
                    async with in_transaction():
                        for entry, answers, _ in batch:
                            await IntakeEntry.filter(id=entry.id).update(
                                state=HANDLED if answers else ANSWERED, answers=_encode(answers) if answers else None)
                except Exception as exc:
                    for _, _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                else:
                    for _, _, done in batch:
                        if not done.done():
                            done.set_result(None)
        finally:
            self._finisher = None

    # --- out ---------------------------------------------------------------------------------

    def _send_later(self, entry_id: int, answers: list[Answer], first: int = 0) -> None:
        if not answers:
            self._end()
            return
        task = asyncio.create_task(self._send(entry_id, answers, first))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, entry_id: int, answers: list[Answer], first: int) -> None:
        try:
            for offset, answer in enumerate(answers):
                number, last = first + offset + 1, offset == len(answers) - 1
                marked = False

                async def leaving() -> None:
                    nonlocal marked
                    if not marked:
                        marked = True
                        await self.mark_leaving(entry_id, number, last)

                try:
                    await self._deliver(answer, leaving)
                except Exception as exc:  # the outbox logged it with the chat
                    log.warning("%s: an answer to update %s was not sent (%s)", self.platform, entry_id,
                                type(exc).__name__)
                await leaving()  # a failed answer is not tried again at the next start
        finally:
            self._end()


    async def mark_leaving(self, entry_id: int, number: int, last: bool) -> None:
        """Answer `number` (counting from 1) of an entry is about to leave: never send it again."""
        await IntakeEntry.filter(id=entry_id).update(sent=number, state=ANSWERED if last else HANDLED)


# The answers are our own objects, stored for seconds and read back by the same code: pickle
# keeps every field of a message (rich text, images, buttons) without a format to maintain.
def _encode(answers: list[Answer]) -> bytes:
    return pickle.dumps([(a.chat, a.message) for a in answers], protocol=pickle.HIGHEST_PROTOCOL)


def _decode(blob: bytes | None) -> list[Answer]:
    if not blob:
        return []
    with contextlib.suppress(Exception):
        return [Answer(chat, message) for chat, message in pickle.loads(blob)]
    log.error("answers stored by another version could not be read; they are not sent")
    return []


__all__ = ["Answer", "HeldAnswers", "Intake", "held_answers", "handling_an_entry"]
