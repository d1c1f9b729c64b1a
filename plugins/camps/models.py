# The camps plugin's tables. No model docstrings: tortoise writes them as SQL comments
# without escaping, so notes are # comments. Every row belongs to one community's cohort.
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Cohort(Model):
    # One run (营期) of a camp in a community: opened by /camp open or declared in the file.
    id = fields.IntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="camp_cohorts")
    camp = fields.CharField(max_length=40)  # the camp file's slug
    name = fields.CharField(max_length=40)  # unique in the community; /enroll <name>
    start = fields.DateField()  # day 1, in the cohort's time zone
    timezone = fields.CharField(max_length=64)
    enrol_from = fields.DateField(null=True)  # None: open from the moment it exists
    enrol_until = fields.DateField(null=True)  # None: through the start day
    seats = fields.IntField(null=True)  # None: no limit
    chats = fields.JSONField(default=list)  # "platform:space[/chat]"; empty: the community's chats
    declared = fields.BooleanField(default=False)  # from the camp file (a reload rewrites it)
    opened_at = fields.DatetimeField(null=True)  # the opening (开营) was posted
    graduated_at = fields.DatetimeField(null=True)  # the graduation (结营) ran
    created_at = fields.DatetimeField()

    class Meta:
        table = "camps_cohort"
        unique_together = (("community", "name"),)


class Enrolment(Model):
    # A member's place in a cohort. state: answering (the threshold's questions, in a DM),
    # pending (waiting for an admin), waiting (the waitlist), enrolled, auditing, declined,
    # removed, left, graduated. `step` is the threshold step being asked.
    id = fields.IntField(primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="enrolments")
    member = fields.ForeignKeyField("core.Member", related_name="camp_enrolments")
    state = fields.CharField(max_length=16)
    step = fields.SmallIntField(default=0)
    answers = fields.JSONField(default=dict)  # question id -> answer
    direct_messages = fields.BooleanField(default=True)  # tasks and announcements by DM
    named = fields.BooleanField(default=True)  # may be named in the closing post
    leader_volunteer = fields.BooleanField(default=False)
    timezone = fields.CharField(max_length=64, null=True)  # the member's own (/camp_tz), for pods
    submitting_day = fields.SmallIntField(null=True)  # a task chosen in a DM: the next message is its homework
    pod = fields.ForeignKeyField("camps.Pod", related_name="enrolments", null=True)
    created_at = fields.DatetimeField()
    enrolled_at = fields.DatetimeField(null=True)  # when the seat was taken: who came first keeps it
    waiting_since = fields.DatetimeField(null=True)  # the waitlist's order

    class Meta:
        table = "camps_enrolment"
        unique_together = (("cohort", "member"),)


class Pod(Model):
    # A small group (分组) of a cohort, with its leader (组长) and its place to talk.
    id = fields.IntField(primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="pods")
    number = fields.SmallIntField()
    leader = fields.ForeignKeyField("core.Member", related_name="camp_pods_led", null=True)
    place = fields.CharField(max_length=128, null=True)  # unused: see places
    # Where the pod talks, one entry per cohort chat: {"chat": key, "sub": sub-chat key or None,
    # "link": its link or None}; no sub-chat: its posts go to the chat, addressed to the pod.
    places = fields.JSONField(default=list)
    mentor = fields.ForeignKeyField("core.Member", related_name="camp_pods_mentored", null=True)
    dissolved = fields.BooleanField(default=False)  # merged into others by a rebalance

    class Meta:
        table = "camps_pod"
        unique_together = (("cohort", "number"),)


class Unlock(Model):
    # A day's task was posted for a cohort. (cohort, day) is unique: the row is the claim that
    # makes an unlock happen once across instances and restarts.
    id = fields.IntField(primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="unlocks")
    day = fields.SmallIntField()
    at = fields.DatetimeField()
    fanned_out = fields.BooleanField(default=False)  # every opted-in member has been sent the task

    class Meta:
        table = "camps_unlock"
        unique_together = (("cohort", "day"),)


