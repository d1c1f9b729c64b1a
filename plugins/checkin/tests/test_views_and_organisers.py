import csv
import io

from PIL import Image as PILImage

from bot.testing import problems_of
from pydantic import ValidationError

from plugins.checkin.calendar_image import IMAGE_SIZE, STYLES, Status, cell_box
from plugins.checkin.settings import CheckinSettings
from plugins.checkin.tests.helpers import checkin_settings, checkin_each_day, member, streak_of, utc


async def test_rank_ties_share_a_rank_and_members_who_left_are_not_listed(sandbox):
    for name in ("alice", "bob", "carol"):
        await sandbox.user(name).says("/checkin")
    await sandbox.advance(days=1)
    for name in ("alice", "bob"):
        await sandbox.user(name).says("/checkin")
    board = (await sandbox.user("carol").says("/rank all streak")).text
    assert "1. Alice — 2 days\n1. Bob — 2 days\n3. Carol — 1 day" in board
    assert "You: #3 with 1 day" in board
    await sandbox.user("bob").leaves()
    board = (await sandbox.user("carol").says("/rank all total")).text
    assert "Bob" not in board and "1. Alice — 2 days\n2. Carol — 1 day" in board
    await sandbox.user("bob").joins()
    assert (await streak_of("bob")).total_days == 2  # history kept across leaving and rejoining
    assert "1. Alice — 2 days\n1. Bob — 2 days" in (await sandbox.user("bob").says("/rank all total")).text


async def test_rank_by_points_this_week(sandbox):
    await sandbox.user("alice").says("/checkin")
    await sandbox.advance(days=1)
    await sandbox.user("alice").says("/checkin")
    await sandbox.user("bob").says("/checkin")
    board = (await sandbox.user("admin").says("/rank week points")).text
    assert "Check-in points, this week" in board
    assert "1. Alice — 20 points\n2. Bob — 10 points" in board
    assert "not on this board yet" in board


async def test_streak_shows_the_month_at_a_glance(sandbox):
    await checkin_each_day(sandbox, "bob", 2)
    await sandbox.advance(days=2)
    text = (await sandbox.user("alice").says("/streak @bob")).text
    assert "Bob: current streak 0 days, longest 2 days, 2 days in total." in text
    assert "2026-03: ⬜✅✅❌⬜" in text


def _decode(png: bytes) -> PILImage.Image:
    image = PILImage.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


def _cell_colour(image, day: int) -> tuple:
    x0, y0, _, _ = cell_box(2026, 3, day)
    return image.getpixel((x0 + 70, y0 + 20))


def _rgb(hex_colour: str) -> tuple:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


async def test_calendar_image_decodes_with_the_right_size_and_statuses(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(card_every=4))
    await checkin_each_day(sandbox, "alice", 4)  # 03-02..03-05, a card
    await sandbox.advance(days=2)  # 03-06 missed
    await sandbox.user("alice").says("/makeup yesterday")
    await sandbox.advance(days=2)  # 03-07, 03-08 missed
    replies = await sandbox.user("alice", lang="zh-CN").says("/calendar 2026-03")
    assert replies.text == "你在 2026-03 的打卡日历。"
    image = _decode(replies[0].image_data[0])
    assert image.size == IMAGE_SIZE
    assert _cell_colour(image, 2) == _rgb(STYLES[Status.CHECKED].fill)
    assert _cell_colour(image, 6) == _rgb(STYLES[Status.MADE_UP].fill)
    assert _cell_colour(image, 8) == _rgb(STYLES[Status.MISSED].fill)
    assert _cell_colour(image, 20) == _rgb(STYLES[Status.FUTURE].fill)
    bad = await sandbox.user("bob").says("/calendar March")
    assert bad.text == "“March” is not a month; write it as YYYY-MM (e.g. 2026-03), or a month number of this year (e.g. 3)."


async def test_reminders_go_only_to_live_streaks_not_yet_checked_in(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(remind_time="20:00"))
    for name in ("alice", "bob", "carol", "admin"):
        await sandbox.user(name).says("/checkin")
    await sandbox.user("dave").says("hello")  # a member without a streak
    await sandbox.advance(days=1)  # 03-03 09:00
    await sandbox.user("bob").says("/checkin")
    await sandbox.user("carol").says("/remind dm")
    await sandbox.user("admin").says("/remind off")
    before = len(sandbox.bot_messages("demo"))
    await sandbox.advance(hours=12)  # 21:00, past the 20:00 reminder
    posted = sandbox.bot_messages("demo")[before:]
    assert len(posted) == 1
    assert "Streaks ending soon" in posted[0].text
    assert "@Alice: 1-day streak ends in 8 h" in posted[0].text
    assert all(name not in posted[0].text for name in ("Bob", "Carol", "Admin", "Dave"))
    direct = [m.text for m in sandbox.history("dm:carol") if m.sender == "bot"]
    assert direct == ["⏰ Your 1-day streak ends in 8 h. Check in with /checkin."]
    await sandbox.advance(hours=2)
    assert len(sandbox.bot_messages("demo")) == before + 1  # one reminder a day


