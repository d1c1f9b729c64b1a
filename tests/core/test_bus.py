"""The bus as members meet it: commands, arguments, permissions, buttons, events, errors."""
import asyncio
import logging
from datetime import timedelta

import pytest

from bot.events import MessageReceived
from bot.models import Community, Member, MemberRole
from tests.core import probe_plugin
from tests.core.probe_plugin import plugin


@pytest.fixture
async def sandbox(make_sandbox):
    return await make_sandbox({"bot": {"owners": ["sandbox:olivia"]}}, plugins=[plugin])


async def test_typed_arguments_are_parsed(sandbox):
    alice = sandbox.user("alice")
    assert (await alice.says("/add 2 40")).text == "Result: 42"
    assert (await alice.says("/add 2")).text == "Result: 3"
    assert (await alice.says("/when yesterday")).text == "Result: -1"
    assert (await alice.says("/when 2026-03-04")).text == "Result: 2"
    assert (await alice.says("/pick GREEN")).text == "Result: green"
    assert (await alice.says("/pick")).text == "Result: red"


async def test_wrong_arguments_say_which_argument_and_why_then_the_usage(sandbox):
    alice = sandbox.user("alice")
    assert (await alice.says("/add two")).text == "“two” is not a whole number (a).\nUsage: /add <a> [b]"
    assert (await alice.says("/add 1 2 3")).text == "I didn't expect “3” at the end.\nUsage: /add <a> [b]"
    assert (await alice.says("/pick blue")).text == ("“blue” is not one of red, green (colour).\n"
                                                     "Usage: /pick [red|green]")
    assert (await alice.says("/when soon")).text.startswith("“soon” is not a date (day): write it as YYYY-MM-DD")
    assert (await alice.says("/when 2026-13-45")).text.startswith("“2026-13-45” is not a date (day)")
    assert (await alice.says("/add")).text == "/add needs a.\nUsage: /add <a> [b]"
    assert (await sandbox.user("li", lang="zh").says("/when")).text == "/when 还需要日期。\n用法：/when <日期>"


async def test_a_reply_quotes_the_command(sandbox):
    replies = await sandbox.user("alice").says("/add 1 1")
    command = sandbox.history("demo")[-2]
    assert command.sender == "alice" and replies[0].reply_to == command.id


async def test_a_mention_names_a_member_of_this_community(sandbox):
    await sandbox.user("bob").says("hello")
    assert (await sandbox.user("alice").says("/who @bob")).text == "Result: @Bob"
    assert (await sandbox.user("alice").says("/who @nobody")).text.startswith("There is no member “@nobody” here")


async def test_keywords_trigger_commands_without_a_slash(sandbox):
    assert (await sandbox.user("alice").says("hey there friend")).text == "Result: there friend"
    assert (await sandbox.user("alice").says("你好")).text == "Result: -"
    assert list(await sandbox.user("alice").says("hello there")) == []


async def test_unknown_commands_get_a_hint_in_private_and_silence_in_groups(sandbox):
    assert list(await sandbox.user("alice").says("/nope")) == []
    await sandbox.user("alice").says("hi")  # alice is now known in a community
    hint = await sandbox.user("alice").says("/nope", chat="dm:alice")
    assert hint.text == "I don't know /nope. Send /help to see what I can do."


async def test_help_lists_what_the_caller_may_run(sandbox):
    member_help = (await sandbox.user("alice").says("/help")).text
    admin_help = (await sandbox.user("admin").says("/help")).text
    assert "/add <a> [b] — add two numbers" in member_help
    assert "/secret" not in member_help and "/secret — admins only" in admin_help
    assert "/community" in admin_help and "/community" not in member_help
    assert "/owner" not in admin_help
    chinese = (await sandbox.user("wei", lang="zh-CN").says("/help")).text
    assert chinese.startswith("你可以使用这些命令")


async def test_permissions_follow_the_platform_admin_status(sandbox):
    assert (await sandbox.user("alice").says("/secret")).text == "Only admins can use /secret."
    assert (await sandbox.user("admin").says("/secret")).text == "Result: secret"
    assert (await sandbox.user("admin").says("/owner")).text == "Only admins can use /owner."
    assert (await sandbox.user("olivia").says("/owner")).text == "Result: owner"


async def test_admin_status_is_cached_briefly(sandbox):
    world = sandbox.adapter().world
    assert (await sandbox.user("alice").says("/secret")).text.startswith("Only admins")
    world.admins.add("alice")
    assert (await sandbox.user("alice").says("/secret")).text.startswith("Only admins")  # cached
    await sandbox.advance(seconds=61)
    assert (await sandbox.user("alice").says("/secret")).text == "Result: secret"


async def test_role_gated_commands_use_the_core_roles_where_the_platform_has_none(sandbox):
    assert (await sandbox.user("bob").says("/mod")).text.startswith("Only admins")
    bob = await Member.get(display_name="Bob")
    await MemberRole.create(member=bob, role="moderator")
    assert (await sandbox.user("bob").says("/mod")).text == "Result: mod"


async def test_scope_and_cooldown(sandbox):
    await sandbox.user("alice").says("hi")
    assert (await sandbox.user("alice").says("/grouponly", chat="dm:alice")).text == "/grouponly works in a group chat."
    assert (await sandbox.user("alice").says("/slow")).text == "Result: slow"
    assert (await sandbox.user("alice").says("/slow")).text == "Please wait 30 seconds before using this again."
    assert (await sandbox.user("bob").says("/slow")).text == "Result: slow"  # per user
    await sandbox.advance(seconds=31)
    assert (await sandbox.user("alice").says("/slow")).text == "Result: slow"


