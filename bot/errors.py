"""Errors a handler raises to tell the user something, in their language."""
from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Stops the handler and replies with a localized message; not logged as a failure.

    `private=True` answers only the member who asked (their personal state, say); None
    leaves it to the command (admin commands answer privately).
    """

    def __init__(self, message_id: str, *, private: bool | None = None, **args: Any) -> None:
        super().__init__(message_id)
        self.message_id, self.private = message_id, private
        self.args_ = {key: _shortened(value) for key, value in args.items()}


ECHO_LENGTH = 60  # how much of a bad value an error repeats back


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > ECHO_LENGTH:
        return value[:ECHO_LENGTH - 1] + "…"
    return value


class ConfigError(Exception):
    """Configuration problems, each as (key path, reason)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{k}: {r}" for k, r in problems))
        self.problems = problems


class StartupError(Exception):
    """The bot cannot start; the message says what to fix (one line for the operator)."""
