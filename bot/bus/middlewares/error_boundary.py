"""No exception leaves a handler: a UserError becomes its answer, anything else a logged reference."""
from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from bot.bus.middlewares.base import Next
from bot.context import Context
from bot.errors import UserError
from bot.events import ButtonPressed, Event, FormSubmitted
from bot.i18n import normalize_locale

log = logging.getLogger(__name__)
PRESSES = (ButtonPressed, FormSubmitted)  # answered by a note to the presser, not in the chat


async def error_boundary(ctx: Context, call_next: Next) -> None:
    try:
        await contained(ctx, call_next(ctx), "handler", tell_user=True)
    finally:
        if isinstance(ctx.event, PRESSES) and not ctx.answered:
            try:
                await ctx.adapter.answer_button(ctx.event, None)
            except Exception:
                log.exception("could not answer a button press")


async def contained(ctx: Context, work: Awaitable[None], what: str, *, tell_user: bool) -> None:
    """Run `work`; a UserError becomes its localized answer, anything else a logged reference."""
    try:
        await work
    except UserError as err:
        await _safe_reply(ctx, err.message_id, private=err.private, **err.args_)
    except Exception:
        ref = ctx.runtime.new_error_ref()
        log.exception("%s failed (ref %s) on %s", what, ref, event_ids(ctx.event))
        if tell_user:
            # A failure before the locale was chosen still answers in the sender's language.
            user_lang = ctx.event.user.lang if ctx.event.user else None
            ctx.locale = ctx.locale or normalize_locale(user_lang) or ctx.runtime.catalogs.default_locale
            await _safe_reply(ctx, "core-error", ref=ref)


def event_ids(event: Event) -> str:
    """Which event failed, in one short line (the event itself may hold kilobytes of text)."""
    user = event.user.user_id if event.user else "-"
    return (f"{type(event).__name__} {event.platform} chat={event.chat.chat_id if event.chat else '-'} "
            f"user={user} event={event.event_id or '-'}")


async def _safe_reply(ctx: Context, message_id: str, *, private: bool | None = None, **args: Any) -> None:
    try:
        if isinstance(ctx.event, PRESSES):
            await ctx.answer(message_id, alert=True, **args)
        elif ctx.event.chat is not None:
            await ctx.reply(message_id, private=private, **args)
    except Exception:
        log.exception("could not tell the user about an error")
