"""Which invite brought a member: compare invite use counts before and after a join.

Discord does not say which invite a member used. The adapter keeps every served guild's
invite uses (read at start and kept current on invite create/delete) and, on a join,
reads them again: exactly one invite whose uses went up (or a one-use-left invite that
just vanished) is the answer. Joins racing each other on several invites are each reported
as uncertain, with the invites they could have used. Anything else — the vanity URL,
discovery, no permission to read invites — is reported as unknown, never guessed.
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
        self._unexplained: dict[int, UnexplainedUses] = {}
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
        self._unexplained.pop(guild_id, None)

    def created(self, guild_id: int, invite: discord.Invite) -> None:
        if guild_id in self._seen:
            self._seen[guild_id][invite.code] = Seen.of(invite)

    def deleted(self, guild_id: int, code: str) -> None:
        seen = self._seen.get(guild_id, {}).pop(code, None)
        if seen is not None:
            self._vanished.setdefault(guild_id, {})[code] = (seen, time.monotonic())

    async def attribute(self, guild: discord.Guild) -> Attribution:
        """Which invite brought the member who just joined `guild`.

        Every use the counts show is kept until a join explains it. A join is given the one
        invite behind the uses not yet explained; when those uses are on several invites
        (joins racing each other), the join is uncertain and names them all, and so is each
        racing join after it, until the uses are explained."""
        async with self._lock(guild.id):
            before = self._seen.get(guild.id)
            current = await self._read(guild)
            if current is None:
                return Attribution()
            self._seen[guild.id] = current
            if before is None:
                return Attribution()  # no earlier count to compare with
            now = time.monotonic()
            vanished = {code: seen for code, (seen, at) in self._vanished.pop(guild.id, {}).items()
                        if now - at < VANISHED_SECONDS}
            pool = self._unexplained.setdefault(guild.id, UnexplainedUses())
            for code, seen in current.items():
                earlier = before.get(code)
                pool.add(seen, seen.uses - (earlier.uses if earlier else 0), now)
            for code, seen in {**vanished, **before}.items():
                if code not in current and seen.one_use_left:
                    pool.add(seen, 1, now)  # used up by this join, then deleted by Discord
            candidates = pool.explain_one(now)
            refs = tuple(self._ref(seen) for seen in candidates)
            if len(refs) == 1:
                return Attribution(refs[0])
            if refs:
                log.info("join in guild %s matches invites %s; reported as uncertain", guild.id,
                         ", ".join(sorted(seen.code for seen in candidates)))
            return Attribution(None, refs)

    def _ref(self, seen: Seen) -> InviteRef:
        return InviteRef(seen.url, self.names.get(seen.code),
                         str(seen.inviter_id) if seen.inviter_id is not None else None)


@dataclass(frozen=True)
class Attribution:
    invite: InviteRef | None = None
    candidates: tuple[InviteRef, ...] = ()  # set when the counts cannot tell which of these it was


class UnexplainedUses:
    """Invite uses seen in the counts that no join has explained yet (a few seconds' worth)."""

    def __init__(self) -> None:
        self.uses: dict[str, list] = {}  # code -> [Seen, uses, last seen]
        self.racing = 0  # uncertain joins not yet set against the uses

    def add(self, seen: Seen, uses: int, now: float) -> None:
        if uses > 0:
            entry = self.uses.setdefault(seen.code, [seen, 0, now])
            entry[0], entry[1], entry[2] = seen, entry[1] + uses, now

    def explain_one(self, now: float) -> list[Seen]:
        """The invites this join may have used; the pool forgets one use for it."""
        for code in [code for code, (_, _, at) in self.uses.items() if now - at >= VANISHED_SECONDS]:
            del self.uses[code]  # a use whose join never came (members intent off, a bot's join)
        if not self.uses:
            self.racing = 0
            return []
        if len(self.uses) == 1:
            [(code, entry)] = self.uses.items()
            entry[1] -= 1
            if entry[1] <= 0:
                del self.uses[code]
            return [entry[0]]
        candidates = [entry[0] for entry in self.uses.values()]
        self.racing += 1
        if self.racing >= sum(entry[1] for entry in self.uses.values()):
            self.uses.clear()  # every racing join has had its (uncertain) answer
            self.racing = 0
        return candidates
