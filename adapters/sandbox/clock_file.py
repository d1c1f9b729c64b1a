"""The live sandbox's clock offset, kept in the data folder so a restart keeps the time an
operator set (check-ins made after "Set clock" stay in the sandbox's past)."""
from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import OffsetClock

log = logging.getLogger(__name__)

FILE_NAME = "sandbox-clock.json"


def clock_file(data_dir: str) -> Path:
    return Path(data_dir) / FILE_NAME


def save_offset(path: Path, clock: OffsetClock) -> None:
    offset = clock.now() - datetime.now(UTC)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"offset_seconds": offset.total_seconds()}), encoding="utf-8")


def restore_offset(path: Path, clock: OffsetClock) -> None:
    if not path.exists():
        return
    try:
        seconds = float(json.loads(path.read_text(encoding="utf-8"))["offset_seconds"])
        clock.set(datetime.now(UTC) + timedelta(seconds=seconds))
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
        log.warning("ignoring the saved sandbox clock in %s (%s)", path, exc)
        return
    log.info("sandbox clock restored: %s (set earlier; POST /sandbox/api/clock moves it)", clock.now().isoformat())
