"""Cohorts: opened in chat or declared in the file, listed by /camps with an enrol button."""
from plugins.camps import plugin as camps
from plugins.camps.models import AuditEntry, Cohort
from plugins.camps.tests.helpers import camp_folder, camps_settings


async def test_an_admin_opens_a_cohort_and_members_see_it_with_an_enrol_button(make_sandbox, tmp_path):
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path)), plugins=[camps])
    assert (await sandbox.user("alice").says("/camps")).text == "No cohort is open for enrolment right now."
    opened = await sandbox.user("admin").says("/camp open python-7-days 2026-03-09")
    assert opened[-1].private and "Cohort python-7-days-0309 opened." in opened.text
    cohort = await Cohort.get(name="python-7-days-0309")
    assert (cohort.start.isoformat(), cohort.timezone, cohort.seats, cohort.chats) == \
        ("2026-03-09", "UTC", 30, ["sandbox:demo"])
    listing = await sandbox.user("alice").says("/camps")
    assert "Python in 7 days — python-7-days-0309: 2026-03-09 to 2026-03-15 (UTC)" in listing.text
    assert "30 seats left of 30" in listing.text
    assert listing[-1].buttons[0][0].label == "Enrol in python-7-days-0309"


async def test_a_second_cohort_of_the_same_camp_runs_beside_the_first(make_sandbox, tmp_path):
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path)), plugins=[camps])
    await sandbox.user("admin").says("/camp open python-7-days 2026-03-09")
    await sandbox.user("admin").says("/camp open python-7-days 2026-03-09")
    assert await Cohort.filter(camp="python-7-days").order_by("id").values_list("name", flat=True) == \
        ["python-7-days-0309", "python-7-days-0309-2"]


async def test_a_declared_cohort_has_its_own_time_zone_window_and_seats(make_sandbox, tmp_path):
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path, declared_seats=2)), plugins=[camps])
    listing = await sandbox.user("bob", lang="zh").says("/camps")
    assert "py-march：2026-03-09 至 2026-03-15（Asia/Shanghai），招生中；报名截止 2026-03-10；剩余 2 个名额（共 2 个）" \
        in listing.text


async def test_bad_open_commands_change_nothing(make_sandbox, tmp_path):
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path)), plugins=[camps])
    admin = sandbox.user("admin")
    assert "There is no camp “cooking”. Camps: python-7-days." in (await admin.says("/camp open cooking 2026-03-09")).text
    assert "“March” is not a start date" in (await admin.says("/camp open python-7-days March")).text
    assert "2026-03-01 is in the past" in (await admin.says("/camp open python-7-days 2026-03-01")).text
    assert "Write /camp open <camp> <start date>" in (await admin.says("/camp open python-7-days")).text
    assert await Cohort.all().count() == 0


async def test_open_takes_a_time_zone_seats_and_an_enrolment_window(make_sandbox, tmp_path):
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path)), plugins=[camps])
    opened = await sandbox.user("admin").says(
        "/camp open python-7-days 2026-03-09 tz=Asia/Shanghai seats=12 enrol=2026-03-01..2026-03-10")
    assert "Cohort python-7-days-0309 opened." in opened.text
    cohort = await Cohort.get(name="python-7-days-0309")
    assert (cohort.timezone, cohort.seats, str(cohort.enrol_from), str(cohort.enrol_until)) == \
        ("Asia/Shanghai", 12, "2026-03-01", "2026-03-10")
    [entry] = await AuditEntry.filter(action="open")
    assert entry.detail == "python-7-days from 2026-03-09 tz=Asia/Shanghai seats=12 enrol=2026-03-01..2026-03-10"
    await sandbox.user("admin").says("/camp open python-7-days 2026-03-09 时区=Europe/Berlin enrol=..2026-03-12")
    second = await Cohort.get(name="python-7-days-0309-2")
    assert (second.timezone, second.seats, second.enrol_from, str(second.enrol_until)) == \
        ("Europe/Berlin", 30, None, "2026-03-12")


async def test_bad_open_options_are_named_in_the_askers_language_and_open_nothing(make_sandbox, tmp_path):
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path)), plugins=[camps])
    admin, zh = sandbox.user("admin"), sandbox.user("admin", lang="zh")
    start = "/camp open python-7-days 2026-03-09 "
    assert "“Mars/Olympus” is not a time zone" in (await admin.says(start + "tz=Mars/Olympus")).text
    assert "“0” is not a number of seats: write a whole number from 1 to 100,000." in \
        (await admin.says(start + "seats=0")).text
    assert "“colour=red” is not an option of /camp open" in (await admin.says(start + "colour=red")).text
    assert "“2026-03-10..2026-03-01” closes before it opens" in \
        (await admin.says(start + "enrol=2026-03-10..2026-03-01")).text
    assert "opens after the start (2026-03-09)" in (await admin.says(start + "enrol=2026-03-20..")).text
    assert "“soon” is not an enrolment window" in (await admin.says(start + "enrol=soon")).text
    assert "“lots”不是名额数" in (await zh.says(start + "seats=lots")).text
    assert "“Moon”不是时区" in (await zh.says(start + "tz=Moon")).text
    assert await Cohort.all().count() == 0
