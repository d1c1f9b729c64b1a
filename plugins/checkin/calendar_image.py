"""Monthly check-in calendar rendered as a PNG.

Every image has the fixed size :data:`IMAGE_SIZE` (a 7 x 6 grid of
:data:`CELL` pixel cells, Monday first, under a title and weekday header,
above a legend).  Each status has a colour of distinct lightness *and* a
drawn symbol, so the calendar stays readable in greyscale.

Font: the configured path, else a CJK-capable system font (``fc-list``, then
well-known paths), else Pillow's built-in font with one warning per process
(CJK text then shows as boxes).  Fonts are loaded once and cached; a search that
found no CJK font runs again after :data:`FONT_SEARCH_INTERVAL`, so a font
installed while the bot runs is used without a restart.
"""

from __future__ import annotations

import calendar
import io
import logging
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

CELL = 80
MARGIN = 24
TITLE_HEIGHT = 56
HEADER_HEIGHT = 32
LEGEND_HEIGHT = 72
GRID_ROWS = 6
GRID_TOP = MARGIN + TITLE_HEIGHT + HEADER_HEIGHT
IMAGE_SIZE = (2 * MARGIN + 7 * CELL, GRID_TOP + GRID_ROWS * CELL + LEGEND_HEIGHT + MARGIN)  # 608 x 688

BACKGROUND = "#ffffff"
INK = "#212121"
GRID_LINE = "#d0d0d0"

CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


class Status(StrEnum):
    CHECKED = "checked"
    MADE_UP = "made_up"
    FROZEN = "frozen"
    LEAVE = "leave"
    REST = "rest"
    MISSED = "missed"
    FUTURE = "future"
    NONE = "none"

    @classmethod
    def parse(cls, value: str) -> Status:
        try:
            return cls(value)
        except ValueError:
            return cls.NONE


# ---- fonts -----------------------------------------------------------------

FONT_SEARCH_INTERVAL = 60.0  # seconds before a search that found no CJK font runs again
NO_CJK_FONT = ("no CJK-capable font found, so Chinese text in /calendar images shows as boxes: install one "
               "(Debian/Ubuntu: apt install fonts-wqy-microhei) or set [plugins.checkin] calendar_font to a "
               "TTF/TTC font file; a font installed later is used without a restart")
_warned_default_font = False


def _fc_list_cjk_fonts() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    try:
        result = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=3, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    paths = (line.split(":", 1)[0].strip() for line in result.stdout.splitlines())
    return sorted(p for p in paths if p)


def _search_cjk_font() -> str | None:
    listed = _fc_list_cjk_fonts()
    preferred = [path for path in CJK_FONT_CANDIDATES if path in listed]
    if preferred or listed:
        return (preferred or listed)[0]
    return next((path for path in CJK_FONT_CANDIDATES if os.path.exists(path)), None)


class CjkFontFinder:
    """Path of a CJK-capable system font (fc-list, then known paths), or None.

    A font found is kept; a search that found none runs again once FONT_SEARCH_INTERVAL
    has passed."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._path: str | None = None
        self._searched_at: float | None = None

    def __call__(self) -> str | None:
        now = self._monotonic()
        if self._path is None and (self._searched_at is None or now - self._searched_at >= FONT_SEARCH_INTERVAL):
            self._searched_at = now
            self._path = _search_cjk_font()
        return self._path


find_cjk_font = CjkFontFinder()


_missing_fonts_warned: set[str] = set()


def _configured_font_exists(path: str) -> bool:
    if os.path.exists(path):
        return True
    if path not in _missing_fonts_warned:
        _missing_fonts_warned.add(path)
        log.warning("Configured calendar font %s does not exist; searching system fonts", path)
    return False


def resolve_font_path(font_path: str | None) -> str | None:
    if font_path and _configured_font_exists(font_path):
        return font_path
    return find_cjk_font()


def font_advice(font_path: str | None) -> str | None:
    """What an operator should do about the calendar's font, or None when the font is fine."""
    missing = f"{font_path} does not exist" if font_path and not os.path.exists(font_path) else None
    if find_cjk_font() is None and (font_path is None or missing):
        return f"{missing}; {NO_CJK_FONT}" if missing else NO_CJK_FONT
    return f"{missing}; a CJK system font is used instead" if missing else None


