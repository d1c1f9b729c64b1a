"""The referral plugin's tables. Every row carries its community: nothing is shared between them."""
from __future__ import annotations

from bot import Model, fields


class ReferralLink(Model):
    """The personal invite of a member to one chat of the community, revoked when they leave."""
    id = fields.IntField(primary_key=True)
    community_id = fields.IntField()
    member_id = fields.IntField(db_index=True)
    platform = fields.CharField(32)
    chat = fields.CharField(200)  # as post_in names it
    url = fields.CharField(300, unique=True)
    created_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "referrals_link"


class Referral(Model):
    """One join: who came, through whose link, and where it stands.

    status: pending | confirmed | void | hold | uncertain | unknown. `reason` and `detail`
    say why (a catalog id and its numbers), shown by /invites why and to the admins."""
    id = fields.IntField(primary_key=True)
    community_id = fields.IntField()
    join_key = fields.CharField(200, unique=True)  # the join event: a redelivery finds its row
    campaign = fields.CharField(32)
    inviter_id = fields.IntField(null=True)
    invitee_id = fields.IntField(db_index=True)
    link_id = fields.IntField(null=True, db_index=True)
    platform = fields.CharField(32)
    status = fields.CharField(16)
    reason = fields.CharField(40, null=True)
    detail = fields.JSONField(default=dict)
    candidates = fields.JSONField(default=list)  # uncertain: the inviters it could be
    joined_at = fields.DatetimeField()
    activity_at = fields.DatetimeField(null=True)
    confirmed_at = fields.DatetimeField(null=True)
    left_at = fields.DatetimeField(null=True)
    counts = fields.BooleanField(default=True)  # toward the next step (false once a confirmed invitee left)

    class Meta:
        table = "referrals_referral"
        indexes = (("community_id", "inviter_id", "status"), ("community_id", "status", "confirmed_at"))


class ReferralGrant(Model):
    """A reward step given to a member in a campaign: the unique row is what makes it once."""
    id = fields.IntField(primary_key=True)
    community_id = fields.IntField()
    member_id = fields.IntField()
    campaign = fields.CharField(32)
    step = fields.IntField()
    at = fields.DatetimeField()
    prize = fields.CharField(200, null=True)
    prize_sent = fields.BooleanField(default=False)

    class Meta:
        table = "referrals_grant"
        unique_together = (("member_id", "campaign", "step"),)


class ReferralAdjustment(Model):
    """A manual +/- by an admin, with a reason (counts toward steps like confirmed referrals)."""
    id = fields.IntField(primary_key=True)
    community_id = fields.IntField()
    member_id = fields.IntField(db_index=True)
    amount = fields.IntField()
    reason = fields.CharField(200)
    by_id = fields.IntField()
    at = fields.DatetimeField()

    class Meta:
        table = "referrals_adjustment"


class ReferralBlock(Model):
    """A blacklisted member: their links credit nobody."""
    id = fields.IntField(primary_key=True)
    community_id = fields.IntField()
    member_id = fields.IntField()
    reason = fields.CharField(200)
    at = fields.DatetimeField()

    class Meta:
        table = "referrals_block"
        unique_together = (("community_id", "member_id"),)


class ReferralAudit(Model):
    """Every admin action: who, what, on whom, why."""
    id = fields.IntField(primary_key=True)
    community_id = fields.IntField(db_index=True)
    by_id = fields.IntField()
    action = fields.CharField(32)
    target = fields.CharField(64, null=True)
    reason = fields.CharField(200, null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "referrals_audit"


class ReferralMerge(Model):
    """What a /link merge changed here, so an undone link gives it back."""
    id = fields.IntField(primary_key=True)
    reference = fields.CharField(200, unique=True)
    moved = fields.JSONField(default=list)  # referral ids moved from the merged member (as invitee)
    moved_links = fields.JSONField(default=list)
    inviter_moved = fields.JSONField(default=list)  # referral ids whose inviter was the merged member
    voided = fields.JSONField(default=list)  # [id, old status, old reason]

    class Meta:
        table = "referrals_merge"
