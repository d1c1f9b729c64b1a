"""Issue 11, section 3: one stranger (or fifty) flooding the bot does not stall anyone else.

The real aiogram client against the fake Bot API. Pacing runs on the fake's virtual clock;
these tests stop that clock, so a flooder's paced replies cannot go out at all while the
other chats are served: a bus worker waiting on a paced chat would never come back.
"""
from __future__ import annotations

from tests.telegram.conftest import ALICE, BOB, GROUP

LIMIT = 30
OTHERS = list(range(7000, 7006))  # each in a group of their own
FLOODERS = list(range(8000, 8050))
NOTICE = "You're sending commands too fast; I'll ignore them for a minute."


def group_of(user: int) -> int:
    return -1007000000000 - user


async def _flood(telegram_bot, tg, flooders: list[int], per_flooder: int, *, answered_while_held: bool):
    for user in [*OTHERS, *flooders]:
        tg.add_user(user, f"User {user}")
    bot = await telegram_bot(overrides={"bot": {"rate_limit_per_minute": LIMIT}})
    tg.time.held = True
    for round_ in range(per_flooder):
        for user in flooders:
            tg.message(user, user, f"/nosuch{round_}")
    asked = [tg.message(group_of(user), user, f"/add {user - 7000} 1") for user in OTHERS]
    asked.append(tg.message(GROUP, BOB, "/add 2 2"))
    # every event is handled while the clock stands still: no worker waits on pacing
    await _handled(bot, asked[-1]["update_id"])
    assert bot.adapter.handoff.pending > 0  # the flooders' replies wait in the outbox
    if answered_while_held:
        await _while_held(bot, lambda: _assert_others_answered(bot))
    start = tg.time.now
    tg.time.held = False
    await bot.settle(timeout=60)
    _assert_others_answered(bot)
    # once the clock runs, the others go out within the first seconds, not after the flood's
    assert max(tg.stamp_of(c) for user in OTHERS for c in bot.sent(group_of(user))) - start < 5
    return bot


def _assert_others_answered(bot) -> None:
    for user in OTHERS:
        assert bot.texts(group_of(user)) == [f"Sum: {user - 7000 + 1}"]
    assert bot.texts(GROUP) == ["和：4"]


async def _while_held(bot, check) -> None:
    """`check` passes while the clock still stands (answers leave once their update's handling is stored)."""
    import asyncio

    for _ in range(400):
        try:
            return check()
        except AssertionError:
            await asyncio.sleep(0.025)
    check()


async def _handled(bot, update_id: int) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while (bot.adapter.receiver.last_update_id or 0) < update_id:
        assert loop.time() < deadline, f"update {update_id} was not received"
        await asyncio.sleep(0.005)
    if bot.adapter.intake is not None:
        assert await bot.adapter.intake.handled(60), "intake workers are stuck behind a paced chat"
    assert await bot.runtime.bus.drain(60), "bus workers are stuck behind a paced chat"


async def test_one_flooder_gets_one_notice_while_others_are_answered(telegram_bot, tg):
    bot = await _flood(telegram_bot, tg, [ALICE], per_flooder=200, answered_while_held=True)
    replies = bot.texts(ALICE)
    assert len(replies) == LIMIT + 1 and replies[-1] == NOTICE
    assert replies[0] == "I don't know /nosuch0. Send /help to see what I can do."


async def test_fifty_flooders_do_not_stall_the_others(telegram_bot, tg):
    bot = await _flood(telegram_bot, tg, FLOODERS, per_flooder=33, answered_while_held=False)
    for user in FLOODERS:
        replies = bot.texts(user)
        assert len(replies) == LIMIT + 1 and replies[-1] == NOTICE


async def test_other_chats_are_handled_ahead_of_a_flooders_backlog(telegram_bot, tg):
    """One worker, and the flood stored before anyone else speaks: the others' updates are
    handled right after the one the worker holds, not behind the flooder's 200."""
    import asyncio

    for user in OTHERS:
        tg.add_user(user, f"User {user}")
    bot = await telegram_bot(overrides={"bot": {"workers": 1, "rate_limit_per_minute": LIMIT}})
    everything_stored = asyncio.Event()
    order: list[str] = []

    async def record(ctx, call_next):
        order.append(ctx.event.chat.chat_id)
        if len(order) == 1:  # hold the only worker until the whole flood and the others are stored
            await everything_stored.wait()
        await call_next(ctx)

    bot.runtime.bus.add_middleware(record, outermost=True)
    flood = [tg.message(ALICE, ALICE, f"/nosuch{n}") for n in range(200)]
    asked = [tg.message(group_of(user), user, f"/add {user - 7000} 1") for user in OTHERS]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while (bot.adapter.receiver.last_update_id or 0) < asked[-1]["update_id"]:
        assert loop.time() < deadline, "the updates were not stored"
        await asyncio.sleep(0.005)
    everything_stored.set()
    await bot.settle(timeout=60)
    others = [str(group_of(user)) for user in OTHERS]
    assert order[:1 + len(OTHERS)] == [str(ALICE), *others]
    assert order[1 + len(OTHERS):] == [str(ALICE)] * (len(flood) - 1)
    for user in OTHERS:
        assert bot.texts(group_of(user)) == [f"Sum: {user - 7000 + 1}"]
