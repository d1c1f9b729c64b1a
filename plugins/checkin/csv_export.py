"""The CSV of a community's check-ins for /checkin_export."""
from __future__ import annotations

import csv
import io
from datetime import date
from zoneinfo import ZoneInfo

from bot import Member

from plugins.checkin.models import Checkin

HEADER = ("member", "platform", "day", "time", "note", "kind")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A spreadsheet must not run a member's note as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


async def checkins_csv(community_id: int, first: date, last: date, tz: ZoneInfo) -> tuple[bytes, int]:
    rows = await Checkin.filter(community_id=community_id, day__gte=first, day__lte=last).order_by("day", "at", "id")
    names = {m.id: m.display_name for m in await Member.filter(id__in={r.member_id for r in rows})}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        note = (row.note or "") + (f" [photo: {row.photo}]" if row.photo else "")
        writer.writerow([_cell(names.get(row.member_id, "?")), row.platform or "", row.day.isoformat(),
                         row.at.astimezone(tz).strftime("%H:%M"), _cell(note.strip()), row.kind])
    return buffer.getvalue().encode("utf-8-sig"), len(rows)
