"""Forms: a few fields a member fills in at once, opened by a button (`Button(form=Form(...))`).

Where the platform has them (`Capabilities.forms`: a Discord modal, the sandbox's form) the press
opens the form instead of reaching a handler, and the member's answers come back as a
`FormSubmitted` event to the handler registered with `@plugin.form(action)`. The limits are
Discord's, checked when a form is made so a plugin learns of a bad one at once.

A text field's value is what the member typed; a choice field's (`options=`) is the index of the
chosen option, as a string ("0", "1", ...). An optional field left empty is "".
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass
from typing import Any

from bot.untrusted import valid_text

MAX_FIELDS = 5
MAX_TITLE = 45
MAX_LABEL = 45
MAX_DESCRIPTION = 100
MAX_PLACEHOLDER = 100
MAX_KEY = 100
MAX_VALUE = 4000
MAX_OPTIONS = 25
MAX_OPTION = 100


class FormInvalid(ValueError):
    """Submitted values that break the form: `key` names the field."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key, self.reason = key, reason


def _within(what: str, text: str | None, most: int, *, least: int = 0) -> None:
    if text is not None and not least <= len(text) <= most:
        raise ValueError(f"{what} must be {least} to {most} characters long, not {len(text)}: {text!r}")


@dataclass(frozen=True)
class FormField:
    """One field: a line of text, a longer text (`long`), or a choice among `options` (at most 25).
    `description` is a line under the label (100 characters), for a question longer than a label."""

    key: str
    label: str
    _: KW_ONLY
    long: bool = False
    required: bool = True
    min_length: int | None = None
    max_length: int | None = None
    placeholder: str | None = None
    description: str | None = None
    options: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))
        _within("a field's key", self.key, MAX_KEY, least=1)
        _within(f"the label of field {self.key!r}", self.label, MAX_LABEL, least=1)
        _within(f"the description of field {self.key!r}", self.description, MAX_DESCRIPTION)
        _within(f"the placeholder of field {self.key!r}", self.placeholder, MAX_PLACEHOLDER)
        for bound in (self.min_length, self.max_length):
            if bound is not None and not 0 <= bound <= MAX_VALUE:
                raise ValueError(f"field {self.key!r}: lengths are 0 to {MAX_VALUE}")
        if self.min_length is not None and self.max_length is not None and self.min_length > self.max_length:
            raise ValueError(f"field {self.key!r}: min_length is above max_length")
        if self.options:
            if self.long or self.min_length is not None or self.max_length is not None:
                raise ValueError(f"field {self.key!r}: a choice has options, not a length or long text")
            if len(self.options) > MAX_OPTIONS:
                raise ValueError(f"field {self.key!r}: at most {MAX_OPTIONS} options")
            for option in self.options:
                _within(f"an option of field {self.key!r}", option, MAX_OPTION, least=1)

    @property
    def choice(self) -> bool:
        return bool(self.options)

    def clean(self, value: Any) -> str:
        """The value as the handler gets it; raises FormInvalid."""
        text = valid_text(value) if isinstance(value, str) else ""
        if not text.strip():
            if self.required:
                raise FormInvalid(self.key, "required")
            return ""
        if self.choice:
            if not text.isdigit() or int(text) >= len(self.options):
                raise FormInvalid(self.key, "not one of the options")
            return str(int(text))
        if len(text) < (self.min_length or 0) or len(text) > (self.max_length or MAX_VALUE):
            raise FormInvalid(self.key, "too short or too long")
        return text

    def to_json(self) -> dict[str, Any]:
        data = {"key": self.key, "label": self.label, "long": self.long, "required": self.required,
                "min_length": self.min_length, "max_length": self.max_length, "placeholder": self.placeholder,
                "description": self.description, "options": list(self.options)}
        return {name: value for name, value in data.items() if value not in (None, [])}


@dataclass(frozen=True)
class Form:
    """A title (45 characters) and one to five fields with distinct keys."""

    title: str
    fields: tuple[FormField, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(self.fields))
        _within("a form's title", self.title, MAX_TITLE, least=1)
        if not 1 <= len(self.fields) <= MAX_FIELDS:
            raise ValueError(f"a form has 1 to {MAX_FIELDS} fields, not {len(self.fields)}")
        keys = [f.key for f in self.fields]
        if len(set(keys)) != len(keys):
            raise ValueError(f"a form's fields need distinct keys: {keys}")

    def clean(self, values: Mapping[str, Any]) -> dict[str, str]:
        """Every field's value (unknown keys dropped); raises FormInvalid for the first bad one."""
        return {f.key: f.clean(values.get(f.key)) for f in self.fields}

    def field(self, key: str) -> FormField:
        return next(f for f in self.fields if f.key == key)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "fields": [f.to_json() for f in self.fields]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Form":
        fields = tuple(FormField(**{**f, "options": tuple(f.get("options", ()))}) for f in data["fields"])
        return cls(data["title"], fields)
