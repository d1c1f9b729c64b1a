"""The gate's settings: `[plugins.gate]`, overridden per community by
`[communities.<slug>.settings.gate]`. Each rule has its own switch and limits; the defaults are
the ones docs/gate.md explains."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot import ChatKey


class Question(BaseModel):
    """One question at the door, in English and Chinese."""
    model_config = ConfigDict(extra="forbid")
    kind: Literal["text", "choice", "code", "rules"]
    ask: str | None = Field(None, max_length=2000, description="the question (rules: the rules); English")
    ask_zh: str | None = Field(None, max_length=2000, description="the same in Chinese")
    choices: list[str] = Field(default_factory=list, description="choice: the options, as buttons")
    choices_zh: list[str] = Field(default_factory=list)
    correct: list[int] = Field(default_factory=list, description="choice: the options that pass (0 = the first); "
                               "none: any option passes")
    pattern: str | None = Field(None, max_length=500, description="text: a regular expression a passing answer "
                                "contains; none: the answer goes to the admins")
    min_length: int = Field(1, ge=1, le=2000, description="text: shorter answers are asked again")
    code: str | None = Field(None, max_length=64, description="code: the code to type (any case)")

    def text(self, locale: str | None) -> str | None:
        return self.ask_zh if (locale or "").startswith("zh") and self.ask_zh else self.ask

    def options(self, locale: str | None) -> list[str]:
        zh = (locale or "").startswith("zh") and len(self.choices_zh) == len(self.choices)
        return self.choices_zh if zh else self.choices

    @model_validator(mode="after")
    def _complete(self) -> "Question":
        if self.kind != "rules" and not self.ask:
            raise ValueError(f"a {self.kind} question needs its text (ask)")
        if self.kind == "choice":
            if not 2 <= len(self.choices) <= 8:
                raise ValueError("a choice question has 2 to 8 choices")
            if self.choices_zh and len(self.choices_zh) != len(self.choices):
                raise ValueError("choices_zh must list as many choices as choices")
            if any(not 0 <= i < len(self.choices) for i in self.correct):
                raise ValueError("correct names a choice that does not exist (0 is the first)")
        if self.kind == "code" and not self.code:
            raise ValueError("a code question needs its code")
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error as err:
                raise ValueError(f"pattern is not a regular expression: {err}") from None
        return self


class Door(BaseModel):
    """The questions at the door: Telegram join requests, Discord's newcomer role, the sandbox."""
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    questions: list[Question] = Field(default_factory=lambda: [Question(kind="rules")], max_length=20)
    timeout_minutes: int = Field(60, ge=1, le=7 * 24 * 60, description="an unanswered request is declined after")
    wrong_answers: Literal["queue", "decline"] = Field("queue", description="what a wrong answer does: the "
                                                                            "admins' queue, or declined at once")
    newcomer_role: str | None = Field(None, min_length=1, max_length=100,
                                      description="Discord: the role with no access that a newcomer gets until "
                                                  "the questions pass (none: Discord joins are not gated)")
    form: bool = Field(True, description="Discord: the questions as one form (a modal) a button opens, where "
                       "they fit one; false: one at a time in direct messages")
    welcome_chat: ChatKey | None = Field(None, description="Discord: where a newcomer who takes no direct "
                                         "messages finds the button to the questions' form (a channel the "
                                         "newcomer role may see)")


class Probation(BaseModel):
    """New members may not post links, media or forwards for a while, or until a tier."""
    model_config = ConfigDict(extra="forbid")
    hours: int = Field(0, ge=0, le=24 * 90, description="0: no probation (docs/gate.md suggests 24)")
    until_roles: list[str] = Field(default_factory=list, description="tier roles that end it early (tiers): "
                                   "a member given one of them is out of probation")


class Switch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True


class LinkRule(Switch):
    allowed_roles: list[str] = Field(default_factory=list, description="members holding one of these roles (a "
                                     "tier's) may post links; none listed: only probation forbids links")


class RepeatRule(Switch):
    times: int = Field(4, ge=2, le=1000, description="the same text this many times ...")
    seconds: int = Field(60, ge=1, le=86_400, description="... within this many seconds")
    across_members: bool = Field(True, description="count every member's copies together (a raid)")
    min_length: int = Field(20, ge=1, le=1000, description="shorter texts (\"good morning!\") are never a "
                                                             "repeat; nor is a command")


class MentionRule(Switch):
    max: int = Field(5, ge=1, le=100, description="more mentions than this in one message is a mass mention")


class PatternRule(Switch):
    enabled: bool = False
    words: list[str] = Field(default_factory=list, description="words or phrases, any case: 加V, 兼职")
    regexes: list[str] = Field(default_factory=list, description="regular expressions: 加\\s*[vV微]")

    @field_validator("regexes")
    @classmethod
    def _compile(cls, regexes: list[str]) -> list[str]:
        for pattern in regexes:
            try:
                re.compile(pattern)
            except re.error as err:
                raise ValueError(f"{pattern!r} is not a regular expression: {err}") from None
        return regexes


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    links: LinkRule = Field(default_factory=LinkRule)
    invites: Switch = Field(default_factory=Switch)
    channel_forwards: Switch = Field(default_factory=Switch)
    repeats: RepeatRule = Field(default_factory=RepeatRule)
    mentions: MentionRule = Field(default_factory=MentionRule)
    patterns: PatternRule = Field(default_factory=PatternRule)


class Actions(BaseModel):
    """The step-up: delete and warn; after `mute_after` warnings a mute; after `remove_after`, out."""
    model_config = ConfigDict(extra="forbid")
    notice: Literal["private", "group"] = Field("private", description="the warning: a private message (a group "
                                                "notice where the member cannot be reached), or a group notice")
    notice_seconds: int = Field(60, ge=5, le=3600, description="a group notice deletes itself after")
    mute_after: int = Field(3, ge=1, le=100)
    mute_minutes: int = Field(60, ge=1, le=40_320)
    remove_after: int = Field(5, ge=1, le=100)
    remove: Literal["ban", "kick"] = "ban"
    window_days: int = Field(30, ge=1, le=365, description="warnings older than this no longer count")

    @model_validator(mode="after")
    def _steps_climb(self) -> "Actions":
        if self.remove_after < self.mute_after:
            raise ValueError("remove_after comes after mute_after")
        return self


class GateSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    door: Door = Field(default_factory=Door)
    probation: Probation = Field(default_factory=Probation)
    rules: Rules = Field(default_factory=Rules)
    actions: Actions = Field(default_factory=Actions)
    allow: list[str] = Field(default_factory=list, description="members never checked: \"telegram:42\" or a "
                             "username")
    log_chat: ChatKey | None = Field(None, description="the admins' chat (one of the community's chats): the "
                                     "queue, every action with its undo button, appeals")
