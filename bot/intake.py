"""Durable intake: an update a platform hands over is stored before the platform is told.

Polling confirms its offset, and a webhook answers 200, only once the updates are stored
(one write for a whole batch): in the `core_intake` table on one instance, in a Redis Stream
shared by several (bot/intake_journals.py). Workers handle the entries from there. While an
entry is handled, the messages its handlers send are held (`held_answers`): they leave only
once the entry's handled mark, with the answers themselves, is stored (a group commit: one
transaction for the entries finishing together). Each answer is marked as leaving right
before its request goes out.

After a `kill -9` at any moment:

* an entry not marked handled is handled again (at the next start, or by another instance
  once the dead one's entries are taken over). Its effects may be in the database already
  (a check-in committed just before the kill): handlers find them and say so, and nothing
  they said the first time ever left;
* an entry marked handled gets the answers not yet marked leaving sent;
* what remains: an answer marked leaving whose request the kill cut off before it left is
  lost. The platform has no idempotency key, so one side of that window had to be chosen,
  and lost beats twice. The window runs from the mark to the request's first bytes: well
  under a millisecond on an idle instance, a few milliseconds on a busy one, so a kill
  loses at most one answer per send in flight (a handful), and their updates stay handled.

A redelivered update (its offset not yet confirmed at the kill, or posted to two webhook
instances) meets its stored copy and is dropped, so the intake is the dedup of updates.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from bot.fair_queue import FairQueue
from bot.identity import ChatRef
from bot.intake_journals import Stored, StreamJournal, TableJournal, encode_answers
from bot.messages import Message

log = logging.getLogger(__name__)


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


REQUEST_SECONDS = 10.0  # how long a stop waits for requests already on their way

Handle = Callable[[dict], Awaitable[None]]
Deliver = Callable[[Answer, Callable[[], Awaitable[None]]], Awaitable[None]]
Journal = TableJournal | StreamJournal
LaneOf = Callable[[dict], Any]  # the chat an update belongs to: chats are served fairly


class Intake:
    """One platform's stored updates: `put` stores, workers `handle`, answers are `deliver`ed.

    `deliver(answer, leaving)` sends one answer and awaits `leaving()` right before its
    first request goes out. `lane_of(update)` names the chat an update comes from: the first
    update of a chat is handled ahead of another chat's backlog, and a chat's updates take at
    most a quarter of the workers at once (bot/fair_queue.py).
    """

    def __init__(self, platform: str, handle: Handle, deliver: Deliver, *, workers: int = 32,
                 capacity: int = 1000, journal: Journal | None = None, beat_seconds: float = 5.0,
                 lane_of: LaneOf | None = None) -> None:
        self.platform = platform
        self._handle, self._deliver = handle, deliver
        self.journal = journal or TableJournal(platform)
        self._workers_count, self._capacity = workers, capacity
        self._beat_seconds = beat_seconds
        lane = lane_of or (lambda payload: None)
        self._queue = FairQueue(lambda entry: lane(entry.payload), maxsize=capacity, per_lane=max(1, workers // 4))
        self._tasks: list[asyncio.Task] = []
        self._handling = 0
        self._handled_marks = GroupCommit(self._write_handled)  # (entry, answers): one transaction for many
        self._sending: set[asyncio.Task] = set()
        self._leaving: set[asyncio.Task] = set()  # between an answer's leaving mark and its request's end
        self._mine: set[Any] = set()  # entries taken here and not finished: kept fresh (StreamJournal)
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = False

    # --- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Pick up what the last run left (answers to send, entries to handle), then serve."""
        self._stopping = False
        left = await self.journal.open()
        self._tasks = [asyncio.create_task(self._work(), name=f"intake-{self.platform}-{i}")
                       for i in range(self._workers_count)]
        if self.journal.shared:
            self._tasks += [asyncio.create_task(self._read(), name=f"intake-{self.platform}-read"),
                            asyncio.create_task(self._keep_fresh(), name=f"intake-{self.platform}-beat")]
        if left:
            log.info("%s: %d updates from the last run to handle, %d to answer", self.platform,
                     sum(1 for e in left if e.answers is None), sum(1 for e in left if e.answers is not None))
        await self._resume(left)

    async def stop(self, timeout: float) -> bool:
        """Take nothing new; finish what is being handled and send its answers, within `timeout`.

        Whatever is left stays stored and comes back (at the next start, or to another
        instance). False if some did.
        """
        self._stopping = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (self._handling or self._handled_marks.busy or self._sending) and loop.time() < deadline:
            await asyncio.sleep(0.02)
        finished = not (self._handling or self._handled_marks.busy or self._sending)
        left = self._queue.qsize() + self._handling + len(self._sending)
        writers = self._handled_marks.writers()
        for task in [*self._tasks, *writers]:
            task.cancel()
        await self._cut_sending()
        await asyncio.gather(*self._tasks, *writers, return_exceptions=True)
        self._tasks = []
        if left:
            log.warning("%s: stopping with %d updates handed back", self.platform, left)
        with contextlib.suppress(Exception):
            await self.journal.hand_back(list(self._mine))
            await self.journal.close()
        return finished and not left

    async def _cut_sending(self) -> None:
        """Stop the sends that wait for their pace; an answer already marked as leaving is
        never cut off before its request is done (it would be lost)."""
        loop = asyncio.get_running_loop()
        patience = loop.time() + REQUEST_SECONDS
        while self._sending:
            for task in self._sending if loop.time() > patience else self._sending - self._leaving:
                task.cancel()
            await asyncio.wait(self._sending, timeout=0.05)

    async def idle(self, timeout: float) -> bool:
        """Wait until every update taken in is handled and answered (tests)."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def handled(self, timeout: float) -> bool:
        """Wait until every update taken in is handled and marked (answers may still be on their way)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._queue.qsize() or self._handling or self._handled_marks.busy:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.005)
        return True

    @property
    def pending(self) -> int:
        return len(self._mine)

    # --- in ---------------------------------------------------------------------------------

    async def put(self, updates: list[tuple[str, dict]]) -> None:
        """Store `(key, update)` pairs; returns once they are stored (and, handled here, queued).

        Waits while the queue is full, so a burst in flight stays bounded.
        """
        if updates:
            for entry in await self.journal.store(updates):
                await self._enqueue(entry)

    async def _read(self) -> None:
        """Shared journal: take entries whenever there is room (any instance may have stored them)."""
        while not self._stopping:
            room = self._capacity - self._queue.qsize()
            if room <= 0:
                await asyncio.sleep(0.05)
                continue
            try:
                entries = await self.journal.take(min(room, 100), block_ms=1000)
            except Exception as exc:
                log.warning("%s: reading the shared intake failed (%s); retrying", self.platform, type(exc).__name__)
                await asyncio.sleep(1)
                continue
            for entry in entries:
                await self._enqueue(entry)

    async def _keep_fresh(self) -> None:
        """Shared journal: beat for this instance's entries, and take over those of dead ones."""
        while not self._stopping:
            try:
                await self.journal.beat(list(self._mine))
                await self._resume(await self.journal.claim())
            except Exception as exc:
                log.warning("%s: the intake heartbeat failed (%s)", self.platform, type(exc).__name__)
            await asyncio.sleep(self._beat_seconds)

    async def _resume(self, entries: list[Stored]) -> None:
        if entries and self.journal.shared:
            log.info("%s: took over %d updates of a stopped instance", self.platform, len(entries))
        for entry in entries:
            if entry.answers is None:
                await self._enqueue(entry)
            else:
                self._begin(entry)
                answers = [Answer(chat, message) for chat, message in entry.answers][entry.sent:]
                self._send_later(entry, answers, first=entry.sent)

    async def _enqueue(self, entry: Stored) -> None:
        self._begin(entry)
        await self._queue.put(entry)

    def _begin(self, entry: Stored) -> None:
        self._mine.add(entry.id)
        self._idle.clear()

    def _end(self, entry: Stored) -> None:
        self._mine.discard(entry.id)
        if not self._mine:
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
                except Exception:  # the journal is failing: answer anyway, it may be handled again later
                    log.exception("%s update %s: its handled mark could not be stored", self.platform, entry.id)
            finally:
                self._handling -= 1
                self._queue.done(entry)
            self._send_later(entry, answers)

    async def _handle_holding(self, entry: Stored) -> list[Answer]:
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

    async def _finish(self, entry: Stored, answers: list[Answer]) -> None:
        """Wait until the entry's handled mark (with its answers) is stored."""
        await self._handled_marks.add((entry, answers))

    async def _write_handled(self, batch: list[tuple[Stored, list[Answer]]]) -> None:
        await self.journal.handled([(entry.id, encode_answers([(a.chat, a.message) for a in answers]) if answers else None)
                                    for entry, answers in batch])

    # --- out ---------------------------------------------------------------------------------

    def _send_later(self, entry: Stored, answers: list[Answer], first: int = 0) -> None:
        if not answers:
            self._end(entry)
            return
        task = asyncio.create_task(self._send(entry, answers, first))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, entry: Stored, answers: list[Answer], first: int) -> None:
        me = asyncio.current_task()
        try:
            for offset, answer in enumerate(answers):
                number, last = first + offset + 1, offset == len(answers) - 1
                marked = False

                async def leaving() -> None:
                    nonlocal marked
                    if not marked:
                        marked = True
                        self._leaving.add(me)
                        await self.mark_leaving(entry.id, number, last)

                try:
                    await self._deliver(answer, leaving)
                except Exception as exc:  # the outbox logged it with the chat
                    log.warning("%s: an answer to update %s was not sent (%s)", self.platform, entry.id,
                                type(exc).__name__)
                finally:
                    self._leaving.discard(me)
                await leaving()  # a failed answer is not tried again
                self._leaving.discard(me)
        finally:
            self._end(entry)

    async def mark_leaving(self, entry_id: Any, number: int, last: bool) -> None:
        """Answer `number` (counting from 1) of an entry is about to leave: never send it again."""
        # Written alone, right before its request: a group commit here would let a kill cut off
        # every answer of the batch between its mark and its request (lost, never sent), where
        # one at a time loses at most the sends in flight.
        await self.journal.leaving([(entry_id, number, last)])


