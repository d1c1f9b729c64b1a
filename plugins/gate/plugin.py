"""The gate plugin object; the door, probation, spam and admin modules register on it."""
from __future__ import annotations

from pathlib import Path

from bot import Plugin

from plugins.gate.settings import GateSettings

plugin = Plugin(
    "gate",
    version="1.0.0",
    description="Entry gate and spam control (入群门槛, 灌水与广告处理): questions at the door, probation, "
                "spam and flood rules with step-up actions, undo and appeals",
    settings=GateSettings,
    models="plugins.gate.models",
    locales=Path(__file__).parent / "locales",
)
