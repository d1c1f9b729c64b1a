"""The camps an operator wrote: every `<slug>.toml` of the camps folder, read at start and
by `/camp reload`. A file with a problem is left out (its problems are kept to show); the
others load."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from plugins.camps.camp_file import Camp, CampFileError, Problem, read_camp

log = logging.getLogger(__name__)


@dataclass
class Library:
    folder: Path
    camps: dict[str, Camp] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    version: int = 0  # goes up at each reload, so declared cohorts are written again

    def get(self, slug: str) -> Camp | None:
        return self.camps.get(slug.lower())


_libraries: dict[Path, Library] = {}


def camp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def read_folder(folder: Path) -> Library:
    library = Library(folder)
    for path in camp_files(folder):
        try:
            camp = read_camp(path, shown_as=_shown(path))
        except CampFileError as error:
            library.problems += error.problems
            continue
        library.camps[camp.slug] = camp
    return library


def library_for(folder: str) -> Library:
    """The loaded camps of a folder (read on first use)."""
    path = Path(folder).expanduser().resolve()
    if path not in _libraries:
        _libraries[path] = read_folder(path)
        for problem in _libraries[path].problems:
            log.warning("camp file: %s", problem)
    return _libraries[path]


def reload(folder: str) -> Library:
    path = Path(folder).expanduser().resolve()
    previous = _libraries.get(path)
    library = read_folder(path)
    library.version = (previous.version + 1) if previous else 0
    _libraries[path] = library
    return library


def has_camps(folder: str) -> bool:
    path = Path(folder).expanduser().resolve()
    return bool(_libraries[path].camps) if path in _libraries else bool(camp_files(path))


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
