"""The door on the sandbox, driven as people would: a join request, answers by button and by
typing in the private chat, the admins' queue, the timeout."""
from __future__ import annotations

from bot import Member

from plugins.gate import plugin
from plugins.gate.models import Application
from plugins.gate.tests.helpers import admin_log, gate_config, last_dm


async def start(make_sandbox, **gate):
    sandbox = await make_sandbox(gate_config(**gate), plugins=[plugin])
    await sandbox.user("admin").says("hello admins", chat="admins")  # binds the admins' chat
    return sandbox


async def answer_all(sandbox, user: str, *, choice: str = "Learning", code: str = "py2026",
                     text: str = "Mostly Python") -> None:
    who = sandbox.user(user)
    await who.press(last_dm(sandbox, user), "accept")
    await who.press(last_dm(sandbox, user), choice)
    await who.says(code, chat=f"dm:{user}")
    await who.says(text, chat=f"dm:{user}")


async def test_right_answers_let_the_applicant_in_at_once(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("dave").requests_join()
    dms = [m.text for m in sandbox.history("dm:dave")]
    assert dms[0].startswith("Hello! To join Demo, please answer a few questions here.")
    assert dms[1] == "Question 1 of 4: please read the rules and accept them.\nNo ads. Be kind."
    await answer_all(sandbox, "dave")
    assert "dave" in sandbox.adapter().world.members["demo"]
    assert last_dm(sandbox, "dave").text == "Welcome to Demo! Your request was approved."
    application = await Application.get()
    assert (application.state, application.decided_by) == ("approved", "auto")
    assert [a["passed"] for a in application.answers] == [True, True, True, True]
    assert (await Member.get(id=application.member_id)).left_at is None  # in now
    assert admin_log(sandbox) == []


async def test_a_wrong_answer_goes_to_the_admins_who_decline_with_a_reason(make_sandbox):
    sandbox = await start(make_sandbox)
    await sandbox.user("eve").requests_join()
    await answer_all(sandbox, "eve", choice="Selling")
    assert last_dm(sandbox, "eve").text.startswith("Thank you! An admin will look at your answers")
    item = sandbox.bot_messages("admins")[-1]
    assert "Application #1: Eve asks to join sandbox:demo." in item.text
    assert "2. What brings you here? → Selling followers ❌" in item.text
    refused = await sandbox.user("bob").press(item, "Spam")  # not an admin of the chat
    assert refused.toasts and (await Application.get()).state == "queued"
    await sandbox.user("admin").press(item, "Spam")
    assert "eve" not in sandbox.adapter().world.members["demo"]
    assert ("demo", "eve") not in sandbox.adapter().world.join_requests
    assert last_dm(sandbox, "eve").text == ("Sorry, your request to join Demo was declined: the account looks "
                                            "like spam.")
    application = await Application.get()
    assert (application.state, application.decided_by) == ("declined", "sandbox:admin")
    assert (await Member.get(id=application.member_id)).left_at is not None  # asked, never let in
    assert sandbox.bot_messages("admins")[-1].text == "Application #1: declined by Admin."
    again = await sandbox.user("admin").press(item, "Approve") if item.buttons else None
    assert again is None or "already decided" in " ".join(again.toasts)


async def test_a_code_is_asked_for_in_chinese_as_the_passphrase_it_is(make_sandbox):
    questions = [{"kind": "code", "ask": "The code?", "ask_zh": "请输入入群口令", "code": "OPEN"}]
    sandbox = await start(make_sandbox, door={"questions": questions})
    await sandbox.user("gus", lang="zh-Hans").requests_join()
    assert last_dm(sandbox, "gus").text == "第 1 / 1 题：请输入入群口令\n请直接在这里输入口令。"
    await sandbox.user("gus", lang="zh-Hans").says("open", chat="dm:gus")
    assert last_dm(sandbox, "gus").text == "欢迎加入 Demo！你的申请已通过。"


async def test_the_admins_approve_a_free_answer_they_judge(make_sandbox):
    questions = [{"kind": "text", "ask": "Tell us about you", "ask_zh": "介绍一下你自己", "min_length": 10}]
    sandbox = await start(make_sandbox, door={"questions": questions})
    await sandbox.user("fay", lang="zh-hans").requests_join()
    assert last_dm(sandbox, "fay").text == "第 1 / 1 题：介绍一下你自己\n请直接在这里回复答案。"
    short = await sandbox.user("fay", lang="zh-hans").says("你好", chat="dm:fay")
    assert short.text == "请多写一点（至少 10 个字）。"
    await sandbox.user("fay", lang="zh-hans").says("我是一名后端工程师，喜欢开源", chat="dm:fay")
    assert last_dm(sandbox, "fay").text == "谢谢！管理员会查看你的回答，结果会在这里通知你。"
    item = sandbox.bot_messages("admins")[-1]
    assert "我是一名后端工程师，喜欢开源 (for you to judge)" in item.text
    await sandbox.user("admin").press(item, "Approve")
    assert "fay" in sandbox.adapter().world.members["demo"]
    assert last_dm(sandbox, "fay").text == "欢迎加入 Demo！你的申请已通过。"


async def test_an_unanswered_request_is_declined_after_the_timeout(make_sandbox):
    sandbox = await start(make_sandbox, door={"questions": [{"kind": "rules"}], "timeout_minutes": 10})
    await sandbox.user("gus").requests_join()
    await sandbox.advance(minutes=9)
    assert (await Application.get()).state == "asking"
    await sandbox.advance(minutes=2)
    assert (await Application.get()).state == "expired"
    assert ("demo", "gus") not in sandbox.adapter().world.join_requests
    assert last_dm(sandbox, "gus").text == ("Sorry, your request to join Demo was declined: the questions were not "
                                            "answered in time.")
    late = await sandbox.user("gus").press(sandbox.history("dm:gus")[-2], "accept")
    assert late.toasts == ["This question is no longer open."]


async def test_a_redelivered_request_and_a_double_press_decide_once(make_sandbox):
    sandbox = await start(make_sandbox, door={"questions": [{"kind": "rules"}]})
    await sandbox.user("hal").requests_join()
    question = last_dm(sandbox, "hal")
    await sandbox.adapter().request_join("hal")  # already a member by then: nothing happens
    await sandbox.user("hal").press(question, "accept")
    await sandbox.user("hal").press(question, "accept")
    assert await Application.all().count() == 1
    assert [m.text for m in sandbox.history("dm:hal")].count("Welcome to Demo! Your request was approved.") == 1


async def test_the_queue_by_command_and_a_reason_of_the_admins_own(make_sandbox):
    questions = [{"kind": "text", "ask": "Tell us about you"}]
    sandbox = await start(make_sandbox, door={"questions": questions}, log_chat=None)
    await sandbox.user("ivy").requests_join()
    await sandbox.user("ivy").says("I like turtles", chat="dm:ivy")
    listed = await sandbox.user("admin").says("/gate_queue")
    assert listed[0].private and "Application #1: Ivy asks to join sandbox:demo." in listed[0].text
    refused = await sandbox.user("bob").says("/gate_decline 1 no")
    assert (await Application.get()).state == "queued" and refused
    done = await sandbox.user("admin").says("/gate_decline 1 please tell us more about your interest in Python")
    assert done[-1].text == "Application #1 declined." and done[-1].private
    assert last_dm(sandbox, "ivy").text == ("Sorry, your request to join Demo was declined: please tell us more about "
                                            "your interest in Python")
    again = await sandbox.user("admin").says("/gate_approve 1")
    assert again[-1].text == "Application #1 was already decided."
    assert "ivy" not in sandbox.adapter().world.members["demo"]


async def test_without_a_log_chat_each_admin_gets_the_application_privately_and_decides_there(make_sandbox):
    questions = [{"kind": "text", "ask": "Tell us about you", "ask_zh": "介绍一下你自己"}]
    config = gate_config(door={"questions": questions}, log_chat=None)
    config["sandbox"] = {"admins": ["admin", "mallory@demo"]}
    sandbox = await make_sandbox(config, plugins=[plugin])
    await sandbox.user("mallory", lang="zh-CN").says("你好")
    await sandbox.user("ivy").requests_join()
    await sandbox.user("ivy").says("I like turtles", chat="dm:ivy")
    await sandbox.user("ivy").says("I like turtles", chat="dm:ivy")  # typed twice: one item, once each
    for_admin, for_mallory = sandbox.bot_messages("dm:admin"), sandbox.bot_messages("dm:mallory")
    assert len(for_admin) == len(for_mallory) == 1
    assert "Application #1: Ivy asks to join sandbox:demo." in for_admin[0].text
    assert "1. 介绍一下你自己 → I like turtles" in for_mallory[0].text
    await sandbox.user("mallory").press(for_mallory[0], "广告")
    assert (await Application.get()).state == "declined"
    assert last_dm(sandbox, "ivy").text == "Sorry, your request to join Demo was declined: the account looks like spam."
    late = await sandbox.user("admin").press(for_admin[0], "Approve")
    assert "already decided" in " ".join(late.toasts) and "ivy" not in sandbox.adapter().world.members["demo"]
