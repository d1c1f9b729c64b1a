"""A camp file, `camps/<slug>.toml`: the camp's template, its rules and its declared cohorts.

The whole format is documented in docs/camps.md; the models below are its reference. A
problem is named the way `shequn check-config` names one, with the file and the line:
`camps/python.toml:14: tasks.2.time: '25:00' is not a time of day as HH:MM`.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot import ChatKey, TimeZoneName

from plugins.camps.toml_lines import key_lines, line_of

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def clock_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str) and (match := _CLOCK.match(value.strip())):
        return time(int(match[1]), int(match[2]))
    raise ValueError(f"{value!r} is not a time of day as HH:MM (e.g. 09:00)")


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


SCORE_BUTTONS_PER_ROW = 5  # the narrowest platform's row (Discord)
SCORE_ROWS = 4  # a review card's rows of score buttons, below the accept / changes row (Discord: 5 rows)


class Criterion(Part):
    """A rubric criterion, scored 0 to `max` (written as just its name: 0 to 3)."""

    name: str = Field(min_length=1, max_length=40)
    max: int = Field(3, ge=1, le=10, description="the highest score")

    @property
    def button_rows(self) -> int:
        return -(-(self.max + 1) // SCORE_BUTTONS_PER_ROW)


class Task(Part):
    """One day's task. Homework (issue 15) hangs off `homework` and `rubric`."""

    day: int = Field(ge=1)
    title: str = Field(min_length=1, max_length=200)
    unlock: time = Field(time(8, 0), description="when the task unlocks, in the cohort's time zone")
    due: time = Field(time(23, 59), description="when the day's work is due")
    material: str = Field("", max_length=3000, description="text posted with the task")
    link: str | None = Field(None, max_length=500)
    file: str | None = Field(None, description="a file beside the camp file, sent with the task")
    homework: bool = False
    rubric: list[Criterion] = Field(default_factory=list, max_length=SCORE_ROWS,
                                    description='criteria: a name (scored 0-3) or {name = "...", max = 5}')
    late: Literal["accept", "refuse"] = Field("accept", description="homework after `due`: accepted (marked "
                                                                      "late) or refused")
    late_hours: int | None = Field(None, ge=1, le=24 * 60, description="accept: only this many hours after due")

    _times = field_validator("unlock", "due", mode="before")(clock_time)

    @field_validator("rubric", mode="before")
    @classmethod
    def _named_criteria(cls, value):
        return [{"name": item} if isinstance(item, str) else item for item in value] if isinstance(value, list) \
            else value

    @field_validator("rubric")
    @classmethod
    def _card_fits(cls, value: list[Criterion]) -> list[Criterion]:
        names = [criterion.name for criterion in value]
        if len(set(names)) < len(names):
            raise ValueError("a rubric criterion is named twice")
        if sum(criterion.button_rows for criterion in value) > SCORE_ROWS:
            raise ValueError(f"the rubric's score buttons need more than {SCORE_ROWS} rows of "
                             f"{SCORE_BUTTONS_PER_ROW} (every platform's review card): fewer criteria or smaller scales")
        return value

    @field_validator("link")
    @classmethod
    def _web_link(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not a web link (https://...)")
        return value


class Question(Part):
    id: str = Field(pattern=r"^[a-z0-9_]{1,32}$")
    text: str = Field(min_length=1, max_length=300)
    choices: list[str] = Field(default_factory=list, max_length=8, description="buttons; none: a free answer")

    @field_validator("choices")
    @classmethod
    def _short_choices(cls, choices: list[str]) -> list[str]:
        for choice in choices:
            if not 1 <= len(choice) <= 40:
                raise ValueError(f"{choice!r}: a choice is 1 to 40 characters")
        return choices


class Enrolment(Part):
    code: str | None = Field(None, min_length=3, max_length=40, description="the enrolment code")
    approval: bool = Field(False, description="an admin approves each enrolment")
    min_tier: str | None = Field(None, description="the lowest tier (needs a tier plugin)")
    tier_order: list[str] = Field(default_factory=list, description="the tiers, lowest first")
    seats: int | None = Field(None, ge=1, le=100_000, description="default seat limit of a cohort")
    questions: list[Question] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _known_tier(self) -> "Enrolment":
        if self.min_tier is not None and self.min_tier not in self.tier_order:
            raise ValueError(f"min_tier {self.min_tier!r} is not in tier_order (the tiers, lowest first)")
        return self

    @model_validator(mode="after")
    def _unique_questions(self) -> "Enrolment":
        seen: set[str] = set()
        for question in self.questions:
            if question.id in seen:
                raise ValueError(f"question id {question.id!r} is used twice")
            seen.add(question.id)
        return self


class Graduation(Part):
    day_counts_by: Literal["checkin", "homework", "either", "both"] = "either"
    days_done: float = Field(0.8, ge=0, le=1, description="share of days done")
    homework_accepted: float = Field(0.8, ge=0, le=1, description="share of homework accepted")
    average_score: float = Field(2.0, ge=0, le=3, description="average score, 0-3")
    showcases: int = Field(0, ge=0, le=50, description="homework shown in the showcase (优秀作业)")
    after_hours: int = Field(0, ge=0, le=24 * 14, description="hours after the last day before graduation "
                                                              "(time for the last showcase's pick and consent)")
    alumni_role: str | None = Field(None, max_length=100, description="a Discord role for graduates")


class Pods(Part):
    size: int = Field(8, ge=2, le=100)
    balance_by: list[str] = Field(default_factory=list, description="question ids to balance pods by")
    min_size: int | None = Field(None, ge=1, le=100, description="fewer enrolled members than this and a pod "
                                                                 "is merged into the others (default: half of size)")
    rebalance: bool = Field(True, description="merge shrunk pods after each day, automatically")


class Drops(Part):
    warn_after: int = Field(2, ge=1, le=60, description="missed days in a row before a private nudge")
    audit_after: int = Field(4, ge=2, le=60, description="missed days in a row before auditing")


class Reviewing(Part):
    mode: Literal["mentors", "peers", "both"] = Field("mentors", description="who reviews homework: mentors, "
                                                      "peers from other pods, or peers then a mentor on a split")
    peers: int = Field(2, ge=1, le=5, description="peer reviewers per submission")
    cap: int = Field(5, ge=1, le=100, description="open peer reviews a member holds at most")
    nudge_after: int = Field(12, ge=1, le=24 * 14, description="hours before a reviewer is nudged")
    reassign_after: int = Field(24, ge=1, le=24 * 30, description="hours before a review goes to someone else")
    mentor_role: str | None = Field(None, max_length=100, description="members holding this role are mentors")


class Showcasing(Part):
    every: int = Field(7, ge=1, le=365, description="days between showcases (优秀作业): after day 7, 14, ...")
    candidates: int = Field(3, ge=1, le=8, description="the highest-scored accepted homework offered to the mentors")
    reacted: int = Field(2, ge=0, le=8, description="the most-reacted homework offered beside them, where the "
                                                     "platform reports reactions")
    channel: ChatKey | None = Field(None, description="a community-wide chat where showcases also go")


class DeclaredCohort(Part):
    name: str = Field(pattern=SLUG.pattern)
    community: str = Field(min_length=1, description="the slug of a [communities.<slug>] of config.toml")
    start: date
    timezone: TimeZoneName | None = None
    enrol_from: date | None = None
    enrol_until: date | None = None
    seats: int | None = Field(None, ge=1, le=100_000)
    chats: list[ChatKey] = Field(default_factory=list, description='"platform:id", default the community\'s chats')


class CampFile(Part):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    days: int = Field(ge=1, le=365)
    rules: str = Field("", max_length=2000, description="posted in the welcome at the opening")
    enrolment: Enrolment = Field(default_factory=Enrolment)
    graduation: Graduation = Field(default_factory=Graduation)
    pods: Pods = Field(default_factory=Pods)
    dropouts: Drops = Field(default_factory=Drops)
    review: Reviewing = Field(default_factory=Reviewing)
    showcase: Showcasing = Field(default_factory=Showcasing)
    tasks: list[Task] = Field(default_factory=list)
    cohorts: list[DeclaredCohort] = Field(default_factory=list)

    def task(self, day: int) -> Task | None:
        return next((task for task in self.tasks if task.day == day), None)


@dataclass(frozen=True)
class Camp:
    slug: str
    path: Path
    spec: CampFile


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    key: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.reason}" if self.key else f"{where}: {self.reason}"


class CampFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def read_camp(path: Path, shown_as: str | None = None) -> Camp:
    """The camp in `path`, or CampFileError naming every problem with its line and key."""
    name = shown_as or str(path)
    slug = path.stem
    if not SLUG.match(slug):
        raise CampFileError([Problem(name, None, "", f"the file name {slug!r} is not a camp slug "
                                                     "(lowercase letters, digits, - and _)")])
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_in_message(str(exc))
        raise CampFileError([Problem(name, line, "", f"not valid TOML: {exc}")]) from None
    lines = key_lines(text)
    try:
        spec = CampFile.model_validate(data)
    except ValidationError as exc:
        raise CampFileError([_problem(name, lines, err["loc"], _reason(err)) for err in exc.errors()]) from None
    problems = [_problem(name, lines, loc, reason) for loc, reason in _task_problems(spec)]
    problems += [_problem(name, lines, loc, reason) for loc, reason in _reference_problems(spec, path)]
    if problems:
        raise CampFileError(problems)
    return Camp(slug, path, spec)


def _task_problems(spec: CampFile) -> list[tuple[tuple, str]]:
    problems, seen = [], {}
    for index, task in enumerate(spec.tasks):
        if task.day > spec.days:
            problems.append((("tasks", index, "day"), f"day {task.day} is after the camp's last day ({spec.days})"))
        elif task.day in seen:
            problems.append((("tasks", index, "day"), f"day {task.day} has a task already (tasks.{seen[task.day]})"))
        else:
            seen[task.day] = index
    return problems


def _reference_problems(spec: CampFile, path: Path) -> list[tuple[tuple, str]]:
    problems = []
    questions = {question.id for question in spec.enrolment.questions}
    for index, wanted in enumerate(spec.pods.balance_by):
        if wanted not in questions:
            problems.append((("pods", "balance_by", index), f"no enrolment question has the id {wanted!r}"))
    for index, task in enumerate(spec.tasks):
        if task.file and not (path.parent / task.file).is_file():
            problems.append((("tasks", index, "file"), f"no file {task.file!r} beside the camp file"))
    names: set[str] = set()
    for index, cohort in enumerate(spec.cohorts):
        if (cohort.community, cohort.name) in names:
            problems.append((("cohorts", index, "name"), f"cohort {cohort.name!r} is declared twice"))
        names.add((cohort.community, cohort.name))
        if cohort.enrol_from and cohort.enrol_until and cohort.enrol_from > cohort.enrol_until:
            problems.append((("cohorts", index, "enrol_until"), "enrolment closes before it opens"))
    return problems


def _problem(name: str, lines: dict, loc: tuple, reason: str) -> Problem:
    return Problem(name, line_of(lines, tuple(loc)), ".".join(str(part) for part in loc), reason)


def _reason(err: dict) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key (check the spelling; see docs/camps.md)"
    if err["type"] == "missing":
        return "required"
    return err["msg"].removeprefix("Value error, ")


def _line_in_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match[1]) if match else None
