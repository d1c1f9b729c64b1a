"""The organisers' command, `/camp <action> ...`: reload the camp files, open and list cohorts,
and the enrolment queue, views and changes of admin_enrolment.py and admin_views.py. Every
action is for admins only (the platform's admins) and answers privately."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from bot import Context, Permission, Rest, UserError, join_lines

from plugins.camps import admin_enrolment, admin_homework, admin_pods, admin_views, cohorts, open_options
from plugins.camps.library import read_folder, reload
from plugins.camps.enrolment import audit, audit_community
from plugins.camps.listing import cohort_line
from plugins.camps.plugin import plugin

Action = Literal["reload", "open", "list", "queue", "stats", "export", "excuse", "move", "remove", "announce",
                 "rebalance", "mentor", "homework", "reviewers"]


@plugin.command("camp", permission=Permission.ADMIN)
async def camp(ctx: Context, action: Action, details: Rest = "") -> None:
    await ACTIONS[action](ctx, details.split())


async def reload_camps(ctx: Context, words: list[str]) -> None:
    library = reload(ctx.settings.folder)
    await cohorts.library_of(ctx.community, ctx.settings.folder)
    await audit_community(ctx.community, ctx.member, "reload",
                          f"{len(library.camps)} loaded: {', '.join(sorted(library.camps)) or '-'}; "
                          f"{len(library.problems)} problems")
    lines = [ctx.t("camps-reloaded", count=len(library.camps), camps=", ".join(sorted(library.camps)) or "-")]
    if library.problems:
        lines.append(ctx.t("camps-reload-problems", count=len(library.problems)))
        lines += [ctx.t("camps-problem", problem=str(problem)) for problem in library.problems]
    await ctx.reply(join_lines(lines))


async def open_cohort(ctx: Context, words: list[str]) -> None:
    if len(words) < 2:
        raise UserError("camps-open-usage")
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    camp = library.get(words[0])
    if camp is None:
        raise UserError("camps-unknown-camp", camp=words[0], known=", ".join(sorted(library.camps)) or "-")
    try:
        start = date.fromisoformat(words[1])
    except ValueError:
        raise UserError("camps-bad-start", value=words[1]) from None
    if start < ctx.today():
        raise UserError("camps-start-past", start=start.isoformat())
    options = open_options.parse(words[2:], start)
    chats = [ctx.chat_key] if ctx.chat_key else []
    cohort = await cohorts.open_cohort(ctx.community, camp, start, chats, options)
    await audit(cohort, ctx.member, None, "open", f"{camp.slug} from {start.isoformat()} " + " ".join(words[2:]))
    place = cohorts.Place(cohort, camp)
    await ctx.reply(join_lines([ctx.t("camps-opened", cohort=cohort.name), await cohort_line(ctx, place),
                                ctx.t("camps-opened-how", cohort=cohort.name)]))


async def list_cohorts(ctx: Context, words: list[str]) -> None:
    library = await cohorts.library_of(ctx.community, ctx.settings.folder)
    every = await cohorts.places(ctx.community, library)
    if not every:
        raise UserError("camps-no-cohorts")
    await ctx.reply(join_lines([await cohort_line(ctx, place) for place in every]))


ACTIONS = {"reload": reload_camps, "open": open_cohort, "list": list_cohorts,
           "queue": admin_enrolment.show_queue, "stats": admin_views.stats, "export": admin_views.export,
           "excuse": admin_views.excuse, "move": admin_enrolment.move_member,
           "remove": admin_enrolment.remove_member, "announce": admin_views.announce,
           "rebalance": admin_pods.rebalance_pods, "mentor": admin_pods.make_mentor,
           "homework": admin_homework.homework_stats, "reviewers": admin_homework.reviewer_stats}


@plugin.check
def camp_file_problems(settings) -> list[tuple[str, str]]:
    """`shequn check-config` and `shequn run` name every problem of the camp files."""
    return [("folder", str(problem)) for problem in read_folder(Path(settings.folder).resolve()).problems]
