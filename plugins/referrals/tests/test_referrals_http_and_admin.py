"""The whole flow over the sandbox's HTTP API (a join with the invite URL, the clock past
min_stay, the first check-in, the reward), and the admins' tools and the board."""
import csv
import io
import re

from aiohttp import ClientSession

from bot.testing import LedgerEntry

from plugins.referrals.models import ReferralAudit
from plugins.referrals.tests.helpers import activities, config, link_of, member, start, statuses
from plugins.referrals import plugin as referrals


async def test_join_clock_check_in_and_reward_over_http(make_sandbox):
    overrides = config(steps=[{"at": 1, "points": 30}])
    overrides["web"] = {"enabled": True, "host": "127.0.0.1", "port": 0}
    sandbox = await make_sandbox(overrides, plugins=[referrals, activities])
    base = f"http://127.0.0.1:{sandbox.runtime.web.port}/sandbox/api"
    async with ClientSession() as http:
        async def post(path: str, body: dict) -> dict:
            async with http.post(base + path, json=body) as response:
                assert response.status == 200, await response.text()
                return await response.json()

        asked = await post("/messages", {"user": "alice", "text": "/invite"})
        [answer] = asked["replies"]
        assert answer["private"] is True
        url = re.search(r"https://sandbox\.invalid/join/\S+", answer["text"]).group(0)
        await post("/members", {"user": "bob", "chat": "demo", "action": "join", "invite": url})
        await post("/messages", {"user": "bob", "text": "/checkin"})
        await post("/clock", {"now": "2026-03-03T09:30:00+00:00"})  # a day and a half hour later
        async with http.get(base + "/history", params={"chat": "dm:alice", "user": "alice"}) as response:
            dms = [m["text"] for m in (await response.json())["messages"]]
    assert any(text.startswith("You reached one referral! +30 points.") for text in dms)
    assert await statuses("alice") == [("bob", "confirmed", None)]
    assert await LedgerEntry.filter(reason="referrals").values_list("delta", flat=True) == [30]


async def test_admin_tools_are_private_audited_and_the_board_hides_members_who_left(make_sandbox):
    sandbox = await start(make_sandbox, steps=[{"at": 3, "points": 10}], min_stay_hours=0)
    admin = sandbox.user("admin")
    for inviter, friends in (("alice", ("bob", "carol")), ("dave", ("erin",))):
        url = await link_of(sandbox.user(inviter))
        for friend in friends:
            await sandbox.user(friend).joins(invite=url)
            await sandbox.user(friend).says("/checkin")
    await sandbox.user("frank").joins()  # no link: unknown
    board = await sandbox.user("bob").says("/invites_top 7")
    assert board.text.splitlines() == ["Referral board (7 days)", "1. Alice: 2", "2. Dave: 1"]
    await sandbox.user("dave").leaves()
    board = await sandbox.user("carol").says("/invites_top")
    assert board.text.splitlines() == ["Referral board (this campaign)", "1. Alice: 2"]

    refused = await sandbox.user("bob").says("/referral stats")
    assert "admin" in refused.text.lower() and "Joins" not in refused.text
    stats = await admin.says("/referral stats")
    assert stats[0].visible_to == "admin"
    assert stats.text.startswith("Joins: 4 (confirmed 3, pending 0, void 0, on hold 0, uncertain 0, unknown 1). "
                                 "Confirmation rate: 100%.")

    added = await admin.says("/referral add @alice 1 met at the meetup")
    assert added[-1].text == "Alice: 1 toward the rewards, noted." and added[-1].visible_to == "admin"
    reached = [m for m in sandbox.history("dm:alice") if m.text.startswith("You reached 3 referrals!")]
    assert len(reached) == 1  # 2 confirmed + 1 by hand reach the step at 3
    bad = await admin.says("/referral add @alice lots")
    assert "a number from 1 to 1000" in bad.text

    await admin.says("/referral block @alice farming")
    await sandbox.advance(seconds=6)  # /invite's cooldown
    url = await link_of(sandbox.user("alice"))
    await sandbox.user("gina").joins(invite=url)
    assert (await statuses("alice"))[-1] == ("gina", "void", "blacklisted")
    voided = await admin.says("/referral void @bob alt account")
    assert voided.text == "Bob: 1 joins voided."
    assert (await statuses("alice"))[0] == ("bob", "void", "admin")

    exported = await admin.says("/referral export")
    [message] = exported
    assert message.visible_to == "admin" and message.document.filename == "referrals.csv"
    rows = list(csv.DictReader(io.StringIO(message.document.data.decode())))
    assert [(r["inviter"], r["invitee"], r["status"]) for r in rows][:2] == [("Alice", "Bob", "void"),
                                                                             ("Alice", "Carol", "confirmed")]
    actions = await ReferralAudit.all().order_by("id").values_list("action", flat=True)
    assert actions == ["stats", "add", "block", "void", "export"]
    assert (await member("admin")).id in set(await ReferralAudit.all().values_list("by_id", flat=True))


async def test_a_first_message_is_the_real_activity_when_set(make_sandbox):
    sandbox = await start(make_sandbox, min_stay_hours=1, first_message_counts=True)
    url = await link_of(sandbox.user("alice"))
    await sandbox.user("bob").joins(invite=url)
    await sandbox.user("bob").says("hello everyone")
    await sandbox.advance(hours=1, minutes=10)
    assert await statuses("alice") == [("bob", "confirmed", None)]


async def test_a_first_message_is_not_enough_by_default(make_sandbox):
    off = await start(make_sandbox, min_stay_hours=1)
    url = await link_of(off.user("alice"))
    await off.user("bob").joins(invite=url)
    await off.user("bob").says("hello everyone")
    await off.advance(hours=1, minutes=10)
    assert await statuses("alice") == [("bob", "pending", None)]
