"""The check-in plugin's settings: `[plugins.checkin]`, overridden per community by
`[communities.<slug>.settings.checkin]`. Every rule of the issue lives here."""
from __future__ import annotations

import re
from datetime import time
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from plugins.checkin.community_day import CheckinWindow
from plugins.checkin.streaks import DEFAULT_MILESTONES, Preset, StreakRules

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_clock(value: str) -> time:
    match = _CLOCK.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a time of day as HH:MM (e.g. 20:00)")
    return time(int(match[1]), int(match[2]))


def daily_cron(clock: str | None) -> str | None:
    """A crontab line firing once a day at HH:MM, or None when unset."""
    if not clock:
        return None
    at = parse_clock(clock)
    return f"{at.minute} {at.hour} * * *"


class ProofOfWork(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_note_chars: int = Field(0, ge=0, le=1000, description="a note this long, or a photo; 0: off")
    photo_counts: bool = Field(True, description="a photo alone is proof enough")

    @property
    def required(self) -> bool:
        return self.min_note_chars > 0


class CheckinSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keywords: list[str] = Field(default_factory=lambda: ["打卡", "checkin"])
    points: int = Field(10, ge=0, le=10_000, description="points for a check-in")
    makeup_points: int = Field(0, ge=0, le=10_000, description="points for a make-up check-in")
    preset: Preset = Preset.CLASSIC
    rest_days: list[str] = Field(default_factory=lambda: ["sat", "sun"],
                                 description="workdays preset: weekdays that neither count nor break")
    window_start: str = Field("15:00", description="window preset: when the daily window opens (HH:MM)")
    window_end: str = Field("09:00", description="window preset: when it closes; may cross midnight")
    repair_every_days: int = Field(7, ge=1, le=365, description="forgiving preset: one repair per this many days")
    makeup_window_days: int = Field(3, ge=0, le=30, description="how many past days /makeup may fill")
    card_every: int = Field(7, ge=1, le=365, description="a make-up card per this many streak days")
    max_cards: int = Field(3, ge=0, le=100)
    freezes: bool = Field(False, description="streak freezes on or off")
    freeze_every: int = Field(7, ge=1, le=365, description="a freeze per this many streak days")
    max_freezes: int = Field(2, ge=0, le=100)
    leave_days_per_month: int = Field(3, ge=0, le=31)
    milestones: list[int] = Field(default_factory=lambda: list(DEFAULT_MILESTONES))
    milestone_points: int = Field(20, ge=0, le=100_000, description="bonus points at each milestone")
    remind_time: str | None = Field("20:00", description="local HH:MM of the daily reminder; empty: off")
    digest: bool = Field(False, description="post the organisers' daily digest")
    digest_time: str = Field("04:00", description="local HH:MM of the digest; the community's day start fits")
    proof: ProofOfWork = Field(default_factory=ProofOfWork)
    calendar_font: str | None = Field(None, description="a TTF/TTC font path for /calendar (CJK-capable)")

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, words: list[str]) -> list[str]:
        cleaned = [w.strip() for w in words]
        if any(not w or " " in w for w in cleaned):
            raise ValueError("keywords are single words without spaces")
        return cleaned

    @field_validator("rest_days")
    @classmethod
    def _rest_days(cls, days: list[str]) -> list[str]:
        lowered = [d.strip().lower()[:3] for d in days]
        unknown = [d for d, low in zip(days, lowered) if low not in WEEKDAY_NAMES]
        if unknown:
            raise ValueError(f"unknown weekday {unknown[0]!r}; use mon, tue, wed, thu, fri, sat, sun")
        if len(set(lowered)) == 7:
            raise ValueError("at least one weekday must not be a rest day")
        return lowered

    @field_validator("window_start", "window_end", "digest_time")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value

    @field_validator("remind_time")
    @classmethod
    def _optional_clock(cls, value: str | None) -> str | None:
        if value:
            parse_clock(value)
        return value or None

    @field_validator("calendar_font")
    @classmethod
    def _font(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("milestones")
    @classmethod
    def _milestones(cls, values: list[int]) -> list[int]:
        if any(v < 1 for v in values):
            raise ValueError("milestones are streak lengths of at least 1 day")
        return sorted(set(values))

    @field_validator("card_every")
    @classmethod
    def _card_after_window(cls, value: int, info: ValidationInfo) -> int:
        window = info.data.get("makeup_window_days", 0)
        if value <= window:
            raise ValueError(f"must be larger than makeup_window_days ({window}), "
                             "so a card is never earned after the day it would fill")
        return value

    @field_validator("window_end")
    @classmethod
    def _distinct_window(cls, value: str, info: ValidationInfo) -> str:
        if "window_start" in info.data and parse_clock(value) == parse_clock(info.data["window_start"]):
            raise ValueError("must differ from window_start")
        return value

    @cached_property
    def rules(self) -> StreakRules:
        overrides: dict = {
            "freezes_enabled": self.freezes, "freeze_every": self.freeze_every, "max_freezes": self.max_freezes,
            "card_every": self.card_every, "max_cards": self.max_cards,
            "makeup_window_days": self.makeup_window_days, "milestones": tuple(self.milestones),
        }
        if self.preset is Preset.FORGIVING:
            overrides["repair_every_days"] = self.repair_every_days
        if self.preset is Preset.WORKDAYS:
            overrides["rest_weekdays"] = frozenset(WEEKDAY_NAMES.index(d) for d in self.rest_days)
        return StreakRules.for_preset(self.preset, **overrides)

    @cached_property
    def window(self) -> CheckinWindow | None:
        if self.preset is not Preset.WINDOW:
            return None
        return CheckinWindow(parse_clock(self.window_start), parse_clock(self.window_end))
