"""Pacing of outgoing messages so a broadcast never bursts past a platform's limits.

Each adapter owns a SendQueue built from its platform's limits; every send waits for a
slot. `sleep` and `monotonic` are injectable so tests pace with a fake clock. With a
`shared` budget (bot/send_budget.py: several instances on one Redis) every slot granted also
takes one from the budget all instances share, and waits for it in the same fair order; with
`shared_chats`, also one from its chat's window all instances share (a refused chat waits, the
others go on).

Answers someone waits for go ahead of what nobody waits for (a platform's acts on members and
messages, background notices), which yields to them but keeps a third of the slots while both
wait: a raid's hundreds of deletes never stand between a member and the answer to a command,
and a busy bot still deletes at a third of its rate.
"""
from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.send_budget import SharedBudget, SharedChatLimits


_SHARED = "\0shared"  # the pause while the shared budget is spent (no chat has this key)


@dataclass(eq=False)
class _Waiter:
    arrival: int
    chat_key: str
    share: str
    backlog: Callable[[], int]
    granted: asyncio.Future
    waited_for: bool = True


@dataclass(frozen=True)
class RateLimits:
    per_second_overall: float = 30
    per_minute_per_chat: float = 20
    per_second_per_chat: float = 1


class SendQueue:
    """Slots at the limits' pace. A waiter whose chat may not send yet never holds up one whose
    chat may: each slot goes to a waiter that can send now, one that someone waits for first
    (unless those nobody waits for have had less than a third of the last second's slots), and
    among them the one whose `share` (by default its chat) had the fewest slots in the last
    minute plus messages queued behind it, then the earliest. A chat that floods therefore
    waits behind chats that send now and then, and one chat's messages keep their order."""

    def __init__(self, limits: RateLimits, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic, shared: "SharedBudget | None" = None,
                 shared_chats: "SharedChatLimits | None" = None) -> None:
        self.limits = limits
        self.shared = shared
        self.shared_chats = shared_chats
        self._sleep, self._monotonic = sleep, monotonic
        self._overall: deque[float] = deque()
        self._per_chat: dict[str, deque[float]] = {}
        self._per_share: dict[str, deque[float]] = {}
        self._yielding: deque[float] = deque()  # slots of waiters nobody waits for, the last second's
        self._paused_until: dict[str | None, float] = {}
        self._waiting: list[_Waiter] = []
        self._arrivals = itertools.count()
        self._changed = asyncio.Event()
        self._alarm_at = math.inf
        self._alarms: set[asyncio.Future] = set()
        self._server: asyncio.Task | None = None

    async def slot(self, chat_key: str, *, share: str | None = None,
                   backlog: Callable[[], int] = lambda: 0, waited_for: bool = True) -> None:
        """Wait until a message to `chat_key` may be sent, and take the slot. `backlog`: how many
        more messages of the same share wait elsewhere behind this one now (a flood's).
        `waited_for=False`: nobody waits for it (an act, a background notice), so it yields."""
        if self.shared is None and self.shared_chats is None and self.ready(chat_key, waited_for=waited_for):
            self._take(chat_key, share or chat_key, waited_for)
            return
        waiter = _Waiter(next(self._arrivals), chat_key, share or chat_key, backlog,
                         asyncio.get_running_loop().create_future(), waited_for)
        self._waiting.append(waiter)
        self._changed.set()
        if self._server is None or self._server.done():
            self._server = asyncio.create_task(self._serve())
        try:
            await waiter.granted
        except asyncio.CancelledError:
            if waiter in self._waiting:
                self._waiting.remove(waiter)
            raise

    def ready(self, chat_key: str, *, waited_for: bool = True) -> bool:
        """Whether a message to `chat_key` could go now, with no one else waiting (as far as this
        instance knows: the shared budget is asked only when the slot is taken)."""
        return not self._waiting and self._wait_needed(chat_key) <= 0 \
            and (waited_for or self._spread_wait(self._monotonic()) <= 0)

    async def _serve(self) -> None:
        while self._waiting:
            self._changed.clear()
            self._waiting = [w for w in self._waiting if not w.granted.done()]  # callers that gave up
            if not self._waiting:
                break
            now = self._monotonic()
            # what holds up every chat is looked at once, not once per waiter (a flood queues hundreds)
            if (everyone := self._common_wait(now)) > 0:
                self._alarm(everyone)
            elif (chosen := self._next_ready(now)) is None:
                self._alarm(min(self._chat_wait(w.chat_key, now) for w in self._waiting))
            elif not chosen.waited_for and (spread := self._spread_wait(now)) > 0:
                self._alarm(spread)
            else:
                if await self._take_shared(chosen.chat_key) and not chosen.granted.done():
                    self._waiting.remove(chosen)
                    self._take(chosen.chat_key, chosen.share, chosen.waited_for)
                    chosen.granted.set_result(None)
                continue  # refused by the shared budget: its pause is now part of everyone's wait
            await self._changed.wait()

    def _next_ready(self, now: float) -> "_Waiter | None":
        ready = [w for w in self._waiting if self._chat_wait(w.chat_key, now) <= 0]
        answers, others = [w for w in ready if w.waited_for], [w for w in ready if not w.waited_for]
        if answers and others:
            ready = others if self._yielding_owed(now) else answers
        return min(ready, key=lambda w: (len(self._recent(self._per_share, w.share)) + w.backlog(), w.arrival),
                   default=None)

    def _spread_wait(self, now: float) -> float:
        """What nobody waits for is spread evenly, at most a ninth of the rate in any ninth of a
        second: a backlog never fills a window at once, so an answer coming next waits at most
        that ninth for its slot."""
        return self._window_wait(self._overall, 1 / 9, self.limits.per_second_overall / 9, now)

    def _yielding_owed(self, now: float) -> bool:
        """Whether the slots nobody waits for had less than a third of the last second's."""
        while self._yielding and self._yielding[0] <= now - 1.0:
            self._yielding.popleft()
        last_second = sum(1 for _ in itertools.takewhile(lambda at: at > now - 1.0, reversed(self._overall)))
        return len(self._yielding) * 3 < last_second

    async def _take_shared(self, chat_key: str) -> bool:
        """Take a send from the chat's shared window and the shared budget; False (and the wait
        noted: the chat's, or everyone's) while one is spent. A chat's send taken while the budget
        is spent counts without going out: its chat waits a little longer, never less."""
        if self.shared_chats is not None:
            wait = await self.shared_chats.budget(chat_key, self.limits).take()
            if wait > 0:
                self.pause(wait, chat_key)
                return False
        if self.shared is None:
            return True
        wait = await self.shared.take()
        if wait > 0:
            self._paused_until[_SHARED] = self._monotonic() + wait
            return False
        return True

    def _alarm(self, delay: float) -> None:
        """Wake the server in `delay` seconds (unless an earlier alarm is set already)."""
        at = self._monotonic() + delay
        if at >= self._alarm_at:
            return
        self._alarm_at = at

        async def ring() -> None:
            await self._sleep(delay)
            if self._alarm_at == at:
                self._alarm_at = math.inf
            self._changed.set()

        alarm = asyncio.ensure_future(ring())
        self._alarms.add(alarm)
        alarm.add_done_callback(self._alarms.discard)

    def _take(self, chat_key: str, share: str, waited_for: bool = True) -> None:
        now = self._monotonic()
        self._overall.append(now)
        if not waited_for:
            self._yielding.append(now)
        self._per_chat.setdefault(chat_key, deque()).append(now)
        self._per_share.setdefault(share, deque()).append(now)

    def _recent(self, sent: dict[str, deque[float]], key: str) -> deque[float]:
        times = sent.get(key)
        if times is None:
            return deque()
        horizon = self._monotonic() - 60.0
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del sent[key]
        return times

    def pause(self, seconds: float, chat_key: str | None = None) -> None:
        """Honour a platform's retry-after: nothing to `chat_key` (None: anything) for a while."""
        until = self._monotonic() + seconds
        self._paused_until[chat_key] = max(self._paused_until.get(chat_key, 0), until)

    def _wait_needed(self, chat_key: str) -> float:
        now = self._monotonic()
        return max(self._common_wait(now), self._chat_wait(chat_key, now))

    def _common_wait(self, now: float) -> float:
        """What every chat waits for: a pause of everything, the shared budget, the overall rate."""
        return max(self._paused_until.get(None, 0) - now, self._paused_until.get(_SHARED, 0) - now,
                   self._window_wait(self._overall, 1.0, self.limits.per_second_overall, now),
                   # and a third of that in any third of a second: under load the slots come evenly,
                   # not a second's worth at once and then a second's wait for whoever arrives next
                   self._window_wait(self._overall, 1 / 3, self.limits.per_second_overall / 3, now))

    def _chat_wait(self, chat_key: str, now: float) -> float:
        waits = [self._paused_until.get(chat_key, 0) - now]
        chat = self._per_chat.get(chat_key)
        if chat is not None:
            waits.append(self._window_wait(chat, 60.0, self.limits.per_minute_per_chat, now))
            waits.append(self._window_wait(chat, 1.0, self.limits.per_second_per_chat, now))
        return max(waits)

    @staticmethod
    def _window_wait(sent: deque[float], window: float, allowed: float, now: float) -> float:
        """How long until fewer than `allowed` sends fall within the last `window` seconds."""
        while sent and sent[0] <= now - 60.0:
            sent.popleft()
        if allowed == math.inf:
            return 0.0
        counted = math.ceil(allowed)
        if len(sent) < counted or sent[-counted] <= now - window:  # `sent` is in time order
            return 0.0
        return sent[-counted] + window - now
