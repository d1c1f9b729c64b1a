"""A bounded queue served fairly among lanes (chats): one chat's backlog never delays another's first item.

Items wait in one first-in-first-out line per lane. `get` serves the lanes that had nothing
waiting first (a chat that speaks now and then), in the order they arrived, then the lanes
with a backlog (a flooder's) in turn, one item each. Within a lane the order is kept. The
total stays bounded as in any `asyncio.Queue`: `put` waits while `maxsize` items wait, so a
burst slows the platform down instead of piling up.

It is an `asyncio.Queue` with its storage replaced (`_init`, `_put`, `_get`, and the two
readers of the size), as the standard library's own `PriorityQueue` does.
"""
from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Hashable
from typing import Any


class FairQueue(asyncio.Queue):
    def __init__(self, lane_of: Callable[[Any], Hashable], maxsize: int = 0) -> None:
        self._lane_of = lane_of
        super().__init__(maxsize)

    def _init(self, maxsize: int) -> None:
        self._lanes: dict[Hashable, deque] = {}
        self._fresh: deque[Hashable] = deque()  # lanes whose waiting item is their first: served first
        self._turns: deque[Hashable] = deque()  # lanes with a backlog, one item each in turn
        self._count = 0

    def qsize(self) -> int:
        return self._count

    def empty(self) -> bool:
        return not self._count

    def _put(self, item: Any) -> None:
        lane = self._lane_of(item)
        waiting = self._lanes.get(lane)
        if waiting is None:
            self._lanes[lane] = deque([item])
            self._fresh.append(lane)
        else:
            waiting.append(item)
        self._count += 1

    def _get(self) -> Any:
        lane = self._fresh.popleft() if self._fresh else self._turns.popleft()
        waiting = self._lanes[lane]
        item = waiting.popleft()
        if waiting:
            self._turns.append(lane)
        else:
            del self._lanes[lane]
        self._count -= 1
        return item
