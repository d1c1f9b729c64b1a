"""The door's questions as one form (a Discord modal), where the platform has forms and a newcomer
waits behind the newcomer role: one message with a button, all answers at once, judged as the
questions asked one at a time are (`door.judge`, `door.chose`).

A question fits when there are at most five: a text or a code is a text field, a choice a choice
field, the rules one required choice ("I accept the rules"). A question longer than a field's
label is named "Question 2" with its text under it; the message with the button lists every
question in full.
"""
from __future__ import annotations

from bot import Form, FormField, Member, PluginContext, RichText, join_lines, plain_text

from plugins.gate.settings import Question

MAX_QUESTIONS = 5
LABEL, DESCRIPTION, OPTION, TITLE = 45, 100, 100, 45


def key(index: int) -> str:
    return f"q{index}"


def fits(questions: list[Question], locale: str) -> bool:
    return 0 < len(questions) <= MAX_QUESTIONS and all(len(option) <= OPTION for q in questions
                                                       for option in q.options(locale))


def form_for(ctx: PluginContext, member: Member, questions: list[Question], locale: str) -> Form | None:
    """The questions as a form in the member's language, or None where they do not fit one."""
    if not fits(questions, locale):
        return None
    community = ctx.community.name or ctx.community.slug
    title = _text(ctx, member, "gate-form-title", community=community)[:TITLE]
    return Form(title, [_field(ctx, member, index, question, locale) for index, question in enumerate(questions)])


def _field(ctx: PluginContext, member: Member, index: int, question: Question, locale: str) -> FormField:
    if question.kind == "rules":
        return FormField(key(index), _text(ctx, member, "gate-form-rules"),
                         description=_text(ctx, member, "gate-form-see-above"),
                         options=[_text(ctx, member, "gate-button-accept")[:OPTION]])
    asked = question.text(locale) or ""
    if len(asked) <= LABEL:
        label, description = asked, None
    else:
        label = _text(ctx, member, "gate-form-question", number=index + 1)
        description = asked if len(asked) <= DESCRIPTION else _text(ctx, member, "gate-form-see-above")
    if question.kind == "choice":
        return FormField(key(index), label, description=description, options=question.options(locale))
    long = question.kind == "text"
    return FormField(key(index), label, description=description, long=long,
                     min_length=question.min_length if long else None)


def intro(ctx: PluginContext, member: Member, questions: list[Question], locale: str, *, minutes: int,
          mention: object | None = None) -> RichText:
    """The message above the button: what to do, and every question in full."""
    community = ctx.community.name or ctx.community.slug
    head = (ctx.t_for(member, "gate-form-intro-public", who=mention, community=community, minutes=minutes,
                      total=len(questions)) if mention is not None else
            ctx.t_for(member, "gate-form-intro", community=community, minutes=minutes, total=len(questions)))
    lines = [head]
    for index, question in enumerate(questions):
        asked = question.text(locale) or plain_text(ctx.t_for(member, "gate-rules-default"))
        line_id = "gate-form-line-rules" if question.kind == "rules" else "gate-form-line"
        lines.append(ctx.t_for(member, line_id, number=index + 1, question=asked))
    return join_lines(lines)


def _text(ctx: PluginContext, member: Member, message_id: str, **args: object) -> str:
    return plain_text(ctx.t_for(member, message_id, **args))
