"""Tiers on Telegram, end to end with aiogram and FakeTelegram: a promotion sets the member's tag
(setChatMemberTag) where the bot may; without the right, the admins are told once, in plain words."""
from __future__ import annotations

import pytest

from bot.capabilities import MissingRights
from plugins.tiers import plugin as tiers
from tests.telegram.conftest import ALICE, BOB, GROUP

OWNER = 1
LADDER = [{"key": "newcomer", "name": "Newcomer", "name_zh": "新人", "xp": 0},
          {"key": "core", "name": "Core", "name_zh": "核心", "xp": 300}]
SETTINGS = {"plugins": {"tiers": {"tiers": LADDER}}}


def tag_calls(tg, user_id: int) -> list:
    return [c for c in tg.calls_of("setChatMemberTag") if int(c.params["user_id"]) == user_id]


async def test_a_promotion_sets_the_members_tag(telegram_bot, tg):
    tg.set_admin(GROUP, tg.bot_id, can_manage_tags=True)
    bot = await telegram_bot(overrides=SETTINGS, plugins=[tiers])
    await bot.say(GROUP, ALICE, "hello")
    await bot.say(GROUP, OWNER, "/xp give @alice 300 launch help")
    assert tg.members[(GROUP, ALICE)]["tag"] == "Core"
    assert "🎉 Alice is now Core!" in bot.texts(GROUP)
    assert [c.effective for c in tag_calls(tg, ALICE)] == [True]


async def test_without_the_right_the_admins_are_told_once(telegram_bot, tg):
    tg.set_admin(GROUP, tg.bot_id, can_manage_tags=False)
    bot = await telegram_bot(overrides=SETTINGS, plugins=[tiers])
    await bot.say(GROUP, ALICE, "hello")
    await bot.say(GROUP, BOB, "hi")
    await bot.say(GROUP, OWNER, "/xp give @alice 300 launch help")
    await bot.say(GROUP, OWNER, "/xp give @bob 300 launch help")
    told = [t for t in bot.texts(GROUP) if "edit member tags" in t]
    assert told == ["I can't show tiers as member tags on telegram: make me an admin with the right to edit "
                    "member tags."]
    assert "tag" not in tg.members.get((GROUP, ALICE), {})


async def test_the_adapter_names_a_missing_right_and_skips_an_admin(telegram_bot, tg):
    bot = await telegram_bot()
    with pytest.raises(MissingRights) as missing:
        await bot.adapter.set_member_tag(str(GROUP), str(ALICE), "Core")
    assert missing.value.right == "manage_tags"
    tg.set_admin(GROUP, tg.bot_id, can_manage_tags=True)
    tg.set_admin(GROUP, BOB)
    with pytest.raises(LookupError):
        await bot.adapter.set_member_tag(str(GROUP), str(BOB), "Core")  # admins carry titles, not tags
    await bot.adapter.set_member_tag(str(GROUP), str(ALICE), "核心 🎉 elder of the realm")
    assert tg.members[(GROUP, ALICE)]["tag"] == "核心  elder of the"  # no emoji, 16 characters
    await bot.adapter.set_member_tag(str(GROUP), str(ALICE), None)
    assert "tag" not in tg.members[(GROUP, ALICE)]


async def test_a_promotion_sends_a_one_person_link_to_the_tiers_own_group(telegram_bot, tg):
    from tests.telegram.conftest import CAROL, OTHER_GROUP

    tg.set_admin(GROUP, tg.bot_id, can_manage_tags=True)
    tg.set_admin(OTHER_GROUP, tg.bot_id, can_invite_users=True)
    tg.set_admin(OTHER_GROUP, OWNER, status="creator")
    tg.allow_dm(OWNER)
    tg.allow_dm(ALICE)
    ladder = [LADDER[0], {**LADDER[1], "chats": [f"telegram:{OTHER_GROUP}"]}]
    bot = await telegram_bot(overrides={"plugins": {"tiers": {"tiers": ladder}}}, plugins=[tiers])
    await bot.say(GROUP, OWNER, "/community code")
    code = next(t for t in bot.texts(OWNER) if t.startswith("Community code")).split()[2].rstrip(".")
    await bot.say(OTHER_GROUP, OWNER, f"/community join {code}")  # the core members' own group joins
    await bot.say(GROUP, ALICE, "hello")
    await bot.say(GROUP, OWNER, "/xp give @alice 300 launch help")
    [call] = tg.calls_of("createChatInviteLink", effective=True)
    assert int(call.params["chat_id"]) == OTHER_GROUP and call.params["member_limit"] == 1
    link = call.result["invite_link"]
    assert any(link in text for text in bot.texts(ALICE))  # sent to her privately
    assert not any(link in text for text in bot.texts(GROUP))
    tg.join_by_link(OTHER_GROUP, ALICE, link)
    with pytest.raises(PermissionError, match="USERS_TOO_MUCH"):
        tg.join_by_link(OTHER_GROUP, CAROL, link)  # a forwarded link lets nobody else in


async def test_a_first_check_in_is_answered_before_the_lowest_tier_is_tagged(telegram_bot, tg):
    """A member's first activity places them in the lowest tier without a platform call on the way:
    the check-in's answer goes out, and the Newcomer tag follows in the background."""
    from plugins.checkin import plugin as checkin
    from plugins.tiers.tests.helpers import first_tiers_shown

    tg.set_admin(GROUP, tg.bot_id, can_manage_tags=True)
    bot = await telegram_bot(overrides=SETTINGS, plugins=[checkin, tiers])
    await bot.say(GROUP, ALICE, "/checkin")
    await first_tiers_shown()
    assert tg.members[(GROUP, ALICE)]["tag"] == "Newcomer"
    methods = [c.method for c in tg.calls if c.method in ("sendMessage", "setChatMemberTag")]
    assert methods == ["sendMessage", "setChatMemberTag"]  # the answer first
