"""Finding installed plugins and adapters through package entry points.

Built-in and third-party packages register the same way (pyproject):

    [project.entry-points."shequn.plugins"]
    greeter = "my_package.greeter:plugin"
"""
from __future__ import annotations

import logging
from importlib.metadata import entry_points
from typing import Any

log = logging.getLogger(__name__)

PLUGIN_GROUP = "shequn.plugins"
ADAPTER_GROUP = "shequn.adapters"


def _load(group: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entry in entry_points(group=group):
        try:
            found[entry.name] = entry.load()
        except Exception:
            log.exception("could not load %s entry point %r (%s)", group, entry.name, entry.value)
    return found


def installed_plugins() -> dict[str, Any]:
    return _load(PLUGIN_GROUP)


def installed_adapters() -> dict[str, Any]:
    return _load(ADAPTER_GROUP)


def distribution_of(obj: Any) -> str | None:
    module = getattr(obj, "__module__", "") or ""
    for entry in entry_points(group=PLUGIN_GROUP):
        if entry.value.split(":")[0].split(".")[0] == module.split(".")[0]:
            return entry.dist.name if entry.dist else None
    return None
