"""Typed command arguments, read from a handler's signature.

    async def makeup(ctx, day: date): ...          # /makeup 2026-03-05 | yesterday
    async def rank(ctx, period: Literal["week", "month", "all"] = "week"): ...
    async def checkin(ctx, note: Rest = ""): ...    # the rest of the line
    async def streak(ctx, who: Member | None = None): ...   # a mention
"""
from __future__ import annotations

import inspect
import re
import types
import typing
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal, get_args, get_origin

from bot.models import Member


class _RestOfLine:
    pass


Rest = Annotated[str, _RestOfLine()]


class ArgKind(StrEnum):
    INT = "int"
    WORD = "word"
    REST = "rest"
    DATE = "date"
    CHOICE = "choice"
    MEMBER = "member"


@dataclass(frozen=True)
class Param:
    name: str
    kind: ArgKind
    required: bool
    default: Any = None
    choices: tuple[str, ...] = ()

    def usage(self, name: str | None = None) -> str:
        """`<day>` or `[note]`; `name` is the argument's name in the reader's language."""
        label = "|".join(self.choices) if self.choices else (name or self.name)
        return f"<{label}>" if self.required else f"[{label}]"

    @property
    def label_id(self) -> str:
        """The catalog id of the argument's name as members read it (`arg-day`: day, 日期)."""
        return f"arg-{self.name}"


class ArgumentError(Exception):
    """An argument missing (`value` None), not valid, or text left over (`extra`)."""

    def __init__(self, param: Param, value: str | None, *, extra: bool = False) -> None:
        super().__init__(f"bad value {value!r} for {param.name}")
        self.param, self.value, self.extra = param, value, extra

    @property
    def message_id(self) -> str:
        """Which catalog message explains this to the member."""
        if self.extra:
            return "core-arg-extra"
        if self.value is None:
            return "core-arg-missing"
        return {ArgKind.DATE: "core-arg-bad-date", ArgKind.MEMBER: "core-arg-no-member",
                ArgKind.CHOICE: "core-arg-bad-choice", ArgKind.INT: "core-arg-bad-number"}.get(
                    self.param.kind, "core-arg-bad-value")


def params_of(handler: Any) -> tuple[Param, ...]:
    """The command parameters of `handler(ctx, ...)`."""
    signature = inspect.signature(handler)
    hints = typing.get_type_hints(handler, include_extras=True)
    params = []
    for name, parameter in list(signature.parameters.items())[1:]:
        kind, choices = _kind_of(hints.get(name, str))
        required = parameter.default is inspect.Parameter.empty
        default = None if required else parameter.default
        params.append(Param(name, kind, required, default, choices))
    return tuple(params)


def _kind_of(annotation: Any) -> tuple[ArgKind, tuple[str, ...]]:
    if get_origin(annotation) is Annotated:
        base, *extras = get_args(annotation)
        if any(isinstance(e, _RestOfLine) for e in extras):
            return ArgKind.REST, ()
        annotation = base
    if get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is Literal:
        return ArgKind.CHOICE, tuple(str(a) for a in get_args(annotation))
    simple = {int: ArgKind.INT, str: ArgKind.WORD, date: ArgKind.DATE, Member: ArgKind.MEMBER}
    if annotation in simple:
        return simple[annotation], ()
    raise TypeError(f"unsupported command argument type {annotation!r}")


_TODAY_WORDS = {"today", "今天", "今日"}
_YESTERDAY_WORDS = {"yesterday", "昨天", "昨日"}


MAX_YEARS_AWAY = 100  # a date further from today is a typo or an attack, never a real day


def parse_date(text: str, today: date) -> date:
    day = _parse_date(text, today)
    if abs(day.year - today.year) > MAX_YEARS_AWAY:
        raise ValueError(text)
    return day


def _parse_date(text: str, today: date) -> date:
    word = text.strip().lower()
    if word in _TODAY_WORDS:
        return today
    if word in _YESTERDAY_WORDS:
        return today - timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})-(\d{1,2})", word):
        return date(today.year, int(m[1]), int(m[2]))
    raise ValueError(text)


async def parse_text(params: tuple[Param, ...], text: str, resolve: "Resolver") -> dict[str, Any]:
    """Fill `params` from the words of `text`; the last REST parameter takes the remainder."""
    values: dict[str, Any] = {}
    remaining = text.strip()
    for param in params:
        if param.kind is ArgKind.REST:
            token, remaining = remaining, ""
        else:
            head, _, remaining = remaining.partition(" ")
            token, remaining = head, remaining.strip()
        if not token:
            if param.required:
                raise ArgumentError(param, None)
            values[param.name] = param.default
            continue
        values[param.name] = await convert(param, token, resolve)
    if remaining:
        raise ArgumentError(params[-1] if params else Param("", ArgKind.WORD, False), remaining, extra=True)
    return values


async def parse_options(params: tuple[Param, ...], options: dict[str, Any], resolve: "Resolver") -> dict[str, Any]:
    """Fill `params` from options a platform already parsed (Discord slash commands)."""
    values: dict[str, Any] = {}
    for param in params:
        raw = options.get(param.name)
        if raw is None or raw == "":
            if param.required:
                raise ArgumentError(param, None)
            values[param.name] = param.default
        else:
            values[param.name] = await convert(param, raw, resolve)
    return values


class Resolver(typing.Protocol):
    def today(self) -> date: ...

    async def member_from(self, token: Any) -> Member | None: ...


async def convert(param: Param, raw: Any, resolve: Resolver) -> Any:
    try:
        if param.kind is ArgKind.INT:
            value = int(raw)
            if abs(value) >= 2**31:  # what an integer column holds
                raise ValueError(raw)
            return value
        if param.kind is ArgKind.DATE:
            return raw if isinstance(raw, date) else parse_date(str(raw), resolve.today())
        if param.kind is ArgKind.CHOICE:
            value = str(raw).lower()
            if value not in param.choices:
                raise ValueError(raw)
            return value
        if param.kind is ArgKind.MEMBER:
            member = await resolve.member_from(raw)
            if member is None:
                raise ValueError(raw)
            return member
        return str(raw)
    except (ValueError, TypeError):
        raise ArgumentError(param, str(raw)) from None
