"""What the benchmarks that run the bot on Telegram share: a runtime on FakeTelegram
(tests/fakes/telegram_api.py) paced at Telegram's real limits, members inserted in bulk with
their Telegram accounts, and the busiest second of a run's requests."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from bot import Plugin, insert_many
from bot.config import Settings
from bot.models import Community, Identity, Member
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.telegram import TelegramAdapter
from adapters.telegram.outbox import TELEGRAM_LIMITS

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402

TOKEN = "123:ABC"
TELEGRAM_PER_SECOND = 30
COMMUNITY = "bench"

__all__ = ["COMMUNITY", "FakeTelegram", "TELEGRAM_PER_SECOND", "TOKEN", "busiest_second", "insert_members",
           "telegram_runtime"]


async def telegram_runtime(url: str, tg: FakeTelegram, group: int, plugin: Plugin, settings: dict) -> Runtime:
    """The bot with one plugin (and its `settings`) in community "bench" on Telegram group `group`,
    its sends paced as Telegram's limits ask, started on the database at `url` (migrated)."""
    config = Settings.model_validate({
        "web": {"enabled": False}, "database": {"url": url}, "bot": {"auto_migrate": True},
        "communities": {COMMUNITY: {"name": "Bench", "chats": [f"telegram:{group}"]}},
        "plugins": {plugin.name: settings}})
    runtime = Runtime(config, [plugin], {"telegram": TelegramAdapter}, store=MemoryStore())
    runtime.config.telegram = {"token": TOKEN, "api_base": tg.base_url}
    runtime.build_adapters()
    runtime.adapters["telegram"].pace_with(limits=TELEGRAM_LIMITS)
    await runtime.start(migrate_database=True)
    return runtime


async def insert_members(users: list[int], at: datetime) -> tuple[Community, list[int]]:
    """Members of "bench" for these Telegram user ids ("Member <id>", username u<id>), joined at
    `at`, in a few bulk inserts; their community and ids, in the users' order."""
    community = await Community.get(slug=COMMUNITY)
    rows = await insert_many(Member, [dict(community_id=community.id, display_name=f"Member {u}", lang=None,
                                           joined_at=at, left_at=None, last_seen_at=at) for u in users],
                             returning=("id",))
    ids = [row["id"] for row in rows]
    await insert_many(Identity, [dict(community_id=community.id, member_id=m, platform="telegram", user_id=str(u),
                                      username=f"u{u}", last_seen_at=at, names_member=True)
                                 for m, u in zip(ids, users)])
    return community, ids


def busiest_second(times: list[float]) -> int:
    """The most requests in any one-second window."""
    ordered, most, first = sorted(times), 0, 0
    for last, at in enumerate(ordered):
        while ordered[first] <= at - 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most
