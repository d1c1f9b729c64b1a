"""Linking a person's accounts: asked by one account, confirmed by the other, undoable for a day.

    first account:  /link            -> a code, privately
    second account: /link CODE       -> the first account is asked, privately, with buttons
    first account:  [Confirm]        -> merged; both accounts get an undo button for a day
"""
from __future__ import annotations

import logging
from datetime import timedelta

from tortoise.transactions import in_transaction

from bot import clock, codes
from bot.capabilities import DirectMessageClosed, NotSupported
from bot.context import Context
from bot.errors import UserError
from bot.identity import ChatKind, UserRef
from bot.messages import Message
from bot.models import AccountLink, Community, Identity, LedgerEntry, Member, MemberRestriction
from bot.signals import MembersMerged, MembersUnmerged

UNDO_WINDOW = timedelta(days=1)
ANSWER_WINDOW = timedelta(days=1)  # how long the first account has to confirm

log = logging.getLogger(__name__)


async def ask_to_link(ctx: Context, code: str) -> None:
    """The second account redeemed `code`: ask the account that issued it to confirm."""
    row = await codes.redeem(code, "member", "core-link-bad-code")
    target = await Member.get_or_none(id=row.member_id)
    if target is None:
        raise UserError("core-link-bad-code")
    if row.community_id != ctx.community.id and ctx.event.chat.kind is not ChatKind.PRIVATE:
        raise UserError("core-link-other-community")
    if target.id == ctx.member.id:
        raise UserError("core-link-same")
    if await Identity.exists(member_id=target.id, platform=ctx.event.platform):
        raise UserError("core-link-platform-taken", platform=ctx.event.platform)
    user = ctx.event.user
    link = await AccountLink.create(community_id=target.community_id, member=target, platform=user.platform,
                                    user_id=user.user_id, name=user.name, created_at=clock.now())
    question = ctx.message("core-link-confirm-ask", name=user.name, platform=user.platform, buttons=[[
        ctx.button("core-link-confirm-button", "link_confirm", only_for=target, link=link.id),
        ctx.button("core-link-refuse-button", "link_refuse", only_for=target, link=link.id)]])
    if await ctx.runtime.send_direct(target, question) is None:
        await link.delete()
        raise UserError("core-link-first-unreachable")
    await ctx.reply("core-link-waiting", private=True, name=target.display_name)


async def _pending(ctx: Context, link_id: int) -> AccountLink:
    link = await AccountLink.get_or_none(id=link_id, state="pending")
    if link is None or ctx.member is None or link.member_id != ctx.member.id \
            or clock.now() - link.created_at > ANSWER_WINDOW:
        raise UserError("core-button-expired")
    return link


async def confirm(ctx: Context, link_id: int) -> None:
    link = await _pending(ctx, link_id)
    kept = await Member.get(id=link.member_id)
    joining = UserRef(link.platform, link.user_id, link.name)
    link.moved_entries = await merge_members(ctx, kept, joining, reference=_merge_reference(link))
    link.state, link.linked_at = "linked", clock.now()
    await link.save(update_fields=["state", "linked_at", "moved_entries"])
    done = ctx.message("core-link-done", name=kept.display_name, other=link.name, buttons=[[
        ctx.button("core-link-undo-button", "link_undo", only_for=kept, link=link.id)]])
    await ctx.reply(done)
    await _tell_account(ctx, link, done)


async def refuse(ctx: Context, link_id: int) -> None:
    link = await _pending(ctx, link_id)
    link.state = "refused"
    await link.save(update_fields=["state"])
    await ctx.reply("core-link-refused", other=link.name)


