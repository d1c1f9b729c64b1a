"""Logging setup that never writes a configured secret."""
from __future__ import annotations

import logging
from typing import Any


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            for secret in self.secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, ()
        return True


def secrets_in(data: Any, key: str = "") -> list[str]:
    """Every configured value whose key names a secret (token, password, secret...)."""
    found: list[str] = []
    if isinstance(data, dict):
        for k, v in data.items():
            found += secrets_in(v, str(k))
    elif isinstance(data, str) and any(word in key for word in ("token", "password", "secret")):
        found.append(data)
    elif isinstance(data, str) and "://" in data and "@" in data:  # a URL with credentials
        credentials = data.split("://", 1)[1].split("@", 1)[0]
        if ":" in credentials:
            found.append(credentials.split(":", 1)[1])
    return found


def setup_logging(level: str, secrets: list[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiosqlite", "tortoise", "apscheduler", "discord", "aiogram.event"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
