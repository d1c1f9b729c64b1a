"""Reactions to homework: where the platform reports them (`Capabilities.reactions`), each
member's emoji on the message a submission came in counts for it, and the most-reacted
homework is offered to the showcase beside the highest-scored. The author's own do not count."""
from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from bot import Context, ReactionChanged

from plugins.camps.models import Submission, SubmissionMessage, SubmissionReaction
from plugins.camps.plugin import plugin


def message_key(platform: str, chat_id: str, message_id: str) -> str:
    return f"{platform}:{chat_id}/{message_id}"[:160]


async def remember(ctx: Context, submission: Submission) -> None:
    """Note the message the submission came in (a group message; a command or a DM has none)."""
    message_id = getattr(ctx.event, "message_id", None)
    if not ctx.in_group or not message_id:
        return
    try:
        async with in_transaction():  # a savepoint: a redelivered message must not abort what encloses it
            await SubmissionMessage.create(submission_id=submission.id,
                                           message=message_key(ctx.event.platform, ctx.event.chat.chat_id, message_id))
    except IntegrityError:
        return  # the same message again (a redelivery): noted already


@plugin.on(ReactionChanged)
async def reaction_changed(ctx: Context) -> None:
    event: ReactionChanged = ctx.event
    found = await SubmissionMessage.get_or_none(message=message_key(event.platform, event.chat.chat_id,
                                                                    event.message_id)).prefetch_related("submission")
    if found is None or ctx.member is None or found.submission.member_id == ctx.member.id:
        return
    row = {"submission_id": found.submission.id, "user_key": f"{event.platform}:{event.user.user_id}"[:96],
           "emoji": event.emoji[:64]}
    if not event.added:
        await SubmissionReaction.filter(**row).delete()
        return
    try:
        async with in_transaction():
            await SubmissionReaction.create(**row)
    except IntegrityError:
        return  # told twice (a replay after a resume): counted once


async def most_reacted(cohort_id: int, first: int, last: int, limit: int) -> list[tuple[int, int]]:
    """(submission id, reactions) of the days' latest versions, most reacted first."""
    rows = await SubmissionReaction.filter(submission__cohort_id=cohort_id, submission__day__gte=first,
                                           submission__day__lte=last) \
        .exclude(submission__state="superseded").group_by("submission_id") \
        .annotate(n=Count("id")).order_by("-n", "submission_id").limit(limit).values("submission_id", "n")
    return [(row["submission_id"], row["n"]) for row in rows]
