"""Spam and flood control on the sandbox, driven as members would: each rule, the step-up, undo,
an appeal, exemptions, and a raid of identical messages from 50 accounts."""
from __future__ import annotations

from bot import MessageReceived, now

from plugins.gate import plugin
from plugins.gate.models import Action
from plugins.gate.tests.helpers import admin_log, gate_config


async def start(make_sandbox, **gate):
    gate.setdefault("probation", {"hours": 0})
    gate.setdefault("actions", {"notice": "private"})
    sandbox = await make_sandbox(gate_config(**gate), plugins=[plugin])
    await sandbox.user("admin").says("hello admins", chat="admins")
    return sandbox


def present(sandbox, text: str) -> bool:
    return any(m.text == text for m in sandbox.history("demo"))


async def test_an_invite_link_is_deleted_and_its_author_warned_privately(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("alice").says("join us at https://t.me/+AbCdEf123 for free signals")
    assert not present(sandbox, "join us at https://t.me/+AbCdEf123 for free signals")
    assert sandbox.history("dm:alice")[-1].text.startswith(
        "Your message was removed: invite links to other groups. This is warning 1.")
    assert admin_log(sandbox)[-1] == ("#1 warned: Alice (alice), invite links to other groups, warning 1. Deleted "
                                      "text: join us at https://t.me/+AbCdEf123 for free signals")
    await sandbox.user("bob").says("see https://docs.python.org for the tutorial")
    assert present(sandbox, "see https://docs.python.org for the tutorial")  # a plain link is fine here


async def test_each_rule_on_its_own_switch(make_sandbox):
    rules = {"patterns": {"enabled": True, "words": ["加V", "兼职"], "regexes": [r"日赚\s*\d+"]},
             "mentions": {"max": 3}, "links": {"allowed_roles": ["Core"]}}
    sandbox = await start(make_sandbox, rules=rules, actions={"mute_after": 99, "remove_after": 99})
    spam = {"patterns": "兼职 日赚 500，加 v 详聊", "mentions": "@aa1 @bb2 @cc3 @dd4 look",
            "links": "cheap followers at www.example.com", "channel_forwards": "Big sale today!!"}
    await sandbox.user("alice").says(spam["patterns"])
    await sandbox.user("alice").says(spam["mentions"])
    await sandbox.user("alice").says(spam["links"])
    await sandbox.user("alice").says(spam["channel_forwards"], forwarded_from="channel")
    await sandbox.user("alice").says("a forward from a friend", forwarded_from="user")
    assert [a.rule for a in await Action.all().order_by("id")] == ["patterns", "mentions", "links", "channel_forwards"]
    assert not any(present(sandbox, text) for text in spam.values())
    assert present(sandbox, "a forward from a friend")

    off = await start(make_sandbox, rules={"invites": {"enabled": False}})
    await off.user("bob").says("our group: https://t.me/+XyZ987654")
    assert present(off, "our group: https://t.me/+XyZ987654")


async def test_the_actions_step_up_and_undo_restores(make_sandbox):
    sandbox = await start(make_sandbox, actions={"mute_after": 2, "mute_minutes": 30, "remove_after": 3})
    carol = sandbox.user("carol")
    await carol.says("free money https://t.me/+aaa111")
    await carol.says("free money https://t.me/+bbb222")
    adapter = sandbox.adapter()
    assert adapter.world.restrictions_of("demo", "carol", sandbox.now) == {"messages"}
    assert sandbox.history("dm:carol")[-1].text.startswith(
        "Your message was removed: invite links to other groups. After 2 warnings you are muted for 30 minutes.")
    await sandbox.advance(minutes=31)  # the core lifts the mute on time
    assert adapter.world.restrictions_of("demo", "carol", sandbox.now) == frozenset()
    await carol.says("free money https://t.me/+ccc333")
    assert ("demo", "carol") in adapter.world.banned and "carol" not in adapter.world.members["demo"]
    log = sandbox.bot_messages("admins")[-1]
    assert log.text.startswith("#3 banned: Carol (carol)")
    not_admin = await sandbox.user("bob").press(log, "Undo")
    assert not_admin.toasts and ("demo", "carol") in adapter.world.banned
    await sandbox.user("admin").press(log, "Undo")
    assert ("demo", "carol") not in adapter.world.banned
    assert sandbox.bot_messages("admins")[-1].text.startswith("#3 undone by Admin.")
    assert sandbox.history("dm:carol")[-1].text.startswith("An admin undid the action for invite links")
    undone = await Action.get(id=3)
    assert undone.undone_by == "sandbox:admin" and undone.text == "free money https://t.me/+ccc333"
    # the warning is cleared: the next offence is the third again, not the fourth
    await carol.says("free money https://t.me/+ddd444")
    assert (await Action.get(id=4)).step == "ban"


async def test_admins_and_the_allow_list_are_exempt(make_sandbox):
    sandbox = await start(make_sandbox, allow=["bob"])
    await sandbox.user("admin").says("official group: https://t.me/+Official1")
    await sandbox.user("bob").says("partner group: https://t.me/+Partner22")
    assert present(sandbox, "official group: https://t.me/+Official1")
    assert present(sandbox, "partner group: https://t.me/+Partner22")
    assert await Action.all().count() == 0


async def test_a_redelivered_message_warns_once(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("alice").says("https://t.me/+again123")
    first = await Action.get()
    # The same message again, as another instance or a restart with an empty store would see it.
    world = sandbox.adapter().world
    again = MessageReceived(platform="sandbox", chat=world.chat("demo"), user=world.user("alice"), at=now(),
                            message_id=first.reference.rsplit(":", 1)[1], text="https://t.me/+again123")
    await sandbox.adapter().deliver(again)
    assert await Action.all().count() == 1
    warnings = [m for m in sandbox.history("dm:alice") if m.text.startswith("Your message was removed")]
    assert len(warnings) == 1


async def test_an_appeal_reaches_the_admins_with_the_undo_button(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("dan").says("earn money https://t.me/+earn555")
    sent = await sandbox.user("dan").says("/appeal it was my own group, sorry", chat="dm:dan")
    assert sent[-1].text == "Your appeal was sent to the admins." and sent[-1].chat == "dm:dan"
    appeal = sandbox.bot_messages("admins")[-1]
    assert appeal.text == ("Appeal from Dan about #1 (invite links to other groups): it was my own group, sorry")
    await sandbox.user("admin").press(appeal, "Undo")
    assert (await Action.get(id=1)).undone_at is not None


async def test_an_appeal_without_a_reason_asks_for_one_in_the_members_language(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("dan").says("hello")
    await sandbox.user("li", lang="zh-Hans").says("大家好")
    asked = await sandbox.user("dan").says("/appeal", chat="dm:dan")
    assert asked[-1].text == "Tell the admins why: /appeal <why>."
    asked = await sandbox.user("li", lang="zh-Hans").says("/appeal", chat="dm:li")
    assert asked[-1].text == "请写明理由：/appeal <理由>。"


async def test_a_raid_of_identical_messages_from_50_accounts(make_sandbox):
    sandbox = await start(make_sandbox, rules={"repeats": {"times": 3, "seconds": 60}})
    raid = "🔥 best crypto pump, DM me now 🔥"
    for i in range(50):
        await sandbox.user(f"raider{i}").says(raid)
    await sandbox.user("alice").says("did anyone see that?")
    assert not present(sandbox, raid)
    assert present(sandbox, "did anyone see that?")
    assert await Action.filter(rule="repeats").count() == 50
    assert len({a.member_id for a in await Action.all()}) == 50
