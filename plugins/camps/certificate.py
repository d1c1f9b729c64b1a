"""Certificates (结业证书): a code nobody can guess, an image with the graduate's name, the
camp, the cohort's dates and a QR code of the verification page's address."""
from __future__ import annotations

import io
import secrets
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from bot import Member, now

from plugins.camps.cohorts import Place
from plugins.camps.models import Certificate

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed without doubt
CODE_LENGTH = 16  # 32**16 = 2**80 codes: guessing one is hopeless
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
SIZE = (1200, 850)


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def clean_code(text: str) -> str:
    """A typed or scanned code as stored: upper case, dashes every four characters."""
    raw = "".join(ch for ch in text.upper() if ch in ALPHABET)
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


async def issue(place: Place, member: Member) -> Certificate:
    """The member's certificate for this cohort (the same one when asked again)."""
    existing = await Certificate.get_or_none(cohort_id=place.cohort.id, member_id=member.id)
    if existing is not None:
        return existing
    return await Certificate.create(code=new_code(), cohort_id=place.cohort.id, member_id=member.id,
                                    name=member.display_name, camp_title=place.camp.spec.title,
                                    start=place.cohort.start, end=place.end, issued_at=now())


@lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def render(certificate: Certificate, url: str, heading: str, line: str) -> bytes:
    """The certificate as a JPEG: heading, name, camp and dates, code and QR code."""
    image = Image.new("RGB", SIZE, "#fbf8f1")
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, SIZE[0] - 24, SIZE[1] - 24), outline="#b08d57", width=6)
    _centered(draw, 110, heading, font(54), "#5a4630")
    _centered(draw, 250, certificate.name, font(84), "#1f1f1f")
    _centered(draw, 380, certificate.camp_title, font(48), "#333333")
    _centered(draw, 450, line, font(34), "#555555")
    draw.text((80, 700), certificate.code, font=font(36), fill="#5a4630")
    image.paste(qr_image(url, 200), (SIZE[0] - 280, SIZE[1] - 280))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=92)  # a photo on every platform; a third of a PNG's time
    return out.getvalue()


def qr_image(url: str, side: int) -> Image.Image:
    """The QR code of `url`, `side` pixels square: the module matrix scaled up (no per-box drawing)."""
    code = qrcode.QRCode(box_size=1, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    small = Image.new("L", (len(matrix), len(matrix)), 255)
    small.putdata([0 if dark else 255 for row in matrix for dark in row])
    return small.resize((side, side), Image.NEAREST).convert("RGB")


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, font, fill: str) -> None:
    width = draw.textlength(text, font=font)
    draw.text(((SIZE[0] - width) / 2, y), text, font=font, fill=fill)
