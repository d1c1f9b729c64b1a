"""The camps plugin's settings: `[plugins.camps]`, overridden per community by
`[communities.<slug>.settings.camps]`. The camps themselves are files (see camp_file.py)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CampsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    folder: str = Field("camps", description="the camp files' folder, relative to where shequn runs "
                                             "(the folder of config.toml)")
    keywords: list[str] = Field(default_factory=lambda: ["报名", "enroll"], description="words that enrol")
    tick_minutes: int = Field(10, ge=1, le=60, description="how often cohorts are looked at (unlocks, "
                                                           "openings, nudges): a task unlocks within this")

    verify_url: str = Field("http://127.0.0.1:8080/camps/verify",
                            description="the public address of the certificate verification page")

    @property
    def tick_cron(self) -> str:
        return "0 * * * *" if self.tick_minutes == 60 else f"*/{self.tick_minutes} * * * *"
