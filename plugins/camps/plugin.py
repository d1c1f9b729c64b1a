"""The camps plugin object; the command, button, job and signal modules register on it."""
from __future__ import annotations

from bot import Plugin

from plugins.camps.settings import CampsSettings

plugin = Plugin(
    "camps",
    version="0.1.0",
    description="Course camps (训练营): camp files, cohorts, enrolment, pods, daily tasks, progress, graduation",
    settings=CampsSettings,
    models="plugins.camps.models",
)
