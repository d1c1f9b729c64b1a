"""Where the durable intake keeps its entries: a table on one instance, a Redis Stream for several.

Both keep, per entry, the update as the platform sent it, then its handled mark with the
answers its handling held, then how many of those answers have left.

* `TableJournal` (`core_intake`, SQLite or PostgreSQL): the instance that stores an entry
  handles it; at start it picks up everything the last run left.
* `StreamJournal` (a Redis Stream with a consumer group): any instance stores, every
  instance reads (XREADGROUP), each entry is pending with the instance reading it until its
  answers are all out (XACK). An instance keeps its pending entries fresh (a heartbeat,
  XCLAIM of its own); the entries of an instance that stops beating are claimed by the
  others after `[redis] takeover_seconds` (XAUTOCLAIM).
"""
from __future__ import annotations

import json
import logging
import pickle
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.bulk_insert import insert_many, update_by_id
from bot.models import IntakeEntry

log = logging.getLogger(__name__)

STORED, HANDLED, ANSWERED = 0, 1, 2
KEEP_SECONDS = 24 * 3600  # longer than a platform redelivers (Telegram keeps updates 24 h)


@dataclass
class Stored:
    """An entry as the journal gives it back: to handle (`answers` None) or to answer."""

    id: Any
    payload: dict | None = None
    answers: list | None = None
    sent: int = 0
    extra: dict = field(default_factory=dict)


# The answers are our own objects, stored for seconds and read back by the same code: pickle
# keeps every field of a message (rich text, images, buttons) without a format to maintain.
def encode_answers(answers: list[tuple]) -> bytes:
    return pickle.dumps(answers, protocol=pickle.HIGHEST_PROTOCOL)


def decode_answers(blob: bytes | None) -> list[tuple]:
    if not blob:
        return []
    try:
        return list(pickle.loads(blob))
    except Exception:
        log.error("answers stored by another version could not be read; they are not sent")
        return []


class TableJournal:
    shared = False  # entries are handled where they were stored

    def __init__(self, platform: str) -> None:
        self.platform = platform

    async def open(self) -> list[Stored]:
        """What the last run left: entries to answer, then entries to handle."""
        await IntakeEntry.filter(platform=self.platform, state=ANSWERED,
                                 received_at__lt=datetime.now(UTC) - timedelta(seconds=KEEP_SECONDS)).delete()
        left = await IntakeEntry.filter(platform=self.platform, state__lt=ANSWERED).order_by("id")
        return ([Stored(r.id, answers=decode_answers(r.answers), sent=r.sent) for r in left if r.state == HANDLED]
                + [Stored(r.id, json.loads(r.payload)) for r in left if r.state == STORED])

    async def store(self, updates: list[tuple[str, dict]]) -> list[Stored]:
        """Store `(key, update)` pairs; the new ones (a key stored before is a redelivery). Synced to
        disk: the platform is told next, and will not send them again after a power cut."""
        now = datetime.now(UTC)
        rows = [{"platform": self.platform, "key": key, "payload": json.dumps(update),  # ASCII: lone surrogates stay escaped
                 "state": STORED, "sent": 0, "received_at": now} for key, update in updates]
        stored = {row["key"]: row["id"] for row in await insert_many(
            IntakeEntry, rows, skip_conflicts_on=("platform", "key"), returning=("id", "key"), synced=True)}
        return [Stored(stored[key], update) for key, update in updates if key in stored]

    async def handled(self, batch: list[tuple[Any, bytes | None]]) -> None:
        """Handled marks, with the answers held (None: nothing to send), all or none."""
        await update_by_id(IntakeEntry, ("state", "answers"),
                           [(HANDLED if answers else ANSWERED, answers or None, entry_id) for entry_id, answers in batch])

    async def hand_back(self, entry_ids: list[Any]) -> None:
        pass  # the next start picks them up

    async def leaving(self, marks: list[tuple[Any, int, bool]]) -> None:
        """Leaving marks `(entry id, answer number, last)`, all or none (mostly one: a lone
        statement, no transaction around it)."""
        await update_by_id(IntakeEntry, ("sent", "state"),
                           [(number, ANSWERED if last else HANDLED, entry_id) for entry_id, number, last in marks])

    async def close(self) -> None:
        pass


# Stored once per key: the dedup claim and the XADD happen together, or not at all.
_STORE = """
local added = {}
for i = 3, #ARGV - 1, 2 do
  if redis.call('SET', ARGV[1] .. ARGV[i], 1, 'NX', 'EX', ARGV[2]) then
    redis.call('XADD', KEYS[1], '*', 'key', ARGV[i], 'payload', ARGV[i + 1])
    table.insert(added, ARGV[i])
  end
end
return added
"""
GROUP = "shequn"


