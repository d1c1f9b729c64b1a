"""Who is who, remembered between events: a chat's community and a user's member.

Every event needs both, and they rarely change, so each instance keeps recent ones in
memory instead of asking the database each time. A change that could make a copy wrong
(a chat bound elsewhere, accounts merged, a community's settings changed) calls
`changed()`, which bumps a generation number in the shared store; every instance checks
that number once per event (`refresh()`) and forgets everything when it moved. Entries
also expire after `ttl` seconds, in case a change was made behind the bot's back.
"""
from __future__ import annotations

from typing import Any

from cachetools import TTLCache

from bot.stores import KeyStore

GENERATION_KEY = "lookup-generation"


class LookupCache:
    def __init__(self, store: KeyStore, *, chats: int = 2_000, members: int = 20_000, ttl: float = 600) -> None:
        self._store = store
        self._generation: int | None = None
        self.chats: TTLCache[str, Any] = TTLCache(chats, ttl)  # space key -> Community
        self.members: TTLCache[tuple, Any] = TTLCache(members, ttl)  # (community, platform, user) -> (Member, Identity)
        self.mentions: TTLCache[int, tuple] = TTLCache(members, ttl)  # member id -> ((platform, user id), ...)

    async def refresh(self) -> None:
        """Forget everything if another instance (or this one) changed who is who."""
        generation = await self._store.generation(GENERATION_KEY)
        if generation != self._generation:
            self.clear()
            self._generation = generation

    async def changed(self) -> None:
        """Call after changing bindings, identities or a community's settings."""
        generation = await self._store.bump(GENERATION_KEY)
        # Only now: whatever was kept while the bump was on its way (read before the change)
        # goes too, and stamps taken before it no longer match.
        self._generation = generation
        self.clear()

    @property
    def stamp(self) -> int | None:
        """Take before reading the database; `keep` stores the result only if nothing changed since."""
        return self._generation

    def keep(self, table: TTLCache, key: Any, value: Any, stamp: int | None) -> None:
        if stamp == self._generation:
            table[key] = value

    def clear(self) -> None:
        self.chats.clear()
        self.members.clear()
        self.mentions.clear()
