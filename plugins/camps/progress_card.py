"""The /progress card: a small image of a member's days (done, missed, to come), their numbers
and their standing; the text answer carries the same, for platforms or readers without images."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw

from plugins.camps.certificate import font
from plugins.camps.progress import Standing

CELL, GAP, MARGIN, COLUMNS = 40, 8, 32, 10
COLOURS = {"done": "#3a9d5d", "missed": "#d9534f", "to-come": "#d8d8d8"}
STATUS_INK = {"on-track": "#3a9d5d", "at-risk": "#e0a100", "out-of-reach": "#d9534f", "auditing": "#777777"}


def render_card(title: str, standing: Standing, done: set[int], status: str, status_text: str,
                numbers_text: str) -> bytes:
    rows = (standing.days + COLUMNS - 1) // COLUMNS
    width = MARGIN * 2 + COLUMNS * CELL + (COLUMNS - 1) * GAP
    height = MARGIN * 2 + 110 + rows * (CELL + GAP) + 50
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN), title, font=font(30), fill="#222222")
    draw.text((MARGIN, MARGIN + 48), numbers_text, font=font(20), fill="#444444")
    top = MARGIN + 100
    for day in range(1, standing.days + 1):
        row, column = divmod(day - 1, COLUMNS)
        x, y = MARGIN + column * (CELL + GAP), top + row * (CELL + GAP)
        kind = "done" if day in done else ("to-come" if day > standing.elapsed else "missed")
        draw.rounded_rectangle((x, y, x + CELL, y + CELL), radius=6, fill=COLOURS[kind])
        draw.text((x + 8, y + 9), str(day), font=font(18), fill="white" if kind != "to-come" else "#555555")
    draw.text((MARGIN, height - MARGIN - 24), status_text, font=font(22), fill=STATUS_INK.get(status, "#222222"))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
