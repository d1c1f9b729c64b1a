"""The gate's clock on Telegram, end to end with aiogram and FakeTelegram, the time driven: a join
request nobody answers is declined at its timeout, and a newcomer's probation is lifted on time by
a bot that was stopped and started again on the same database meanwhile."""
from __future__ import annotations

from datetime import timedelta

from bot.clock import current_clock
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.telegram import TelegramAdapter
from plugins.gate import plugin as gate
from plugins.gate.models import Application, ProbationPeriod
from tests.telegram.conftest import CAROL, GROUP, TelegramBot, track_leaving_marks, track_requests
from tests.telegram.test_gate import QUESTIONS, press, start

MEDIA = ("can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos", "can_send_video_notes",
         "can_send_voice_notes", "can_send_other_messages")


def restrictions_of(tg, user: int) -> list:
    """The restrictChatMember calls on `user` in the group (the community's other chat gets its own)."""
    return [c for c in tg.calls_of("restrictChatMember", effective=True)
            if int(c.params["user_id"]) == user and int(c.params["chat_id"]) == GROUP]


async def later(bot: TelegramBot, **delta: float) -> None:
    """Move the clock on; the jobs due on the way run (the gate's minute sweep), then what they sent goes."""
    await bot.runtime.scheduler.run_due(current_clock().now() + timedelta(**delta))
    await bot.settle()


async def restart(bot: TelegramBot) -> TelegramBot:
    """Stop the bot and start a new runtime on the same database and the same Telegram, as the next
    process would; the clock keeps its time."""
    tg = bot.tg
    if not bot.stopped:
        await bot.runtime.stop()
        bot.stopped = True
    runtime = Runtime(bot.runtime.config, [gate], {"telegram": TelegramAdapter}, store=MemoryStore())
    runtime.build_adapters()
    adapter = runtime.adapters["telegram"]
    adapter.pace_with(sleep=tg.time.sleep, monotonic=tg.time.monotonic)
    track_requests(adapter.client.bot, tg.time)
    track_leaving_marks(adapter.intake, tg.time)
    again = TelegramBot(tg, runtime, bot.mode, bot.previous_clock)
    polls = len(tg.calls_of("getUpdates"))
    await runtime.start(migrate_database=False)
    await tg.wait_for("getUpdates", count=polls + 1)
    return again


async def test_an_unanswered_join_request_is_declined_at_the_timeout_and_the_applicant_told(telegram_bot, tg):
    bot = await start(telegram_bot, tg, door={"questions": QUESTIONS, "timeout_minutes": 10})
    await bot.deliver(tg.chat_join_request(GROUP, CAROL))
    assert bot.texts(CAROL)[-1] == "Question 1 of 2: please read the rules and accept them.\nNo ads."
    await later(bot, minutes=9)
    assert tg.calls_of("declineChatJoinRequest") == [] and (GROUP, CAROL) in tg.join_requests
    await later(bot, minutes=2)
    declined = tg.calls_of("declineChatJoinRequest")
    assert [(int(c.params["chat_id"]), int(c.params["user_id"]), c.effective) for c in declined] == [
        (GROUP, CAROL, True)]
    assert (GROUP, CAROL) not in tg.join_requests and (GROUP, CAROL) not in tg.members  # never let in
    assert bot.texts(CAROL)[-1] == ("Sorry, your request to join Lab was declined: the questions were not answered "
                                    "in time.")
    application = await Application.get()
    assert (application.state, application.decided_by) == ("expired", "timeout")
    await press(bot, tg, CAROL, "I accept")  # too late: the question is closed, nothing else happens
    assert tg.calls_of("answerCallbackQuery")[-1].params["text"] == "This question is no longer open."
    assert tg.calls_of("approveChatJoinRequest") == [] and len(tg.calls_of("declineChatJoinRequest")) == 1


async def test_probation_is_lifted_on_time_by_a_bot_started_again_meanwhile(telegram_bot, tg):
    bot = await start(telegram_bot, tg, probation={"hours": 24})
    await bot.deliver(tg.chat_member(GROUP, CAROL, "left", "member"))
    restricted = restrictions_of(tg, CAROL)
    rights = restricted[-1].params["permissions"]
    assert len(restricted) == 1
    assert restricted[0].params["until_date"] == int((current_clock().now() + timedelta(hours=24)).timestamp())
    assert rights["can_send_messages"] is True
    assert not any(rights[right] for right in (*MEDIA, "can_add_web_page_previews"))  # no media, no link previews
    assert tg.member_status(GROUP, CAROL) == "restricted"
    link = await bot.say(GROUP, CAROL, "my shop https://example.com/shop")  # links and forwards: the bot deletes
    assert [int(c.params["message_id"]) for c in tg.calls_of("deleteMessage")] == [link["message"]["message_id"]]

    await later(bot, hours=23)
    assert tg.member_status(GROUP, CAROL) == "restricted"  # not before its end

    await bot.runtime.stop()
    bot.stopped = True
    current_clock().advance(timedelta(hours=2))  # the bot is down when the 24 hours end
    bot = await restart(bot)
    try:
        assert tg.member_status(GROUP, CAROL) == "restricted"  # nothing lifted it while the bot was down
        await later(bot, minutes=1)  # the new process's first minute tick
        lifted = restrictions_of(tg, CAROL)
        assert len(lifted) == 2 and all(lifted[-1].params["permissions"].values())  # every right back
        assert tg.member_status(GROUP, CAROL) == "member"
        period = await ProbationPeriod.get()
        assert period.lifted_by == "time" and period.lifted_at <= current_clock().now()
        allowed = await bot.say(GROUP, CAROL, "my shop https://example.com/shop, allowed now")
        assert allowed["message"]["message_id"] not in [int(c.params["message_id"])
                                                        for c in tg.calls_of("deleteMessage")]
    finally:
        await bot.stop()