async def test_group_reminders_batch_mentions(make_sandbox):
    users = [f"user{i}" for i in range(25)]
    sandbox = await make_sandbox({**checkin_settings(remind_time="20:00"), "sandbox": {"users": users, "admins": []}})
    for name in users:
        await sandbox.user(name).says("/checkin")
    before = len(sandbox.bot_messages("demo"))
    await sandbox.advance(days=1, hours=12)
    posted = sandbox.bot_messages("demo")[before:]
    assert len(posted) == 2  # 25 mentions in two messages, not 25
    assert sum(m.text.count("streak ends in") for m in posted) == 25


async def test_digest_mentions_only_missers_who_opted_in(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(digest=True, digest_time="04:00", remind_time=None))
    for name in ("alice", "bob", "carol"):
        await sandbox.user(name).says("/checkin")  # 03-02
    await sandbox.user("carol").says("/remind off")
    await sandbox.advance(days=1)  # 03-03: only alice
    await sandbox.user("alice").says("/checkin")
    await sandbox.user("admin").says("/makeup 03-02")  # a refusal, not a make-up
    before = len(sandbox.bot_messages("demo"))
    await sandbox.set_time(utc("2026-03-04 05:00"))
    digest = [m for m in sandbox.bot_messages("demo")[before:] if "digest" in m.text]
    assert len(digest) == 1
    text = digest[0].text
    assert "Check-in digest for 03-03" in text
    assert "Checked in: 1 · Late (made up): 0 · Missed: 2 · Active members: 3" in text
    assert "Rate: 33%" in text
    assert "We missed you: @Bob" in text and "Carol" not in text and "Alice" not in text.split("missed you")[1]


async def test_admin_fix_updates_streaks_and_why_shows_the_audit(sandbox):
    await checkin_each_day(sandbox, "alice", 3)  # 03-02..03-04
    refused = await sandbox.user("bob").says("/checkin_fix @alice 03-03 remove")
    assert "Only admins" in refused.text
    removed = await sandbox.user("admin").says("/checkin_fix @alice 03-03 remove copied answer")
    assert "Removed 03-03 for @Alice (copied answer). Streak now 1, longest 1." in removed.text
    assert await sandbox.runtime.ledger.balance(await member("alice")) == 3 * 10 + 20 - 10  # milestone 3 kept
    why = (await sandbox.user("alice").says("/why")).text
    assert "03-03 check-in removed by Admin (copied answer); streak 1 → 0" in why
    assert "03-04 checked in: streak 0 → 1" in why
    added = await sandbox.user("admin").says("/checkin_fix @alice 03-03 add it was fine")
    assert "Streak now 3, longest 3." in added.text
    why = (await sandbox.user("alice").says("/why")).text
    assert "03-03 added by Admin (it was fine): streak 1 → 2" in why
    assert "already checked in" in (await sandbox.user("admin").says("/checkin_fix @alice 03-03 add")).text
    assert "has not happened yet" in (await sandbox.user("admin").says("/checkin_fix @alice 2026-03-09 add")).text
    assert "no check-in on 03-01" in (await sandbox.user("admin").says("/checkin_fix @alice 03-01 remove")).text


async def test_export_csv_content(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(card_every=4))
    await checkin_each_day(sandbox, "alice", 4)
    await sandbox.user("bob").says("/checkin =SUM(A1) notes")
    await sandbox.advance(days=2)
    await sandbox.user("alice").says("/makeup yesterday")
    refused = await sandbox.user("alice").says("/checkin_export")
    assert "Only admins" in refused.text and refused[0].visible_to == "alice"
    replies = await sandbox.user("admin").says("/checkin_export 2026-03")
    assert [r.visible_to for r in replies] == ["admin"]  # the export is the organisers' alone
    document = replies[0].document
    assert (document.filename, document.mime) == ("checkins-2026-03.csv", "text/csv")
    rows = list(csv.reader(io.StringIO(document.data.decode("utf-8-sig"))))
    assert rows[0] == ["member", "platform", "day", "time", "note", "kind"]
    assert ["Alice", "sandbox", "2026-03-02", "09:00", "", "checked"] in rows
    assert ["Bob", "sandbox", "2026-03-05", "09:00", "'=SUM(A1) notes", "checked"] in rows
    assert ["Alice", "sandbox", "2026-03-06", "09:00", "", "made_up"] in rows
    assert len(rows) == 1 + 6
    assert "6 rows" in replies.text


