"""Finding installed plugins and adapters through package entry points.

Built-in and third-party packages register the same way (pyproject):

    [project.entry-points."shequn.plugins"]
    greeter = "my_package.greeter:plugin"
"""
from __future__ import annotations

import logging
from importlib.metadata import entry_points
from typing import Any

from bot import stop_signals

log = logging.getLogger(__name__)

PLUGIN_GROUP = "shequn.plugins"
ADAPTER_GROUP = "shequn.adapters"


def _load(group: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entry in entry_points(group=group):
        try:
            found[entry.name] = entry.load()
        except Exception:
            if stop_signals.requested():  # an interrupt the imported library turned into its own error
                raise KeyboardInterrupt from None
            log.exception("could not load %s entry point %r (%s)", group, entry.name, entry.value)
    return found


def installed_plugins() -> dict[str, Any]:
    return _load(PLUGIN_GROUP)


def installed_adapters() -> dict[str, Any]:
    return _load(ADAPTER_GROUP)

