"""What a press of a button opens where the platform has forms (`Capabilities.forms`).

A Discord modal must be the interaction's first answer, within its three seconds, so the adapter
opens it itself, before (and instead of) handing the press to the bus: it asks here whether the
press opens a form, and whether this person may open it. The answers still reach the bus as a
`FormSubmitted`, where the same checks run again (bus/routing.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import buttons
from bot.forms import Form
from bot.models import Identity

if TYPE_CHECKING:
    from bot.runtime import Runtime


@dataclass(frozen=True)
class Opening:
    """`form` to show, or `refusal` (a catalog id) to tell the presser instead."""

    form: Form | None = None
    refusal: str | None = None


NOT_A_FORM = Opening()


async def opening(runtime: "Runtime", payload: str, platform: str, user_id: str) -> Opening:
    """NOT_A_FORM for an ordinary button (hand the press to the bus), else the form or a refusal."""
    if not payload.startswith(buttons.STORED_MARK):
        return NOT_A_FORM  # a form is always stored
    decoded = await buttons.decode(payload)
    if decoded is None:
        return NOT_A_FORM  # the bus answers that the button expired
    if decoded.form is None:
        return NOT_A_FORM
    if decoded.action not in runtime.bus.forms:
        return Opening(refusal="core-form-expired")
    if decoded.only_for is not None and not await Identity.exists(member_id=decoded.only_for, platform=platform,
                                                                   user_id=user_id):
        return Opening(refusal="core-button-not-yours")
    return Opening(form=decoded.form)
