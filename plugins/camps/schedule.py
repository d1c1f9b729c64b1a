"""What happens on a cohort's calendar, looked at every few minutes by the `tick` job: the
opening (开营) with its pods, each day's task unlocking at its time in the cohort's time
zone, the drop-out watch after each day, and the graduation after the last (graduation.py).

Each step is claimed in the database before it is done (a `Claim` or `Unlock` row with a
unique key), so it happens once across instances and restarts, and a tick after downtime
catches up on everything that fell due meanwhile.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import time, timedelta

from bot import Document, JobContext, Member, SentMessage, insert_many, join_lines, now

from plugins.camps import cohorts, deadlines, dropouts, graduation, pod_places, pods, showcase
from plugins.camps.once import claim, claim_unlock, send_once
from plugins.camps.camp_file import Task
from plugins.camps.cohorts import ACTIVE, Place
from plugins.camps.library import has_camps
from plugins.camps.models import Claim, Enrolment, TaskPost, Unlock
from plugins.camps.plugin import plugin

log = logging.getLogger(__name__)
OPENING = time(0, 0)
# Direct messages of one unlock on their way at once: enough that the platform's pacing, not each
# message's round trip and bookkeeping, sets the pace (Telegram: 30 a second).
SENDING_AT_ONCE = 8


@plugin.job("tick", cron=lambda settings: settings.tick_cron if has_camps(settings.folder) else None,
            grace=timedelta(days=31))
async def tick(ctx: JobContext) -> None:
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    for place in await cohorts.places(ctx.community, library):
        if place.phase() == "closed":
            continue
        await run_due(ctx, place)


async def run_due(ctx: JobContext, place: Place) -> None:
    moment = now()
    claimed = set(await Claim.filter(cohort_id=place.cohort.id).values_list("key", flat=True))
    if "opening" not in claimed and moment >= place.at(1, OPENING) and await claim(place, "opening"):
        await open_cohort(ctx, place)
    unlocked = set(await Unlock.filter(cohort_id=place.cohort.id).values_list("day", flat=True))
    for task in place.camp.spec.tasks:
        if task.day not in unlocked and moment >= place.unlock_at(task) and await claim_unlock(place, task.day):
            await post_task(ctx, place, task)
    for pending in await Unlock.filter(cohort_id=place.cohort.id, fanned_out=False).order_by("day"):
        if task := place.camp.spec.task(pending.day):
            await send_task(ctx, place, task)
        pending.fanned_out = True
        await pending.save(update_fields=["fanned_out"])
    await dropouts.watch(ctx, place, claimed)
    await deadlines.watch(ctx, place)
    await showcase.watch(ctx, place, claimed)
    if place.phase() == "ended" and "graduation" not in claimed and moment >= graduation.due(place) \
            and await claim(place, "graduation"):
        await graduation.graduate(ctx, place)


async def open_cohort(ctx: JobContext, place: Place) -> None:
    """The welcome: rules, the schedule and the pods."""
    formed = await pods.form(place)
    place.cohort.opened_at = now()
    await place.cohort.save(update_fields=["opened_at"])
    spec = place.camp.spec
    lines = [ctx.t("camps-welcome", title=spec.title, cohort=place.cohort.name, days=spec.days,
                   start=place.cohort.start.isoformat(), end=place.end.isoformat(), timezone=place.cohort.timezone)]
    if spec.rules:
        lines.append(ctx.t("camps-welcome-rules", rules=spec.rules))
    lines.append(ctx.t("camps-welcome-schedule"))
    lines += [ctx.t("camps-schedule-line", day=task.day, date=place.date_of(task.day).strftime("%m-%d"),
                    time=task.unlock.strftime("%H:%M"), title=task.title) for task in spec.tasks]
    lines += await pods.pod_lines(ctx, formed)
    await ctx.post_in(place.cohort.chats, join_lines(lines))
    await pod_places.open_places(ctx, place, formed)


async def post_task(ctx: JobContext, place: Place, task: Task) -> None:
    """The day's task in the cohort's chats."""
    sent = await ctx.post_in(place.cohort.chats, ctx.message(_task_text(ctx, place, task),
                                                             document=_material_file(place, task)))
    for message in sent:
        await remember_post(place, task, message)


async def remember_post(place: Place, task: Task, message: SentMessage) -> None:
    """A reply to this post of the task (in a chat, or in a member's DM) is homework for it."""
    await insert_many(TaskPost, [dict(platform=message.platform, chat_id=message.chat_id, message_id=message.message_id,
                                      cohort_id=place.cohort.id, day=task.day)],
                      skip_conflicts_on=("platform", "chat_id", "message_id"))  # one statement a DM of the fan-out


async def send_task(ctx: JobContext, place: Place, task: Task) -> None:
    """The day's task to each member who opted in to direct messages, once each: a fan-out
    cut short by a restart goes on where it stopped."""
    document = _material_file(place, task)
    enrolled = await Enrolment.filter(cohort_id=place.cohort.id, state__in=ACTIVE,
                                      direct_messages=True).prefetch_related("member")
    sending = asyncio.Semaphore(SENDING_AT_ONCE)

    async def send(member: Member) -> None:
        async with sending:
            await send_once(ctx, place, member, f"unlock:{task.day}",
                            lambda: ctx.message(_task_text(ctx, place, task, member), document=document),
                            (lambda message: remember_post(place, task, message)) if task.homework else None)

    await asyncio.gather(*(send(row.member) for row in enrolled))


def _task_text(ctx: JobContext, place: Place, task: Task, member: Member | None = None):
    words = (lambda message_id, **args: ctx.t_for(member, message_id, **args)) if member else ctx.t
    lines = [words("camps-task", day=task.day, days=place.camp.spec.days, title=task.title,
                   due=task.due.strftime("%H:%M"), timezone=place.cohort.timezone)]
    if task.material:
        lines.append(words("camps-task-material", material=task.material))
    if task.link:
        lines.append(words("camps-task-link", link=task.link))
    lines.append(words("camps-task-homework" if task.homework else "camps-task-checkin"))
    return join_lines(lines)


def _material_file(place: Place, task: Task) -> Document | None:
    if not task.file:
        return None
    path = place.camp.path.parent / task.file
    try:
        return Document(path.read_bytes(), path.name)
    except OSError:
        log.warning("material %s of %s day %s is missing", path, place.camp.slug, task.day)
        return None
