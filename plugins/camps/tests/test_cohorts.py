"""Cohorts: opened in chat or declared in the file, listed by /camps with an enrol button."""
from plugins.camps import plugin as camps
from plugins.camps.models import Cohort
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