def _warn_default_font_once() -> None:
    global _warned_default_font
    if not _warned_default_font:
        _warned_default_font = True
        log.warning("%s", NO_CJK_FONT[0].upper() + NO_CJK_FONT[1:])


def load_font(font_path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = resolve_font_path(font_path)
    if path is not None:
        return _truetype(path, size)
    _warn_default_font_once()
    return _default_font(size)


@lru_cache(maxsize=32)
def _truetype(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@lru_cache(maxsize=8)
def _default_font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size)


# ---- symbols ---------------------------------------------------------------

Box = tuple[int, int, int, int]


def _check(draw: ImageDraw.ImageDraw, box: Box, ink: str) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    points = [(x0 + w * 0.1, y0 + h * 0.55), (x0 + w * 0.4, y0 + h * 0.85), (x0 + w * 0.9, y0 + h * 0.15)]
    draw.line(points, fill=ink, width=4, joint="curve")


def _check_in_ring(draw: ImageDraw.ImageDraw, box: Box, ink: str) -> None:
    draw.ellipse(box, outline=ink, width=2)
    x0, y0, x1, y1 = box
    pad = (x1 - x0) // 5
    _check(draw, (x0 + pad, y0 + pad, x1 - pad, y1 - pad), ink)


def _cross(draw: ImageDraw.ImageDraw, box: Box, ink: str) -> None:
    x0, y0, x1, y1 = box
    draw.line([(x0, y0), (x1, y1)], fill=ink, width=4)
    draw.line([(x0, y1), (x1, y0)], fill=ink, width=4)


def _snowflake(draw: ImageDraw.ImageDraw, box: Box, ink: str) -> None:
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    dx = (x1 - x0) * 0.43
    draw.line([(cx, y0), (cx, y1)], fill=ink, width=3)
    draw.line([(cx - dx, cy - dx / 1.7), (cx + dx, cy + dx / 1.7)], fill=ink, width=3)
    draw.line([(cx - dx, cy + dx / 1.7), (cx + dx, cy - dx / 1.7)], fill=ink, width=3)


def _bar(draw: ImageDraw.ImageDraw, box: Box, ink: str) -> None:
    x0, y0, x1, y1 = box
    cy = (y0 + y1) // 2
    draw.rectangle((x0, cy - 3, x1, cy + 3), fill=ink)


def _ring(draw: ImageDraw.ImageDraw, box: Box, ink: str) -> None:
    x0, y0, x1, y1 = box
    pad = (x1 - x0) // 5
    draw.ellipse((x0 + pad, y0 + pad, x1 - pad, y1 - pad), outline=ink, width=3)


def _nothing(draw: ImageDraw.ImageDraw, box: Box, ink: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class StatusStyle:
    fill: str
    ink: str
    symbol: Callable[[ImageDraw.ImageDraw, Box, str], None]


STYLES: Mapping[Status, StatusStyle] = {
    Status.CHECKED: StatusStyle("#2e7d32", "#ffffff", _check),
    Status.MADE_UP: StatusStyle("#a5d6a7", "#1b5e20", _check_in_ring),
    Status.FROZEN: StatusStyle("#90caf9", "#0d47a1", _snowflake),
    Status.LEAVE: StatusStyle("#ffe082", "#6d4c00", _bar),
    Status.REST: StatusStyle("#e0e0e0", "#616161", _ring),
    Status.MISSED: StatusStyle("#c62828", "#ffffff", _cross),
    Status.FUTURE: StatusStyle("#fafafa", "#bdbdbd", _nothing),
    Status.NONE: StatusStyle("#ffffff", "#bdbdbd", _nothing),
}


# ---- layout ----------------------------------------------------------------


def _weeks(year: int, month: int) -> list[list[int]]:
    return calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)


def cell_box(year: int, month: int, day_of_month: int) -> Box:
    """Pixel box of a day's cell in the rendered image."""
    for row, week in enumerate(_weeks(year, month)):
        if day_of_month in week:
            x0 = MARGIN + week.index(day_of_month) * CELL
            y0 = GRID_TOP + row * CELL
            return (x0, y0, x0 + CELL, y0 + CELL)
    raise ValueError(f"{year}-{month} has no day {day_of_month}")


def _draw_title(draw: ImageDraw.ImageDraw, title: str, font_path: str | None) -> None:
    draw.text((IMAGE_SIZE[0] / 2, MARGIN + TITLE_HEIGHT / 2), title, fill=INK,
              font=load_font(font_path, 30), anchor="mm")


def _draw_header(draw: ImageDraw.ImageDraw, weekday_names: Sequence[str], font_path: str | None) -> None:
    font = load_font(font_path, 18)
    y = MARGIN + TITLE_HEIGHT + HEADER_HEIGHT / 2
    for col, name in enumerate(weekday_names):
        draw.text((MARGIN + col * CELL + CELL / 2, y), name, fill=INK, font=font, anchor="mm")


def _draw_cell(draw: ImageDraw.ImageDraw, box: Box, number: int, status: Status,
               is_today: bool, font_path: str | None) -> None:
    style = STYLES[status]
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=style.fill, outline=GRID_LINE)
    number_ink = style.ink if status not in (Status.FUTURE, Status.NONE) else INK
    draw.text((x0 + 8, y0 + 6), str(number), fill=number_ink, font=load_font(font_path, 18))
    style.symbol(draw, (x0 + 30, y0 + 30, x1 - 12, y1 - 12), style.ink)
    if is_today:
        draw.rectangle((x0 + 2, y0 + 2, x1 - 2, y1 - 2), outline=INK, width=4)


