"""The bus itself: a bounded queue, its workers, and the middleware chain each event runs through.

`submit` waits when the queue is full, so a burst of updates slows the adapter instead of
piling up tasks. The queue is served fairly among chats (bot/fair_queue.py): a chat's first
event is handled ahead of a flooder's backlog. `handle` runs one event to completion (the sandbox and tests use it).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.bus.middlewares import CORE_MIDDLEWARES, Middleware
from bot.bus.registry import Registry
from bot.bus.routing import route
from bot.bus.signals import publish
from bot.context import Context
from bot.events import Event
from bot.fair_queue import FairQueue
from bot.models import Community
from bot.plugin import Plugin
from bot.signals import Signal

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


class Bus(Registry):
    def __init__(self, runtime: "Runtime", workers: int = 32, queue_size: int = 1000) -> None:
        super().__init__()
        self.runtime = runtime
        self._middlewares: list[Middleware] = list(CORE_MIDDLEWARES)
        self._workers_count = workers
        self._queue: asyncio.Queue[Event] = FairQueue(_chat_of, maxsize=queue_size)
        self._workers: list[asyncio.Task] = []

    # --- middlewares -----------------------------------------------------------------

    def add_middleware(self, middleware: Middleware, *, outermost: bool = False) -> Callable[[], None]:
        """Run `middleware` on every event: after the core's, or around everything when `outermost`.

        Returns a function that takes it out again.
        """
        if outermost:
            self._middlewares.insert(0, middleware)
        else:
            self._middlewares.append(middleware)

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._middlewares.remove(middleware)

        return remove

    @property
    def middlewares(self) -> tuple[Middleware, ...]:
        return tuple(self._middlewares)

    def register(self, plugin: Plugin) -> None:
        super().register(plugin)
        for middleware in plugin.middlewares:
            self.add_middleware(middleware)

    # --- running ---------------------------------------------------------------------

    async def start(self) -> None:
        self._workers = [asyncio.create_task(self._work(), name=f"bus-worker-{i}")
                         for i in range(self._workers_count)]

    async def stop(self, drain_timeout: float = 10) -> None:
        """Finish what was submitted (up to `drain_timeout`), then stop the workers."""
        if not await self.drain(drain_timeout):
            log.warning("stopping with %d events unhandled", self._queue.qsize())
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []

    async def drain(self, timeout: float = 10) -> bool:
        """Wait until every submitted event has been handled (up to `timeout`); False on timeout.

        An adapter calls it in `stop`, after it stopped receiving, so that events in flight
        still reach their platform (replies, button answers) before its connection closes.
        """
        try:
            await asyncio.wait_for(self._queue.join(), timeout)
        except TimeoutError:
            return False
        return True

    async def submit(self, event: Event) -> None:
        await self._queue.put(event)

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    async def _work(self) -> None:
        while True:
            event = await self._queue.get()
            try:
                await self.handle(event)
            except Exception:
                log.exception("event escaped the error boundary: %r", event)
            finally:
                self._queue.task_done()

    async def handle(self, event: Event) -> Context:
        ctx = Context(self.runtime, event)
        chain = [*self._middlewares, route]

        async def call(index: int, context: Context) -> None:
            if index < len(chain) - 1:
                await chain[index](context, lambda c: call(index + 1, c))
            else:
                await chain[index](context)

        await call(0, ctx)
        return ctx

    async def publish(self, community: Community, signal: Signal) -> bool:
        """Hand a signal to its subscribers now; False if one of them failed."""
        return await publish(self.runtime, community, signal)

    def listens_to(self, signal_type: type[Signal]) -> bool:
        """Whether some plugin subscribed to this type of signal (or a base of it)."""
        return any(issubclass(signal_type, subscribed) for _, subscribed, _ in self.signal_handlers)

    async def publish_in(self, community_id: int, signal: Signal) -> bool:
        """`publish`, for a caller that has only the community's id."""
        if not self.listens_to(type(signal)):
            return True
        return await self.publish(await Community.get(id=community_id), signal)


def _chat_of(event: Event) -> tuple[str, str]:
    return event.chat.platform, event.chat.chat_id
