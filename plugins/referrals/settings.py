"""The referral plugin's settings: `[plugins.referrals]`, overridden per community by
`[communities.<slug>.settings.referrals]`. Every number of the issue has its default here."""
from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Step(BaseModel):
    """A reward step: reached at `at` confirmed referrals, granted once."""
    model_config = ConfigDict(extra="forbid")
    at: int = Field(..., ge=1, le=100_000, description="confirmed referrals that reach the step")
    points: int = Field(0, ge=0, le=1_000_000, description="points on the core ledger")
    makeup_cards: int = Field(0, ge=0, le=100, description="check-in make-up cards (told by a RewardGranted signal)")
    role: str | None = Field(None, max_length=100, description="a role (Discord) or tag (Telegram) to give")
    tier: str | None = Field(None, max_length=32, description="a tier's key, granted by the tiers plugin "
                             "(told by a RewardGranted signal) for `tier_days`")
    tier_days: int = Field(30, ge=1, le=3650)
    prize: str | None = Field(None, max_length=200, description="tell the admins to send this prize")
    badge: str | None = Field(None, max_length=100, description="a recognition role (a Discord role; the core's "
                              "own elsewhere), given at `at` confirmed referrals on every platform, Discord's too")


def _default_steps() -> list[Step]:
    return [Step(at=5, points=50), Step(at=10, points=120, makeup_cards=1), Step(at=20, points=300, prize="T-shirt")]


class Poster(BaseModel):
    model_config = ConfigDict(extra="forbid")
    background: str | None = Field(None, description="path of a background image (cropped to 720x1080)")
    colour: str = Field("#c0392b", pattern=r"^#[0-9a-fA-F]{6}$", description="the poster's main colour")
    accent: str = Field("#f9e79f", pattern=r"^#[0-9a-fA-F]{6}$", description="the progress bar's colour")
    ink: str = Field("#ffffff", pattern=r"^#[0-9a-fA-F]{6}$", description="text on the main colour")
    headline: str | None = Field(None, max_length=60, description="the campaign's headline; default from the catalog")
    font: str | None = Field(None, description="a CJK-capable font file; default the first one found")


class ReferralsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    campaign: str = Field("default", pattern=r"^[a-z0-9_-]{1,32}$", description="the campaign's key (steps are granted once per campaign)")
    starts: datetime | None = Field(None, description="joins before this do not count for the campaign")
    ends: datetime | None = Field(None, description="joins after this do not count for the campaign")
    steps: list[Step] = Field(default_factory=_default_steps)
    rewards_on: dict[str, bool] = Field(default_factory=lambda: {"discord": False},
                                        description="per platform: do its referrals earn rewards (Discord: "
                                                    "recognition only, by Discord's rules)")
    min_stay_hours: float = Field(24, ge=0, le=24 * 90, description="an invitee stays this long before confirmation")
    first_message_counts: bool = Field(False, description="a first chat message is the invitee's real activity too")
    min_account_days: int = Field(7, ge=0, le=3650, description="Discord accounts younger than this are void")
    hold_joins: int = Field(10, ge=1, le=100_000, description="more joins than this on one link ...")
    hold_minutes: int = Field(10, ge=1, le=24 * 60, description="... within this many minutes are held for review")
    keep_after_leave: bool = Field(False, description="a confirmed invitee who leaves still counts toward the next step")
    poster: Poster = Field(default_factory=Poster)

    @field_validator("steps")
    @classmethod
    def _ascending(cls, steps: list[Step]) -> list[Step]:
        if len({s.at for s in steps}) != len(steps):
            raise ValueError("two steps at the same count")
        return sorted(steps, key=lambda s: s.at)

    @property
    def min_stay(self) -> timedelta:
        return timedelta(hours=self.min_stay_hours)

    def rewards(self, platform: str) -> bool:
        return self.rewards_on.get(platform, True)

    def next_step(self, count: int) -> Step | None:
        return next((s for s in self.steps if s.at > count), None)