class GroupCommit:
    """Marks that come while one write is on its way are written together in the next one:
    under load, one transaction (one fsync) for many, and each `add` returns once its mark is stored."""

    def __init__(self, write: Callable[[list], Awaitable[None]]) -> None:
        self._write = write
        self._pending: list[tuple[Any, asyncio.Future]] = []
        self._writer: asyncio.Task | None = None

    @property
    def busy(self) -> bool:
        return bool(self._pending) or self._writer is not None

    def writers(self) -> list[asyncio.Task]:
        return [self._writer] if self._writer is not None else []

    async def add(self, mark: Any) -> None:
        done = asyncio.get_running_loop().create_future()
        self._pending.append((mark, done))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_all())
        await done

    async def _write_all(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                try:
                    await self._write([mark for mark, _ in batch])
                except Exception as exc:
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                else:
                    for _, done in batch:
                        if not done.done():
                            done.set_result(None)
        finally:
            self._writer = None


def open_intake(runtime: Any, platform: str, handle: Handle, deliver: Deliver, lane_of: LaneOf | None = None) -> Intake:
    """The runtime's intake for a platform: shared through Redis when there is Redis, else a table."""
    from bot.stores import RedisStore

    takeover = runtime.config.redis.takeover_seconds
    journal: Journal = TableJournal(platform)
    if isinstance(runtime.store, RedisStore):
        journal = StreamJournal(runtime.store.client, runtime.store.prefix, platform, runtime.instance_id, takeover)
    return Intake(platform, handle, deliver, workers=runtime.config.bot.workers, capacity=runtime.config.bot.queue_size,
                  journal=journal, beat_seconds=takeover / 3, lane_of=lane_of)


__all__ = ["open_intake", "Answer", "HeldAnswers", "Intake", "held_answers", "handling_an_entry"]
