"""SIGINT and SIGTERM before the event loop runs: both stop the process, as Ctrl-C does.

Some libraries turn a KeyboardInterrupt raised inside them into an error of their own
(pydantic does while aiogram builds its models on import), so code that logs an error
during start-up and carries on asks `requested()` first.
"""
from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_received: list[int] = []


@contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Within: SIGINT or SIGTERM raises KeyboardInterrupt (and is remembered). Restored after."""
    previous = {sig: signal.signal(sig, _interrupt) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interrupt(signum: int, _frame: object) -> None:
    _received.append(signum)
    raise KeyboardInterrupt


def requested() -> bool:
    return bool(_received)


def exit_code() -> int:
    """128 + the signal's number, as a shell reports a process a signal ended (130 for Ctrl-C)."""
    return 128 + (_received[-1] if _received else signal.SIGINT)
