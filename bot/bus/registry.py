"""What plugins declared: commands (with their aliases), buttons, forms, event and signal handlers."""
from __future__ import annotations

from collections.abc import Callable

from bot.plugin import ButtonSpec, CommandSpec, Plugin
from bot.signals import Signal


class Registry:
    def __init__(self) -> None:
        self.commands: dict[str, CommandSpec] = {}
        self.buttons: dict[str, ButtonSpec] = {}
        self.forms: dict[str, ButtonSpec] = {}
        self.event_handlers: list[tuple[str, type, Callable]] = []
        self.signal_handlers: list[tuple[str, type[Signal], Callable]] = []

    def register(self, plugin: Plugin) -> None:
        for spec in plugin.commands:
            for name in (spec.name, *spec.aliases):
                if name.lower() in self.commands:
                    raise ValueError(f"command /{name} of {plugin.name} is taken by {self.commands[name].plugin}")
                self.commands[name.lower()] = spec
        for button in plugin.buttons:
            self.buttons[button.action] = button
        for form in plugin.forms:
            self.forms[form.action] = form
        for event_type, handler in plugin.event_handlers:
            handlers = self.signal_handlers if issubclass(event_type, Signal) else self.event_handlers
            handlers.append((plugin.name, event_type, handler))

    def command_specs(self) -> list[CommandSpec]:
        """Each command once (aliases folded), in registration order."""
        seen: dict[int, CommandSpec] = {}
        for spec in self.commands.values():
            seen.setdefault(id(spec), spec)
        return list(seen.values())
