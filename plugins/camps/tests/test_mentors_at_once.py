"""Two mentors pressing /review at the same moment never hold the same submission (issue 15),
on SQLite and on a real PostgreSQL."""
import asyncio

import pytest

from plugins.camps.models import Review, Submission
from plugins.camps.tests.helpers import member
from plugins.camps.tests.test_days import utc
from plugins.camps.tests.test_homework import cohort

LEARNERS = ("alice", "bob", "carol")


async def _two_mentors_at_once(make_sandbox, tmp_path, database: str) -> None:
    sandbox = await cohort(make_sandbox, tmp_path, names=LEARNERS, database=database)
    for mentor in ("dave", "erin"):
        await sandbox.user(mentor).says("hello")
    await sandbox.set_time(utc("2026-03-11 02:00"))  # day 3, with homework
    for mentor in ("dave", "erin"):
        await sandbox.user("admin").says(f"/camp mentor @{mentor}")
    for name in LEARNERS:
        await sandbox.user(name).says(f"/submit 3 loops by {name}")
    first = await asyncio.gather(*(sandbox.user(m).says("/review") for m in ("dave", "erin")))
    cards = [replies[-1].text for replies in first]
    assert all("Review: day 3" in card for card in cards), cards
    assert cards[0] != cards[1]  # each holds a different one
    held = await Submission.filter(holder_id__isnull=False).values_list("holder_id", flat=True)
    assert sorted(held) == sorted([(await member("dave")).id, (await member("erin")).id])
    await Review.filter(state="open").update(state="done")  # both move on at once: one left for two
    second = await asyncio.gather(*(sandbox.user(m).says("/review") for m in ("dave", "erin")))
    texts = sorted((replies[-1].text for replies in second), key=lambda text: "Review: day 3" in text)
    assert ["No homework of py-march is waiting" in text for text in texts] == [True, False], texts
    assert ["Review: day 3" in text for text in texts] == [False, True], texts
    assert await Review.filter(kind="mentor").count() == 3  # every submission held by one mentor, once
    assert await Submission.filter(holder_id__isnull=True).count() == 0


async def test_two_mentors_pressing_review_at_once_never_hold_the_same_homework(make_sandbox, tmp_path):
    await _two_mentors_at_once(make_sandbox, tmp_path, "sqlite")


@pytest.mark.postgres
async def test_two_mentors_at_once_on_postgres(make_sandbox, tmp_path):
    await _two_mentors_at_once(make_sandbox, tmp_path, "postgres")