class DayDone(Model):
    # What counts toward a member's day: a check-in, an excuse, homework (issue 15), each once.
    id = fields.BigIntField(primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="days_done")
    member = fields.ForeignKeyField("core.Member", related_name="camp_days_done")
    day = fields.SmallIntField()
    source = fields.CharField(max_length=16)  # checkin | excused | homework
    reference = fields.CharField(max_length=128, null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "camps_day_done"
        unique_together = (("cohort", "member", "day", "source"),)


class Notice(Model):
    # A message sent once per member and key (a drop-out nudge, a DM'd unlock, a certificate),
    # so a retried job or a second instance does not send it again.
    id = fields.BigIntField(primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="notices")
    member = fields.ForeignKeyField("core.Member", related_name="camp_notices", null=True)
    key = fields.CharField(max_length=64)
    at = fields.DatetimeField()  # claimed
    sent_at = fields.DatetimeField(null=True)  # None: claimed, not sent (yet)

    class Meta:
        table = "camps_notice"
        unique_together = (("cohort", "member", "key"),)


class Claim(Model):
    # A step of a cohort's calendar done once: "opening", "watch:3", "graduation".
    id = fields.IntField(primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="claims")
    key = fields.CharField(max_length=64)
    at = fields.DatetimeField()

    class Meta:
        table = "camps_claim"
        unique_together = (("cohort", "key"),)


class AuditEntry(Model):
    # Every organiser's change: who did what to whom, and why. A change of no one cohort (a
    # reload of the camp files) has only its community.
    id = fields.BigIntField(primary_key=True)
    community = fields.ForeignKeyField("core.Community", related_name="camp_audit", null=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="audit", null=True)
    actor = fields.ForeignKeyField("core.Member", related_name="camp_audit_done", null=True)
    subject = fields.ForeignKeyField("core.Member", related_name="camp_audit_about", null=True)
    action = fields.CharField(max_length=32)
    detail = fields.CharField(max_length=300, null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "camps_audit"


class Certificate(Model):
    # A graduate's certificate; `code` (16 random characters of 32) is what the page verifies.
    code = fields.CharField(max_length=24, primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="certificates")
    member = fields.ForeignKeyField("core.Member", related_name="camp_certificates")
    name = fields.CharField(max_length=200)  # as printed, kept if the member renames
    camp_title = fields.CharField(max_length=200)
    start = fields.DateField()
    end = fields.DateField()
    issued_at = fields.DatetimeField()

    class Meta:
        table = "camps_certificate"
        unique_together = (("cohort", "member"),)


class MemberTier(Model):
    # A member's tier as the last TierChanged signal said (for a camp's `min_tier`).
    member = fields.OneToOneField("core.Member", related_name="camp_tier", primary_key=True)
    tier = fields.CharField(max_length=64, null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "camps_member_tier"


class Mentor(Model):
    # A mentor of a cohort (/camp mentor): told about drop-outs, and (issue 15) reviews homework.
    id = fields.IntField(primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="mentors")
    member = fields.ForeignKeyField("core.Member", related_name="camp_mentoring")
    at = fields.DatetimeField()

    class Meta:
        table = "camps_mentor"
        unique_together = (("cohort", "member"),)


class Submission(Model):
    # One version of a member's homework for a day's task (作业). A new version of the same task
    # is a new row (version + 1); the latest is the one reviewed, the others are its history.
    # state: submitted (waiting for a reviewer), in-review, accepted, changes (changes asked),
    # superseded (a newer version came). `reference` is the platform message it came from, so
    # a redelivered update never makes a second version.
    id = fields.IntField(primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="submissions")
    member = fields.ForeignKeyField("core.Member", related_name="camp_submissions")
    day = fields.SmallIntField()
    version = fields.SmallIntField(default=1)
    text = fields.TextField(default="")
    link = fields.CharField(max_length=500, null=True)
    late = fields.BooleanField(default=False)
    state = fields.CharField(max_length=16, default="submitted")
    holder = fields.ForeignKeyField("core.Member", related_name="camp_submissions_held", null=True)  # a mentor
    score = fields.FloatField(null=True)  # the settled average, 0-3
    reference = fields.CharField(max_length=128)
    created_at = fields.DatetimeField()
    settled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "camps_submission"
        unique_together = (("cohort", "member", "day", "version"), ("cohort", "member", "reference"))


class SubmissionFile(Model):
    # A photo or file sent with a submission, kept so reviewers and the showcase can show it.
    id = fields.IntField(primary_key=True)
    submission = fields.ForeignKeyField("camps.Submission", related_name="files")
    kind = fields.CharField(max_length=16)  # image | document
    filename = fields.CharField(max_length=200)
    data = fields.BinaryField()

    class Meta:
        table = "camps_submission_file"


class Review(Model):
    # A reviewer's work on a submission. kind: mentor | peer. state: open, done, reassigned
    # (late: handed to someone else). scores: criterion -> 0..3; verdict: accept | changes.
    id = fields.IntField(primary_key=True)
    submission = fields.ForeignKeyField("camps.Submission", related_name="reviews")
    reviewer = fields.ForeignKeyField("core.Member", related_name="camp_reviews")
    kind = fields.CharField(max_length=8)
    state = fields.CharField(max_length=12, default="open")
    scores = fields.JSONField(default=dict)
    comment = fields.CharField(max_length=1000, null=True)
    verdict = fields.CharField(max_length=8, null=True)
    assigned_at = fields.DatetimeField()
    nudged_at = fields.DatetimeField(null=True)
    done_at = fields.DatetimeField(null=True)

    class Meta:
        table = "camps_review"
        unique_together = (("submission", "reviewer"),)


class Showcase(Model):
    # A submission picked for the showcase (优秀作业). state: asked (the author's consent is
    # asked), shown (posted), declined (the author said no). One per submission.
    id = fields.IntField(primary_key=True)
    submission = fields.OneToOneField("camps.Submission", related_name="showcase")
    picked_by = fields.ForeignKeyField("core.Member", related_name="camp_showcases_picked", null=True)
    state = fields.CharField(max_length=12, default="asked")
    at = fields.DatetimeField()

    class Meta:
        table = "camps_showcase"


class TaskPost(Model):
    # Where a day's task was posted, so a reply to it is homework for that task.
    id = fields.IntField(primary_key=True)
    cohort = fields.ForeignKeyField("camps.Cohort", related_name="task_posts")
    day = fields.SmallIntField()
    platform = fields.CharField(max_length=32)
    chat_id = fields.CharField(max_length=64)
    message_id = fields.CharField(max_length=64)

    class Meta:
        table = "camps_task_post"
        unique_together = (("platform", "chat_id", "message_id"),)


class SubmissionMessage(Model):
    # The chat message a submission came in, so reactions to it count for it
    # ("platform:chat/message").
    id = fields.IntField(primary_key=True)
    submission = fields.ForeignKeyField("camps.Submission", related_name="messages")
    message = fields.CharField(max_length=160, unique=True)

    class Meta:
        table = "camps_submission_message"


class SubmissionReaction(Model):
    # One member's reaction (an emoji) on a submission's message; taken back, the row goes.
    id = fields.IntField(primary_key=True)
    submission = fields.ForeignKeyField("camps.Submission", related_name="reactions")
    user_key = fields.CharField(max_length=96)  # "platform:user id"
    emoji = fields.CharField(max_length=64)

    class Meta:
        table = "camps_submission_reaction"
        unique_together = (("submission", "user_key", "emoji"),)
