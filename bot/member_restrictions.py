"""What a member may post in the community's chats: links, media, forwards, or anything at all.

    problems = await ctx.restrictions.restrict(member, {"links", "media"})           # until lifted
    problems = await ctx.restrictions.restrict(member, {"messages"}, until=ctx.now() + timedelta(hours=1))
    problems = await ctx.restrictions.lift(member, {"links"})        # lift(member): every one of mine
    active = await ctx.restrictions.of(member)                       # {Restriction.LINKS: None, ...}
    mine = await ctx.restrictions.held(member)                       # what this plugin holds

Each restriction is held by a source, the plugin that asked (`ctx.restrictions` knows it): a
plugin lifts only its own, and a kind stays in force while any source holds it, until the
latest of their ends (the gate's probation keeps "links" when a tier promotion lifts the tiers'
"links"). The core keeps them (`MemberRestriction`) and puts them on every account of the member
in every space of the community: Telegram's member restrictions, Discord's restriction roles, the
sandbox's own. What a platform does not stop itself (`Capabilities.enforced_restrictions`:
links and forwards on Telegram and Discord, everything where a platform cannot restrict), the
core stops by deleting the message. A member who rejoins gets them back, and the core's minute
scheduler tick frees a member whose time is up. Each call returns the rights the bot lacks
(`MissingRights`, e.g. "restrict_members" on Telegram), for the plugin to tell the admins once.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from copy import copy
from datetime import datetime
from typing import TYPE_CHECKING

from bot import clock
from bot.capabilities import MissingRights, NotSupported, Restriction
from bot.events import MessageReceived
from bot.member_roles import member_accounts
from bot.messages import SentMessage
from bot.models import Member, MemberRestriction

if TYPE_CHECKING:
    from bot.context import Context
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
LINK = re.compile(r"(?i)(?:\bhttps?://|\bwww\.|\bt\.me/|\bdiscord\.gg/|\bdiscord\.com/invite/)\S")


def restriction_kinds(kinds: Iterable[Restriction | str]) -> frozenset[Restriction]:
    """The kinds named, as `Restriction`s; ValueError for a name that is none."""
    return frozenset(Restriction(kind) for kind in kinds)


def broken_by(message: MessageReceived) -> frozenset[Restriction]:
    """The restrictions this message would break: any message breaks "messages"."""
    broken = {Restriction.MESSAGES}
    if LINK.search(message.text or ""):
        broken.add(Restriction.LINKS)
    if message.attachments:
        broken.add(Restriction.MEDIA)
    if message.forwarded:
        broken.add(Restriction.FORWARDS)
    return frozenset(broken)


def _in_force(rows: Iterable[tuple[str, datetime | None]]) -> dict[Restriction, datetime | None]:
    now = clock.now()
    ends: dict[Restriction, datetime | None] = {}
    for name, until in rows:
        if until is not None and until <= now:
            continue
        kind = Restriction(name)
        if kind not in ends:
            ends[kind] = until
        elif until is None or ends[kind] is None:
            ends[kind] = None  # one source holds it until lifted
        else:
            ends[kind] = max(ends[kind], until)
    return ends


class MemberRestrictions:
    """The member restrictions of one source (`for_source`); the runtime's own is the core's."""

    CORE = "core"
    LEGACY = ""  # rows from before sources: any source lifts them, as it did then

    def __init__(self, runtime: "Runtime", source: str = CORE) -> None:
        self.runtime = runtime
        self.source = source
        self._told: set[tuple[str, str]] = set()  # (platform, chat) where deleting was refused

    def for_source(self, source: str | None) -> "MemberRestrictions":
        """The same restrictions, held and lifted in `source`'s name (a plugin's)."""
        view = copy(self)
        view.source = source or self.CORE
        return view

    async def restrict(self, member: Member, kinds: Iterable[Restriction | str],
                       until: datetime | None = None) -> list[MissingRights]:
        """Hold these restrictions (until `until`, or until lifted); the others stay as they are."""
        for kind in restriction_kinds(kinds):
            await MemberRestriction.update_or_create(defaults={"until": until, "community_id": member.community_id},
                                                     member_id=member.id, kind=kind.value, source=self.source)
        return await self.apply(member)

    async def lift(self, member: Member, kinds: Iterable[Restriction | str] | None = None) -> list[MissingRights]:
        """Stop holding these restrictions (None: every one this source holds); a kind another
        source still holds stays in force."""
        query = MemberRestriction.filter(member_id=member.id, source__in=(self.source, self.LEGACY))
        if kinds is not None:
            query = query.filter(kind__in=[kind.value for kind in restriction_kinds(kinds)])
        await query.delete()
        return await self.apply(member)

    async def of(self, member: Member) -> dict[Restriction, datetime | None]:
        """The member's restrictions in force, whoever holds them, each with its end (None: until
        lifted; else the latest of its sources' ends)."""
        return _in_force(await MemberRestriction.filter(member_id=member.id).values_list("kind", "until"))

    async def held(self, member: Member) -> dict[Restriction, datetime | None]:
        """The restrictions in force that this source holds, each with its end."""
        rows = await MemberRestriction.filter(member_id=member.id, source=self.source).values_list("kind", "until")
        return _in_force(rows)

    async def apply(self, member: Member) -> list[MissingRights]:
        """Put the member's restrictions in force on each of their platform accounts (idempotent)."""
        if member.left_at is not None:
            return []
        active = await self.of(member)
        kinds = frozenset(active)
        ends = list(active.values())
        until = max(ends) if ends and None not in ends else None  # the platform frees them if we cannot
        problems: list[MissingRights] = []
        for adapter, space_id, user_id in await member_accounts(self.runtime, member):
            if not adapter.capabilities.restrict_members:
                continue  # the core's deletions are the fallback
            try:
                await adapter.set_restrictions(space_id, user_id, kinds, until)
            except MissingRights as missing:
                problems.append(missing)
            except (LookupError, NotSupported):
                continue
            except Exception:
                log.exception("restricting member %s on %s failed", member.id, adapter.platform)
        return problems

    async def expire_due(self) -> int:
        """Free the members whose time is up (at every scheduler tick): the platforms first,
        then the rows, so a stop in between frees them again next time. Returns how many."""
        due = await MemberRestriction.filter(until__lte=clock.now()).values_list("id", "member_id")
        if not due:
            return 0
        members = await Member.filter(id__in={member_id for _, member_id in due})
        for member in members:
            for missing in await self.apply(member):
                log.warning("could not lift an ended restriction of member %s: %s", member.id, missing)
        await MemberRestriction.filter(id__in=[row_id for row_id, _ in due]).delete()
        return len(members)

    async def on_join(self, member: Member) -> None:
        """A member who left and came back gets their restrictions back (Discord drops roles)."""
        if await MemberRestriction.exists(member_id=member.id):
            for missing in await self.apply(member):
                log.warning("could not restrict rejoining member %s again: %s", member.id, missing)

    async def enforce(self, ctx: "Context") -> None:
        """Delete a message that breaks a restriction its platform does not enforce itself."""
        event, member = ctx.event, ctx.member
        if member is None or not isinstance(event, MessageReceived) or not ctx.in_group:
            return
        capabilities = ctx.capabilities
        native = capabilities.enforced_restrictions if capabilities.restrict_members else frozenset()
        possible = broken_by(event) - native
        if not possible:
            return  # most messages: no database read
        if not possible & (await self.of(member)).keys():
            return
        try:
            await ctx.adapter.delete(SentMessage(event.platform, event.chat.chat_id, event.message_id))
        except NotSupported:
            return
        except Exception as exc:
            where = (event.platform, event.chat.chat_id)
            if where not in self._told:
                self._told.add(where)
                log.warning("cannot delete a restricted member's message in %s:%s (give the bot the right to "
                            "delete messages): %s", *where, exc)
