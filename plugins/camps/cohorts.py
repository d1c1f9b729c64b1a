"""Cohorts (营期): a run of a camp in a community, with its own time zone, enrolment window,
seats, start date and chats. Declared cohorts come from the camp files; others are opened
with `/camp open`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import Community, now

from plugins.camps.camp_file import Camp, Task
from plugins.camps.library import Library, library_for
from plugins.camps.models import Cohort, Enrolment
from plugins.camps.open_options import OpenOptions

HOLDS_SEAT = ("enrolled", "auditing", "graduated")
ACTIVE = ("enrolled", "auditing")

_synced: set[tuple[int, str, int]] = set()  # (community, folder, library version) written


@dataclass(frozen=True)
class Place:
    """A cohort with its camp, as handlers use them."""

    cohort: Cohort
    camp: Camp

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.cohort.timezone)

    def today(self) -> date:
        return now().astimezone(self.zone).date()

    @property
    def end(self) -> date:
        """The camp's last day."""
        return self.cohort.start + timedelta(days=self.camp.spec.days - 1)

    def day_number(self, day: date | None = None) -> int:
        """Day 1 is the start date; 0 or less before it."""
        return ((day or self.today()) - self.cohort.start).days + 1

    def date_of(self, day: int) -> date:
        return self.cohort.start + timedelta(days=day - 1)

    def at(self, day: int, clock: time) -> datetime:
        return datetime.combine(self.date_of(day), clock, tzinfo=self.zone)

    def unlock_at(self, task: Task) -> datetime:
        return self.at(task.day, task.unlock)

    @property
    def enrol_until(self) -> date:
        return self.cohort.enrol_until or self.cohort.start

    def enrolment_open(self) -> bool:
        today = self.today()
        return (self.cohort.graduated_at is None and today <= self.enrol_until
                and (self.cohort.enrol_from is None or today >= self.cohort.enrol_from))

    def phase(self) -> str:
        """upcoming, running, ended (the last day is over) or closed (graduation ran)."""
        if self.cohort.graduated_at is not None:
            return "closed"
        today = self.today()
        if today < self.cohort.start:
            return "upcoming"
        return "running" if today <= self.end else "ended"


async def library_of(community: Community, folder: str) -> Library:
    """The camps of a folder, with the cohorts its files declare for `community` written."""
    library = library_for(folder)
    key = (community.id, str(library.folder), library.version)
    if key not in _synced:
        await write_declared(community, library)
        _synced.add(key)
    return library


async def write_declared(community: Community, library: Library) -> None:
    for camp in library.camps.values():
        for declared in camp.spec.cohorts:
            if declared.community != community.slug:
                continue
            values = dict(camp=camp.slug, start=declared.start, timezone=declared.timezone or community.timezone,
                          enrol_from=declared.enrol_from, enrol_until=declared.enrol_until,
                          seats=declared.seats or camp.spec.enrolment.seats, chats=list(declared.chats),
                          declared=True)
            existing = await Cohort.get_or_none(community_id=community.id, name=declared.name)
            if existing is None:
                await Cohort.create(community_id=community.id, name=declared.name, created_at=now(), **values)
            elif existing.declared:
                await existing.update_from_dict(values).save()


async def places(community: Community, library: Library) -> list[Place]:
    """The community's cohorts whose camp is loaded, by start date."""
    cohorts = await Cohort.filter(community_id=community.id).order_by("start", "id")
    return [Place(cohort, library.camps[cohort.camp]) for cohort in cohorts if cohort.camp in library.camps]


async def find(community: Community, library: Library, name: str) -> Place | None:
    """A cohort by its name, or by its camp's slug when that camp has one cohort not closed."""
    name = name.strip().lower()
    every = await places(community, library)
    exact = [place for place in every if place.cohort.name == name]
    if exact:
        return exact[0]
    of_camp = [place for place in every if place.camp.slug == name and place.phase() != "closed"]
    return of_camp[0] if len(of_camp) == 1 else None


async def place_of(community: Community, library: Library, cohort_id: int) -> Place | None:
    """A cohort of this community (never another's) with its loaded camp."""
    cohort = await Cohort.get_or_none(id=cohort_id, community_id=community.id)
    if cohort is None or cohort.camp not in library.camps:
        return None
    return Place(cohort, library.camps[cohort.camp])


def free_name(camp: Camp, start: date, taken: set[str]) -> str:
    base = f"{camp.slug[:30]}-{start:%m%d}"
    name, suffix = base, 2
    while name in taken:
        name, suffix = f"{base}-{suffix}", suffix + 1
    return name


async def open_cohort(community: Community, camp: Camp, start: date, chats: list[str],
                      options: OpenOptions = OpenOptions()) -> Cohort:
    taken = set(await Cohort.filter(community_id=community.id).values_list("name", flat=True))
    return await Cohort.create(community_id=community.id, camp=camp.slug, name=free_name(camp, start, taken),
                               start=start, timezone=options.timezone or community.timezone,
                               seats=options.seats or camp.spec.enrolment.seats, enrol_from=options.enrol_from,
                               enrol_until=options.enrol_until, chats=chats, created_at=now())


async def seats_taken(cohort: Cohort) -> int:
    return await Enrolment.filter(cohort_id=cohort.id, state__in=HOLDS_SEAT).count()