class StreamJournal:
    shared = True  # every instance reads every entry's stream

    def __init__(self, redis: Any, prefix: str, platform: str, owner: str, takeover_seconds: float) -> None:
        self.redis, self.platform, self.owner = redis, platform, owner
        base = f"{prefix}intake:{platform}"
        self.stream, self.seen, self.answers_of = base, f"{base}:seen:", f"{base}:answers:"
        self.takeover_ms = max(1, int(takeover_seconds * 1000))

    async def open(self) -> list[Stored]:
        from redis.exceptions import ResponseError

        try:
            await self.redis.xgroup_create(self.stream, GROUP, id="0", mkstream=True)
        except ResponseError as err:
            if "BUSYGROUP" not in str(err):
                raise
        return []  # a previous run's entries are claimed like any dead instance's (claim)

    async def store(self, updates: list[tuple[str, dict]]) -> list[Stored]:
        args = [part for key, update in updates for part in (key, json.dumps(update))]
        added = await self.redis.eval(_STORE, 1, self.stream, self.seen, KEEP_SECONDS, *args)
        if len(added) < len(updates):
            log.debug("%s: %d updates delivered again; stored already", self.platform, len(updates) - len(added))
        return []  # read back by whichever instance is free (take)

    async def take(self, count: int, block_ms: int) -> list[Stored]:
        answer = await self.redis.xreadgroup(GROUP, self.owner, {self.stream: ">"}, count=count, block=block_ms)
        return [self._entry(entry_id, fields) for _, entries in answer or [] for entry_id, fields in entries]

    async def claim(self) -> list[Stored]:
        """The entries of instances that stopped beating for `takeover_seconds`, now ours."""
        claimed, start = [], "0-0"
        while True:
            start, entries, deleted = await self.redis.xautoclaim(self.stream, GROUP, self.owner, self.takeover_ms,
                                                                 start_id=start, count=100)
            for entry_id, fields in entries:
                if fields:
                    claimed.append(await self._resumed(entry_id, fields))
            if deleted:
                await self.redis.xack(self.stream, GROUP, *deleted)
            if start in (b"0-0", "0-0"):
                return claimed

    async def _resumed(self, entry_id: Any, fields: dict) -> Stored:
        entry = self._entry(entry_id, fields)
        held = await self.redis.hgetall(self.answers_of + _text(entry_id))
        if held:
            entry.payload, entry.answers, entry.sent = None, decode_answers(held[b"answers"]), int(held[b"sent"])
        return entry

    async def beat(self, entry_ids: list[Any]) -> None:
        """This instance is alive: its pending entries' idle time starts again."""
        if entry_ids:
            await self.redis.xclaim(self.stream, GROUP, self.owner, 0, entry_ids, justid=True)

    async def hand_back(self, entry_ids: list[Any]) -> None:
        """Stopping: these entries look idle long enough for any instance to take them over now."""
        if entry_ids:
            await self.redis.xclaim(self.stream, GROUP, self.owner, 0, entry_ids, idle=self.takeover_ms, justid=True)

    async def handled(self, batch: list[tuple[Any, bytes | None]]) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            for entry_id, answers in batch:
                if answers:
                    key = self.answers_of + _text(entry_id)
                    pipe.hset(key, mapping={"answers": answers, "sent": 0})
                    pipe.expire(key, KEEP_SECONDS)
                else:
                    self._finish(pipe, entry_id)
            await pipe.execute()

    async def leaving(self, marks: list[tuple[Any, int, bool]]) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            for entry_id, number, last in marks:
                if last:
                    self._finish(pipe, entry_id)
                else:
                    pipe.hset(self.answers_of + _text(entry_id), "sent", number)
            await pipe.execute()

    def _finish(self, pipe: Any, entry_id: Any) -> None:
        pipe.xack(self.stream, GROUP, entry_id)
        pipe.xdel(self.stream, entry_id)
        pipe.delete(self.answers_of + _text(entry_id))

    async def close(self) -> None:
        """Leave the group's consumer list tidy: an instance with nothing pending is forgotten."""
        try:
            pending = await self.redis.xpending_range(self.stream, GROUP, min="-", max="+", count=1,
                                                      consumername=self.owner)
            if not pending:
                await self.redis.xgroup_delconsumer(self.stream, GROUP, self.owner)
        except Exception as exc:
            log.debug("could not leave the intake group: %s", exc)

    def _entry(self, entry_id: Any, fields: dict) -> Stored:
        return Stored(entry_id, json.loads(fields[b"payload"]), extra={"key": fields[b"key"].decode()})


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
