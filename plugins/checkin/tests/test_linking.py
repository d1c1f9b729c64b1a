"""Linking accounts moves one account's days onto the other; undoing it gives them back exactly."""
from datetime import date

from bot.testing import LedgerEntry

from plugins.checkin.models import Leave, MemberStreak
from plugins.checkin.tests.helpers import checkin_days, checkin_settings, member


async def _state(sandbox, name: str, platform: str) -> dict:
    """What a member sees and has: their days, streak row, points and /streak answer."""
    who = await member(name)
    row = await MemberStreak.get(member_id=who.id)
    entries = sorted(await LedgerEntry.filter(member_id=who.id).values_list("delta", "reason", "reference"))
    return {"days": await checkin_days(name), "away": await Leave.filter(member_id=who.id).values_list("day", "reason"), "points": await sandbox.runtime.ledger.balance(who),
            "entries": entries, "joined": who.joined_at,
            "streak": (row.current, row.longest, row.total_days, row.cards, row.points, row.timezone,
                       row.week_days, row.month_days),
            "says": (await sandbox.user(name, platform=platform).says("/streak", chat="dm:" + name)).text}


async def test_undoing_a_link_gives_both_accounts_back_their_days_streaks_and_points(make_sandbox):
    sandbox = await make_sandbox(checkin_settings(milestones=[2], milestone_points=5, card_every=2, makeup_window_days=1),
                                 platforms=("sandbox", "sandbox2"))
    alice, bob = sandbox.user("alice"), sandbox.user("bob", platform="sandbox2")  # one person, two accounts
    await bob.says("/checkin")  # 03-02
    await bob.says("/timezone Asia/Shanghai", chat="dm:bob")
    await sandbox.advance(days=1)
    await alice.says("/checkin")  # 03-03: both
    await bob.says("/checkin")
    await sandbox.advance(days=1)
    await alice.says("/checkin")  # 03-04: alice only
    await alice.says("/away 1 dentist")  # 03-05: both away, bob's set aside while linked
    await bob.says("/away 2 trip")  # 03-05, 03-06
    before = {"alice": await _state(sandbox, "alice", "sandbox"), "bob": await _state(sandbox, "bob", "sandbox2")}

    linked = await alice.links(bob)
    assert await checkin_days("alice") == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]
    merged = await _state(sandbox, "alice", "sandbox")
    assert merged["points"] == before["alice"]["points"] + before["bob"]["points"]
    assert merged["streak"][:3] == (3, 3, 3)

    undone = await alice.press(linked[0], "Undo")
    assert undone.text.startswith("Unlinked: Bob is a separate account again.")
    after = {"alice": await _state(sandbox, "alice", "sandbox"), "bob": await _state(sandbox, "bob", "sandbox2")}
    assert after == before
    back = await bob.says("/checkin")  # 03-04 is still open for bob's own account
    assert "Streak: 1 day" not in back.text and "checked in" in back.text
