"""Referrals on Telegram, through the real aiogram client against the fake Bot API: a named link
per member (createChatInviteLink), the join attributed exactly from chat_member.invite_link, a
link made by someone else left unknown, the link revoked when its member leaves."""
from datetime import timedelta

from bot.clock import current_clock

from plugins.checkin import plugin as checkin
from plugins.referrals import plugin as referrals
from plugins.referrals.models import Referral
from plugins.referrals.tests.helpers import qr_text
from tests.telegram.conftest import ALICE, BOB, CAROL, GROUP

OVERRIDES = {"plugins": {"referrals": {"min_stay_hours": 24}}}


async def test_a_telegram_join_through_a_members_link_is_theirs_and_confirmed_by_a_check_in(telegram_bot, tg):
    tg.set_admin(GROUP, tg.bot_id)
    bot = await telegram_bot(overrides=OVERRIDES, plugins=[referrals, checkin])
    await bot.say(GROUP, ALICE, "/invite")
    [made] = tg.calls_of("createChatInviteLink")
    url = made.result["invite_link"]
    assert made.params["name"].startswith("ref ") and "member_limit" not in made.params
    [poster] = bot.sent(ALICE, "sendPhoto")  # privately, in alice's chat with the bot
    assert url in poster.params["caption"] and qr_text(poster.files["photo"]) == [url]
    assert not [c for c in bot.sent(GROUP, "sendPhoto")]

    await bot.deliver(tg.chat_member(GROUP, BOB, invite_link=url))
    await bot.deliver(tg.chat_member(GROUP, CAROL, invite_link={"invite_link": "https://t.me/+someoneelses",
                                                                "creator": ALICE}))
    rows = await Referral.all().order_by("id").values_list("status", "reason")
    assert rows == [("pending", None), ("unknown", "not-ours")]

    await bot.say(GROUP, BOB, "/checkin")
    clock = current_clock()
    clock.advance(timedelta(hours=25))
    await bot.runtime.scheduler.run_due(clock.now())
    assert await Referral.filter(status="confirmed").count() == 1
    told = [c for c in bot.sent(ALICE, "sendPhoto") if "now confirmed" in c.params.get("caption", "")]
    assert len(told) == 1

    await bot.deliver(tg.chat_member(GROUP, ALICE, old="member", new="kicked"))  # banned: her link dies
    [revoked] = tg.calls_of("revokeChatInviteLink")
    assert revoked.params["invite_link"] == url
