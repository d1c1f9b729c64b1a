"""A member's poster: their link on the platform they asked from, their progress, the
campaign's texts in their language, rendered in a worker thread."""
from __future__ import annotations

import asyncio

from bot import Image, Member, PluginContext, plain_text

from plugins.referrals import poster
from plugins.referrals.links import personal_links
from plugins.referrals.progress import Progress


async def poster_image(ctx: PluginContext, member: Member, progress: Progress, *, locale_of: Member | None = None,
                       platform: str | None = None) -> Image | None:
    links = await personal_links(ctx, member)
    if not links:
        return None
    link = next((row for row in links if row.platform == platform), links[0])
    return Image(await asyncio.to_thread(render_for, ctx, member, progress, link.url, locale_of), "poster.jpg")


def render_for(ctx: PluginContext, member: Member, progress: Progress, url: str, locale_of: Member | None) -> bytes:
    settings = ctx.settings
    words = (lambda key, **a: plain_text(ctx.t_for(locale_of, key, **a))) if locale_of else \
        (lambda key, **a: ctx.text(key, **a))
    step = progress.next_step
    goal = step.at if step else max(progress.score, 1)
    texts = poster.PosterText(
        community=ctx.community.name,
        headline=settings.poster.headline or words("referrals-poster-headline"),
        name=member.display_name,
        progress=words("referrals-poster-progress", count=progress.score, goal=goal),
        next_reward=(words("referrals-poster-next", left=step.at - progress.score, points=step.points)
                     if step else words("referrals-poster-all-done")),
        scan=words("referrals-poster-scan"),
        done=progress.score, goal=goal)
    look = settings.poster
    return poster.render(texts, url, colour=look.colour, accent=look.accent, ink=look.ink,
                         background_image=look.background, font_file=look.font)
