"""Pacing: a broadcast keeps under a platform's limits and honours retry-after."""
import asyncio

from bot.send_queue import RateLimits, SendQueue


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_a_burst_to_one_chat_keeps_under_the_per_minute_limit():
    time = FakeTime()
    queue = SendQueue(RateLimits(per_second_overall=30, per_minute_per_chat=20, per_second_per_chat=1),
                      sleep=time.sleep, monotonic=time.monotonic)
    stamps = []
    for _ in range(60):
        await queue.slot("group")
        stamps.append(time.now)
    for i in range(len(stamps)):
        window = [t for t in stamps if stamps[i] <= t < stamps[i] + 60]
        assert len(window) <= 20
    assert stamps[-1] >= 120  # 60 messages at 20 a minute take at least two minutes


async def test_many_chats_share_the_overall_limit():
    time = FakeTime()
    queue = SendQueue(RateLimits(per_second_overall=30), sleep=time.sleep, monotonic=time.monotonic)
    stamps = []
    for i in range(300):
        await queue.slot(f"user{i}")
        stamps.append(time.now)
    for i in range(len(stamps)):
        assert len([t for t in stamps if stamps[i] <= t < stamps[i] + 1]) <= 30
    assert 9 <= stamps[-1] <= 11


async def test_retry_after_pauses_the_chat():
    time = FakeTime()
    queue = SendQueue(RateLimits(), sleep=time.sleep, monotonic=time.monotonic)
    await queue.slot("group")
    queue.pause(7, "group")
    await queue.slot("other")
    assert time.now < 1
    await queue.slot("group")
    assert time.now >= 7


async def test_concurrent_senders_are_serialised():
    time = FakeTime()
    queue = SendQueue(RateLimits(per_second_per_chat=1, per_minute_per_chat=100), sleep=time.sleep,
                      monotonic=time.monotonic)
    stamps = []

    async def send():
        await queue.slot("group")
        stamps.append(time.now)

    await asyncio.gather(*(send() for _ in range(5)))
    assert sorted(stamps) == stamps and stamps[-1] >= 4


class VirtualTime:
    """Sleepers wake in the order they are due; time moves only when everyone waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list = []
        self._order = 0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        import heapq

        self._order += 1
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, self._order, future))
        await future

    async def run(self, tasks: list) -> None:
        import heapq

        while not all(t.done() for t in tasks):
            for _ in range(20):
                await asyncio.sleep(0)
            if self._sleepers:
                due, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, due)
                future.set_result(None)


async def test_a_chat_that_floods_waits_behind_chats_that_send_now_and_then():
    time = VirtualTime()
    overall = SendQueue(RateLimits(per_second_overall=2, per_minute_per_chat=float("inf"),
                                   per_second_per_chat=float("inf")), sleep=time.sleep, monotonic=time.monotonic)
    granted = []

    async def send(share: str, number: int) -> None:
        await overall.slot("*", share=share)
        granted.append((share, number))

    tasks = [asyncio.create_task(send("flooder", n)) for n in range(10)]
    await asyncio.sleep(0)
    tasks += [asyncio.create_task(send("alice", 0)), asyncio.create_task(send("bob", 0))]
    await time.run(tasks)
    assert granted[:4] == [("flooder", 0), ("alice", 0), ("bob", 0), ("flooder", 1)]
    assert [n for share, n in granted if share == "flooder"] == list(range(10))  # one chat keeps its order


async def test_a_paced_chat_does_not_hold_up_a_chat_that_may_send():
    time = VirtualTime()
    queue = SendQueue(RateLimits(per_second_overall=30, per_minute_per_chat=20, per_second_per_chat=1),
                      sleep=time.sleep, monotonic=time.monotonic)
    granted = []

    async def send(chat: str) -> None:
        await queue.slot(chat)
        granted.append((chat, time.now))

    tasks = [asyncio.create_task(send("group")) for _ in range(3)]
    await asyncio.sleep(0)
    tasks.append(asyncio.create_task(send("other")))
    await time.run(tasks)
    assert granted[1] == ("other", 0.0)  # not after the group's next second
    assert [t for chat, t in granted if chat == "group"] == [0.0, 1.0, 2.0]


async def test_the_overall_rate_is_spread_evenly_not_spent_at_once():
    time = VirtualTime()
    overall = SendQueue(RateLimits(per_second_overall=30, per_minute_per_chat=float("inf"),
                                   per_second_per_chat=float("inf")), sleep=time.sleep, monotonic=time.monotonic)
    stamps = []

    async def send(number: int) -> None:
        await overall.slot("*", share=f"chat{number}")
        stamps.append(time.now)

    tasks = [asyncio.create_task(send(n)) for n in range(60)]
    await time.run(tasks)
    for start in stamps:  # a third of the rate in any third of a second, so whoever comes next waits less
        assert len([t for t in stamps if start <= t < start + 1 / 3 - 1e-9]) <= 10
    assert stamps[-1] <= 2.0


async def test_a_share_with_a_backlog_elsewhere_waits_behind_one_without():
    time = VirtualTime()
    overall = SendQueue(RateLimits(per_second_overall=2, per_minute_per_chat=float("inf"),
                                   per_second_per_chat=float("inf")), sleep=time.sleep, monotonic=time.monotonic)
    granted = []
    backlog = {"flooder": 9, "alice": 0}

    async def send(share: str) -> None:
        await overall.slot("*", share=share, backlog=lambda: backlog[share])
        granted.append(share)

    await overall.slot("*", share="someone")  # the rate is in use: the next two wait
    tasks = [asyncio.create_task(send("flooder"))]
    await asyncio.sleep(0)
    tasks.append(asyncio.create_task(send("alice")))
    await time.run(tasks)
    assert granted == ["alice", "flooder"]


async def test_an_answer_goes_ahead_of_a_backlog_nobody_waits_for():
    """A raid's deletes queue up in the overall rate; a member's answer coming after them takes the
    next slot, not the backlog's turn."""
    time = VirtualTime()
    overall = SendQueue(RateLimits(per_second_overall=3, per_minute_per_chat=float("inf"),
                                   per_second_per_chat=float("inf")), sleep=time.sleep, monotonic=time.monotonic)
    granted = []

    async def send(share: str, waited_for: bool) -> None:
        await overall.slot("*", share=share, waited_for=waited_for)
        granted.append((share, time.now))

    tasks = [asyncio.create_task(send(f"delete:{n}", False)) for n in range(12)]  # each a fresh share
    await asyncio.sleep(0)
    tasks.append(asyncio.create_task(send("alice", True)))
    await time.run(tasks)
    assert [share for share, _ in granted].index("alice") == 1  # the next slot, not after the twelve


