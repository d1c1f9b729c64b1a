"""Course camps (训练营): camp files, cohorts, enrolment with thresholds and a waitlist, pods,
daily tasks on schedule, progress from check-ins, graduation and the organisers' tools.

Entry point: `camps = "plugins.camps:plugin"`. See docs/camps.md.
"""
from plugins.camps.plugin import plugin

# Registration order is the order /help lists the commands in.
from plugins.camps import member_commands  # noqa: E402,F401
from plugins.camps import enrol_commands  # noqa: E402,F401
from plugins.camps import views  # noqa: E402,F401
from plugins.camps import admin_commands  # noqa: E402,F401
from plugins.camps import homework_commands, review_commands  # noqa: E402,F401
from plugins.camps import membership, progress, schedule, verify  # noqa: E402,F401

__all__ = ["plugin"]
