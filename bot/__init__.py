"""Shequn's core, and the one face a plugin needs:

    from bot import Plugin, Context, JobContext, Member, Rest, UserError, Permission

Names are loaded on first use, so `import bot` stays cheap; `bot.testing` has the test helpers.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_FACE = {
    "bot.plugin": ("Plugin", "Permission", "Scope"),
    "bot.context": ("Context", "JobContext", "SignalContext", "PluginContext"),
    "bot.arguments": ("Rest",),
    "bot.errors": ("UserError",),
    "bot.models": ("Member", "Community"),
    "bot.community": ("CommunitySettings",),
    "bot.signals": ("Signal", "Activity", "PointsAwarded", "TierChanged", "MembersMerged", "MembersUnmerged",
                    "RewardGranted"),
    "bot.events": ("Event", "MessageReceived", "CommandInvoked", "ButtonPressed", "MemberJoined", "MemberLeft",
                   "JoinRequested", "BotAdded", "BotRemoved", "Attachment", "FileTooLarge", "InviteRef",
                   "ReactionChanged", "FormSubmitted"),
    "bot.messages": ("Message", "RichText", "Text", "Bold", "Italic", "Code", "Link", "Mention", "Image", "Document",
                     "Button", "SentMessage", "rich", "join_lines", "plain_text"),
    "bot.ledger": ("Ledger", "Award"),
    "bot.bulk_insert": ("insert_many", "update_many", "select_dicts", "table_of", "column_values"),
    "bot.clock": ("now",),
    "bot.config": ("TimeZoneName", "ChatKey"),  # field types for a plugin's own settings files
    "bot.capabilities": ("MissingRights", "NotSupported", "Restriction"),
    "bot.forms": ("Form", "FormField"),
    "bot.moderation": ("Moderation",),
    "bot.unit_of_work": ("inside_transaction", "sole_writer", "detached"),  # see bot/unit_of_work.py
    "tortoise.models": ("Model",),  # a plugin's tables: `class Thanks(Model)` with `fields.IntField()`
    "tortoise.fields": ("fields",),
}
_HOME = {name: module for module, names in _FACE.items() for name in names}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'bot' has no attribute {name!r}")
    imported = importlib.import_module(module)
    value = imported if module.endswith("." + name) else getattr(imported, name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from bot.arguments import Rest
    from bot.bulk_insert import column_values, insert_many, select_dicts, table_of, update_many
    from bot.capabilities import MissingRights, NotSupported, Restriction
    from bot.clock import now
    from bot.community import CommunitySettings
    from bot.config import ChatKey, TimeZoneName
    from bot.context import Context, JobContext, PluginContext, SignalContext
    from bot.errors import UserError
    from bot.events import (Attachment, BotAdded, BotRemoved, ButtonPressed, CommandInvoked, Event, FileTooLarge,
                            FormSubmitted, InviteRef, JoinRequested, MemberJoined, MemberLeft, MessageReceived,
                            ReactionChanged)
    from bot.forms import Form, FormField
    from bot.ledger import Award, Ledger
    from bot.moderation import Moderation
    from bot.unit_of_work import detached, inside_transaction, sole_writer
    from bot.messages import (Bold, Button, Code, Document, Image, Italic, Link, Mention, Message, RichText,
                              SentMessage, Text, join_lines, plain_text, rich)
    from bot.models import Community, Member
    from bot.plugin import Permission, Plugin, Scope
    from bot.signals import (Activity, MembersMerged, MembersUnmerged, PointsAwarded, RewardGranted, Signal,
                             TierChanged)
    from tortoise import fields
    from tortoise.models import Model
