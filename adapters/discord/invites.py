"""Which invite brought a member: compare invite use counts before and after a join.

Discord does not say which invite a member used. The adapter keeps every served guild's
invite uses (read at start and kept current on invite create/delete) and, on a join,
reads them again: exactly one invite whose uses went up (or a one-use-left invite that
just vanished) is the answer. Anything else — the vanity URL, discovery, two joins at
once, no permission to read invites — is reported as unknown (None), never guessed.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

import discord

from bot.events import InviteRef

log = logging.getLogger(__name__)

VANISHED_SECONDS = 60.0


@dataclass(frozen=True)
class Seen:
    code: str
    url: str
    uses: int
    max_uses: int
    inviter_id: int | None

    @classmethod
    def of(cls, invite: discord.Invite) -> "Seen":
        inviter = invite.inviter.id if invite.inviter else None
        return cls(invite.code, invite.url, invite.uses or 0, invite.max_uses or 0, inviter)

    @property
    def one_use_left(self) -> bool:
        return bool(self.max_uses) and self.uses + 1 >= self.max_uses


class InviteTracker:
    def __init__(self) -> None:
        self._seen: dict[int, dict[str, Seen]] = {}
        self._vanished: dict[int, dict[str, tuple[Seen, float]]] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self._unreadable: set[int] = set()
        self.names: dict[str, str] = {}  # code -> the name create_invite was given

    def _lock(self, guild_id: int) -> asyncio.Lock:
        return self._locks.setdefault(guild_id, asyncio.Lock())

    async def _read(self, guild: discord.Guild) -> dict[str, Seen] | None:
        try:
            invites = await guild.invites()
        except discord.Forbidden:
            if guild.id not in self._unreadable:
                log.warning("cannot read invites of guild %s (needs Manage Server); joins are attributed to "
                            "no invite there", guild.id)
                self._unreadable.add(guild.id)
            return None
        except discord.HTTPException:
            log.exception("could not read invites of guild %s", guild.id)
            return None
        self._unreadable.discard(guild.id)
        return {inv.code: Seen.of(inv) for inv in invites}

    async def refresh(self, guild: discord.Guild) -> None:
        async with self._lock(guild.id):
            current = await self._read(guild)
            if current is not None:
                self._seen[guild.id] = current

    def forget(self, guild_id: int) -> None:
        self._seen.pop(guild_id, None)
        self._vanished.pop(guild_id, None)

    def created(self, guild_id: int, invite: discord.Invite) -> None:
        if guild_id in self._seen:
            self._seen[guild_id][invite.code] = Seen.of(invite)

    def deleted(self, guild_id: int, code: str) -> None:
        seen = self._seen.get(guild_id, {}).pop(code, None)
        if seen is not None:
            self._vanished.setdefault(guild_id, {})[code] = (seen, time.monotonic())

    async def attribute(self, guild: discord.Guild) -> InviteRef | None:
        """The invite that brought the member who just joined `guild`, or None if unknown."""
        async with self._lock(guild.id):
            before = self._seen.get(guild.id)
            current = await self._read(guild)
            if current is None:
                return None
            self._seen[guild.id] = current
            if before is None:
                return None  # no earlier count to compare with
            now = time.monotonic()
            vanished = {code: seen for code, (seen, at) in self._vanished.pop(guild.id, {}).items()
                        if now - at < VANISHED_SECONDS}
            candidates: dict[str, Seen] = {}
            for code, seen in current.items():
                earlier = before.get(code)
                if seen.uses > (earlier.uses if earlier else 0):
                    candidates[code] = seen
            for code, seen in {**vanished, **before}.items():
                if code not in current and seen.one_use_left:
                    candidates[code] = seen  # used up by this join, then deleted by Discord
            if len(candidates) != 1:
                if len(candidates) > 1:
                    log.info("join in guild %s matches invites %s; reported as unknown", guild.id,
                             ", ".join(sorted(candidates)))
                return None
            seen = next(iter(candidates.values()))
            return InviteRef(seen.url, self.names.get(seen.code),
                             str(seen.inviter_id) if seen.inviter_id is not None else None)
