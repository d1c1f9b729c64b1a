"""An installed adapter as its entry point registers it: its config section known before its
platform library is imported.

Importing aiogram costs about 3 s of CPU, and a bot on the sandbox, `shequn check-config`
and `shequn migrate` never need it. So the built-in adapters register an `AdapterEntry`: it
validates the config section and says whether the adapter runs, and imports the adapter
class only when the runtime builds one. A third-party adapter may register its class
directly; both answer `config_model`, `wants_to_run(config)` and a call with
`(runtime, config)`.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from pydantic import BaseModel


def token_is_set(config: Any) -> bool:
    """The rule of the platforms that run once their token is configured."""
    return config is not None and bool(getattr(config, "token", None))


class AdapterEntry:
    def __init__(self, target: str, *, config_model: type[BaseModel] | None,
                 wants_to_run: Callable[[Any], bool] = token_is_set) -> None:
        self.target = target  # "package.module:ClassName"
        self.config_model = config_model
        self.wants_to_run = wants_to_run
        self._class: type | None = None

    def load(self) -> type:
        if self._class is None:
            module, _, name = self.target.partition(":")
            self._class = getattr(import_module(module), name)
        return self._class

    def __call__(self, runtime: Any, config: Any = None) -> Any:
        return self.load()(runtime, config)

    def __getattr__(self, name: str) -> Any:  # anything else is the class's (it is imported then)
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.load(), name)

    def __repr__(self) -> str:
        return f"AdapterEntry({self.target!r})"
