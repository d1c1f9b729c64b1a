"""The admins' CSV: every member's tier, XP, level and floor schedule."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot import Member, PluginContext

from plugins.tiers.levels import level_of
from plugins.tiers.models import TierGrant, TierMember
from plugins.tiers.xp import recent_by_member
from plugins.tiers.thresholds import settings_of

COLUMNS = ["member_id", "name", "tier", "earned", "xp", "season_xp", "level", "xp_30_days", "steps_down_on",
           "granted_until", "present"]


async def standings_csv(ctx: PluginContext, community_id: int) -> tuple[bytes, int]:
    rows = await TierMember.filter(community_id=community_id).order_by("-xp", "member_id")
    names = dict(await Member.filter(community_id=community_id).values_list("id", "display_name"))
    recent = await recent_by_member(community_id, ctx.today() - timedelta(days=30))
    grants = dict(await TierGrant.filter(community_id=community_id, ended=False).values_list("member_id", "ends_at"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        until = grants.get(row.member_id)
        writer.writerow([row.member_id, _safe(names.get(row.member_id, "")), row.shown or "", row.earned or "",
                         row.xp, row.season_xp, level_of(row.xp, settings_of(ctx).curve).level,
                         recent.get(row.member_id, 0), row.steps_down_on or "", until.isoformat() if until else "",
                         "yes" if row.present else "no"])
    return out.getvalue().encode("utf-8-sig"), len(rows)


def _safe(name: str) -> str:
    """A name a spreadsheet would run as a formula is quoted."""
    return "'" + name if name[:1] in ("=", "+", "-", "@") else name
