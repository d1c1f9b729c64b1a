"""What members use: /camps lists the cohorts open for enrolment, each with an enrol button."""
from __future__ import annotations

from bot import Button, Context, join_lines

from plugins.camps import cohorts
from plugins.camps.listing import cohort_line
from plugins.camps.plugin import plugin


@plugin.command("camps")
async def camps(ctx: Context) -> None:
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    open_now = [place for place in await cohorts.places(ctx.community, library) if place.enrolment_open()]
    if not open_now:
        await ctx.reply("camps-none-open")
        return
    lines = [ctx.t("camps-open-title")] + [await cohort_line(ctx, place) for place in open_now]
    buttons = [[Button(ctx.text("camps-enrol-button", cohort=place.cohort.name), action="camps.enrol",
                       args={"cohort": place.cohort.id})] for place in open_now]
    await ctx.reply(ctx.message(join_lines(lines), buttons=buttons))
