"""Learners' homework commands: /submit (in a group, or in a direct message after choosing the
task with a button, sending text, photos, files or a link), the one-tap resubmission after
changes were asked, and /homework (my tasks and their status). Answers are private."""
from __future__ import annotations

from tortoise.transactions import in_transaction

from bot import Button, Context, MessageReceived, Rest, UserError, join_lines

from plugins.camps import cohorts, homework, reactions, review_queue
from plugins.camps.cohorts import Place
from plugins.camps.models import Enrolment, Submission, TaskPost
from plugins.camps.plugin import plugin
from plugins.camps.views import my_enrolment

STATUS = {"submitted": "submitted", "in-review": "in-review", "split": "in-review", "accepted": "accepted",
          "changes": "changes"}


@plugin.command("submit")
async def submit(ctx: Context, work: Rest = "") -> None:
    place, row = await my_enrolment(ctx, ctx.member, ("enrolled", "auditing"))
    words = work.split(maxsplit=1)
    day = int(words[0]) if words and words[0].isdigit() and len(words[0]) <= 3 else None
    text = (words[1] if len(words) > 1 else "") if day is not None else work
    attachments = getattr(ctx.event, "attachments", ())
    if not ctx.in_group and day is None and not text.strip() and not attachments:
        await _offer_tasks(ctx, place)
        return
    task = homework.task_to_submit(place, day)
    await _submit(ctx, place, row, task.day, homework.Work(text.strip(), await homework.read_files(ctx, attachments)))


async def _submit(ctx: Context, place: Place, row: Enrolment, day: int, work: homework.Work) -> None:
    task = homework.task_to_submit(place, day)
    if work.empty:
        raise UserError("camps-submit-empty", private=True, day=task.day)
    reference = f"{ctx.event.platform}:{ctx.event.event_id or ctx.event.chat.chat_id + '/' + str(getattr(ctx.event, 'message_id', ''))}"
    was_auditing = row.state == "auditing"
    async with in_transaction():  # one commit for the submission and its reviewers
        submission, new = await homework.submit(place, row, task, work, reference)
        assigned = await review_queue.pick_peers(place, task.day) if new else []
    if new and was_auditing:
        await ctx.send_direct(ctx.member, "camps-back-from-auditing", cohort=place.cohort.name)
    await review_queue.tell_reviewers(ctx, place, task.day, assigned)
    key = "camps-submitted-late" if submission.late else "camps-submitted"
    await ctx.reply(key, private=True, day=task.day, title=task.title, version=submission.version,
                    cohort=place.cohort.name)
    await reactions.remember(ctx, submission)


async def _offer_tasks(ctx: Context, place: Place) -> None:
    """In a direct message: a button per open homework task; the next message is its homework."""
    tasks = [t for t in place.camp.spec.tasks if t.homework and ctx.now() >= place.unlock_at(t)]
    if not tasks:
        raise UserError("camps-submit-no-task", private=True, cohort=place.cohort.name, days="-")
    buttons = [[Button(ctx.text("camps-pick-task-button", day=t.day, title=t.title[:40]), action="camps.pick_task",
                       args={"c": place.cohort.id, "d": t.day}, only_for=ctx.member.id)] for t in tasks[-6:]]
    await ctx.reply(ctx.message("camps-pick-task", buttons=buttons), private=True)


@plugin.button("pick_task")
async def pick_task(ctx: Context, c: int, d: int) -> None:
    await _await_work(ctx, c, d)


@plugin.button("resubmit")
async def resubmit(ctx: Context, c: int, d: int) -> None:
    await _await_work(ctx, c, d)


async def _await_work(ctx: Context, cohort_id: int, day: int) -> None:
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    place = await cohorts.place_of(ctx.community, library, cohort_id)
    row = await Enrolment.get_or_none(cohort_id=cohort_id, member_id=ctx.member.id, state__in=("enrolled", "auditing"))
    if place is None or row is None:
        await ctx.answer("camps-stale-button", alert=True)
        return
    task = homework.task_to_submit(place, day)
    row.submitting_day = task.day
    await row.save(update_fields=["submitting_day"])
    await ctx.answer()
    await ctx.reply("camps-send-your-work", private=True, day=task.day, title=task.title)


@plugin.on(MessageReceived)
async def typed_work(ctx: Context) -> None:
    """After a task was chosen in a direct message, the next message (words, photos, files, a
    link) is its homework."""
    event = ctx.event
    if ctx.in_group or ctx.member is None or event.user.is_bot or event.text.strip().startswith("/"):
        return
    if event.reply_to_message_id and await _task_post_replied(event):
        return  # reply_to_task takes it
    row = await Enrolment.filter(member_id=ctx.member.id, submitting_day__isnull=False,
                                 state__in=("enrolled", "auditing")).order_by("-id").first()
    if row is None:
        return
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    place = await cohorts.place_of(ctx.community, library, row.cohort_id)
    if place is None:
        return
    day, row.submitting_day = row.submitting_day, None
    await row.save(update_fields=["submitting_day"])
    await _submit(ctx, place, row, day, homework.Work(event.text.strip(),
                                                      await homework.read_files(ctx, event.attachments)))


async def _task_post_replied(event) -> TaskPost | None:
    return await TaskPost.get_or_none(platform=event.platform, chat_id=event.chat.chat_id,
                                      message_id=event.reply_to_message_id)


@plugin.on(MessageReceived)
async def reply_to_task(ctx: Context) -> None:
    """A reply to a day's task message, in a cohort chat or to the one sent in a direct
    message, is homework for that task."""
    event = ctx.event
    if ctx.member is None or not event.reply_to_message_id or event.user.is_bot or event.text.strip().startswith("/"):
        return
    post = await _task_post_replied(event)
    row = await Enrolment.get_or_none(cohort_id=post.cohort_id, member_id=ctx.member.id,
                                      state__in=("enrolled", "auditing")) if post else None
    if row is None:
        return
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    place = await cohorts.place_of(ctx.community, library, row.cohort_id)
    task = place.camp.spec.task(post.day) if place else None
    if task is None or not task.homework:
        return
    await _submit(ctx, place, row, post.day, homework.Work(event.text.strip(),
                                                           await homework.read_files(ctx, event.attachments)))


@plugin.command("homework")
async def homework_list(ctx: Context) -> None:
    place, row = await my_enrolment(ctx, ctx.member, ("enrolled", "auditing", "graduated", "finished"))
    latest: dict[int, Submission] = {}
    for submission in await Submission.filter(cohort_id=place.cohort.id, member_id=row.member_id).order_by("version"):
        latest[submission.day] = submission
    lines = [ctx.t("camps-homework-title", cohort=place.cohort.name)]
    for task in (t for t in place.camp.spec.tasks if t.homework):
        found = latest.get(task.day)
        if ctx.now() < place.unlock_at(task):
            status = "locked"
        elif found is None:
            status = "late" if ctx.now() > homework.due_at(place, task) else "missing"
        else:
            status = STATUS.get(found.state, "submitted")
        lines.append(ctx.t("camps-homework-line", day=task.day, title=task.title, status=ctx.text(
            f"camps-homework-{status}"), version=found.version if found else 0,
            late=ctx.text("camps-homework-was-late") if found is not None and found.late else ""))
    await ctx.reply(join_lines(lines), private=True)
