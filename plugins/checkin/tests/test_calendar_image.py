import io
import logging
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from plugins.checkin import calendar_image
from plugins.checkin.calendar_image import IMAGE_SIZE, Status, cell_box, render_calendar

WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]
LEGEND = {
    "checked": "已打卡",
    "made_up": "补卡",
    "frozen": "冻结",
    "leave": "请假",
    "rest": "休息",
    "missed": "断签",
    "future": "未来",
}
PAINTED = [s for s in Status if s is not Status.NONE]


def render(outcomes=None, **kwargs):
    options = {"title": "2024年3月 打卡日历", "weekday_names": WEEKDAYS, "legend": LEGEND}
    return render_calendar(2024, 3, outcomes or {}, **(options | kwargs))


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


@pytest.fixture
def fresh_fonts(monkeypatch):
    monkeypatch.setattr(calendar_image, "find_cjk_font", calendar_image.CjkFontFinder())
    monkeypatch.setattr(calendar_image, "_warned_default_font", False)
    monkeypatch.setattr(calendar_image, "_missing_fonts_warned", set())


def test_png_decodes_with_documented_size():
    image = decode(render())
    assert image.format == "PNG"
    assert image.size == IMAGE_SIZE == (608, 688)


def test_size_is_fixed_for_months_with_four_to_six_weeks():
    for year, month in ((2021, 2), (2024, 3), (2024, 9)):  # 4, 5 and 6 week rows
        png = render_calendar(year, month, {}, title="t", weekday_names=WEEKDAYS, legend={})
        assert decode(png).size == IMAGE_SIZE


def test_cjk_title_renders_without_error():
    png = render(title="二〇二四年三月 · 社群打卡", today=date(2024, 3, 12))
    assert decode(png).getbbox() is not None


def _cell_pixels(image: Image.Image, number: int, mode: str):
    x0, y0, x1, y1 = cell_box(2024, 3, number)
    return image.convert(mode).crop((x0 + 1, y0 + 1, x1 - 1, y1 - 1))


def test_each_status_has_its_own_colour():
    outcomes = {date(2024, 3, i + 1): s.value for i, s in enumerate(PAINTED)}
    image = decode(render(outcomes)).convert("RGB")
    corners = set()
    for i in range(len(PAINTED)):
        x0, y0, x1, _ = cell_box(2024, 3, i + 1)
        corners.add(image.getpixel((x1 - 6, y0 + 6)))
    assert len(corners) == len(PAINTED)


def test_statuses_stay_distinct_in_greyscale():
    # Same day number in every image, so only fill and symbol can differ.
    crops = []
    for status in PAINTED:
        image = decode(render({date(2024, 3, 14): status.value}))
        crops.append(_cell_pixels(image, 14, "L").tobytes())
    assert len(set(crops)) == len(PAINTED)


def test_unknown_status_is_drawn_as_none():
    plain = decode(render({}))
    odd = decode(render({date(2024, 3, 5): "mystery"}))
    assert _cell_pixels(plain, 5, "RGB").tobytes() == _cell_pixels(odd, 5, "RGB").tobytes()


def test_today_is_outlined():
    plain = decode(render({}))
    marked = decode(render({}, today=date(2024, 3, 12)))
    assert _cell_pixels(plain, 12, "L").tobytes() != _cell_pixels(marked, 12, "L").tobytes()
    assert _cell_pixels(plain, 13, "L").tobytes() == _cell_pixels(marked, 13, "L").tobytes()


def test_weekday_names_must_be_seven():
    with pytest.raises(ValueError):
        render(weekday_names=WEEKDAYS[:6])


def test_cell_box_rejects_missing_day():
    with pytest.raises(ValueError):
        cell_box(2024, 2, 30)


def test_missing_fonts_fall_back_with_one_warning(monkeypatch, caplog, fresh_fonts):
    monkeypatch.setattr(calendar_image, "find_cjk_font", lambda: None)
    with caplog.at_level(logging.WARNING, logger=calendar_image.__name__):
        first = render()
        render()
    assert decode(first).size == IMAGE_SIZE
    warnings = [r for r in caplog.records if "No CJK-capable font" in r.getMessage()]
    assert len(warnings) == 1


def test_configured_font_is_used(fresh_fonts):
    font = calendar_image.find_cjk_font()
    if font is None:
        pytest.skip("no CJK font installed")
    assert calendar_image.resolve_font_path(font) == font
    assert decode(render(font_path=font)).size == IMAGE_SIZE


