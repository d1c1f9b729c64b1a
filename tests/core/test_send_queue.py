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