def _draw_grid(draw: ImageDraw.ImageDraw, year: int, month: int, outcomes: Mapping[date, str],
               today: date | None, font_path: str | None) -> None:
    for week in _weeks(year, month):
        for number in (n for n in week if n):
            day = date(year, month, number)
            status = Status.parse(outcomes.get(day, Status.NONE))
            _draw_cell(draw, cell_box(year, month, number), number, status, day == today, font_path)


def _draw_legend(draw: ImageDraw.ImageDraw, legend: Mapping[str, str], font_path: str | None) -> None:
    font = load_font(font_path, 16)
    per_row = 4
    slot = (IMAGE_SIZE[0] - 2 * MARGIN) // per_row
    top = GRID_TOP + GRID_ROWS * CELL + 12
    for index, (status_name, label) in enumerate(legend.items()):
        style = STYLES[Status.parse(status_name)]
        x = MARGIN + (index % per_row) * slot
        y = top + (index // per_row) * 30
        swatch = (x, y, x + 24, y + 24)
        draw.rectangle(swatch, fill=style.fill, outline=GRID_LINE)
        style.symbol(draw, (x + 4, y + 4, x + 20, y + 20), style.ink)
        draw.text((x + 30, y + 12), label, fill=INK, font=font, anchor="lm")


def render_calendar(
    year: int,
    month: int,
    outcomes: Mapping[date, str],
    *,
    title: str,
    weekday_names: Sequence[str],
    legend: Mapping[str, str],
    today: date | None = None,
    font_path: str | None = None,
) -> bytes:
    """PNG bytes of one month; ``outcomes`` maps days to :class:`Status` values."""
    if len(weekday_names) != 7:
        raise ValueError("weekday_names needs 7 names, Monday first")
    image = Image.new("RGB", IMAGE_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    _draw_title(draw, title, font_path)
    _draw_header(draw, weekday_names, font_path)
    _draw_grid(draw, year, month, outcomes, today, font_path)
    _draw_legend(draw, legend, font_path)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
