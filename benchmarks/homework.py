"""Homework review (camps): queue assignment and /review on big cohorts.

    python -m benchmarks.homework                  # both; /review on SQLite and PostgreSQL
    python -m benchmarks.homework --no-postgres

* assignment: a cohort of 2,000 members in pods of 8, peer review with 2 peers each and a cap
  of 5 open reviews a member; every member sends /submit for the day's task through the
  sandbox bus, one after another. Reported: the time for all 2,000 (target: within one
  minute), submissions with 2 peers (all, target) and the most open reviews anyone holds
  (at most the cap), beside the time of 2,000 /ping (the bus alone).
* /review: a cohort with 10,000 submissions waiting for a mentor; the p50 of /review (the
  mentor takes the oldest one and gets its card), beside /ping. Target: p50 < 50 ms.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from bot import Context, Plugin, insert_many
from bot.models import Community, Member

from adapters.sandbox.testing import start_sandbox, stop_sandbox

from plugins.camps import plugin as camps
from plugins.camps.models import Cohort, Enrolment, Mentor, Pod, Review, Submission

START = date(2026, 3, 9)
CAMP = """title = "Benchmark camp"
days = 7
[review]
mode = "{mode}"
peers = 2
cap = 5
[[tasks]]
day = 1
unlock = "00:00"
title = "Day one"
homework = true
rubric = ["works", "clear"]
[[cohorts]]
name = "bench"
community = "bench"
start = {start}
timezone = "UTC"
"""


def camp_folder(mode: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="shequn-homework-bench-")) / "camps"
    folder.mkdir()
    (folder / "bench.toml").write_text(CAMP.format(mode=mode, start=START.isoformat()), encoding="utf-8")
    return folder


def ping_plugin() -> Plugin:
    ping = Plugin("ping")

    @ping.command("ping")
    async def answer(ctx: Context) -> None:
        await ctx.reply("camps-none-open")

    return ping


async def cohort_of(sandbox, members: int, pod_size: int = 8) -> tuple[Cohort, list[str]]:
    names = [f"h{i}" for i in range(members)]
    for name in names:
        await sandbox.user(name).says("hi")
    await sandbox.user("mentor").says("hi")
    community = await Community.get(slug="bench")
    await sandbox.user(names[0]).says("/camps")  # the plugin writes the declared cohort
    cohort = await Cohort.get(community_id=community.id, name="bench")
    ids = await Member.filter(community_id=community.id, display_name__startswith="H").order_by("id").values_list(
        "id", flat=True)
    pods = [await Pod.create(cohort_id=cohort.id, number=n + 1) for n in range((len(ids) + pod_size - 1) // pod_size)]
    now = sandbox.now
    await insert_many(Enrolment, [dict(cohort_id=cohort.id, member_id=m, state="enrolled", step=0, answers="{}",
                                       direct_messages=False, named=True, leader_volunteer=False,
                                       pod_id=pods[i // pod_size].id, created_at=now, enrolled_at=now,
                                       waiting_since=None, timezone=None, submitting_day=None)
                                  for i, m in enumerate(ids)])
    cohort.opened_at = now
    await cohort.save(update_fields=["opened_at"])
    return cohort, names


async def assignment(members: int) -> None:
    sandbox = await start_sandbox({"plugins": {"camps": {"folder": str(camp_folder("peers")), "tick_minutes": 60}},
                                   "communities": {"bench": {"name": "Bench", "chats": ["sandbox:demo"]}}},
                                  plugins=[camps, ping_plugin()],
                                  start=datetime(2026, 3, 9, 10, 0, tzinfo=UTC))
    try:
        _, names = await cohort_of(sandbox, members)
        started = time.perf_counter()
        for name in names:
            await sandbox.user(name).says("/ping")
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        for name in names:
            await sandbox.user(name).says(f"/submit my work, by {name}")
        took = time.perf_counter() - started
        reviews = await Review.filter(kind="peer").values_list("submission_id", "reviewer_id")
        per_submission = Counter(submission for submission, _ in reviews)
        held = Counter(reviewer for _, reviewer in reviews)
        full = sum(1 for count in per_submission.values() if count == 2)
        print(f"queue assignment: {members} submissions in {took:.1f} s (target: within 60 s; baseline "
              f"{members} /ping {baseline:.1f} s, {took / baseline:.1f}x); {full} of {await Submission.all().count()} "
              f"with 2 peers; most open reviews anyone holds {max(held.values())} (cap 5); "
              f"double assignments {len(reviews) - len(set(reviews))}")
    finally:
        await stop_sandbox(sandbox)


async def review(pending: int, database: str, asks: int = 100) -> None:
    sandbox = await start_sandbox({"plugins": {"camps": {"folder": str(camp_folder("mentors")), "tick_minutes": 60}},
                                   "communities": {"bench": {"name": "Bench", "chats": ["sandbox:demo"]}}},
                                  plugins=[camps, ping_plugin()], database=database,
                                  start=datetime(2026, 3, 9, 10, 0, tzinfo=UTC))
    try:
        cohort, names = await cohort_of(sandbox, 2000)
        ids = await Enrolment.filter(cohort_id=cohort.id).values_list("member_id", flat=True)
        mentor = await Member.get(display_name="Mentor")
        await Mentor.create(cohort_id=cohort.id, member_id=mentor.id, at=sandbox.now)
        now = sandbox.now
        rows = [dict(cohort_id=cohort.id, member_id=ids[i % len(ids)], day=1, version=1 + i // len(ids),
                     text=f"work {i}", link=None, late=False, state="submitted", holder_id=None, score=None,
                     reference=f"bench:{i}", created_at=now, settled_at=None) for i in range(pending)]
        for start in range(0, len(rows), 2000):
            await insert_many(Submission, rows[start:start + 2000])
        timings: dict[str, list[float]] = {"/ping": [], "/review": []}
        for _ in range(asks):
            for command in timings:
                started = time.perf_counter()
                replies = await sandbox.user("mentor").says(command)
                timings[command].append((time.perf_counter() - started) * 1000)
                assert replies, command
            await Review.filter(reviewer_id=mentor.id, state="open").update(state="done")  # the next /review takes one
        review_p50, ping_p50 = statistics.median(timings["/review"]), statistics.median(timings["/ping"])
        print(f"/review with {pending} submissions waiting, {database}: p50 {review_p50:.1f} ms (target < 50 ms); "
              f"baseline /ping p50 {ping_p50:.1f} ms ({review_p50 / ping_p50:.1f}x)")
    finally:
        await stop_sandbox(sandbox)


async def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.homework")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--pending", type=int, default=10000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--only", choices=("assignment", "review"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("bot.runtime").setLevel(logging.CRITICAL)  # the ping plugin has no catalog of its own
    if args.only in (None, "assignment"):
        await assignment(args.members)
    if args.only in (None, "review"):
        await review(args.pending, "sqlite")
        if not args.no_postgres:
            await review(args.pending, "postgres")


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(argv))


if __name__ == "__main__":
    main()
