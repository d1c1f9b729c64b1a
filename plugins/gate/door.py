"""The door (入群门槛): a person asking to join answers the community's questions privately, one
at a time. Answers that all pass let them in at once; any other goes to the admins' queue
(`queue.py`), or is declined at once with `wrong_answers = "decline"`.

Telegram and the sandbox: a join request (`JoinRequested`), approved or declined. A platform
without join requests but with native roles (Discord): a newcomer gets `newcomer_role` (no
access) when they join, and loses it when they pass; where the platform has forms and the
questions fit one (`door_form.py`), they answer them all at once in a form a button opens, in a
direct message or, where they take none, in the `welcome_chat`.
"""
from __future__ import annotations

import re
from datetime import timedelta

from bot import (Button, Context, Form, JoinRequested, Member, MemberJoined, Message, MessageReceived,
                 PluginContext, now, plain_text)

from plugins.gate import door_form
from plugins.gate.admins import locale_of
from plugins.gate.decisions import approve, decline, send_to_queue
from plugins.gate.models import OPEN_STATES, Application
from plugins.gate.plugin import plugin
from plugins.gate.settings import Question


@plugin.on(JoinRequested)
async def on_join_request(ctx: Context) -> None:
    if ctx.settings.door.enabled and ctx.member is not None and ctx.chat_key:
        await open_application(ctx, ctx.member, ctx.chat_key, ctx.event.user.user_id, via="request")


@plugin.on(MemberJoined)
async def on_newcomer(ctx: Context) -> None:
    """Where the platform has no join requests but real roles (Discord): the newcomer role first."""
    door = ctx.settings.door
    if (not door.enabled or not door.newcomer_role or ctx.member is None or not ctx.chat_key
            or ctx.event.user.is_bot or ctx.capabilities.join_requests or ctx.capabilities.roles != "native"):
        return
    if await ctx.is_admin():
        return
    await ctx.roles.give(ctx.member, door.newcomer_role)
    await open_application(ctx, ctx.member, ctx.chat_key, ctx.event.user.user_id, via="role")


async def open_application(ctx: Context, member: Member, chat: str, user_id: str, *, via: str) -> None:
    if await Application.exists(member_id=member.id, chat=chat, state__in=OPEN_STATES):
        return  # asked again while the questions run (or redelivered): one application
    door = ctx.settings.door
    form = (door_form.form_for(ctx, member, door.questions, locale_of(ctx, member))
            if via == "role" and door.form and ctx.capabilities.forms else None)
    at = now()
    application = await Application.create(community_id=ctx.community.id, member=member, chat=chat, user_id=user_id,
                                           via="form" if form else via, asked_at=at,
                                           deadline=at + timedelta(minutes=door.timeout_minutes))
    if not door.questions:
        await approve(ctx, application, by="auto")
        return
    if form is not None:
        await offer_form(ctx, application, member, form)
        return
    greeting = ctx.t_for(member, "gate-welcome", community=ctx.community.name or ctx.community.slug,
                         minutes=ctx.settings.door.timeout_minutes)
    if await ctx.send_direct(member, greeting) is None:
        await send_to_queue(ctx, application, unreachable=True)
        return
    await ask(ctx, application, member)


async def offer_form(ctx: Context, application: Application, member: Member, form: Form) -> None:
    """The questions' form behind a button, for the newcomer alone: in a direct message, else in the
    welcome chat (the form itself shows only to them), else the admins decide without answers."""
    door = ctx.settings.door
    locale = locale_of(ctx, member)
    button = Button(plain_text(ctx.t_for(member, "gate-form-button")), action="gate.answers",
                    args={"application": application.id}, only_for=member.id, form=form)
    private = door_form.intro(ctx, member, door.questions, locale, minutes=door.timeout_minutes)
    if await ctx.send_direct(member, Message(private, buttons=((button,),))) is not None:
        return
    if door.welcome_chat:
        public = door_form.intro(ctx, member, door.questions, locale, minutes=door.timeout_minutes,
                                 mention=await ctx.mention(member))
        if await ctx.post_in([door.welcome_chat], Message(public, buttons=((button,),))):
            return
    await send_to_queue(ctx, application, unreachable=True)


@plugin.form("answers")
async def answers(ctx: Context, application: int) -> None:
    """Every answer at once, from the questions' form: judged and recorded as one by one."""
    found = await Application.get_or_none(id=application, community_id=ctx.community.id, member_id=ctx.member.id,
                                          state="asking", step=0)
    given = form_answers(ctx.settings.door.questions, ctx.event.values, locale_of(ctx, ctx.member))
    if found is None or given is None:
        await ctx.answer("gate-answer-too-late")
        return
    await ctx.answer("gate-form-received")
    await record(ctx, found, given)


def form_answers(questions: list[Question], values: dict[str, str],
                 locale: str) -> list[tuple[str, bool | None]] | None:
    """(answer, verdict) for each question; None when the form no longer matches the questions."""
    if set(values) != {door_form.key(index) for index in range(len(questions))}:
        return None
    given = []
    for index, question in enumerate(questions):
        value = values[door_form.key(index)].strip()
        if question.kind == "choice":
            chosen = chose(question, locale, int(value)) if value.isdigit() else None
            if chosen is None:
                return None
            given.append(chosen)
        elif question.kind == "rules":
            given.append(("✓", True))  # its one option is required: sent is accepted
        else:
            given.append((value, judge(question, value)))
    return given


