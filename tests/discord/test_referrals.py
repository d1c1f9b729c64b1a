"""Referrals on Discord, through discord.py against the fake gateway and REST API: a per-member
invite the bot makes, a join singled out by the use counts credited, two joins racing on two
members' invites each "uncertain" and shown to the admins (never credited silently), an
admin's choice crediting one, and an account younger than min_account_days void."""
import asyncio
import time

from bot.testing import LedgerEntry
from plugins.referrals import plugin as referrals
from plugins.referrals.models import Referral, ReferralLink
from tests.discord.conftest import ALICE, BOB, CHAN, GUILD, MOD, start_discord, until
from tests.discord.test_discord_adapter import FOLLOWUP, callback_for

DISCORD_EPOCH_MS = 1420070400000


def young_snowflake(days: float) -> int:
    return int((time.time() - days * 86400) * 1000 - DISCORD_EPOCH_MS) << 22


async def _invite(dc, user: int) -> str:
    answer = (await callback_for(dc, await dc.slash_command(GUILD, CHAN, user, "invite")))["data"]
    assert answer["flags"] & 64  # ephemeral: the asker's alone
    return answer["content"]


async def test_discord_invites_racing_joins_uncertain_for_admins_and_young_accounts(dc, tmp_path):
    runtime = await start_discord(dc, tmp_path, {"plugins": {"referrals": {"min_account_days": 7}}},
                                  plugins=[referrals])
    try:
        alice_text = await _invite(dc, ALICE)
        bob_text = await _invite(dc, BOB)
        links = {row.url: row for row in await ReferralLink.all()}
        assert len(links) == 2
        alice_url = next(url for url in links if url in alice_text)
        bob_url = next(url for url in links if url in bob_text)
        alice_code, bob_code = alice_url.rsplit("/", 1)[-1], bob_url.rsplit("/", 1)[-1]
        assert dc.invites[alice_code]["inviter_id"] is not None

        await dc.member_add(GUILD, 70, via_invite=alice_code)  # alone: the counts single it out
        await _rows(1)
        await asyncio.gather(dc.member_add(GUILD, 71, via_invite=alice_code),
                             dc.member_add(GUILD, 72, via_invite=bob_code))
        rows = await _rows(3)
        assert [r.status for r in rows] == ["pending", "uncertain", "uncertain"]
        assert all(r.inviter_id is None and len(r.candidates) == 2 for r in rows[1:])
        told = await until(lambda: [m for m in dc.messages_in(dc.dm_channel_id(MOD)) if "same moment" in m["content"]]
                           if len(dc.messages_in(dc.dm_channel_id(MOD))) >= 2 else None, 20)
        assert len(told) == 2 and all(m["components"] for m in told)  # each pushed to the admin at once

        young = young_snowflake(2)
        dc.add_user(young, "fresh")
        await dc.member_add(GUILD, young, via_invite=bob_code)
        rows = await _rows(4)
        assert (rows[3].status, rows[3].reason, rows[3].detail) == ("void", "young-account", {"days": 2})

        queue = await callback_for(dc, await dc.slash_command(GUILD, CHAN, MOD, "referral", {"action": "queue"}))
        followups = await dc.wait_for("POST", FOLLOWUP, count=1)
        shown = [queue["data"], *[f.json for f in followups]]
        uncertain = [m for m in shown if "same moment" in m.get("content", "")]
        assert uncertain and all(m["flags"] & 64 for m in shown)
        credit = next(b for row in uncertain[0]["components"] for b in row["components"]
                      if b["label"].startswith("Credit"))
        message = dc.messages_in(CHAN)[-1] if dc.messages_in(CHAN) else {"id": "1"}
        press = await dc.button_click(GUILD, CHAN, MOD, int(message["id"]), credit["custom_id"])
        await callback_for(dc, press)
        rows = await _rows(4)
        assert sorted(r.status for r in rows) == ["pending", "pending", "uncertain", "void"]
    finally:
        await runtime.stop()


async def test_a_rewardless_discord_referral_still_earns_its_badge_role(dc, tmp_path):
    """Discord's rules forbid perks for invites, so its referrals reach no reward step; a badge is
    recognition, given there too."""
    steps = [{"at": 1, "points": 10, "badge": "Referrer"}]
    runtime = await start_discord(dc, tmp_path, {"plugins": {"referrals": {
        "min_stay_hours": 0, "first_message_counts": True, "min_account_days": 0, "steps": steps}}},
        plugins=[referrals])
    try:
        await _invite(dc, ALICE)
        code = (await ReferralLink.get()).url.rsplit("/", 1)[-1]
        await dc.member_add(GUILD, 70, via_invite=code)
        await _rows(1)
        await dc.message_create(CHAN, 70, "hello everyone")  # the invitee's first real thing
        guild = dc.guilds[GUILD]
        await until(lambda: "Referrer" in {guild.roles[r]["name"] for r in guild.members[ALICE]["roles"]}, 20)
        [row] = await Referral.all()
        assert row.status == "confirmed"
        assert not await LedgerEntry.filter(reason="referrals").exists()  # recognition only: no points
    finally:
        await runtime.stop()


async def _rows(count: int) -> list[Referral]:
    async with asyncio.timeout(20):  # a loaded machine
        while len(rows := await Referral.all().order_by("id")) < count:
            await asyncio.sleep(0.02)
    return rows