async def test_rate_limit_stops_a_flood(make_sandbox):
    sandbox = await make_sandbox({"bot": {"rate_limit_per_minute": 3}}, plugins=[plugin])
    answers = [(await sandbox.user("alice").says("/add 1")).text for _ in range(5)]
    assert answers[:3] == ["Result: 2"] * 3
    assert answers[3] == "You're sending commands too fast; I'll ignore them for a minute."
    assert answers[4] == ""


async def test_a_failing_handler_answers_with_a_reference_and_logs_it(sandbox, caplog):
    caplog.set_level(logging.ERROR)
    answer = (await sandbox.user("alice").says("/fail")).text
    assert answer.startswith("Something went wrong on my side (ref ")
    ref = answer.split("ref ")[1][:6]
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)
    assert (await sandbox.user("alice").says("/add 1")).text == "Result: 2"  # the bus goes on
    assert "Traceback" not in answer and "RuntimeError" not in answer


async def test_a_user_error_is_a_localized_answer(sandbox):
    assert (await sandbox.user("alice").says("/refuse")).text == "No, because"


async def test_buttons_check_who_presses(sandbox):
    panel = (await sandbox.user("alice").says("/panel"))[0]
    assert [b.label for row in panel.buttons for b in row] == ["Only for you", "Admins", "Long", "Docs"]
    assert (await sandbox.user("bob").press(panel, "Only for you")).toasts == ["This button is for someone else."]
    assert (await sandbox.user("alice").press(panel, "Only for you")).toasts == ["Pressed mine"]
    assert (await sandbox.user("alice").press(panel, "Admins")).toasts == ["Only admins can press this button."]
    assert (await sandbox.user("admin").press(panel, "Admins")).toasts == ["Pressed admin"]
    assert (await sandbox.user("bob").press(panel, "Long")).toasts == ["Pressed xxxxxxxxxx"]
    assert panel.buttons[2][0].payload.startswith("~")  # stored server-side, too long to inline
    with pytest.raises(ValueError):
        await sandbox.user("bob").press(panel, "Docs")


async def test_a_forged_button_payload_is_refused(sandbox):
    panel = (await sandbox.user("alice").says("/panel"))[0]
    panel.buttons[0][0].payload = "probe.nothing||"
    assert (await sandbox.user("alice").press(panel, "Only for you")).toasts == ["This button no longer works."]


async def test_joins_and_leaves_reach_plugins_with_the_invite(sandbox):
    invite = await sandbox.adapter().create_invite(sandbox.adapter().world.chat("demo"), "alice-poster")
    welcome = await sandbox.user("dave").joins(invite=invite.url)
    assert welcome.text == "Welcome @Dave! Invite: alice-poster"
    assert (await sandbox.user("erin").joins()).text == "Welcome @Erin! Invite: unknown"
    await sandbox.user("dave").leaves()
    dave = await Member.get(display_name="Dave")
    assert dave.left_at is not None and "left:Dave" in probe_plugin.seen
    await sandbox.user("dave").joins()
    assert (await Member.get(id=dave.id)).left_at is None  # history kept on rejoin


async def test_a_chat_with_no_community_gets_its_own(sandbox):
    await sandbox.user("admin").adds_bot("club")
    assert "added:sandbox-club" in probe_plugin.seen
    await sandbox.user("alice").says("/add 1", chat="club")
    assert await Community.filter(slug="sandbox-club").count() == 1
    alice_rows = await Member.filter(display_name="Alice").prefetch_related("community")
    assert {m.community.slug for m in alice_rows} == {"sandbox-club"}


async def test_a_redelivered_event_is_handled_once(sandbox):
    adapter = sandbox.adapter()
    chat, user = adapter.world.chat("demo"), adapter.world.user("alice")
    event = MessageReceived(platform="sandbox", chat=chat, user=user, at=sandbox.now, message_id="900",
                            text="/add 5", event_id="update-900")
    first = await adapter.deliver(event)
    again = await adapter.deliver(event)
    assert first.text == "Result: 6" and list(again) == []


async def test_submit_is_bounded_and_loses_nothing(make_sandbox):
    sandbox = await make_sandbox({"bot": {"workers": 4, "queue_size": 8}}, plugins=[plugin])
    adapter, bus = sandbox.adapter(), sandbox.runtime.bus
    chat, user = adapter.world.chat("demo"), adapter.world.user("alice")
    high_water = 0

    async def feed():
        nonlocal high_water
        for i in range(200):
            await bus.submit(MessageReceived(platform="sandbox", chat=chat, user=adapter.world.user(f"u{i}"),
                                             at=sandbox.now, message_id=f"b{i}", text="/add 1"))
            high_water = max(high_water, bus.pending)

    tasks_before = len(asyncio.all_tasks())
    await feed()
    assert len(asyncio.all_tasks()) - tasks_before < 20  # never a task per event
    assert await bus.drain()
    assert high_water <= 8
    assert len([m for m in sandbox.bot_messages("demo") if m.text == "Result: 2"]) == 200


async def test_locale_follows_the_user_then_the_community(sandbox):
    assert (await sandbox.user("li", lang="zh-CN").says("/add 1")).text == "结果：2"
    await sandbox.user("admin").says("/community set locale en")
    assert (await sandbox.user("li", lang="zh-CN").says("/add 1")).text == "Result: 2"


__all__ = ["timedelta"]
