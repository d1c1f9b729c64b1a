"""The poster image itself: its size, its QR code, a configured background, long CJK headlines."""
import io

from PIL import Image, ImageDraw

from plugins.referrals import poster
from plugins.referrals.tests.helpers import qr_text

TEXT = poster.PosterText("Shequn 学习社群", "邀你加入，一起成长：每天打卡、一起读书、一起写代码、一起进步", "Alice 爱丽丝",
                         "3/5 已助力", "再邀 2 人得 50 积分", "扫码加入", 3, 5)
URL = "https://t.me/+AbCdEfGhIjKlMnOp"


def test_the_poster_is_a_phone_sized_jpeg_whose_qr_code_is_the_link():
    image = Image.open(io.BytesIO(poster.render(TEXT, URL)))
    assert image.format == "JPEG" and image.size == poster.SIZE
    assert qr_text(poster.render(TEXT, URL)) == [URL]


def test_an_operators_background_and_colours_are_used(tmp_path):
    background = tmp_path / "bg.png"
    Image.new("RGB", (300, 200), "#2255aa").save(background)
    image = Image.open(io.BytesIO(poster.render(TEXT, URL, background_image=str(background))))
    r, g, b = image.convert("RGB").getpixel((5, poster.SIZE[1] - 5))
    assert abs(r - 0x22) < 12 and abs(g - 0x55) < 12 and abs(b - 0xaa) < 12  # cropped to fill, not a colour
    plain = Image.open(io.BytesIO(poster.render(TEXT, URL, colour="#117733"))).convert("RGB").getpixel((5, 5))
    assert abs(plain[0] - 0x11) < 12 and abs(plain[1] - 0x77) < 12


def test_a_long_chinese_headline_wraps_at_characters():
    image = Image.new("RGB", poster.SIZE)
    lines = poster._wrap(ImageDraw.Draw(image), TEXT.headline, poster.font(56), poster.SIZE[0] - 2 * poster.MARGIN)
    assert len(lines) >= 2 and "".join(lines) == TEXT.headline