async def test_stats_show_members_at_risk(sandbox):
    for name in ("alice", "bob"):
        await sandbox.user(name).says("/checkin")  # 03-02
    await sandbox.advance(days=1)
    await sandbox.user("alice").says("/checkin")  # 03-03
    await sandbox.advance(days=3)  # 03-06: bob missed 03-03, 03-04, 03-05; alice 03-04, 03-05
    await sandbox.user("alice").says("/checkin")
    replies = await sandbox.user("admin").says("/checkin_stats")
    assert [r.visible_to for r in replies] == ["admin"]
    stats = replies.text
    assert "Today: 1 of 2 active members checked in." in stats
    assert "Last 7 days: 02-28 0 · 03-01 0 · 03-02 2 · 03-03 1 · 03-04 0 · 03-05 0 · 03-06 1" in stats
    assert "At risk (missed 2 of the last 3 days): 2 — Alice, Bob" in stats
    assert "Longest streaks: Alice (1), Bob (1)" not in stats  # bob's streak ended


def test_config_errors_name_the_key():
    bad = {"points": -1, "rest_days": ["someday"], "proof": {"min_chars": 3}, "card_every": 2}
    try:
        CheckinSettings.model_validate(bad)
    except ValidationError as exc:
        problems = dict(problems_of(exc, "communities.demo.settings.checkin"))
    assert set(problems) == {"communities.demo.settings.checkin.points",
                             "communities.demo.settings.checkin.rest_days",
                             "communities.demo.settings.checkin.proof.min_chars",
                             "communities.demo.settings.checkin.card_every"}
    assert "makeup_window_days" in problems["communities.demo.settings.checkin.card_every"]


async def test_per_community_settings_override_the_plugin_section(make_sandbox):
    sandbox = await make_sandbox({"plugins": {"checkin": {"points": 3}},
                                  "communities": {"demo": {"settings": {"checkin": {"points": 5}}},
                                                  "other": {"chats": ["sandbox:other"]}}})
    assert "+5 points" in (await sandbox.user("alice").says("/checkin")).text
    assert "+3 points" in (await sandbox.user("alice").says("/checkin", chat="other")).text
    assert sandbox.runtime.check_plugin_settings() == []


async def test_hourly_settling_drops_broken_streaks_from_the_board(sandbox):
    await sandbox.user("alice").says("/checkin")  # 03-02
    await sandbox.user("bob").says("/checkin")
    await sandbox.advance(days=1)
    await sandbox.user("bob").says("/checkin")  # 03-03; alice misses it
    await sandbox.set_time(utc("2026-03-04 06:00"))  # the settle job ran at 04:07 and 05:07
    assert (await streak_of("alice")).current == 0
    board = (await sandbox.user("carol").says("/rank")).text
    assert "1. Bob — 2 days" in board and "Alice" not in board


async def test_calendar_and_export_read_a_month_the_same_way(sandbox):
    await sandbox.user("alice").says("/checkin")
    for typed, month in (("3", "2026-03"), ("2026-3", "2026-03"), ("", "2026-03"), ("12", "2026-12")):
        calendar = await sandbox.user("alice").says(f"/calendar {typed}")
        export = await sandbox.user("admin").says(f"/checkin_export {typed}")
        assert f"Your check-ins in {month}." in calendar.text
        assert export[0].document.filename == f"checkins-{month}.csv"
    for typed in ("13", "0", "March", "0000-01"):
        calendar = await sandbox.user("alice").says(f"/calendar {typed}")
        export = await sandbox.user("admin").says(f"/checkin_export {typed}")
        assert f"“{typed}” is not a month" in calendar.text and calendar.text == export.text


async def test_wrong_arguments_say_which_one_and_why(sandbox):
    await sandbox.user("alice").says("/checkin")
    admin = sandbox.user("admin")
    garbage = (await admin.says("/checkin_fix garbage")).text
    assert garbage.startswith("There is no member “garbage” here")
    bad_day = (await admin.says("/checkin_fix @alice 2026-13-45")).text
    assert bad_day.startswith("“2026-13-45” is not a date (day)")
    no_action = (await admin.says("/checkin_fix @alice yesterday")).text
    assert no_action.startswith("/checkin_fix needs action.")
    assert no_action.endswith("Usage: /checkin_fix <member> <day> <add|remove> [reason]")
    nobody = (await sandbox.user("bob").says("/streak @nobody")).text
    assert nobody.startswith("There is no member “@nobody” here")


async def test_chinese_help_names_the_arguments_in_chinese(sandbox):
    help_text = (await sandbox.user("li", lang="zh-CN").says("/help")).text
    assert "/checkin [备注]" in help_text and "/makeup <日期>" in help_text
    assert "[note]" not in help_text and "<day>" not in help_text

