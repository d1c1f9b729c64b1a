"""Camp files: read, checked with file, line and key, and reloaded from chat."""
from pathlib import Path

import pytest

from plugins.camps.camp_file import CampFileError, read_camp
from plugins.camps.models import AuditEntry
from plugins.camps.tests.helpers import EXAMPLES, camp_folder, camps_settings

from plugins.camps import plugin as camps

MINIMAL = """title = "Tiny"
days = 3

[[tasks]]
day = 1
title = "one"

[[tasks]]
day = {second_day}
title = "two"
unlock = "{unlock}"
"""


def write(tmp_path: Path, text: str, name: str = "tiny.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(CampFileError) as raised:
        read_camp(path, shown_as=f"camps/{path.name}")
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.toml")))
def test_the_example_files_are_valid(example):
    camp = read_camp(EXAMPLES / example)
    assert camp.spec.days == 7 and [task.day for task in camp.spec.tasks] == list(range(1, 8))


def test_a_day_out_of_range_is_named_by_file_line_and_key(tmp_path):
    path = write(tmp_path, MINIMAL.format(second_day=4, unlock="08:00"))
    assert problems(path) == ["camps/tiny.toml:9: tasks.1.day: day 4 is after the camp's last day (3)"]


def test_a_duplicate_day_is_named(tmp_path):
    path = write(tmp_path, MINIMAL.format(second_day=1, unlock="08:00"))
    assert problems(path) == ["camps/tiny.toml:9: tasks.1.day: day 1 has a task already (tasks.0)"]


def test_a_bad_time_is_named(tmp_path):
    path = write(tmp_path, MINIMAL.format(second_day=2, unlock="25:00"))
    assert problems(path) == ["camps/tiny.toml:11: tasks.1.unlock: '25:00' is not a time of day as HH:MM (e.g. 09:00)"]


def test_a_missing_key_points_at_its_table_and_an_unknown_key_at_its_line(tmp_path):
    path = write(tmp_path, 'title = "T"\ndays = 2\n\n[[cohorts]]\nname = "a"\nstart = 2026-03-09\ncolour = "red"\n')
    assert problems(path) == ["camps/tiny.toml:4: cohorts.0.community: required",
                              "camps/tiny.toml:7: cohorts.0.colour: unknown key (check the spelling; see docs/camps.md)"]


def test_a_cohorts_time_zone_and_chats_are_checked_as_config_toml_checks_them(tmp_path):
    path = write(tmp_path, 'title = "T"\ndays = 2\n\n[[cohorts]]\nname = "a"\ncommunity = "c"\nstart = 2026-03-09\n'
                           'timezone = "Mars/Olympus"\nchats = ["telegram:-100", "nocolon"]\n')
    assert problems(path) == [
        "camps/tiny.toml:8: cohorts.0.timezone: unknown time zone 'Mars/Olympus' (use an IANA name such as Asia/Shanghai)",
        "camps/tiny.toml:9: cohorts.0.chats.1: 'nocolon' is not platform:id (e.g. telegram:-100123)"]


def test_broken_toml_names_its_line(tmp_path):
    path = write(tmp_path, 'title = "T"\ndays = \n')
    [problem] = problems(path)
    assert problem.startswith("camps/tiny.toml:2: not valid TOML")


async def test_reload_in_chat_loads_good_files_and_names_the_problems_of_bad_ones(make_sandbox, tmp_path):
    folder = camp_folder(tmp_path)
    sandbox = await make_sandbox(camps_settings(folder), plugins=[camps])
    write(folder, MINIMAL.format(second_day=1, unlock="08:00"))
    replies = await sandbox.user("admin").says("/camp reload")
    assert replies[-1].private
    assert "Loaded 1 camp: python-7-days." in replies.text
    assert "tiny.toml:9: tasks.1.day: day 1 has a task already (tasks.0)" in replies.text
    write(folder, MINIMAL.format(second_day=2, unlock="08:00"))
    replies = await sandbox.user("admin").says("/camp reload")
    assert "Loaded 2 camps: python-7-days, tiny." in replies.text and "problem" not in replies.text
    reloads = await AuditEntry.filter(action="reload").order_by("id").prefetch_related("actor", "community")
    assert [(e.actor.display_name, e.community.slug, e.cohort_id, e.detail) for e in reloads] == [
        ("Admin", "demo", None, "1 loaded: python-7-days; 1 problems"),
        ("Admin", "demo", None, "2 loaded: python-7-days, tiny; 0 problems")]


async def test_members_cannot_reload(make_sandbox, tmp_path):
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path)), plugins=[camps])
    replies = await sandbox.user("alice").says("/camp reload")
    assert "Loaded" not in replies.text and "admin" in replies.text.lower()
    assert not await AuditEntry.exists(action="reload")
