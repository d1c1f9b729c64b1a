"""A member's roles and tag on every platform of their community, wherever they have an account.

    problems = await ctx.roles.give(member, "Core")      # a Discord role; the core's own elsewhere
    problems = await ctx.roles.tag(member, "Core")       # Telegram's member tag, the sandbox's tag

Roles the platform lacks are kept by the core (`MemberRole`), so `Permission.ROLE` works
everywhere. A member who left gets no platform calls. Each call returns the rights the bot
is missing (`MissingRights`), for the plugin to tell the admins once; an account not in one
of the spaces is skipped.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.adapter import Adapter
from bot.capabilities import MissingRights, NotSupported, RoleSupport
from bot.models import ChatBinding, Identity, Member, MemberRole

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
PlatformCall = Callable[[Adapter, str, str], Awaitable[None]]


class MemberRoles:
    def __init__(self, runtime: "Runtime") -> None:
        self.runtime = runtime

    async def give(self, member: Member, role: str) -> list[MissingRights]:
        await MemberRole.get_or_create(member_id=member.id, role=role)
        return await self._on_platforms(member, lambda a, space, user: a.assign_role(space, user, role),
                                        lambda a: a.capabilities.roles is not RoleSupport.NONE)

    async def take(self, member: Member, role: str) -> list[MissingRights]:
        await MemberRole.filter(member_id=member.id, role=role).delete()
        return await self._on_platforms(member, lambda a, space, user: a.remove_role(space, user, role),
                                        lambda a: a.capabilities.roles is not RoleSupport.NONE)

    async def tag(self, member: Member, tag: str | None) -> list[MissingRights]:
        return await self._on_platforms(member, lambda a, space, user: a.set_member_tag(space, user, tag),
                                        lambda a: a.capabilities.member_tags)

    async def open_chat(self, chat_key: str, role: str) -> list[MissingRights]:
        """Open one of the community's chats ("discord:<server>/<channel>") to the holders of `role`
        where the platform grants access by role; elsewhere nothing (use `ctx.invite_link`)."""
        platform, _, place = chat_key.partition(":")
        space_id, _, chat_id = place.partition("/")
        adapter = self.runtime.adapters.get(platform)
        if adapter is None or adapter.capabilities.roles is not RoleSupport.NATIVE or not chat_id:
            return []
        try:
            await adapter.open_chat_to_role(space_id, chat_id, role)
        except MissingRights as missing:
            return [missing]
        except (LookupError, NotSupported):
            return []
        return []

    async def holds(self, member: Member, role: str) -> bool:
        return await MemberRole.exists(member_id=member.id, role=role)

    async def _on_platforms(self, member: Member, call: PlatformCall,
                            supported: Callable[[Adapter], bool]) -> list[MissingRights]:
        if member.left_at is not None:
            return []
        problems: list[MissingRights] = []
        for adapter, space_id, user_id in await member_accounts(self.runtime, member):
            if not supported(adapter):
                continue
            try:
                await call(adapter, space_id, user_id)
            except MissingRights as missing:
                problems.append(missing)
            except (LookupError, NotSupported):
                continue
            except Exception:
                log.exception("role or tag call on %s failed for member %s", adapter.platform, member.id)
        return problems


async def member_accounts(runtime: "Runtime", member: Member) -> list[tuple[Adapter, str, str]]:
    """(adapter, space, user id) for each of the member's accounts in each space of the community."""
    identities = await Identity.filter(member_id=member.id).values_list("platform", "user_id")
    spaces = await ChatBinding.filter(community_id=member.community_id, active=True).values_list("space_key",
                                                                                                  flat=True)
    found = []
    for platform, user_id in identities:
        adapter = runtime.adapters.get(platform)
        if adapter is None:
            continue
        for key in spaces:
            space_platform, _, space_id = key.partition(":")
            if space_platform == platform:
                found.append((adapter, space_id, user_id))
    return found
