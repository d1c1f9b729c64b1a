"""Entry gate and spam control (入群门槛, 灌水与广告处理): the community's questions at the door
(Telegram join requests, Discord's newcomer role, the sandbox), probation for new members, spam
and flood rules with step-up actions, an admins' log with undo, and private appeals.

Entry point: `gate = "plugins.gate:plugin"`. See docs/gate.md.
"""
from plugins.gate.plugin import plugin

# Registration order is the order /help lists the commands in.
from plugins.gate import door, queue, probation, spam, appeals, lookup, jobs  # noqa: E402,F401

__all__ = ["plugin"]