def test_missing_configured_font_falls_back_to_system_search(caplog, fresh_fonts):
    with caplog.at_level(logging.WARNING, logger=calendar_image.__name__):
        path = calendar_image.resolve_font_path("/nonexistent/font.ttf")
    assert path == calendar_image.find_cjk_font()
    assert any("does not exist" in r.getMessage() for r in caplog.records)


def test_render_time_is_reported_not_asserted(capsys):
    render()  # warm the font cache
    started = time.perf_counter()
    outcomes = {date(2024, 3, d): PAINTED[d % len(PAINTED)].value for d in range(1, 32)}
    render(outcomes, today=date(2024, 3, 12))
    elapsed_ms = (time.perf_counter() - started) * 1000
    with capsys.disabled():
        print(f"\ncalendar render: {elapsed_ms:.1f} ms (target < 50 ms)")


def test_calendar_title_writes_the_year_without_grouping():
    from functools import partial
    from pathlib import Path

    from bot.testing import Catalogs
    from plugins.checkin.views import calendar_title

    catalogs = Catalogs()
    catalogs.load_dir(Path(__file__).resolve().parents[3] / "locales")
    first = date(2026, 3, 1)
    assert calendar_title(partial(catalogs.text, "en"), first, "Alice") == "Alice · March 2026"
    assert calendar_title(partial(catalogs.text, "zh-Hans"), first, "Alice") == "Alice · 2026年3月"


async def test_a_cjk_font_installed_while_the_bot_runs_is_used_without_a_restart(make_sandbox, tmp_path,
                                                                                 monkeypatch, fresh_fonts):
    real_font = calendar_image._search_cjk_font()
    if real_font is None:
        pytest.skip("no CJK font installed to copy")
    later = tmp_path / "fonts" / "cjk.ttc"
    seconds = [0.0]
    monkeypatch.setattr(calendar_image, "CJK_FONT_CANDIDATES", (str(later),))
    monkeypatch.setattr(calendar_image, "_fc_list_cjk_fonts", lambda: [])
    monkeypatch.setattr(calendar_image, "find_cjk_font", calendar_image.CjkFontFinder(lambda: seconds[0]))
    sandbox = await make_sandbox()
    alice = sandbox.user("alice", lang="zh-CN")

    boxes = (await alice.says("/calendar"))[0].image_data[0]
    assert calendar_image.font_advice(None) == calendar_image.NO_CJK_FONT
    later.parent.mkdir()
    later.write_bytes(Path(real_font).read_bytes())  # the operator installs a font
    seconds[0] += calendar_image.FONT_SEARCH_INTERVAL
    drawn = (await alice.says("/calendar"))[0].image_data[0]
    assert calendar_image.find_cjk_font() == str(later) and calendar_image.font_advice(None) is None
    assert drawn != boxes


def _without_cjk_fonts(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """shequn on a machine with no CJK font."""
    code = ("import sys; import plugins.checkin.calendar_image as fonts; fonts.CJK_FONT_CANDIDATES = (); "
            "fonts._fc_list_cjk_fonts = lambda: []; from bot.cli import main; "
            f"sys.exit(main({list(args)!r}))")
    clean = {name: value for name, value in os.environ.items() if not name.startswith("SHEQUN_")}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env={**clean, **(env or {})}, capture_output=True,
                          text=True, timeout=60)


def test_check_config_and_start_up_name_the_font_fix(tmp_path):
    checked = _without_cjk_fonts("check-config", cwd=tmp_path)
    assert checked.returncode == 0 and "config OK" in checked.stdout
    assert "warning: plugins.checkin.calendar_font: no CJK-capable font found" in checked.stdout
    assert "apt install fonts-wqy-microhei" in checked.stdout and "calendar_font" in checked.stdout

    (tmp_path / "config.toml").write_text('[plugins.checkin]\ncalendar_font = "/nowhere/font.ttc"\n')
    # The start then fails on an address that cannot exist: only its first lines matter here.
    started = _without_cjk_fonts("run", cwd=tmp_path, env={"SHEQUN_WEB__PORT": "1", "SHEQUN_WEB__HOST": "256.0.0.1"})
    warnings = [line for line in started.stderr.splitlines() if "WARNING" in line and "calendar_font" in line]
    assert len(warnings) == 1 and "/nowhere/font.ttc does not exist; no CJK-capable font found" in warnings[0]
