# The check-in plugin's tables. No model docstrings: tortoise writes them as SQL
# comments without escaping, so notes are # comments.
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Checkin(Model):
    # One counted day of a member: checked in, made up with a card, or added by an admin.
    # (member, day) is unique: a redelivered or concurrent check-in cannot make a second.
    id = fields.BigIntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="checkins")
    member = fields.ForeignKeyField("core.Member", related_name="checkins")
    day = fields.DateField()  # the member's community day
    at = fields.DatetimeField()  # when it was recorded
    kind = fields.CharField(max_length=16)  # DayMark value: checked | made_up | admin_added
    platform = fields.CharField(max_length=32, null=True)
    note = fields.TextField(null=True)
    photo = fields.CharField(max_length=255, null=True)  # file name of an attached photo
    photo_size = fields.IntField(null=True)
    points = fields.IntField(default=0)  # points it awarded (taken back if an admin removes it)

    class Meta:
        table = "checkin_checkin"
        unique_together = (("member", "day"),)
        indexes = (("community_id", "day"),)


class Leave(Model):
    # A planned day off declared with /away: neither counts nor breaks the streak.
    id = fields.BigIntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="checkin_leaves")
    member = fields.ForeignKeyField("core.Member", related_name="checkin_leaves")
    day = fields.DateField()
    reason = fields.CharField(max_length=200, null=True)

    class Meta:
        table = "checkin_leave"
        unique_together = (("member", "day"),)
        indexes = (("community_id", "day"),)


class AuditEntry(Model):
    # An admin's change to a member's day (/checkin_fix), shown by /why.
    id = fields.BigIntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="checkin_audit")
    member = fields.ForeignKeyField("core.Member", related_name="checkin_audit")
    day = fields.DateField()
    action = fields.CharField(max_length=16)  # add | remove
    reason = fields.CharField(max_length=200, null=True)
    admin_name = fields.CharField(max_length=200)
    at = fields.DatetimeField()

    class Meta:
        table = "checkin_audit"
        indexes = (("member_id", "day"),)


class DayDecisionRow(Model):
    # The streak engine's stored decision for one day of a member (explains /why, lets a
    # change replay from the changed day on).
    id = fields.BigIntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="checkin_decisions")
    member = fields.ForeignKeyField("core.Member", related_name="checkin_decisions")
    day = fields.DateField()
    outcome = fields.CharField(max_length=16)
    mark = fields.CharField(max_length=16, null=True)
    streak_before = fields.IntField()
    streak_after = fields.IntField()
    total_after = fields.IntField()
    cards_after = fields.IntField()
    freezes_after = fields.IntField()
    last_repair_after = fields.DateField(null=True)
    card_earned = fields.BooleanField(default=False)
    freeze_earned = fields.BooleanField(default=False)
    milestone = fields.IntField(null=True)

    class Meta:
        table = "checkin_day_decision"
        unique_together = (("member", "day"),)


class MemberStreak(Model):
    # A member's streak state (the engine's StreakState), preferences, and the counters
    # /rank reads through indexes instead of scanning check-ins.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="checkin_streaks")
    member = fields.OneToOneField("core.Member", related_name="checkin_streak")
    settled_through = fields.DateField()
    current = fields.IntField(default=0)
    longest = fields.IntField(default=0)
    cards = fields.IntField(default=0)
    freezes = fields.IntField(default=0)
    last_repair_day = fields.DateField(null=True)
    total_days = fields.IntField(default=0)
    points = fields.IntField(default=0)  # check-in points ever (check-ins and milestones)
    week_start = fields.DateField(null=True)  # the Monday the week counters belong to
    week_days = fields.IntField(default=0)
    week_points = fields.IntField(default=0)
    month_start = fields.DateField(null=True)  # the first of the month the month counters belong to
    month_days = fields.IntField(default=0)
    month_points = fields.IntField(default=0)
    present = fields.BooleanField(default=True)  # false while the member has left
    timezone = fields.CharField(max_length=64, null=True)  # a personal time zone
    remind = fields.CharField(max_length=8, default="on")  # on (group mention) | dm | off
    last_reminded = fields.DateField(null=True)

    class Meta:
        table = "checkin_member"
        indexes = (
            ("community_id", "present", "current"),
            ("community_id", "present", "total_days"),
            ("community_id", "present", "points"),
            ("community_id", "present", "week_start", "week_days"),
            ("community_id", "present", "week_start", "week_points"),
            ("community_id", "present", "month_start", "month_days"),
            ("community_id", "present", "month_start", "month_points"),
        )


class MergeRecord(Model):
    # What a /link merge moved onto the kept member, and what it dropped (the merged
    # member's days the kept one had too), so that undoing it gives each side back exactly.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="checkin_merges")
    reference = fields.CharField(max_length=128, unique=True)  # the MembersMerged signal's
    kept_id = fields.IntField()
    moved = fields.JSONField(default=dict)  # {"checkins": [ids], "leaves": [ids], "audit": [ids]}
    dropped = fields.JSONField(default=dict)  # {"checkins": [rows], "leaves": [rows]}
    merged_streak = fields.JSONField(null=True)  # the merged member's own streak row: points, preferences
    kept_timezone = fields.CharField(max_length=64, null=True)  # the kept member's before the merge
    merged_joined_at = fields.DatetimeField()
    kept_joined_at = fields.DatetimeField()

    class Meta:
        table = "checkin_merge"


class CardGrant(Model):
    # Make-up cards given from outside (a referral step, told by RewardGranted), once per reference.
    # They are attached to `day`, before any day they could fill: a replay adds them after
    # deciding that day, so balances stay exact.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="checkin_card_grants")
    member = fields.ForeignKeyField("core.Member", related_name="checkin_card_grants")
    reference = fields.CharField(max_length=128, unique=True)  # the signal's
    day = fields.DateField()
    cards = fields.IntField()
    source = fields.CharField(max_length=32)  # the granting plugin
    at = fields.DatetimeField()

    class Meta:
        table = "checkin_card_grant"
        indexes = (("member_id", "day"),)
