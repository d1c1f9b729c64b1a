"""Where a key sits in a TOML file, so a problem can be named by file, line and key.

`tomllib` gives values, not positions. The camp files use plain TOML (tables, arrays of
tables, one key per line), so following the headers and `key =` lines is enough to find
the line of `tasks.2.time`, or of the nearest table that holds it when the key is missing.
"""
from __future__ import annotations

import re
from collections import Counter

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\-\"' ]+?)\s*=")

Path = tuple[str | int, ...]


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))


def key_lines(text: str) -> dict[Path, int]:
    """Every table and key path of the file with its first line (1-based)."""
    lines: dict[Path, int] = {}
    table: Path = ()
    arrays: Counter[tuple[str, ...]] = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            names = _parts(header[2])
            if header[1] == "[[":
                table = (*names, arrays[names])
                arrays[names] += 1
            else:
                table = names
            lines.setdefault(table, number)
        elif (key := _KEY.match(line)) and not line.lstrip().startswith("#"):
            lines.setdefault((*table, *_parts(key[1])), number)
    return lines


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, else of the nearest enclosing table or key that is in the file."""
    for end in range(len(path), 0, -1):
        if (found := lines.get(tuple(path[:end]))) is not None:
            return found
    return None
