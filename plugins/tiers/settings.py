"""The tier plugin's settings: `[plugins.tiers]`, overridden per community by
`[communities.<slug>.settings.tiers]`. Every number of the issue has a documented default here."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Source(BaseModel):
    """What one kind of activity is worth: XP per unit of the signal's weight, capped per day."""
    model_config = ConfigDict(extra="forbid")
    xp: int = Field(10, ge=0, le=100_000, description="XP per unit of the activity's weight")
    daily_cap: int = Field(100, ge=0, le=1_000_000, description="at most this much XP a day from it; 0: no cap")


def _default_sources() -> dict[str, Source]:
    return {
        "checkin": Source(xp=20, daily_cap=20),
        "checkin-makeup": Source(xp=10, daily_cap=10),
        "camps-homework-accepted": Source(xp=50, daily_cap=100),
        "camps-review": Source(xp=20, daily_cap=60),
        "referral.confirmed": Source(xp=100, daily_cap=300),
        "camps-graduated": Source(xp=30, daily_cap=1000),  # per day of the camp (its weight)
        "camps-showcased": Source(xp=40, daily_cap=80),
    }


class MessageXp(BaseModel):
    """Chat messages as a source, off by default: MEE6's 60 s cooldown, a minimum length, a daily cap."""
    model_config = ConfigDict(extra="forbid")
    enabled: bool = False
    xp: int = Field(5, ge=0, le=1000, description="XP for a counted message")
    cooldown_seconds: int = Field(60, ge=0, le=86_400, description="at most one counted message per member per this")
    min_length: int = Field(10, ge=0, le=4096, description="shorter messages earn nothing")
    daily_cap: int = Field(50, ge=0, le=100_000, description="at most this much message XP a day; 0: no cap")


class Requirement(BaseModel):
    """Something beside XP a tier asks for: `count` activities of a kind ever (a camp graduation),
    or a run of `streak_days` consecutive days with that kind (a 30-day check-in streak)."""
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(..., min_length=1, max_length=64)
    count: int = Field(1, ge=1, le=100_000)
    streak_days: int = Field(0, ge=0, le=3650)


class Tier(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(..., pattern=r"^[a-z0-9_-]{1,32}$", description="the tier's id in commands: /tier_set @bob core")
    name: str = Field(..., min_length=1, max_length=64, description="English name")
    name_zh: str = Field(..., min_length=1, max_length=64, description="Chinese name")
    xp: int = Field(0, ge=0, description="lifetime XP from which the tier is earned")
    floor_xp: int = Field(0, ge=0, description="XP in the last floor_days needed to keep the tier; 0: kept for good")
    floor_days: int = Field(30, ge=1, le=365)
    requires: list[Requirement] = Field(default_factory=list)
    approval: bool = Field(False, description="eligible members wait for an admin's approval")
    role: str | None = Field(None, max_length=100, description="Discord role name; default the English name")
    tag: str | None = Field(None, max_length=16, description="Telegram member tag (16 characters); default the name")
    privileges: list[str] = Field(default_factory=list, description="what the tier grants, shown by /tier")
    restrict: list[Literal["messages", "links", "media", "forwards"]] = Field(
        default_factory=list, description="what members of this tier may not post (e.g. [\"links\", \"media\"] for "
                                          "newcomers): lifted when they move to a tier without it")
    chats: list[str] = Field(default_factory=list, description="tier-only chats (\"telegram:-100...\"): a member "
                             "promoted into the tier gets a one-person invite link to each, privately")

    def display_name(self, locale: str | None) -> str:
        return self.name_zh if (locale or "").startswith("zh") else self.name

    @property
    def role_name(self) -> str:
        return self.role or self.name

    @property
    def tag_text(self) -> str:
        return (self.tag or self.name)[:16]


def _default_tiers() -> list[Tier]:
    return [
        Tier(key="newcomer", name="Newcomer", name_zh="新人", xp=0),
        Tier(key="member", name="Member", name_zh="成员", xp=300, floor_xp=60),
        Tier(key="core", name="Core", name_zh="核心", xp=2000, floor_xp=200),
        Tier(key="elder", name="Elder", name_zh="元老", xp=10000, floor_xp=300, approval=True),
    ]


class TiersSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: dict[str, Source] = Field(default_factory=_default_sources,
                                       description="XP per activity kind of every plugin")
    other_sources: Source = Field(default_factory=lambda: Source(xp=5, daily_cap=50),
                                  description="kinds not listed in sources")
    messages: MessageXp = Field(default_factory=MessageXp)
    curve: list[int] = Field(default_factory=lambda: [100, 50, 5],
                             description="XP from level L to L+1 = c0 + c1·L + c2·L² + ... (MEE6: 100, 50, 5)")
    tiers: list[Tier] = Field(default_factory=_default_tiers)
    stack_roles: bool = Field(False, description="Discord: keep lower tiers' roles (true) or replace them")
    congratulate: Literal["public", "private", "off"] = "public"
    grace_days: int = Field(14, ge=1, le=365, description="days below the floor before stepping down one tier")
    warn_days: int = Field(7, ge=0, le=365, description="the private warning comes this many days before")
    grant_reminder_days: int = Field(3, ge=0, le=60, description="remind a granted tier's holder before it ends")
    sweep_at: str = Field("03:30", pattern=r"^([01]?\d|2[0-3]):[0-5]\d$",
                          description="when the daily floor sweep and grant expiry run (community time)")
    sync_per_second: float = Field(8, gt=0, le=25, description="members moved a second when a changed ladder "
                                   "re-syncs them (their role, tag and restriction calls stay under the "
                                   "platforms' limits)")
    seasons: bool = Field(False, description="tiers follow season XP; /tier_season starts a new season")
    season_keep: float = Field(0.2, ge=0, le=1, description="share of season XP kept when a new season starts")

    @field_validator("curve")
    @classmethod
    def _curve_grows(cls, curve: list[int]) -> list[int]:
        if not 1 <= len(curve) <= 6 or any(c < 0 for c in curve) or curve[0] <= 0:
            raise ValueError("give 1 to 6 coefficients, none negative, the first above 0 (e.g. [100, 50, 5])")
        return curve

    @model_validator(mode="after")
    def _tiers_climb(self) -> "TiersSettings":
        if not self.tiers:
            raise ValueError("define at least one tier")
        keys = [t.key for t in self.tiers]
        if len(set(keys)) != len(keys):
            raise ValueError("two tiers share a key")
        if [t.xp for t in self.tiers] != sorted(t.xp for t in self.tiers) or self.tiers[0].xp != 0:
            raise ValueError("tiers go from the lowest (xp = 0) to the highest, thresholds rising")
        return self

    def source(self, kind: str) -> Source:
        return self.sources.get(kind, self.other_sources)

    def tier(self, key: str | None) -> Tier | None:
        return next((t for t in self.tiers if t.key == key), None)

    def rank_of(self, key: str | None) -> int:
        """The tier's place from the bottom (0), -1 for none."""
        return next((i for i, t in enumerate(self.tiers) if t.key == key), -1)

    @property
    def sweep_cron(self) -> str:
        hour, minute = self.sweep_at.split(":")
        return f"{int(minute)} {int(hour)} * * *"
