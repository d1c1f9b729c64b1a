"""Rubric criteria on scales of their own ("0–3, or as the rubric says", issue 15): the card's
buttons go to each criterion's max, the learner sees each score of its max, the average and the
peers' split threshold are on the 0–3 scale, and a rubric too wide for a review card is refused."""
from pathlib import Path

from plugins.camps.camp_file import read_camp
from plugins.camps.models import Review, Submission
from plugins.camps.review_outcome import split
from plugins.camps.tests.test_camp_files import problems, write
from plugins.camps.tests.test_days import utc
from plugins.camps.tests.test_homework import cohort, last

RUBRIC = '[{ name = "design", max = 5 }, "runs"]'


async def test_a_criterion_scored_to_five_has_its_buttons_and_counts_scaled(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice",), rubric=RUBRIC)
    world = sandbox.adapter().world
    await sandbox.user("dave").says("hello")
    await sandbox.set_time(utc("2026-03-11 02:00"))  # day 3
    await sandbox.user("admin").says("/camp mentor @dave")
    await sandbox.user("alice").says("/submit 3 my loops")
    card = (await sandbox.user("dave").says("/review"))[-1]
    assert [[b.label for b in row] for row in card.buttons[:3]] == [
        ["design: 0", "1", "2"], ["3", "4", "5"], ["runs: 0", "1", "2", "3"]]
    assert "• design (0–5): —" in card.text and "• runs (0–3): —" in card.text
    scored = await sandbox.user("dave").press(card, "4")
    assert scored.toasts == ["design: 4 of 5"]
    await sandbox.user("dave").press(world.messages[card.id], at=(2, 3))  # runs: 3
    assert "• design (0–5): 4" in world.messages[card.id].text
    await sandbox.user("dave").press(world.messages[card.id], "✅ Accept")
    told = last(sandbox, "dm:alice", "was reviewed").text
    assert "average score 2.7 of 3" in told  # 4 of 5 counts as 2.4, beside 3 of 3
    assert "• design: 4.0 of 5" in told and "• runs: 3.0 of 3" in told
    assert (await Submission.get()).score == 2.7


def test_peers_split_on_the_scaled_averages():
    scales = {"design": 5, "runs": 3}
    high = Review(scores={"design": 5, "runs": 3}, verdict="accept")  # 3.0 of 3
    lower = Review(scores={"design": 2, "runs": 3}, verdict="accept")  # 2.1 of 3: 0.9 apart, no split
    assert not split([high, lower], scales)
    assert split([high, Review(scores={"design": 1, "runs": 3}, verdict="accept")], scales)  # 1.8: 1.2 apart
    assert split([high, Review(scores={"design": 5, "runs": 3}, verdict="changes")], scales)


def test_a_rubric_too_wide_for_a_review_card_is_refused(tmp_path: Path):
    fits = write(tmp_path, 'title = "T"\ndays = 1\n[[tasks]]\nday = 1\ntitle = "one"\nhomework = true\n'
                           'rubric = [{ name = "idea", max = 10 }, "form"]\n', name="fits.toml")
    assert [c.max for c in read_camp(fits).spec.tasks[0].rubric] == [10, 3]
    wide = write(tmp_path, 'title = "T"\ndays = 1\n[[tasks]]\nday = 1\ntitle = "one"\nhomework = true\n'
                           'rubric = [{ name = "idea", max = 10 }, { name = "form", max = 5 }]\n')
    [problem] = problems(wide)
    assert problem.startswith("camps/tiny.toml:7: tasks.0.rubric:") and "more than 4 rows of 5" in problem
