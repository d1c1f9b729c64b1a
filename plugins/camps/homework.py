"""Homework (作业): a submission for a day's task, tied to the task it answers. A second one for
the same task is a new version (the latest is reviewed, the history kept). After the task's
`due` time a submission is late: the task's late policy accepts it (marked late; within
`late_hours` if set) or refuses it. A submission also marks its day done, as the `homework`
source of the camp's day rule."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from bot import FileTooLarge, UserError, insert_many, now

from plugins.camps.camp_file import Task
from plugins.camps.cohorts import Place
from plugins.camps.models import DayDone, Enrolment, Review, Submission, SubmissionFile

LINK = re.compile(r"https?://\S+")
MAX_FILES = 4
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TEXT = 4000


@dataclass(frozen=True)
class Work:
    """What a member sends: words, a link found in them, and files (kind, name, bytes)."""

    text: str
    files: tuple[tuple[str, str, bytes], ...] = ()

    @property
    def link(self) -> str | None:
        found = LINK.search(self.text)
        return found[0][:500] if found else None

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not self.files


def due_at(place: Place, task: Task) -> datetime:
    return place.at(task.day, task.due)


def task_to_submit(place: Place, day: int | None) -> Task:
    """The task a submission answers: the named day's, else today's. A clear UserError when
    there is none with homework, or it has not unlocked yet."""
    today = place.day_number()
    task = place.camp.spec.task(day if day is not None else today)
    if task is None or not task.homework:
        open_days = [t.day for t in place.camp.spec.tasks if t.homework and now() >= place.unlock_at(t)]
        raise UserError("camps-submit-no-task", private=True, cohort=place.cohort.name,
                        days=", ".join(map(str, open_days)) or "-")
    if now() < place.unlock_at(task):
        raise UserError("camps-submit-locked", private=True, day=task.day,
                        at=place.unlock_at(task).strftime("%Y-%m-%d %H:%M"), timezone=place.cohort.timezone)
    return task


def lateness(place: Place, task: Task, moment: datetime) -> bool:
    """Whether a submission at `moment` is late; UserError where the task's policy refuses it."""
    due = due_at(place, task)
    if moment <= due:
        return False
    if task.late == "refuse":
        raise UserError("camps-submit-refused", private=True, day=task.day,
                        due=due.strftime("%Y-%m-%d %H:%M"), timezone=place.cohort.timezone)
    if task.late_hours and moment > due + timedelta(hours=task.late_hours):
        raise UserError("camps-submit-too-late", private=True, day=task.day, timezone=place.cohort.timezone,
                        until=(due + timedelta(hours=task.late_hours)).strftime("%Y-%m-%d %H:%M"))
    return True


async def submit(place: Place, row: Enrolment, task: Task, work: Work, reference: str) -> tuple[Submission, bool]:
    """The new version (and True), or the one this reference made already (and False). Only
    writes: the caller runs it in a transaction and tells people afterwards."""
    existing = await Submission.get_or_none(cohort_id=place.cohort.id, member_id=row.member_id, reference=reference)
    if existing is not None:
        return existing, False
    late = lateness(place, task, now())
    latest = await latest_of(place, row.member_id, task.day)
    try:
        async with in_transaction():  # a savepoint inside a unit of work: a conflict must not abort it
            submission = await Submission.create(
                cohort_id=place.cohort.id, member_id=row.member_id, day=task.day,
                version=latest.version + 1 if latest else 1, text=work.text[:MAX_TEXT], link=work.link, late=late,
                reference=reference[:128], created_at=now())
    except IntegrityError:  # the same update handled twice at once
        return await Submission.get(cohort_id=place.cohort.id, member_id=row.member_id, reference=reference), False
    for kind, name, data in work.files[:MAX_FILES]:
        await SubmissionFile.create(submission_id=submission.id, kind=kind, filename=name[:200], data=data)
    if latest is not None:
        await _carry_reviews(latest, submission)
    await insert_many(DayDone, [dict(cohort_id=place.cohort.id, member_id=row.member_id, day=task.day,
                                     source="homework", reference=f"submission:{submission.id}", at=now())],
                      skip_conflicts_on=("cohort_id", "member_id", "day", "source"))  # one statement
    if row.state == "auditing":
        row.state = "enrolled"
        await row.save(update_fields=["state"])
    return submission, True


async def _carry_reviews(old: Submission, new: Submission) -> None:
    """A new version takes the old one's place: its open reviews and its mentor move to it."""
    await Review.filter(submission_id=old.id, state="open").update(submission_id=new.id)
    if await Review.exists(submission_id=new.id, state="open"):
        new.state = "in-review"
    new.holder_id = old.holder_id
    await new.save(update_fields=["state", "holder_id"])
    old.state, old.holder_id = "superseded", None
    await old.save(update_fields=["state", "holder_id"])


async def latest_of(place: Place, member_id: int, day: int) -> Submission | None:
    return await Submission.filter(cohort_id=place.cohort.id, member_id=member_id, day=day).order_by("-version").first()


async def read_files(ctx, attachments) -> tuple[tuple[str, str, bytes], ...]:
    """The event's photos and files, each at most 5 MB (a bigger one is a clear UserError)."""
    files = []
    for attachment in attachments[:MAX_FILES]:
        try:
            data = await attachment.read(MAX_FILE_BYTES)
        except FileTooLarge:
            raise UserError("camps-submit-file-too-big", private=True, most=MAX_FILE_BYTES // (1024 * 1024)) from None
        files.append((attachment.kind, attachment.filename or f"{attachment.kind}-{len(files) + 1}", data))
    return tuple(files)
