"""Gateway events in, the core's events out: what a message, an interaction, a join or a leave
means to the bus.

A slash command, button press or form submission carries an `InteractionReply` (interactions.py)
as its `reply_handle`, so the handler's answer goes back through the interaction. A press of a
button with a form opens the form here, as a modal, without reaching the bus: a modal can only be
an interaction's first answer. What the member sends back arrives as a modal submission
(interaction type 5) and becomes a `FormSubmitted`.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot import clock
from bot.events import (Attachment, BotAdded, BotRemoved, ButtonPressed, CommandInvoked, FileTooLarge, FormSubmitted,
                        MemberJoined, MemberLeft, MessageReceived, ReactionChanged)
from bot.form_opening import opening
from bot.i18n import normalize_locale
from bot.identity import ChatKind, ChatRef, UserRef

from adapters.discord import commands as slash
from adapters.discord.config import DiscordConfig
from adapters.discord.interactions import InteractionReply, Interactions
from adapters.discord.invites import InviteTracker
from adapters.discord.render import PLATFORM, modal_of

log = logging.getLogger(__name__)
# Discord wants the first answer to an interaction within 3 s, or it shows the user "This
# interaction failed". One that arrives older (replayed after a crash and a resume, or stuck
# in a queue) is dropped: acting on it now would be an action the user was told failed, and
# they may well have tried again.
INTERACTION_ANSWER_SECONDS = 3.0
# A resume may replay an interaction this instance has just answered. The bus drops it as a
# duplicate, but the interaction would still be "closed" a second time (a refused "Done"):
# the ids of recent ones are kept here, and a replayed one is left alone entirely.
REMEMBERED_INTERACTIONS = 2000


def chat_of(channel_id: int, guild: discord.Guild | None, user_id: int) -> ChatRef:
    if guild is None:
        return ChatRef(PLATFORM, str(user_id), ChatKind.PRIVATE)
    return ChatRef(PLATFORM, str(channel_id), ChatKind.GROUP, space_id=str(guild.id), title=guild.name,
                   lang=str(guild.preferred_locale.value))


def user_ref(user: discord.abc.User, lang: str | None = None) -> UserRef:
    return UserRef(PLATFORM, str(user.id), user.display_name, username=user.name, lang=lang, is_bot=user.bot)


def form_values(components: list[dict[str, Any]]) -> dict[str, str]:
    """A modal submission's values by custom id: a text input's text, a select's first value; each
    inside a label (type 18) or an action row (type 1)."""
    values: dict[str, str] = {}
    for component in components:
        inner = component.get("component")
        for child in [inner] if isinstance(inner, dict) else component.get("components") or []:
            if not isinstance(child, dict) or "custom_id" not in child:
                continue
            chosen = child.get("values")
            value = (chosen[0] if chosen else "") if isinstance(chosen, list) else child.get("value")
            values[str(child["custom_id"])] = value if isinstance(value, str) else ""
    return values


def resolved_user(user_id: str, resolved: dict[str, Any]) -> UserRef:
    user = (resolved.get("users") or {}).get(user_id) or {}
    member = (resolved.get("members") or {}).get(user_id) or {}
    username = user.get("username") or user_id
    name = member.get("nick") or user.get("global_name") or username
    return UserRef(PLATFORM, user_id, name, username=username, is_bot=bool(user.get("bot")))


class Incoming:
    def __init__(self, config: DiscordConfig, runtime: Any, interactions: Interactions, invites: InviteTracker,
                 client: Callable[[], discord.Client], home_chat: Callable[[str], Awaitable[ChatRef | None]]) -> None:
        self.config = config
        self.runtime = runtime
        self.interactions = interactions
        self.invites = invites
        self.client = client
        self.home_chat = home_chat
        self.table = slash.CommandTable()  # the adapter's latest slash commands, to read their options
        self._seen_interactions: OrderedDict[int, None] = OrderedDict()

    async def _submit(self, event: Any) -> None:
        await self.runtime.bus.submit(event)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        if message.guild is not None and not self.config.serves(message.guild.id):
            return
        forwarded = message.reference is not None and message.reference.type is discord.MessageReferenceType.forward
        if not message.content and not message.attachments and not forwarded:
            return
        reference = message.reference.message_id if message.reference and not forwarded else None
        await self._submit(MessageReceived(
            platform=PLATFORM, chat=chat_of(message.channel.id, message.guild, message.author.id),
            user=user_ref(message.author), at=message.created_at, event_id=f"m{message.id}",
            message_id=str(message.id), text=message.content,
            attachments=tuple(self._attachment(a) for a in message.attachments),
            mentions=tuple(user_ref(u) for u in message.mentions if not u.bot),
            reply_to_message_id=str(reference) if reference else None, forwarded=forwarded))

    def _attachment(self, attachment: discord.Attachment) -> Attachment:
        limit = self.config.max_attachment_bytes

        async def fetch(max_bytes: int) -> bytes:
            cap = min(max_bytes, limit)
            if attachment.size > cap:
                raise FileTooLarge(attachment.size, cap)
            return await attachment.read()

        image = (attachment.content_type or "").startswith("image/")
        return Attachment("image" if image else "document", attachment.filename, attachment.size, fetch)

    def _first_delivery(self, interaction: discord.Interaction) -> bool:
        if interaction.id in self._seen_interactions:
            return False
        self._seen_interactions[interaction.id] = None
        while len(self._seen_interactions) > REMEMBERED_INTERACTIONS:
            self._seen_interactions.popitem(last=False)
        return True

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if not self._first_delivery(interaction):
            log.info("interaction %s delivered again (a resume replayed it): already answered", interaction.id)
            return
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        if age > INTERACTION_ANSWER_SECONDS:
            log.warning("dropped interaction %s: it is %.1f s old, and Discord has told the user it failed",
                        interaction.id, age)
            return
        kind = interaction.type
        data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
        if kind is discord.InteractionType.application_command and data.get("type", 1) == 1:
            command = True
        elif kind is discord.InteractionType.component and data.get("component_type") == 2:
            command = False
        elif kind is discord.InteractionType.modal_submit:
            command = False
        else:
            return
        guild = interaction.guild
        locale = normalize_locale(str(interaction.locale.value)) if interaction.locale else None
        handle = self.interactions.answer(interaction, command=command, locale=locale)
        if interaction.guild_id is not None and not self.config.serves(interaction.guild_id):
            await handle.toast(self.runtime.catalogs.text(locale, "discord-guild-not-served"))
            return
        guild_locale = str(interaction.guild_locale.value) if interaction.guild_locale else None
        chat = (ChatRef(PLATFORM, str(interaction.channel_id), ChatKind.GROUP, space_id=str(interaction.guild_id),
                        title=guild.name if guild else None, lang=guild_locale)
                if interaction.guild_id is not None else ChatRef(PLATFORM, str(interaction.user.id), ChatKind.PRIVATE))
        common = dict(platform=PLATFORM, chat=chat, user=user_ref(interaction.user, locale), at=clock.now(),
                      event_id=f"i{interaction.id}", reply_handle=handle)
        if command:
            name = data.get("name", "")
            spec = self.table.specs.get(name)
            if spec is None:
                await handle.finish()
                return
            options = self._options(name, data)
            event: Any = CommandInvoked(**common, name=spec.name, options=options)
        else:
            payload = str(data.get("custom_id", ""))
            message_id = str(interaction.message.id if interaction.message else 0)
            if kind is discord.InteractionType.modal_submit:
                event = FormSubmitted(**common, message_id=message_id, payload=payload,
                                      values=form_values(data.get("components") or []))
            elif await self._opens_form(handle, payload, str(interaction.user.id), locale):
                return
            else:
                event = ButtonPressed(**common, message_id=message_id, payload=payload)
        await self._submit(event)

    async def _opens_form(self, handle: InteractionReply, payload: str, user_id: str, locale: str | None) -> bool:
        """Open the form a pressed button carries (or say why not); False for an ordinary button."""
        opened = await opening(self.runtime, payload, PLATFORM, user_id)
        if opened.refusal:
            await handle.toast(self.runtime.catalogs.text(locale, opened.refusal))
        elif opened.form is not None:
            await handle.open_form(modal_of(opened.form, payload))
        else:
            return False
        await handle.finish()
        return True

    def _options(self, command: str, data: dict[str, Any]) -> dict[str, Any]:
        names = self.table.option_names.get(command, {})
        resolved = data.get("resolved") or {}
        out: dict[str, Any] = {}
        for option in data.get("options") or []:
            param = names.get(option.get("name"))
            if param is None:
                continue
            value = option.get("value")
            if option.get("type") == slash.USER and value is not None:
                value = resolved_user(str(value), resolved)
            out[param] = value
        return out

    async def _guild_chat(self, guild: discord.Guild) -> ChatRef:
        home = await self.home_chat(str(guild.id))
        return home or ChatRef(PLATFORM, str(guild.id), ChatKind.GROUP, space_id=str(guild.id), title=guild.name)

    async def on_reaction(self, payload: discord.RawReactionActionEvent) -> None:
        """A reaction added or taken back, in a served guild or a DM: one event each."""
        if payload.guild_id is not None and not self.config.serves(payload.guild_id):
            return
        client = self.client()
        if payload.user_id == client.user.id:
            return
        user = payload.member or client.get_user(payload.user_id) or await client.fetch_user(payload.user_id)
        if user.bot:
            return
        guild = client.get_guild(payload.guild_id) if payload.guild_id else None
        emoji = payload.emoji.name if payload.emoji.id is None else f"custom:{payload.emoji.id}"
        added = payload.event_type == "REACTION_ADD"
        # No id of its own: a replay after a resume comes as a new event, and reactions are counted
        # idempotently (a member's emoji on a message is there or not).
        event_id = f"r{payload.message_id}:{payload.user_id}:{emoji}:{int(added)}:{clock.now().timestamp()}"
        await self._submit(ReactionChanged(
            platform=PLATFORM, chat=chat_of(payload.channel_id, guild, payload.user_id), user=user_ref(user),
            at=clock.now(), event_id=event_id, message_id=str(payload.message_id), emoji=emoji or "?", added=added))

    async def on_member_join(self, member: discord.Member) -> None:
        guild = member.guild
        if not self.config.serves(guild.id) or member.id == self.client().user.id:
            return
        attribution = await self.invites.attribute(guild)
        joined = int(member.joined_at.timestamp()) if member.joined_at else 0
        await self._submit(MemberJoined(platform=PLATFORM, chat=await self._guild_chat(guild),
                                        user=user_ref(member), at=clock.now(),
                                        event_id=f"j{guild.id}:{member.id}:{joined}", invite=attribution.invite,
                                        invite_candidates=attribution.candidates,
                                        account_created=member.created_at))

    async def on_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        if not self.config.serves(payload.guild_id) or payload.user.id == self.client().user.id:
            return
        guild = self.client().get_guild(payload.guild_id)
        chat = (await self._guild_chat(guild) if guild else
                ChatRef(PLATFORM, str(payload.guild_id), ChatKind.GROUP, space_id=str(payload.guild_id)))
        await self._submit(MemberLeft(platform=PLATFORM, chat=chat, user=user_ref(payload.user),
                                      at=clock.now()))

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        self.invites.forget(guild.id)
        if not self.config.serves(guild.id):
            return
        await self._submit(BotRemoved(platform=PLATFORM, user=None, at=clock.now(),
                                      chat=ChatRef(PLATFORM, str(guild.id), ChatKind.GROUP, space_id=str(guild.id),
                                                   title=guild.name)))

    async def bot_added(self, guild: discord.Guild) -> None:
        await self._submit(BotAdded(platform=PLATFORM, chat=await self._guild_chat(guild), user=None, at=clock.now()))
