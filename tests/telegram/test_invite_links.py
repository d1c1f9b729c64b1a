"""ctx.invite_link on Telegram: a one-person invite link made with the real aiogram client
(createChatInviteLink with member_limit 1), only for a chat of the asking community."""
from bot.models import ChatBinding

from tests.telegram.conftest import ALICE, GROUP, OTHER_GROUP


async def test_a_one_person_invite_link_for_a_chat_of_the_community(telegram_bot, tg):
    tg.set_admin(GROUP, tg.bot_id)
    bot = await telegram_bot()
    await bot.deliver(tg.message(GROUP, ALICE, "hello"))
    await bot.deliver(tg.message(OTHER_GROUP, ALICE, "hello"))
    community = (await ChatBinding.get(space_key=f"telegram:{GROUP}").prefetch_related("community")).community
    link = await bot.runtime.invite_link(community, f"telegram:{GROUP}", "py-march 7")
    [call] = tg.calls_of("createChatInviteLink")
    assert (call.params["member_limit"], call.params["name"]) == (1, "py-march 7")
    assert link == tg.calls_of("createChatInviteLink")[0].result["invite_link"]
    assert await bot.runtime.invite_link(community, f"telegram:{OTHER_GROUP}", "x") is None  # another community's
    assert len(tg.calls_of("createChatInviteLink")) == 1
