"""Plugin jobs on cron schedules, per community, in each community's time zone.

The database is the source of truth: `core_job_run` keeps the last fire time that ran for
each (job, community). At start a fire missed while the bot was down runs once if it is
within the job's grace window and is skipped (logged) otherwise. With several instances a
fire runs once: its key is claimed in the shared store (Redis) first.

Running instances tick: every few seconds `run_due(now)` runs every fire since the last
tick, for every community in the database. So a community created by a message on any
instance, or a setting changed on another instance, gets its jobs at the next tick, with no
registration to keep in step. Each tick also runs the core's chores (lifting ended member
restrictions): one cheap query, not a job per community. APScheduler's `CronTrigger` does the calendar arithmetic.
With the tests' manual clock nothing ticks: `run_due(now)` runs every fire up to `now` in
order, each at its own time.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.triggers.cron import CronTrigger

from bot import clock
from bot.clock import ManualClock, OffsetClock, current_clock
from bot.context import JobContext
from bot.models import Community, JobRun
from bot.plugin import JobSpec

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
TICK_SECONDS = 5
# How far back one clock move or one restart runs jobs: fires older than this are skipped.
# A sandbox clock moved years ahead would otherwise run (and first compute) every fire between.
MAX_RUN_SPAN = timedelta(days=31)


class Scheduler:
    def __init__(self, runtime: "Runtime") -> None:
        self.runtime = runtime
        self.jobs: list[JobSpec] = []
        self.chores: list[Callable[[], Awaitable[Any]]] = []  # run at every tick, after the jobs
        self._last_tick: datetime | None = None
        self._ticker: asyncio.Task | None = None
        self._moving = False  # the clock is being moved by hand: the ticker waits

    def add(self, job: JobSpec) -> None:
        self.jobs.append(job)

    @property
    def manual(self) -> bool:
        """Whether time is set by hand (tests, the sandbox page) rather than only passing."""
        return isinstance(current_clock(), (ManualClock, OffsetClock))

    async def start(self) -> None:
        self._last_tick = clock.now()
        for community in await Community.all():
            await self._catch_up(community)
        if not isinstance(current_clock(), ManualClock):
            self._ticker = asyncio.create_task(self._tick_forever(), name="scheduler-tick")

    async def stop(self) -> None:
        if self._ticker:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
            self._ticker = None

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            if self._moving:
                continue
            try:
                await self.run_due(clock.now())
            except Exception:
                log.exception("scheduler tick failed")

    # --- time arithmetic ---------------------------------------------------------------

    def trigger_for(self, job: JobSpec, community: Community) -> CronTrigger | None:
        if job.plugin not in self.runtime.communities.plugin_names(community):
            return None
        expression = job.cron_for(self.runtime.plugin_settings(job.plugin, community))
        if not expression:
            return None
        return CronTrigger.from_crontab(expression, timezone=community.timezone)

    @staticmethod
    def fires_between(trigger: CronTrigger, after: datetime, until: datetime) -> list[datetime]:
        """Fire times t with after < t <= until."""
        fires, previous = [], None
        cursor = after + timedelta(microseconds=1)
        while True:
            fire = trigger.get_next_fire_time(previous, cursor)
            if fire is None or fire > until:
                return fires
            fires.append(fire)
            previous, cursor = fire, fire + timedelta(microseconds=1)

    # --- running -----------------------------------------------------------------------

    async def _catch_up(self, community: Community) -> None:
        now = clock.now()
        for job in self.jobs:
            trigger = self.trigger_for(job, community)
            run = await JobRun.get_or_none(job=job.key, community_id=community.id)
            if trigger is None or run is None:
                continue
            fires = self.fires_between(trigger, max(run.last_fire_at, now - MAX_RUN_SPAN), now)
            if not fires:
                continue
            latest = fires[-1]
            if now - latest <= job.grace:
                log.info("catching up %s for %s (missed %s)", job.key, community.slug, latest.isoformat())
                await self.fire(job, community.id, latest)
            else:
                log.warning("skipped %s for %s: missed %s, outside its %s grace window",
                            job.key, community.slug, latest.isoformat(), job.grace)
                await self._record(job, community.id, latest)

    async def run_due(self, now: datetime, *, by_hand: bool = False) -> int:
        """Run every fire in (last tick, now], oldest first, with the clock at each fire time
        (a manual clock; or a settable one being moved by hand, the live sandbox's)."""
        if not by_hand:
            return await self._run_due(now, by_hand)
        self._moving = True
        try:
            return await self._run_due(now, by_hand)
        finally:
            self._moving = False

    async def _run_due(self, now: datetime, by_hand: bool) -> int:
        start, self._last_tick = self._last_tick or now, now
        if now - start > MAX_RUN_SPAN:
            log.warning("the clock moved %s at once; jobs due before %s are skipped",
                        now - start, (now - MAX_RUN_SPAN).isoformat())
            start = now - MAX_RUN_SPAN
        pending = []
        for community in await Community.all():
            for job in self.jobs:
                trigger = self.trigger_for(job, community)
                if trigger:
                    fires = self.fires_between(trigger, start, now)
                    pending += [(fire, job, community.id) for fire in (fires[-1:] if job.coalesce else fires)]
        pending.sort(key=lambda item: item[0])
        settable = current_clock()
        manual = settable if isinstance(settable, ManualClock) or (by_hand and hasattr(settable, "set")) else None
        for fire, job, community_id in pending:
            if manual:
                manual.set(fire)
            await self.fire(job, community_id, fire)
        if manual:
            manual.set(now)
        for chore in self.chores:
            try:
                await chore()
            except Exception:
                log.exception("scheduler chore %s failed", getattr(chore, "__qualname__", chore))
        return len(pending)

    def rewind(self, when: datetime) -> None:
        """The clock was set back: nothing runs until it passes fires again."""
        self._last_tick = when

    async def fire(self, job: JobSpec, community_id: int, fire_time: datetime) -> None:
        claim = f"job:{job.key}:{community_id}:{fire_time.isoformat()}"
        if not await self.runtime.store.claim(claim, job.grace.total_seconds() + 86400):
            return
        community = await Community.get(id=community_id)
        await self.runtime.lookups.refresh()  # on a quiet instance, no event may have lately
        try:
            await job.handler(JobContext(self.runtime, community, job.plugin))
        except Exception:
            ref = self.runtime.new_error_ref()
            log.exception("job %s for %s failed (ref %s)", job.key, community.slug, ref)
        await self._record(job, community_id, fire_time)

    @staticmethod
    async def _record(job: JobSpec, community_id: int, fire_time: datetime) -> None:
        await JobRun.update_or_create(job=job.key, community_id=community_id, defaults={"last_fire_at": fire_time})