async def test_what_nobody_waits_for_keeps_a_third_of_the_rate_while_answers_wait():
    time = VirtualTime()
    overall = SendQueue(RateLimits(per_second_overall=9, per_minute_per_chat=float("inf"),
                                   per_second_per_chat=float("inf")), sleep=time.sleep, monotonic=time.monotonic)
    granted = []

    async def send(share: str, waited_for: bool) -> None:
        await overall.slot("*", share=share, waited_for=waited_for)
        granted.append((waited_for, time.now))

    tasks = [asyncio.create_task(send(f"chat{n}", True)) for n in range(45)]
    tasks += [asyncio.create_task(send("delete", False)) for _ in range(45)]
    await time.run(tasks)
    for second in range(4):  # both still waiting: a third of each second for the deletes, the rest answers
        slots = [waited_for for waited_for, at in granted if second <= at < second + 1]
        assert len(slots) == 9 and slots.count(False) == 3


async def test_a_backlog_nobody_waits_for_is_spread_so_an_answer_finds_a_slot_soon():
    time = VirtualTime()
    overall = SendQueue(RateLimits(per_second_overall=27, per_minute_per_chat=float("inf"),
                                   per_second_per_chat=float("inf")), sleep=time.sleep, monotonic=time.monotonic)
    deletes, answers = [], []

    async def delete() -> None:
        await overall.slot("*", share="delete", waited_for=False)
        deletes.append(time.now)

    async def answer(at: float) -> None:
        await time.sleep(at)
        await overall.slot("*", share=f"chat{at}")
        answers.append(time.now - at)

    tasks = [asyncio.create_task(delete()) for _ in range(81)]
    tasks += [asyncio.create_task(answer(at)) for at in (0.5, 1.23, 2.01)]
    await time.run(tasks)
    for start in deletes:
        assert len([t for t in deletes if start <= t < start + 1 / 9 - 1e-9]) <= 3
    assert max(answers) <= 1 / 9 + 1e-9  # not a third of a second behind a window filled at once
    assert deletes[-1] <= 3.2  # the backlog still goes at the full rate
