# The tier plugin's tables. No model docstrings: tortoise writes them as SQL comments
# without escaping, so notes are # comments.
from __future__ import annotations

from bot import Model, fields


class XpEntry(Model):
    # XP a member earned (or an admin gave or took) from one source. (member, source, reference)
    # is unique: a signal redelivered, or seen by two instances, counts once. A capped entry is
    # kept with amount 0, so requirements ("30 days of check-ins") still see the activity.
    id = fields.BigIntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="tier_xp")
    member = fields.ForeignKeyField("core.Member", related_name="tier_xp")
    source = fields.CharField(max_length=64)  # the activity kind, "message", "admin"
    amount = fields.IntField()
    reference = fields.CharField(max_length=128, null=True)
    day = fields.DateField()  # the community day, for daily caps and streak requirements
    at = fields.DatetimeField()

    class Meta:
        table = "tiers_xp"
        unique_together = (("member", "source", "reference"),)
        indexes = (("member_id", "day"), ("community_id", "at"))


class TierMember(Model):
    # A member's XP totals and standing: the tier earned, the one shown (a grant may lift it),
    # and the floor's schedule (when a member below it was warned and steps down).
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="tier_members")
    member = fields.OneToOneField("core.Member", related_name="tier_member")
    xp = fields.IntField(default=0)  # lifetime
    season_xp = fields.IntField(default=0)
    earned = fields.CharField(max_length=32, null=True)  # the tier earned by XP (or set by an admin)
    shown = fields.CharField(max_length=32, null=True)  # the tier in effect: earned, or a grant above it
    tier_since = fields.DateField(null=True)
    below_floor_since = fields.DateField(null=True)
    steps_down_on = fields.DateField(null=True)
    warned_on = fields.DateField(null=True)
    present = fields.BooleanField(default=True)  # false while the member has left: no role calls
    synced = fields.IntField(default=0)  # the ladder generation this member was last re-synced to
    to_show = fields.BooleanField(default=False, db_default=False)  # placed in the lowest tier, not yet shown on the platforms

    class Meta:
        table = "tiers_member"
        indexes = (("community_id", "present", "xp"), ("community_id", "present", "season_xp"),
                   ("community_id", "shown"))


class TierGrant(Model):
    # A tier given for a time (paid or honorary), whatever the member earned.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="tier_grants")
    member = fields.ForeignKeyField("core.Member", related_name="tier_grants")
    tier = fields.CharField(max_length=32)
    ends_at = fields.DatetimeField()
    reason = fields.CharField(max_length=200)
    granted_by = fields.CharField(max_length=200)  # an admin's name, or a payment provider
    reminded = fields.BooleanField(default=False)
    ended = fields.BooleanField(default=False)  # expired or revoked

    class Meta:
        table = "tiers_grant"
        indexes = (("community_id", "ended", "ends_at"),)


class TierApproval(Model):
    # An eligible member waiting for an admin (top tiers), and the answer.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="tier_approvals")
    member = fields.ForeignKeyField("core.Member", related_name="tier_approvals")
    tier = fields.CharField(max_length=32)
    state = fields.CharField(max_length=16, default="pending")  # pending | approved | declined
    decided_by = fields.CharField(max_length=200, null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "tiers_approval"
        unique_together = (("member", "tier"),)


class TierAudit(Model):
    # Every change of standing: promotions, step-downs, grants, revokes, admin sets and XP edits.
    id = fields.BigIntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="tier_audit")
    member = fields.ForeignKeyField("core.Member", related_name="tier_audit")
    action = fields.CharField(max_length=16)  # promoted | stepped_down | granted | revoked | expired | set | xp
    old = fields.CharField(max_length=32, null=True)
    new = fields.CharField(max_length=32, null=True)
    amount = fields.IntField(null=True)
    reason = fields.CharField(max_length=200, null=True)
    by = fields.CharField(max_length=200, null=True)  # the admin's name; None for the bot itself
    at = fields.DatetimeField()

    class Meta:
        table = "tiers_audit"
        indexes = (("community_id", "at"),)


class RightsNotice(Model):
    # A missing bot right told to the admins once (a Discord role order, a Telegram right).
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="tier_notices")
    problem = fields.CharField(max_length=128)
    at = fields.DatetimeField()

    class Meta:
        table = "tiers_rights_notice"
        unique_together = (("community", "problem"),)


class TierMerge(Model):
    # What a /link merge moved onto the kept member (the XP entries, the two tiers before), so an
    # undone link gives each account back its own. The merged member is gone: plain ids.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="tier_merges")
    reference = fields.CharField(max_length=128, unique=True)  # the MembersMerged signal's
    entries = fields.JSONField(default=list)
    kept_earned = fields.CharField(max_length=32, null=True)
    merged_earned = fields.CharField(max_length=32, null=True)
    merged_season_xp = fields.IntField(default=0)
    at = fields.DatetimeField()

    class Meta:
        table = "tiers_merge"


class TierLadder(Model):
    # The tier ladder a community's members were last placed on: a changed threshold raises the
    # generation, and every member whose `synced` is below it is re-synced (resync.py).
    id = fields.IntField(primary_key=True)
    community = fields.OneToOneField("core.Community", related_name="tier_ladder")
    fingerprint = fields.CharField(max_length=64)
    generation = fields.IntField(default=0)

    class Meta:
        table = "tiers_ladder"


class TierThreshold(Model):
    # An admin's change of a tier's XP threshold (/tier_threshold), overriding the settings: the
    # latest row per tier is in force (xp None: back to the settings'); every row is the audit.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="tier_thresholds")
    tier = fields.CharField(max_length=32)
    xp = fields.IntField(null=True)
    previous = fields.IntField()
    by = fields.CharField(max_length=200)
    at = fields.DatetimeField()

    class Meta:
        table = "tiers_threshold"
        indexes = (("community_id", "tier"),)
