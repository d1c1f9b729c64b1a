"""Files that ship with Shequn but live at the top of the source tree: the message catalogs
in locales/ and config.example.toml.

An installed wheel carries them in bot/shipped/ (setup.py copies them at build time); a
checkout or an editable install reads them where they are.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_path(name: str) -> Path:
    packaged = _PACKAGE / "shipped" / name
    return packaged if packaged.exists() else _PACKAGE.parent / name


def locales_dir() -> Path:
    return shipped_path("locales")


def example_config() -> Path:
    return shipped_path("config.example.toml")
