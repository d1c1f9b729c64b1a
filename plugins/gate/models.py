# The gate's tables. No model docstrings: tortoise writes them as SQL comments without
# escaping, so notes are # comments. Every row carries its community: nothing is shared.
from __future__ import annotations

from bot import Model, fields

OPEN_STATES = ("asking", "queued")


class Application(Model):
    # A person at the door: their answers, the decision and who made it. `via` is "request"
    # (a join request: approve or decline it), "role" (Discord: a newcomer role to lift) or "form"
    # (a newcomer role to lift, the questions answered at once in a form).
    # state: asking -> approved | queued | declined | expired; queued -> approved | declined.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="gate_applications")
    member = fields.ForeignKeyField("core.Member", related_name="gate_applications")
    chat = fields.CharField(max_length=128)  # the group as ctx.chat_key names it
    user_id = fields.CharField(max_length=64)  # the applicant's account on the chat's platform
    via = fields.CharField(max_length=16, default="request")
    state = fields.CharField(max_length=16, default="asking")
    step = fields.IntField(default=0)  # the question being asked
    answers = fields.JSONField(default=list)  # [{"question": i, "answer": "...", "passed": true|false|null}]
    asked_at = fields.DatetimeField()
    deadline = fields.DatetimeField()
    decided_at = fields.DatetimeField(null=True)
    decided_by = fields.CharField(max_length=64, null=True)  # "auto", "timeout" or an admin's platform:user
    reason = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "gate_applications"
        indexes = (("community_id", "state"), ("member_id", "state"), ("state", "deadline"))


class ProbationPeriod(Model):
    # A new member's probation in one community: no links, media or forwards until `until`.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="gate_probations")
    member = fields.ForeignKeyField("core.Member", related_name="gate_probations")
    chat = fields.CharField(max_length=128)
    user_id = fields.CharField(max_length=64)
    started_at = fields.DatetimeField()
    until = fields.DatetimeField()
    lifted_at = fields.DatetimeField(null=True)
    lifted_by = fields.CharField(max_length=32, null=True)  # "time", "tier", "admin"

    class Meta:
        table = "gate_probations"
        unique_together = (("member", "chat", "started_at"),)
        indexes = (("lifted_at", "until"), ("member_id", "lifted_at"))


class Action(Model):
    # What the spam rules did to one message. `reference` (platform:chat:message) is unique, so
    # a redelivered update never warns twice. The deleted message's text is kept for the admins.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="gate_actions")
    member = fields.ForeignKeyField("core.Member", related_name="gate_actions")
    chat = fields.CharField(max_length=128)
    user_id = fields.CharField(max_length=64)
    reference = fields.CharField(max_length=192, unique=True)
    rule = fields.CharField(max_length=32)
    text = fields.TextField()
    step = fields.CharField(max_length=16)  # "warn", "mute", "ban", "kick"
    until = fields.DatetimeField(null=True)  # the mute's end
    at = fields.DatetimeField()
    log_chat = fields.CharField(max_length=128, null=True)
    log_message = fields.CharField(max_length=64, null=True)
    undone_at = fields.DatetimeField(null=True)
    undone_by = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "gate_actions"
        indexes = (("member_id", "at"), ("community_id", "at"))


class Appeal(Model):
    # A member's private appeal against the gate's last action on them.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="gate_appeals")
    member = fields.ForeignKeyField("core.Member", related_name="gate_appeals")
    action = fields.ForeignKeyField("gate.Action", related_name="appeals", null=True)
    text = fields.TextField()
    at = fields.DatetimeField()

    class Meta:
        table = "gate_appeals"


class Notice(Model):
    # A group notice that deletes itself at `delete_at` (kept here so a restart still deletes it).
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="gate_notices")
    chat = fields.CharField(max_length=128)
    message_id = fields.CharField(max_length=64)
    delete_at = fields.DatetimeField()

    class Meta:
        table = "gate_notices"
        indexes = (("delete_at",),)


class RightsNotice(Model):
    # A missing bot right, told to the admins once per community.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="gate_rights")
    problem = fields.CharField(max_length=128)
    at = fields.DatetimeField()

    class Meta:
        table = "gate_rights"
        unique_together = (("community", "problem"),)
