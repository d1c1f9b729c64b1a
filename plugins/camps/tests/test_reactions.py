"""Reactions to homework (where the platform reports them): each member's emoji on the message a
submission came in counts once for it, a reaction taken back stops counting, the author's own
never counts, and the most-reacted homework is offered to the showcase beside the best-scored."""
from plugins.camps.models import SubmissionReaction
from plugins.camps.tests.test_days import utc
from plugins.camps.tests.test_homework import cohort, last


async def test_the_most_reacted_homework_is_offered_beside_the_best_scored(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice", "bob", "carol"))
    world = sandbox.adapter().world
    await sandbox.user("dave").says("hello")
    await sandbox.set_time(utc("2026-03-11 02:00"))  # day 3
    await sandbox.user("admin").says("/camp mentor @dave")
    posted = {}
    for name in ("alice", "bob", "carol"):
        await sandbox.user(name).says(f"/submit 3 shopping list by {name}")
        posted[name] = next(m for m in sandbox.history("demo") if m.text == f"/submit 3 shopping list by {name}")
    card = (await sandbox.user("dave").says("/review"))[-1]  # alice's, first in the queue: 3 and 3
    for row in range(2):
        await sandbox.user("dave").press(world.messages[card.id], at=(row, 3))
    await sandbox.user("dave").press(world.messages[card.id], "✅ Accept")

    for who, emoji in (("alice", "👍"), ("dave", "👍"), ("bob", "❤️"), ("carol", "🎉")):  # carol's own: not counted
        await sandbox.user(who).reacts(posted["carol"], emoji)
    await sandbox.user("alice").reacts(posted["carol"], "👍")  # the same reaction again: once
    await sandbox.user("carol").reacts(posted["bob"], "👍")
    await sandbox.user("dave").reacts(posted["bob"], "🔥")
    await sandbox.user("dave").reacts(posted["bob"], "🔥", added=False)  # taken back
    assert await SubmissionReaction.all().count() == 4

    await sandbox.set_time(utc("2026-03-15 17:00"))  # day 7 is over: the week's showcase
    offer = last(sandbox, "dm:dave", "the most-reacted homework")
    assert [b.label for row in offer.buttons for b in row] == [
        "⭐ Alice, day 3 (3.0)", "⭐ Carol, day 3 (3 reactions)", "⭐ Bob, day 3 (1 reaction)"]
    asked = await sandbox.user("dave").press(offer, "⭐ Carol, day 3 (3 reactions)")
    assert asked.toasts == ["Carol is asked whether it may be shown."]
