"""Chats and members are remembered between events, and forgotten when they change anywhere."""
import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from bot import clock
from bot.lookup_cache import LookupCache
from bot.models import ChatBinding, Community, Identity, Member
from bot.sql_log import SqlLog
from bot.stores import MemoryStore, RedisStore
from tests.core.probe_plugin import plugin


@pytest.fixture
async def sandbox(make_sandbox):
    return await make_sandbox(plugins=[plugin], platforms=("sandbox", "sandbox2"))


async def test_a_known_member_in_a_known_chat_costs_no_lookup_query(sandbox):
    await sandbox.user("bob").says("/me")
    with SqlLog() as log:
        answer = await sandbox.user("bob").says("/me")
    assert answer.text.startswith("Result: member ")
    assert [q for q in log.statements if "core_chat_binding" in q or "core_identity" in q] == []


async def test_a_chat_bound_elsewhere_by_another_instance_is_seen_on_the_next_event(sandbox):
    assert (await sandbox.user("bob").says("/me")).text.endswith("of demo")
    other = await Community.create(slug="other", name="Other", created_at=clock.now(), timezone="UTC",
                                   day_start_hour=4)
    await ChatBinding.filter(space_key="sandbox:demo").update(community_id=other.id)
    assert (await sandbox.user("bob").says("/me")).text.endswith("of demo")  # nobody said so yet
    another_instance = LookupCache(sandbox.runtime.store)
    await another_instance.changed()
    assert (await sandbox.user("bob").says("/me")).text.endswith("of other")
    assert await Member.filter(community_id=other.id, display_name="Bob").count() == 1


async def test_linked_accounts_answer_as_one_member_at_once(sandbox):
    alice_here = (await sandbox.user("alice").says("/me")).text
    alice_there = (await sandbox.user("alice", platform="sandbox2").says("/me")).text
    assert alice_here != alice_there
    await sandbox.user("alice").links(sandbox.user("alice", platform="sandbox2"))
    assert (await sandbox.user("alice", platform="sandbox2").says("/me")).text == alice_here
    kept = await Member.get(display_name="Alice")
    mention = await sandbox.runtime.mentions.of(kept)
    assert sorted(platform for platform, _ in mention.user_ids) == ["sandbox", "sandbox2"]


async def test_a_member_who_left_elsewhere_is_marked_back_when_they_join_here(sandbox):
    await sandbox.user("carol").says("/me")  # remembered here with left_at unset
    carol = await Member.get(display_name="Carol")
    await Member.filter(id=carol.id).update(left_at=datetime(2026, 3, 1, tzinfo=UTC))  # another instance saw her leave
    await sandbox.user("carol").joins()
    assert (await Member.get(id=carol.id)).left_at is None


@pytest.mark.parametrize("shared", ["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def test_a_change_on_one_instance_empties_the_others(shared):
    if shared == "memory":
        here_store = there_store = MemoryStore()
    else:
        prefix = f"shequn-test-{uuid.uuid4().hex}:"
        here_store = RedisStore("redis://127.0.0.1:6379/0", prefix=prefix)
        there_store = RedisStore("redis://127.0.0.1:6379/0", prefix=prefix)
    here, there = LookupCache(here_store), LookupCache(there_store)
    try:
        await here.refresh()
        here.keep(here.chats, "tg:1", "community A", here.stamp)
        await here.refresh()
        assert here.chats.get("tg:1") == "community A"
        await there.changed()
        await here.refresh()
        assert here.chats.get("tg:1") is None
        stale = here.stamp
        await there.changed()
        await here.refresh()
        here.keep(here.chats, "tg:1", "read before the change", stale)
        assert here.chats.get("tg:1") is None
    finally:
        if shared == "redis":
            await here_store.close()
            await there_store.close()


class SlowBumpStore(MemoryStore):
    """A store whose bump takes a round trip, as Redis's does."""

    async def bump(self, key: str) -> int:
        await asyncio.sleep(0.01)
        return await super().bump(key)


async def test_what_was_read_before_a_change_is_not_kept_while_the_change_is_announced():
    cache = LookupCache(SlowBumpStore())
    await cache.refresh()
    read_before_the_change = cache.stamp
    announcing = asyncio.create_task(cache.changed())
    await asyncio.sleep(0)  # the bump is on its way
    cache.keep(cache.chats, "tg:1", "the old community", read_before_the_change)
    await announcing
    await cache.refresh()
    assert cache.chats.get("tg:1") is None
