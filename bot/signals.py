"""Signals: facts one plugin tells the others, without importing them.

    await ctx.publish(Activity(member=member, kind="checkin", weight=1, reference=f"checkin:{row.id}"))

    @plugin.on(Activity)
    async def count(ctx: SignalContext, activity: Activity) -> None: ...

A signal goes to every plugin that subscribed to its type (or a base of it) and is enabled
in the community, each in a `SignalContext`. Each subscriber handles a `reference` once:
the claim is kept in the shared store, so a signal published again (a redelivered update,
a second instance, a retried job) is not counted again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.models import Member


@dataclass(frozen=True, kw_only=True)
class Signal:
    reference: str  # what makes two publications the same fact, e.g. "checkin:1234"


@dataclass(frozen=True, kw_only=True)
class Activity(Signal):
    """A member did something of a kind ("checkin", "homework.accepted", ...) worth `weight`."""

    member: Member
    kind: str
    weight: int = 1
    day: date | None = None  # the day it counts for, where it is about one (a check-in's day)


@dataclass(frozen=True, kw_only=True)
class PointsAwarded(Signal):
    member: Member
    points: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class TierChanged(Signal):
    member: Member
    old: str | None
    new: str | None


@dataclass(frozen=True, kw_only=True)
class MembersMerged(Signal):
    """`/link` joined two members: move `merged`'s rows onto `kept` (merged is deleted after)."""

    merged: Member
    kept: Member


@dataclass(frozen=True, kw_only=True)
class MembersUnmerged(Signal):
    """A `/link` merge was undone: give `restored` back what the merge `merge_reference` moved
    from it onto `kept` (restored is the merged member again, as a member of its own)."""

    kept: Member
    restored: Member
    merge_reference: str


@dataclass(frozen=True, kw_only=True)
class RewardGranted(Signal):
    """A plugin rewarded a member (a referral step): plugins that keep the things it names give
    them (`makeup_cards` for the check-in plugin, `tier` for the tiers plugin). Points go through
    the ledger, not here."""

    member: Member
    source: str  # the granting plugin's name
    step: str  # what was reached, e.g. "default:5"
    makeup_cards: int = 0
    tier: str | None = None  # a tier's key, granted for `tier_days`
    tier_days: int = 0
