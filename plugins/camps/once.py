"""Things a cohort does once, whatever the number of instances and restarts: each is claimed
by a row with a unique key before it is done."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from bot import Member, Message, PluginContext, SentMessage, now

from plugins.camps.cohorts import Place
from plugins.camps.models import Claim, Notice, Unlock

RESEND_AFTER = timedelta(minutes=5)  # a claim older than this and not marked sent: the sender stopped


async def claim(place: Place, key: str) -> bool:
    try:
        async with in_transaction():  # a savepoint inside a unit of work: a conflict must not abort it
            await Claim.create(cohort_id=place.cohort.id, key=key, at=now())
    except IntegrityError:
        return False
    return True


async def claim_unlock(place: Place, day: int) -> bool:
    try:
        async with in_transaction():
            await Unlock.create(cohort_id=place.cohort.id, day=day, at=now())
    except IntegrityError:
        return False
    return True


async def send_once(ctx: PluginContext, place: Place, member: Member, key: str,
                    message: Callable[[], Message],
                    sent: Callable[[SentMessage], Awaitable[None]] | None = None) -> bool:
    """A direct message sent once per member and key (`sent` is given what went out). The row
    is claimed before sending and marked sent after; one claimed but never marked (the bot
    stopped between) is sent again."""
    notice, created = await Notice.get_or_create(cohort_id=place.cohort.id, member_id=member.id, key=key,
                                                 defaults={"at": now()})
    if notice.sent_at is not None or (not created and now() - notice.at < RESEND_AFTER):
        return False
    delivery = asyncio.ensure_future(_deliver(ctx, member, notice, message, sent))
    try:
        await asyncio.shield(delivery)
    except asyncio.CancelledError:
        await delivery  # the bot is stopping: the message in flight is finished and marked first
        raise
    return True


async def _deliver(ctx: PluginContext, member: Member, notice: Notice, message: Callable[[], Message],
                   sent: Callable[[SentMessage], Awaitable[None]] | None) -> None:
    went = await ctx.send_direct(member, message())
    if went is not None and sent is not None:
        await sent(went)
    notice.sent_at = now()
    await notice.save(update_fields=["sent_at"])
