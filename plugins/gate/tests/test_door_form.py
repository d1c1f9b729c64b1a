"""The door as one form, on a sandbox that stands in for Discord (no join requests, native roles,
forms): the newcomer gets the newcomer role and one message whose button opens every question at
once; the answers are judged and decided as one by one are. Discord itself: tests/discord."""
from __future__ import annotations

from dataclasses import replace

from bot.testing import RoleSupport

from plugins.gate import plugin
from plugins.gate.models import Application
from plugins.gate.tests.helpers import admin_log, gate_config, last_dm

RIGHT = {"q0": "0", "q1": "0", "q2": "py2026", "q3": "Mostly Python"}


async def start(make_sandbox, **door):
    door.setdefault("newcomer_role", "Newcomer")
    sandbox = await make_sandbox(gate_config(door=door), plugins=[plugin])
    adapter = sandbox.adapter()
    adapter.capabilities = replace(adapter.capabilities, join_requests=False, roles=RoleSupport.NATIVE)
    await sandbox.user("admin").says("hello admins", chat="admins")  # binds the admins' chat
    return sandbox


def roles(sandbox, user: str) -> set[str]:
    return sandbox.adapter().world.roles.get(("demo", user), set())


async def test_a_newcomer_answers_every_question_in_one_form_and_loses_the_role(make_sandbox):
    sandbox = await start(make_sandbox)
    dave = sandbox.user("dave")
    await dave.joins()
    assert roles(sandbox, "dave") == {"Newcomer"}
    [offer] = sandbox.history("dm:dave")
    assert offer.text.splitlines() == [
        "Hello! To join Demo, answer 4 questions with the button below. You have 60 minutes.",
        "1. The rules: No ads. Be kind.", "2. What brings you here?", "3. The code from our website?",
        "4. Which language do you write?"]
    form = (await dave.press(offer, "Answer the questions")).form
    assert form.title == "Joining Demo"
    assert [(f.label, f.options, f.long) for f in form.fields] == [
        ("The rules", ("I accept the rules",), False), ("What brings you here?", ("Learning Python", "Selling followers"), False),
        ("The code from our website?", (), False), ("Which language do you write?", (), True)]
    assert (await dave.says("python", chat="dm:dave")).text == "Please answer with the button above: it opens the questions."

    sent = await dave.fills_in(offer, RIGHT)
    assert sent.toasts == ["Thank you! Your answers are in."]
    assert roles(sandbox, "dave") == set()
    assert last_dm(sandbox, "dave").text == "Welcome to Demo! Your request was approved."
    application = await Application.get()
    assert (application.via, application.state, application.decided_by) == ("form", "approved", "auto")
    assert [(a["answer"], a["passed"]) for a in application.answers] == [
        ("✓", True), ("Learning Python", True), ("py2026", True), ("Mostly Python", True)]
    again = await dave.fills_in(offer, RIGHT)  # sent twice: decided once
    assert again.toasts == ["This question is no longer open."] and admin_log(sandbox) == []


async def test_a_wrong_code_in_the_form_goes_to_the_admins(make_sandbox):
    sandbox = await start(make_sandbox)
    eve = sandbox.user("eve")
    await eve.joins()
    await eve.fills_in(last_dm(sandbox, "eve"), {**RIGHT, "q2": "guess"})
    assert last_dm(sandbox, "eve").text.startswith("Thank you! An admin will look at your answers")
    assert "3. The code from our website? → guess ❌" in admin_log(sandbox)[-1]
    assert roles(sandbox, "eve") == {"Newcomer"} and (await Application.get()).state == "queued"


async def test_a_newcomer_who_takes_no_direct_messages_finds_the_form_in_the_welcome_chat(make_sandbox):
    sandbox = await start(make_sandbox, welcome_chat="sandbox:demo")
    sandbox.adapter().world.closed_dms.add("frank")
    await sandbox.user("frank").joins()
    offer = sandbox.bot_messages("demo")[-1]
    assert offer.text.startswith("Welcome, @Frank! I can't write to you privately")
    assert (await sandbox.user("bob").press(offer)).toasts == ["This button is for someone else."]
    await sandbox.user("frank").fills_in(offer, RIGHT)
    assert roles(sandbox, "frank") == set() and (await Application.get()).state == "approved"


async def test_questions_that_do_not_fit_one_form_are_asked_one_by_one(make_sandbox):
    many = [{"kind": "code", "ask": f"Code {n}?", "code": "x"} for n in range(6)]
    sandbox = await start(make_sandbox, questions=many)
    await sandbox.user("gina").joins()
    assert last_dm(sandbox, "gina").text.startswith("Question 1 of 6: Code 0?")
    assert (await Application.get()).via == "role"


async def test_a_question_longer_than_a_label_is_numbered_with_its_text_under_it(make_sandbox):
    long = "Which programming language do you write most, these days?"
    sandbox = await start(make_sandbox, questions=[{"kind": "text", "ask": long, "min_length": 3}])
    await sandbox.user("hana").joins()
    [field] = (await sandbox.user("hana").press(last_dm(sandbox, "hana"))).form.fields
    assert (field.label, field.description, field.min_length) == ("Question 1", long, 3)