async def undo(ctx: Context, link_id: int) -> None:
    link = await AccountLink.get_or_none(id=link_id, state="linked")
    if link is None or ctx.member is None or link.member_id != ctx.member.id \
            or clock.now() - link.linked_at > UNDO_WINDOW:
        raise UserError("core-link-undo-too-late")
    async with in_transaction():
        identity = await Identity.get(community_id=link.community_id, platform=link.platform, user_id=link.user_id)
        now = clock.now()
        alone = await Member.create(community_id=link.community_id, display_name=link.name, joined_at=now,
                                    last_seen_at=now)
        identity.member_id, identity.names_member = alone.id, True
        await identity.save(update_fields=["member_id", "names_member"])
        kept = await Member.get(id=link.member_id)
        await ctx.runtime.ledger.give_back(link.moved_entries, kept, alone)
        link.state = "undone"
        await link.save(update_fields=["state"])
    await ctx.runtime.communities.cache.changed()
    await ctx.runtime.bus.publish(await Community.get(id=link.community_id), MembersUnmerged(
        kept=kept, restored=alone, merge_reference=_merge_reference(link), reference=f"unlink:{link.id}"))
    await ctx.runtime.communities.cache.changed()  # the plugins may have changed the members
    undone = ctx.message("core-link-undone", other=link.name)
    await ctx.reply(undone)
    await _tell_account(ctx, link, undone)


async def _tell_account(ctx: Context, link: AccountLink, message: Message) -> None:
    """Tell the linked-in account too, unless it is the one that pressed."""
    if (ctx.event.platform, ctx.event.user.user_id) == (link.platform, link.user_id):
        return
    adapter = ctx.runtime.adapters.get(link.platform)
    try:
        if adapter is not None:
            await adapter.send_direct(link.user_id, message)
    except (DirectMessageClosed, NotSupported):
        pass


def _merge_reference(link: AccountLink) -> str:
    return f"link:{link.id}"


async def _move_restrictions(ctx: Context, old: Member, kept: Member) -> None:
    """The merged member's restrictions go to the kept one, each with its source (a probation
    on the linked-in account stays); where both hold a kind for one source, the later end."""
    rows = await MemberRestriction.filter(member_id=old.id)
    for row in rows:
        same = await MemberRestriction.get_or_none(member_id=kept.id, kind=row.kind, source=row.source)
        if same is None:
            await MemberRestriction.filter(id=row.id).update(member_id=kept.id)
            continue
        if same.until is not None and (row.until is None or row.until > same.until):
            await MemberRestriction.filter(id=same.id).update(until=row.until)
        await MemberRestriction.filter(id=row.id).delete()
    if rows:
        for missing in await ctx.runtime.member_restrictions.apply(kept):
            log.warning("could not restrict merged member %s: %s", kept.id, missing)


async def merge_members(ctx: Context, kept: Member, merged_user: UserRef, *, reference: str) -> list[int]:
    """Move `merged_user`'s account (and its history) in kept's community onto `kept`.

    Returns the ledger entries that moved. The account never renames `kept`. `reference`
    names this merge (MembersMerged's), so an undo can say which merge it takes back.
    """
    community_id = kept.community_id
    async with in_transaction():
        identity = await Identity.get_or_none(community_id=community_id, platform=merged_user.platform,
                                              user_id=merged_user.user_id).prefetch_related("member")
        if identity is None:
            await Identity.create(community_id=community_id, member=kept, platform=merged_user.platform,
                                  user_id=merged_user.user_id, username=merged_user.username,
                                  last_seen_at=clock.now(), names_member=False)
            old = kept
        else:
            old = identity.member
            identity.member, identity.names_member = kept, False
            await identity.save(update_fields=["member_id", "names_member"])
    await ctx.runtime.communities.cache.changed()
    if old.id == kept.id:
        return []
    moved = list(await LedgerEntry.filter(member_id=old.id).values_list("id", flat=True))
    await ctx.runtime.ledger.reassign(old, kept)
    await _move_restrictions(ctx, old, kept)
    merge = MembersMerged(merged=old, kept=kept, reference=reference)
    handled = await ctx.runtime.bus.publish(await Community.get(id=community_id), merge)
    if handled and not await Identity.exists(member_id=old.id):
        await old.delete()
    await ctx.runtime.communities.cache.changed()
    return moved
