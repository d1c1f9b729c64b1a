"""How a cohort reads in a list: its camp, its dates and its seats."""
from __future__ import annotations

from bot import PluginContext, RichText

from plugins.camps.cohorts import Place, seats_taken


async def cohort_line(ctx: PluginContext, place: Place) -> RichText:
    cohort = place.cohort
    taken = await seats_taken(cohort)
    seats = (ctx.text("camps-seats-left", left=max(cohort.seats - taken, 0), seats=cohort.seats)
             if cohort.seats else ctx.text("camps-seats-open", taken=taken))
    return ctx.t("camps-cohort-line", title=place.camp.spec.title, cohort=cohort.name,
                 start=cohort.start.isoformat(), end=place.end.isoformat(), timezone=cohort.timezone,
                 until=place.enrol_until.isoformat(), seats=seats, phase=ctx.text(f"camps-phase-{place.phase()}"))
