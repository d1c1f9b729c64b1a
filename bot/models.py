"""The core tables. Plugins reference `core.Community` and `core.Member`.

Model docstrings would become SQL table comments, which tortoise does not quote
safely on SQLite; model notes are comments instead.
"""
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Community(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200)
    timezone = fields.CharField(max_length=64, default="UTC")
    day_start_hour = fields.SmallIntField(default=4)
    locale = fields.CharField(max_length=16, null=True)
    plugins = fields.JSONField(null=True)  # None: the configured default
    admin_overrides = fields.JSONField(default=list)  # settings an admin changed by command
    created_at = fields.DatetimeField()

    class Meta:
        table = "core_community"


class ChatBinding(Model):
    # A platform space (Telegram chat, Discord guild) belonging to a community.

    id = fields.IntField(primary_key=True)
    space_key = fields.CharField(max_length=128, unique=True)  # "telegram:-100123"
    community = fields.ForeignKeyField("core.Community", related_name="bindings")
    title = fields.CharField(max_length=200, null=True)
    active = fields.BooleanField(default=True)  # false once the bot was removed
    # Bound by `/community join`: its admins are not admins of the community it joined.
    joined = fields.BooleanField(default=False)
    previous_community_id = fields.IntField(null=True)  # where an unbind sends it back

    class Meta:
        table = "core_chat_binding"


class Member(Model):
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="members")
    display_name = fields.CharField(max_length=200)
    lang = fields.CharField(max_length=16, null=True)
    joined_at = fields.DatetimeField()
    left_at = fields.DatetimeField(null=True)
    last_seen_at = fields.DatetimeField()

    class Meta:
        table = "core_member"


class Identity(Model):
    # One platform account of a member; a member may link several.

    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="identities")
    member = fields.ForeignKeyField("core.Member", related_name="identities")
    platform = fields.CharField(max_length=32)
    user_id = fields.CharField(max_length=64)
    username = fields.CharField(max_length=100, null=True)
    last_seen_at = fields.DatetimeField()
    names_member = fields.BooleanField(default=True)  # false for an account linked in later

    class Meta:
        table = "core_identity"
        unique_together = (("community", "platform", "user_id"),)


class LinkCode(Model):
    # A single-use code, kept only as its hash. purpose "member": link an account to
    # `member`; "community": bind a chat into `community`. `issued_by` is a user key.
    digest = fields.CharField(max_length=64, primary_key=True)
    purpose = fields.CharField(max_length=16)
    member = fields.ForeignKeyField("core.Member", related_name="link_codes", null=True)
    community = fields.ForeignKeyField("core.Community", related_name="link_codes")
    issued_by = fields.CharField(max_length=100)
    issued_in = fields.CharField(max_length=128, null=True)  # the issuing chat's space key
    expires_at = fields.DatetimeField()

    class Meta:
        table = "core_link_code"


class AccountLink(Model):
    # A request to link an account into a member, then the merge it became (undoable a day).
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="account_links")
    member = fields.ForeignKeyField("core.Member", related_name="account_links")  # the one kept
    platform = fields.CharField(max_length=32)
    user_id = fields.CharField(max_length=64)
    name = fields.CharField(max_length=200)  # the joining account's own display name
    state = fields.CharField(max_length=16, default="pending")  # pending | linked | refused | undone
    moved_entries = fields.JSONField(default=list)  # ledger entries that came with the account
    created_at = fields.DatetimeField()
    linked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "core_account_link"


class LedgerEntry(Model):
    # One change of a member's points. `reference` makes awards idempotent.

    id = fields.BigIntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="ledger")
    member = fields.ForeignKeyField("core.Member", related_name="ledger")
    delta = fields.IntField()
    reason = fields.CharField(max_length=64)
    reference = fields.CharField(max_length=128, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "core_ledger"
        unique_together = (("member", "reason", "reference"),)
        indexes = (("member_id", "created_at"),)


class JobRun(Model):
    # The last fire time a scheduled job ran for a community (restart catch-up).

    id = fields.IntField(primary_key=True)
    job = fields.CharField(max_length=128)
    community = fields.ForeignKeyField("core.Community", related_name="job_runs")
    last_fire_at = fields.DatetimeField()

    class Meta:
        table = "core_job_run"
        unique_together = (("job", "community"),)


class ButtonPayload(Model):
    # Button data too long for a platform's callback field, referenced by key.

    key = fields.CharField(max_length=32, primary_key=True)
    data = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "core_button_payload"


class MemberRole(Model):
    # Roles kept by the core: the emulation where a platform has none.

    id = fields.IntField(primary_key=True)
    member = fields.ForeignKeyField("core.Member", related_name="roles")
    role = fields.CharField(max_length=64)

    class Meta:
        table = "core_member_role"
        unique_together = (("member", "role"),)


class MemberRestriction(Model):
    # What a member may not post (bot.member_restrictions), held by one source (the plugin that
    # asked; "" for a row from before sources, which any source lifts); `until` None: until lifted.

    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="restrictions")
    member = fields.ForeignKeyField("core.Member", related_name="restrictions")
    kind = fields.CharField(max_length=16)
    source = fields.CharField(max_length=64, default="", db_default="")
    until = fields.DatetimeField(null=True)

    class Meta:
        table = "core_member_restriction"
        unique_together = (("member", "kind", "source"),)
        indexes = (("until",),)


class AdminNotice(Model):
    # One item a plugin told the admins about (bot/admin_notices.py), as it reached one of them:
    # `admin` is "member:<id>", "platform:user_id" or "chat:<chat key>". Unique: never twice.

    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="admin_notices")
    item = fields.CharField(max_length=200)  # "plugin:key"
    admin = fields.CharField(max_length=160)
    at = fields.DatetimeField()

    class Meta:
        table = "core_admin_notice"
        unique_together = (("community", "item", "admin"),)


class IntakeEntry(Model):
    # A platform update stored before the platform was told it arrived (bot/intake.py).
    # state: 0 stored, 1 handled (its answers are waiting to be sent), 2 answered.

    id = fields.BigIntField(primary_key=True)
    platform = fields.CharField(max_length=32)
    key = fields.CharField(max_length=64)
    payload = fields.TextField()  # the update as the platform sent it (JSON)
    state = fields.SmallIntField(default=0)
    answers = fields.BinaryField(null=True)
    sent = fields.IntField(default=0)
    received_at = fields.DatetimeField()

    class Meta:
        table = "core_intake"
        unique_together = (("platform", "key"),)