async def ask(ctx: PluginContext, application: Application, member: Member) -> None:
    """Send the question the application is at, with buttons where it has some."""
    questions = ctx.settings.door.questions
    question = questions[application.step]
    locale = locale_of(ctx, member)
    body = question.text(locale) or plain_text(ctx.t_for(member, "gate-rules-default"))
    head = ctx.t_for(member, f"gate-ask-{question.kind}", number=application.step + 1, total=len(questions),
                     question=body)
    buttons = _buttons(ctx, application, member, question, locale)
    await ctx.send_direct(member, Message(head, buttons=buttons))


def _buttons(ctx: PluginContext, application: Application, member: Member, question: Question,
             locale: str) -> tuple:
    if question.kind == "choice":
        return tuple((Button(label, action="gate.choose", args={"application": application.id,
                                                                  "step": application.step, "choice": index},
                             only_for=member.id),)
                     for index, label in enumerate(question.options(locale)))
    if question.kind == "rules":
        label = plain_text(ctx.t_for(member, "gate-button-accept"))
        return ((Button(label, action="gate.accept", args={"application": application.id, "step": application.step},
                        only_for=member.id),),)
    return ()


@plugin.button("choose")
async def choose(ctx: Context, application: int, step: int, choice: int) -> None:
    found = await _asking(ctx, application, step)
    if found is None:
        await ctx.answer("gate-answer-too-late")
        return
    chosen = chose(ctx.settings.door.questions[step], locale_of(ctx, ctx.member), choice)
    if chosen is None:
        await ctx.answer("gate-answer-too-late")
        return
    await ctx.answer("gate-answer-noted", answer=chosen[0])
    await record(ctx, found, [chosen])


def chose(question: Question, locale: str, choice: int) -> tuple[str, bool] | None:
    """The option chosen and whether it passes; None for an option the question does not have."""
    options = question.options(locale)
    if not 0 <= choice < len(options):
        return None
    return options[choice], not question.correct or choice in question.correct


@plugin.button("accept")
async def accept(ctx: Context, application: int, step: int) -> None:
    found = await _asking(ctx, application, step)
    if found is None:
        await ctx.answer("gate-answer-too-late")
        return
    await ctx.answer("gate-rules-accepted")
    await record(ctx, found, [("✓", True)])


async def _asking(ctx: Context, application: int, step: int) -> Application | None:
    """The application a button belongs to, if it still waits for that very answer."""
    if ctx.member is None or ctx.community is None:
        return None
    found = await Application.get_or_none(id=application, community_id=ctx.community.id, member_id=ctx.member.id,
                                          state="asking")
    if found is None or found.step != step or step >= len(ctx.settings.door.questions):
        return None
    return found


@plugin.on(MessageReceived)
async def on_private_answer(ctx: Context) -> None:
    """A typed answer (a free answer or a code) in the applicant's private chat with the bot."""
    event = ctx.event
    if ctx.in_group or ctx.member is None or ctx.community is None or event.text.startswith("/"):
        return
    application = await Application.filter(community_id=ctx.community.id, member_id=ctx.member.id,
                                           state="asking").order_by("-id").first()
    questions = ctx.settings.door.questions
    if application is None or application.step >= len(questions):
        return
    if application.via == "form":
        await ctx.reply("gate-use-form")
        return
    question = questions[application.step]
    answer = event.text.strip()
    if question.kind in ("choice", "rules"):
        await ctx.reply("gate-use-buttons")
        return
    if question.kind == "text" and len(answer) < question.min_length:
        await ctx.reply("gate-answer-too-short", length=question.min_length)
        return
    await record(ctx, application, [(answer, judge(question, answer))])


def judge(question: Question, answer: str) -> bool | None:
    """True passes, False fails, None is for the admins to judge (a free answer without a pattern)."""
    if question.kind == "code":
        return answer.strip().casefold() == (question.code or "").strip().casefold()
    if question.kind == "text":
        if question.pattern is None:
            return None
        return re.search(question.pattern, answer, re.IGNORECASE) is not None
    return True


async def record(ctx: Context, application: Application, given: list[tuple[str, bool | None]]) -> None:
    """Keep the answers (one, or a form's all) and ask the next question, or decide. A second delivery
    of the same answers finds the step moved on and does nothing."""
    questions = ctx.settings.door.questions
    answers = [*application.answers, *({"question": application.step + offset, "answer": answer[:500],
                                        "passed": passed} for offset, (answer, passed) in enumerate(given))]
    moved = await Application.filter(id=application.id, state="asking", step=application.step).update(
        step=application.step + len(given), answers=answers)
    if not moved:
        return
    application.step, application.answers = application.step + len(given), answers
    if any(passed is False for _, passed in given) and ctx.settings.door.wrong_answers == "decline":
        await decline(ctx, application, by="auto", reason=plain_text(ctx.t_for(ctx.member, "gate-reason-answers")))
        return
    if application.step < len(questions):
        await ask(ctx, application, ctx.member)
        return
    if all(a["passed"] is True for a in answers):
        await approve(ctx, application, by="auto")
    else:
        await send_to_queue(ctx, application)
