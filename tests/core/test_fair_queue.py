"""The fair queue under the bus and the intake: a chat's first item goes ahead of another chat's backlog."""
from __future__ import annotations

import asyncio

from bot.fair_queue import FairQueue


def chat_queue(maxsize: int = 0) -> FairQueue:
    return FairQueue(lambda item: item[0], maxsize=maxsize)


def drain(queue: FairQueue) -> list:
    return [queue.get_nowait() for _ in range(queue.qsize())]


async def test_a_chats_first_item_goes_ahead_of_a_flooders_backlog():
    queue = chat_queue()
    for n in range(100):
        await queue.put(("flooder", n))
    await queue.put(("quiet", 0))
    await queue.put(("other", 0))
    taken = drain(queue)
    assert taken[:3] == [("flooder", 0), ("quiet", 0), ("other", 0)]
    assert taken[3:] == [("flooder", n) for n in range(1, 100)]  # and the backlog keeps its order


async def test_backlogs_take_turns_one_item_each():
    queue = chat_queue()
    for n in range(3):
        await queue.put(("a", n))
    for n in range(3):
        await queue.put(("b", n))
    assert drain(queue) == [("a", 0), ("b", 0), ("a", 1), ("b", 1), ("a", 2), ("b", 2)]


async def test_a_chat_that_emptied_is_fresh_again():
    queue = chat_queue()
    await queue.put(("flooder", 0))
    await queue.put(("flooder", 1))
    await queue.put(("quiet", 0))
    assert [queue.get_nowait(), queue.get_nowait()] == [("flooder", 0), ("quiet", 0)]
    for n in range(2, 5):
        await queue.put(("flooder", n))
    await queue.put(("quiet", 1))
    assert queue.get_nowait() == ("quiet", 1)  # the flooder's backlog (1, 2, ...) waits behind it
    assert drain(queue) == [("flooder", n) for n in range(1, 5)]


async def test_the_total_stays_bounded_and_join_waits_for_every_item():
    queue = chat_queue(maxsize=2)
    await queue.put(("a", 0))
    await queue.put(("b", 0))
    third = asyncio.create_task(queue.put(("c", 0)))
    await asyncio.sleep(0.01)
    assert not third.done() and queue.full()
    assert await queue.get() == ("a", 0)
    await asyncio.wait_for(third, 1)
    joined = asyncio.create_task(queue.join())
    queue.task_done()
    for _ in range(2):
        await asyncio.wait_for(queue.get(), 1)
        await asyncio.sleep(0)
        assert not joined.done()
        queue.task_done()
    await asyncio.wait_for(joined, 1)
    assert queue.empty()


async def test_a_lane_has_at_most_per_lane_items_out_and_the_other_chats_go_meanwhile():
    queue = FairQueue(lambda item: item[0], per_lane=2)
    for n in range(5):
        await queue.put(("flooder", n))
    assert [queue.get_nowait(), queue.get_nowait()] == [("flooder", 0), ("flooder", 1)]
    assert queue.empty() and queue.qsize() == 3  # two are being handled: the rest wait
    waiting = asyncio.create_task(queue.get())
    await queue.put(("quiet", 0))
    assert await asyncio.wait_for(waiting, 1) == ("quiet", 0)
    waiting = asyncio.create_task(queue.get())
    await asyncio.sleep(0.01)
    assert not waiting.done()
    queue.done(("flooder", 0))  # one handled: the flooder's next goes to the worker that waits
    assert await asyncio.wait_for(waiting, 1) == ("flooder", 2)
    queue.done(("quiet", 0))
    assert queue.empty()
    queue.done(("flooder", 1))
    assert queue.get_nowait() == ("flooder", 3) and queue.empty() and queue.qsize() == 1
