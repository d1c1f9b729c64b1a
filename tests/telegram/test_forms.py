"""Telegram has no forms (`capabilities.forms` is False): a plugin checks and asks another way. A
button with a form sent there anyway is not a dead button: its press answers, in the member's
language, that this platform cannot show the form, and its handler never runs."""
from __future__ import annotations

from bot.context import Context
from bot.forms import Form, FormField
from bot.plugin import Plugin

from tests.telegram.conftest import ALICE, BOB, GROUP

plugin = Plugin("tgform", version="1.0.0", description="a form sent where there are none")
submitted: list[dict] = []


@plugin.on_startup
async def load_messages(runtime) -> None:
    runtime.catalogs.add("en", "cmd-survey = a survey\ntgform-open = Tell us\n")


@plugin.command("survey")
async def survey(ctx: Context):
    form = Form("Survey", [FormField("name", "Your name")])
    await ctx.reply("tgform-open", buttons=[[ctx.button("tgform-open", "answers", form=form)]])


@plugin.form("answers")
async def answers(ctx: Context):
    submitted.append(ctx.event.values)


async def test_a_form_button_on_telegram_answers_that_it_cannot_be_shown(telegram_bot, tg):
    bot = await telegram_bot(plugins=[plugin])
    assert bot.adapter.capabilities.forms is False
    await bot.say(GROUP, ALICE, "/survey")
    sent = bot.sent(GROUP)[0]
    [[button]] = sent.params["reply_markup"]["inline_keyboard"]
    for user in (ALICE, BOB):
        await bot.deliver(tg.callback(GROUP, user, sent.result["message_id"], button["callback_data"]))
    english, chinese = tg.calls_of("answerCallbackQuery")
    assert english.params["text"] == "This button opens a form, which this platform cannot show."
    assert chinese.params["text"] == "这个按钮会打开一个表单，但此平台无法显示表单。"  # Bob uses Telegram in Chinese
    assert english.params["show_alert"] is True and submitted == []
