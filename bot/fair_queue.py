"""A bounded queue served fairly among lanes (chats): one chat's backlog never delays another's first item.

Items wait in one first-in-first-out line per lane. `get` serves the lanes that had nothing
waiting first (a chat that speaks now and then), in the order they arrived, then the lanes
with a backlog (a flooder's) in turn, one item each. Within a lane the order is kept. The
total stays bounded as in any `asyncio.Queue`: `put` waits while `maxsize` items wait, so a
burst slows the platform down instead of piling up.

With `per_lane`, a lane has at most that many items out being handled (`done` gives one back):
a flood is handled a few at a time, so the other chats always find a worker, and the database
and the event loop are not queued up with one chat's work ahead of theirs.

It is an `asyncio.Queue` with its storage replaced (`_init`, `_put`, `_get`, and the two
readers of the size), as the standard library's own `PriorityQueue` does.
"""
from __future__ import annotations

import asyncio
import math
from collections import Counter, deque
from collections.abc import Callable, Hashable
from typing import Any


class FairQueue(asyncio.Queue):
    def __init__(self, lane_of: Callable[[Any], Hashable], maxsize: int = 0, *, per_lane: float = math.inf) -> None:
        self._lane_of = lane_of
        self._per_lane = per_lane
        super().__init__(maxsize)

    def _init(self, maxsize: int) -> None:
        self._lanes: dict[Hashable, deque] = {}
        self._fresh: deque[Hashable] = deque()  # lanes whose waiting item is their first: served first
        self._turns: deque[Hashable] = deque()  # lanes with a backlog, one item each in turn
        self._out: Counter[Hashable] = Counter()  # items being handled, per lane
        self._held: set[Hashable] = set()  # lanes with items waiting and `per_lane` out: not served
        self._count = 0

    def qsize(self) -> int:
        return self._count

    def empty(self) -> bool:
        """Nothing to serve now (items of held lanes may wait)."""
        return not (self._fresh or self._turns)

    def done(self, item: Any) -> None:
        """An item `get` gave out is handled: its lane may be served again."""
        lane = self._lane_of(item)
        self._out[lane] -= 1
        if self._out[lane] <= 0:
            del self._out[lane]
        if lane in self._held:
            self._held.discard(lane)
            self._turns.append(lane)
            self._wakeup_next(self._getters)

    def _put(self, item: Any) -> None:
        lane = self._lane_of(item)
        waiting = self._lanes.get(lane)
        if waiting is None:
            self._lanes[lane] = deque([item])
            self._line_up(lane, self._fresh)
        else:
            waiting.append(item)
        self._count += 1

    def _get(self) -> Any:
        lane = self._fresh.popleft() if self._fresh else self._turns.popleft()
        waiting = self._lanes[lane]
        item = waiting.popleft()
        self._out[lane] += 1
        if waiting:
            self._line_up(lane, self._turns)
        else:
            del self._lanes[lane]
        self._count -= 1
        return item

    def _line_up(self, lane: Hashable, line: deque[Hashable]) -> None:
        if self._out[lane] < self._per_lane:
            line.append(lane)
        else:
            self._held.add(lane)
