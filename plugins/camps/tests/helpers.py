"""Shared steps for the camps plugin's sandbox tests: camp files in a folder of the test's own."""
from __future__ import annotations

import shutil
from pathlib import Path

from bot import Member

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

DECLARED = """
[[cohorts]]
name = "py-march"
community = "demo"
start = 2026-03-09
timezone = "Asia/Shanghai"
enrol_until = 2026-03-10
seats = {seats}
chats = ["sandbox:demo"]
"""


def camp_folder(tmp_path: Path, *, declared_seats: int | None = None, extra: str = "",
                example: str = "python-7-days.toml") -> Path:
    """A camps folder holding the English example (and a cohort declared in it, if asked)."""
    folder = tmp_path / "camps"
    folder.mkdir(exist_ok=True)
    target = folder / example
    shutil.copy(EXAMPLES / example, target)
    if declared_seats is not None or extra:
        with target.open("a", encoding="utf-8") as out:
            if declared_seats is not None:
                out.write(DECLARED.format(seats=declared_seats))
            out.write(extra)
    return folder


def camps_settings(folder: Path, **settings) -> dict:
    """The camps folder; cohorts looked at hourly (fewer job runs as the test clock moves days)."""
    return {"plugins": {"camps": {"folder": str(folder), "tick_minutes": 60, **settings}}}


async def member(name: str, community: str = "demo") -> Member:
    return await Member.get(display_name=name.capitalize(), community__slug=community)
