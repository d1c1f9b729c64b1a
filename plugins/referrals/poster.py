"""The poster (裂变海报): community name, campaign headline, the member's name, their QR code and
their progress, drawn with a CJK-capable font so Chinese and English both read well.

A JPEG of 720x1080 (a phone screen's shape); the background is a colour or the operator's
image, cropped to fill. Fonts and backgrounds are loaded once per process."""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

SIZE = (720, 1080)
QR_SIDE = 360
MARGIN = 48
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


@dataclass(frozen=True)
class PosterText:
    community: str
    headline: str
    name: str
    progress: str  # "3/5 已助力"
    next_reward: str  # "2 more for 50 points" or the campaign's end
    scan: str  # "Scan to join"
    done: int
    goal: int


def font_path(configured: str | None = None) -> str | None:
    for path in (configured, *FONT_CANDIDATES):
        if path and Path(path).exists():
            return path
    return None


@lru_cache(maxsize=32)
def font(size: int, configured: str | None = None) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_path(configured)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


@lru_cache(maxsize=8)
def background(colour: str, image: str | None) -> Image.Image:
    if image and Path(image).exists():
        with Image.open(image) as loaded:
            return ImageOps.fit(loaded.convert("RGB"), SIZE)
    base = Image.new("RGB", SIZE, colour)
    ImageDraw.Draw(base).rectangle((0, SIZE[1] * 2 // 3, SIZE[0], SIZE[1]), fill=_darker(colour))
    return base


def render(text: PosterText, url: str, *, colour: str = "#c0392b", accent: str = "#f9e79f", ink: str = "#ffffff",
           background_image: str | None = None, font_file: str | None = None) -> bytes:
    image = background(colour, background_image).copy()
    draw = ImageDraw.Draw(image)
    f = lambda size: font(size, font_file)  # noqa: E731
    y = MARGIN
    draw.text((MARGIN, y), text.community, font=f(30), fill=ink)
    y += 64
    for line in _wrap(draw, text.headline, f(56), SIZE[0] - 2 * MARGIN)[:2]:
        _centered(draw, y, line, f(56), ink)
        y += 72
    y += 8
    _centered(draw, y, text.name, f(40), accent)
    y += 72
    card = SIZE[0] // 2 - QR_SIDE // 2 - 16
    draw.rounded_rectangle((card, y, card + QR_SIDE + 32, y + QR_SIDE + 32), 20, fill="#ffffff")
    image.paste(qr_image(url, QR_SIDE), (card + 16, y + 16))
    y += QR_SIDE + 56
    _centered(draw, y, text.scan, f(28), ink)
    y += 60
    _progress_bar(draw, y, text.done, text.goal, accent, ink)
    y += 40
    _centered(draw, y, text.progress, f(40), ink)
    y += 60
    _centered(draw, y, text.next_reward, f(28), accent)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def qr_image(url: str, side: int) -> Image.Image:
    """The QR code of `url`, `side` pixels square: the module matrix scaled up."""
    code = qrcode.QRCode(box_size=1, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    small = Image.new("L", (len(matrix), len(matrix)), 255)
    small.putdata([0 if dark else 255 for row in matrix for dark in row])
    return small.resize((side, side), Image.NEAREST).convert("RGB")


def _progress_bar(draw: ImageDraw.ImageDraw, y: int, done: int, goal: int, accent: str, ink: str) -> None:
    left, right = MARGIN * 2, SIZE[0] - MARGIN * 2
    draw.rounded_rectangle((left, y, right, y + 20), 10, outline=ink, width=2)
    if goal > 0 and done > 0:
        filled = left + int((right - left) * min(done, goal) / goal)
        draw.rounded_rectangle((left, y, max(filled, left + 20), y + 20), 10, fill=accent)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Lines that fit `width`: break at spaces, or anywhere in CJK text (which has none)."""
    lines, line = [], ""
    for piece in _pieces(text):
        trial = line + piece
        if line and draw.textlength(trial.rstrip(), font=font) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line = trial
    return [*lines, line.rstrip()] if line.strip() else lines


def _pieces(text: str) -> list[str]:
    pieces, word = [], ""
    for ch in text:
        if ch == " ":
            pieces.append(word + " ")
            word = ""
        elif ord(ch) > 0x2E80:  # CJK: each character may end a line
            if word:
                pieces.append(word)
                word = ""
            pieces.append(ch)
        else:
            word += ch
    return [*pieces, word] if word else pieces


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, font, fill: str) -> None:
    width = draw.textlength(text, font=font)
    draw.text(((SIZE[0] - width) / 2, y), text, font=font, fill=fill)


def _darker(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#%02x%02x%02x" % (r * 3 // 4, g * 3 // 4, b * 3 // 4)
