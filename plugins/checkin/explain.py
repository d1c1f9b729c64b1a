"""/why: a member's streak decisions told day by day, from the stored decisions."""
from __future__ import annotations

from datetime import date

from bot import Context, RichText

from plugins.checkin.models import AuditEntry
from plugins.checkin.streaks import DayDecision, DayMark, Outcome
from plugins.checkin.subject import Subject


def _md(day: date) -> str:
    return day.strftime("%m-%d")


def _deadline_args(subject: Subject, day: date) -> dict:
    deadline = subject.clock.local(subject.clock.deadline(day))
    return {"deadline": deadline.strftime("%H:%M"), "deadline_day": _md(deadline.date())}


def explain(ctx: Context, subject: Subject, decision: DayDecision, audit: AuditEntry | None) -> RichText:
    """One line: what happened on the day and what it did to the streak."""
    args = {"day": _md(decision.day), "before": decision.streak_before, "after": decision.streak_after}
    outcome = decision.outcome
    if outcome is Outcome.MISSED:
        args |= _deadline_args(subject, decision.day)
        if decision.mark is DayMark.ADMIN_REMOVED:
            key = "checkin-why-removed"
            args |= {"admin": audit.admin_name if audit else "-", "reason": (audit.reason if audit else None) or "-"}
        else:
            key = "checkin-why-missed-reset" if decision.streak_before else "checkin-why-missed"
    elif outcome is Outcome.ADMIN_ADDED:
        key = "checkin-why-admin-added"
        args |= {"admin": audit.admin_name if audit else "-", "reason": (audit.reason if audit else None) or "-"}
    else:
        key = f"checkin-why-{outcome.value.replace('_', '-')}"
    line = ctx.t(key, **args)
    extras = []
    if decision.card_earned:
        extras.append(ctx.t("checkin-why-card"))
    if decision.freeze_earned:
        extras.append(ctx.t("checkin-why-freeze"))
    if decision.milestone:
        extras.append(ctx.t("checkin-why-milestone", days=decision.milestone))
    for extra in extras:
        line = (*line, *ctx.t("checkin-why-and"), *extra)
    return line
