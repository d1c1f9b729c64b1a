"""The board, the admins' statistics, the CSV export, XP taken back and a new season."""
import csv
import io

from plugins.tiers import plugin as tiers
from plugins.tiers.tests.helpers import standing, tiers_config


async def three_members(sandbox) -> None:
    for name in ("alice", "bob", "carol"):
        await sandbox.user(name).says("hello")
    await sandbox.user("admin").says("/xp give @alice 350 talks")
    await sandbox.user("admin").says("/xp give @bob 120 notes")


async def test_the_board_ranks_by_xp_with_level_and_tier(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await three_members(sandbox)
    board = await sandbox.user("carol").says("/levels")
    assert not board[0].private
    assert board.text.splitlines()[:3] == ["XP board, all time:", "1. Alice · level 2 · 350 XP · Core",
                                           "2. Bob · level 1 · 120 XP · Member"]


async def test_stats_export_and_xp_taken_back(make_sandbox):
    sandbox = await make_sandbox(tiers_config(), plugins=[tiers])
    await three_members(sandbox)
    taken = await sandbox.user("admin").says("/xp take @bob 20 duplicate notes")
    assert taken.text == "Took 20 XP from @Bob; they have 100 XP now (audited)."
    stats = await sandbox.user("admin").says("/tier_stats")
    assert stats[0].private
    assert "Core: 1" in stats.text and "Member: 1" in stats.text
    assert "This month: 2 promoted, 0 stepped down, 0 granted." in stats.text
    export = await sandbox.user("admin").says("/tier_export")
    rows = list(csv.DictReader(io.StringIO(export[0].document.data.decode("utf-8-sig"))))
    assert export[0].private and [(r["name"], r["tier"], r["xp"]) for r in rows] == [("Alice", "core", "350"),
                                                                                   ("Bob", "member", "100")]
    refused = await sandbox.user("bob").says("/tier_export")
    assert refused[0].private and refused[0].document is None


async def test_a_new_season_keeps_a_share_and_the_lifetime_board(make_sandbox):
    sandbox = await make_sandbox(tiers_config(seasons=True, season_keep=0.2), plugins=[tiers])
    await three_members(sandbox)
    done = await sandbox.user("admin").says("/tier_season spring")
    assert done.text == "A new season began for 2 members; 20% of season XP kept."
    assert ((await standing("alice")).season_xp, (await standing("alice")).xp) == (70, 350)
    season = await sandbox.user("bob").says("/levels season")
    assert "1. Alice · level 2 · 70 XP · Core" in season.text  # the tier earned stays
