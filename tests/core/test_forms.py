"""Forms (bot/forms.py): a button opens one, its answers reach `@plugin.form` with the button's
args, through the bus as any press, with the same ownership, scope and permission checks. Where the
platform has no forms, the press is told so rather than left dead."""
from dataclasses import replace

import pytest

from bot import Context, Form, FormField, FormSubmitted, Permission, Plugin
from bot.capabilities import Capabilities

plugin = Plugin("survey")
received: list[tuple[int, dict[str, str]]] = []

FTL = """
survey-open = Tell us about you
survey-thanks = Thanks, { $name }!
cmd-survey = a survey
cmd-survey_admin = a survey for admins
"""

FORM = Form("About you", [FormField("name", "Your name", max_length=20),
                          FormField("why", "Why are you here?", long=True, required=False),
                          FormField("level", "Your level", options=["new", "seasoned"])])


@plugin.on_startup
async def load_messages(runtime) -> None:
    runtime.catalogs.add("en", FTL)


@plugin.command("survey")
async def survey(ctx: Context) -> None:
    await ctx.reply("survey-open", buttons=[[ctx.button("survey-open", "answers", only_for=ctx.member, form=FORM,
                                                        round=7)]])


@plugin.command("survey_admin")
async def survey_admin(ctx: Context) -> None:
    await ctx.reply("survey-open", buttons=[[ctx.button("survey-open", "admin_answers", form=FORM)]])


@plugin.form("answers")
async def answers(ctx: Context, round: int) -> None:
    assert isinstance(ctx.event, FormSubmitted)
    received.append((round, ctx.event.values))
    await ctx.reply("survey-thanks", name=ctx.event.values["name"], private=True)


@plugin.form("admin_answers", permission=Permission.ADMIN)
async def admin_answers(ctx: Context) -> None:
    received.append((0, ctx.event.values))


@pytest.fixture
async def sandbox(make_sandbox):
    received.clear()
    return await make_sandbox(plugins=[plugin])


def test_a_form_keeps_to_discords_limits():
    field = FormField("a", "A")
    with pytest.raises(ValueError, match="1 to 5 fields"):
        Form("Too many", [replace(field, key=str(n)) for n in range(6)])
    with pytest.raises(ValueError, match="title must be 1 to 45"):
        Form("x" * 46, [field])
    with pytest.raises(ValueError, match="label of field 'a' must be 1 to 45"):
        FormField("a", "y" * 46)
    with pytest.raises(ValueError, match="distinct keys"):
        Form("Twice", [field, field])
    with pytest.raises(ValueError, match="a choice has options"):
        FormField("c", "Choose", options=["x"], long=True)
    with pytest.raises(ValueError, match="at most 25 options"):
        FormField("c", "Choose", options=[str(n) for n in range(26)])


async def test_a_form_is_shown_on_a_press_and_its_answers_reach_the_handler_with_the_buttons_args(sandbox):
    alice = sandbox.user("alice")
    await alice.says("/survey")
    message = sandbox.history()[-1]
    opened = await alice.press(message, "Tell us")
    assert opened.form == FORM and list(opened) == [] and received == []  # no handler yet: the form shows
    replies = await alice.fills_in(message, {"name": "Alice", "level": "1", "unknown": "dropped"})
    assert received == [(7, {"name": "Alice", "why": "", "level": "1"})]
    assert replies.text == "Thanks, Alice!" and replies[0].visible_to == "alice"


async def test_someone_elses_form_neither_opens_nor_is_taken(sandbox):
    await sandbox.user("alice").says("/survey")
    message = sandbox.history()[-1]
    bob = sandbox.user("bob")
    await bob.says("hello")
    opened = await bob.press(message)
    assert opened.form is None and opened.toasts == ["This button is for someone else."]
    forged = await bob.fills_in(message, {"name": "Bob", "level": "0"})  # answers sent without the form
    assert forged.toasts == ["This button is for someone else."] and received == []


async def test_answers_that_break_the_form_are_refused_by_name(sandbox):
    alice = sandbox.user("alice")
    await alice.says("/survey")
    message = sandbox.history()[-1]
    for values, field in (({"level": "0"}, "Your name"), ({"name": "A" * 21, "level": "0"}, "Your name"),
                          ({"name": "Alice", "level": "2"}, "Your level")):
        refused = await alice.fills_in(message, values)
        assert refused.toasts == [f"Please fill in “{field}” as asked."]
    assert received == []


async def test_an_admins_form_is_refused_to_members(sandbox):
    await sandbox.user("alice").says("/survey_admin")
    message = sandbox.history()[-1]
    refused = await sandbox.user("alice").fills_in(message, {"name": "Alice", "level": "0"})
    assert refused.toasts == ["Only admins can press this button."]
    await sandbox.user("admin").fills_in(message, {"name": "Admin", "level": "1"})
    assert received == [(0, {"name": "Admin", "why": "", "level": "1"})]


async def test_a_stale_form_answers_that_it_expired(sandbox):
    alice = sandbox.user("alice")
    await alice.says("/survey")
    message = sandbox.history()[-1]
    message.buttons[0][0].payload = "~no-such-key"
    stale = await alice.fills_in(message, {"name": "Alice", "level": "0"})
    assert stale.toasts == ["This form has expired. Ask for a new one."] and received == []


async def test_where_the_platform_has_no_forms_the_press_says_so(sandbox):
    sandbox.adapter().capabilities = replace(sandbox.adapter().capabilities, forms=False)
    alice = sandbox.user("alice")
    await alice.says("/survey")
    pressed = await alice.press(sandbox.history()[-1])
    assert pressed.form is None
    assert pressed.toasts == ["This button opens a form, which this platform cannot show."] and received == []
