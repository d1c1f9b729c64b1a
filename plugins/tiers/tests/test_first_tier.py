"""A member's first tier, the lowest: placed at once (audited, TierChanged), shown on the platforms
in the background; a stop before it is shown resumes later, and a promotion before its turn shows
the new tier in full."""
from bot import Plugin, SignalContext, TierChanged

from plugins.tiers import first_tier
from plugins.tiers import plugin as tiers
from plugins.tiers.models import TierAudit
from plugins.tiers.tests.helpers import activities, first_tiers_shown, standing, tiers_config

heard: list[tuple[str | None, str | None]] = []
listener = Plugin("first_listener")


@listener.on(TierChanged)
async def tier_changed(ctx: SignalContext, signal: TierChanged) -> None:
    heard.append((signal.old, signal.new))


def member_row(sandbox, name: str) -> dict:
    return next(m for m in sandbox.adapter().world.member_list("demo") if m["user"] == name)


async def test_the_lowest_tier_is_placed_audited_and_told_then_shown(make_sandbox):
    heard.clear()
    sandbox = await make_sandbox(tiers_config(), plugins=[activities, tiers, listener])
    await sandbox.user("alice").says("/did homework.accepted hw-1")
    row = await standing("alice")
    assert (row.earned, row.shown) == ("newcomer", "newcomer")
    assert heard == [(None, "newcomer")]
    assert await TierAudit.filter(action="promoted", old=None, new="newcomer").count() == 1
    await first_tiers_shown()
    assert member_row(sandbox, "alice")["tag"] == "Newcomer"
    assert member_row(sandbox, "alice")["roles"] == ["Newcomer"]
    assert not (await standing("alice")).to_show


async def test_a_stop_before_the_lowest_tier_is_shown_resumes_at_the_hourly_run(make_sandbox, monkeypatch):
    """(A start resumes the same way: the startup hook starts what the hourly run starts.)"""
    sandbox = await make_sandbox(tiers_config(), plugins=[activities, tiers])
    with monkeypatch.context() as patched:
        patched.setattr(first_tier, "start", lambda ctx: None)  # the bot stops before the background ran
        await sandbox.user("alice").says("/did homework.accepted hw-1")
    assert (await standing("alice")).to_show
    assert member_row(sandbox, "alice")["tag"] is None
    await sandbox.advance(hours=1)
    await first_tiers_shown()
    assert member_row(sandbox, "alice")["tag"] == "Newcomer"


async def test_a_promotion_before_its_turn_shows_the_new_tier_in_full(make_sandbox, monkeypatch):
    sandbox = await make_sandbox(tiers_config(), plugins=[activities, tiers])
    monkeypatch.setattr(first_tier, "start", lambda ctx: None)
    await sandbox.user("alice").says("/did homework.accepted hw-1")  # 50 XP: the lowest tier, not shown yet
    await sandbox.user("alice").says("/did homework.accepted hw-2")  # 100 XP: Member
    row = await standing("alice")
    assert (row.shown, row.to_show) == ("member", False)
    assert member_row(sandbox, "alice")["tag"] == "Member"
    assert member_row(sandbox, "alice")["roles"] == ["Member"]
