"""What a handler receives: its plugin, its community, words, the core's services, and ways to answer.

* `Context`: an event handler's (a command, a button, a join); the community and member
  may be missing (a private chat with no community).
* `JobContext`: a scheduled job's; it has a community and no event.
* `SignalContext`: a signal handler's; a community and the signal, no event.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot import clock
from bot.adapter import Adapter
from bot.capabilities import Capabilities, SubChat
from bot.community import CommunitySettings
from bot.events import Event, InviteRef
from bot.i18n import normalize_locale
from bot.identity import ChatKind, ChatRef
from bot.ledger import Ledger
from bot.messages import Bold, Button, Document, Image, Mention, Message, RichText, SentMessage, button_rows
from bot.models import Community, Member
from bot.private_answers import reply_privately

if TYPE_CHECKING:
    from bot.arguments import Param
    from bot.forms import Form
    from bot.member_restrictions import MemberRestrictions
    from bot.member_roles import MemberRoles
    from bot.moderation import Moderation
    from bot.plugin import CommandSpec
    from bot.runtime import Runtime
    from bot.signals import Signal


def chat_key_of(chat: ChatRef) -> str | None:
    """A group chat as `post_in` names it: "platform:space", or "platform:space/chat"."""
    if chat.space_id is None:
        return None
    inner = f"/{chat.chat_id}" if chat.chat_id != chat.space_id else ""
    return f"{chat.platform}:{chat.space_id}{inner}"


class PluginContext:
    """What every handler has, whatever called it."""

    def __init__(self, runtime: "Runtime") -> None:
        self.runtime = runtime
        self.community: Community | None = None
        self.community_settings: CommunitySettings | None = None
        self.locale: str | None = None
        self.plugin: str | None = None

    # --- where and when --------------------------------------------------------------

    @property
    def settings(self) -> Any:
        """The current plugin's settings for this community (`[plugins.<name>]`, overridden by
        `[communities.<slug>.settings.<name>]`), validated by the plugin's settings model."""
        return self.runtime.plugin_settings(self.plugin, self.community)

    def now(self) -> datetime:
        return clock.now()

    def today(self) -> date:
        """The community day: its time zone, with days starting at its day start hour."""
        community = self.community_settings
        tz = community.timezone if community else None
        start = community.day_start_hour if community else 0
        local = clock.now().astimezone(tz) if tz else clock.now()
        return (local - timedelta(hours=start)).date()

    async def mention(self, member: Member) -> Mention:
        return await self.runtime.mentions.of(member)

    # --- words -----------------------------------------------------------------------

    def t(self, message_id: str, /, **args: Any) -> RichText:
        return self.runtime.catalogs.rich(self.locale, message_id, **args)

    def text(self, message_id: str, /, **args: Any) -> str:
        return self.runtime.catalogs.text(self.locale, message_id, **args)

    def t_for(self, member: Member, message_id: str, /, **args: Any) -> RichText:
        """Text for one member: the community's language if it has one, else the member's."""
        locale = (normalize_locale(self.community_settings.locale if self.community_settings else None)
                  or normalize_locale(member.lang) or self._unknown_language_of(member))
        return self.runtime.catalogs.rich(locale, message_id, **args)

    def _unknown_language_of(self, member: Member) -> str | None:
        """The guess for a member whose language is unknown."""
        return self.locale

    def in_language(self, locale: str | None) -> "PluginContext":
        """This context with its words in `locale` (a catalog locale; None: the bot's default)."""
        from copy import copy

        other = copy(self)
        other.locale = normalize_locale(locale) or self.runtime.catalogs.default_locale
        return other

    def in_community_language(self) -> "PluginContext":
        """This context with its words in the community's language (else the bot's default), not the
        sender's: for what the admins' chat or the whole group reads."""
        from copy import copy

        other = copy(self)
        community = self.community_settings.locale if self.community_settings else None
        other.locale = normalize_locale(community) or self.runtime.catalogs.default_locale
        return other

    def argument_name(self, param: "Param") -> str:
        """An argument's name in this context's language (its own name if no catalog has one)."""
        return self.text(param.label_id) if self.runtime.catalogs.has(param.label_id) else param.name

    def usage(self, spec: "CommandSpec") -> str:
        return spec.usage(self.argument_name)

    def bold(self, value: Any) -> Bold:
        return Bold(str(value))

    def message(self, content: RichText | str, *, images: tuple[Image, ...] | list[Image] = (),
                document: Document | None = None, buttons: Any = (), private: bool = False,
                background: bool = False, **args: Any) -> Message:
        """`background`: a notice nobody waits for, sent after the answers people wait for."""
        body = self.t(content, **args) if isinstance(content, str) else content
        return Message(body, tuple(images), document, button_rows(buttons), private=private, background=background)

    def button(self, label_id: str, action: str, *, only_for: Member | None = None,
               label: dict[str, Any] | None = None, form: "Form | None" = None, **args: Any) -> Button:
        """A callback button of the current plugin with a localized label. The label is put with
        the press's `args` and `label`'s (what only the label shows, kept out of the callback's
        data: Telegram allows 64 bytes), e.g. `ctx.button("x-approve", "approve", application=7,
        label={"who": name})` for "Approve { $who }". With `form` (where `capabilities.forms`),
        the press opens it and the answers reach `@plugin.form(action)`."""
        return Button(self.text(label_id, **{**args, **(label or {})}), action=f"{self.plugin}.{action}", args=args,
                      only_for=only_for.id if only_for else None, form=form)

    # --- the core's services -----------------------------------------------------------

    @property
    def ledger(self) -> Ledger:
        """Members' points, shared by every plugin."""
        return self.runtime.ledger

    @property
    def roles(self) -> "MemberRoles":
        """Members' roles and tags on every platform of the community (`bot.member_roles`)."""
        return self.runtime.member_roles

    @property
    def restrictions(self) -> "MemberRestrictions":
        """What members may post (links, media, forwards, anything) on every platform of the
        community (`bot.member_restrictions`), held in this plugin's name: it lifts only its own."""
        return self.runtime.member_restrictions.for_source(self.plugin)

    async def post(self, content: RichText | str | Message, **kwargs: Any) -> list[SentMessage]:
        """Post to the community: the main chat of each of its platforms."""
        message = content if isinstance(content, Message) else self.message(content, **kwargs)
        return await self.runtime.post(self.community, message)

    async def post_in(self, chats: list[str], content: RichText | str | Message, **kwargs: Any) -> list[SentMessage]:
        """Post in some of the community's chats, each named "platform:space" (its main chat)
        or "platform:space/chat" (see `chat_key`); none named: as `post`."""
        message = content if isinstance(content, Message) else self.message(content, **kwargs)
        return await self.runtime.post_in(self.community, chats, message)

    async def chat_keys(self, chats: list[str]) -> list[str]:
        """The chats `post_in(chats, ...)` posts to, each named "platform:space/chat"."""
        return await self.runtime.chat_keys(self.community, chats)

    async def open_sub_chat(self, chat: str, title: str) -> "SubChat | None":
        """A new sub-chat of one of the community's chats (named as in `post_in`): a Discord
        thread, a Telegram forum topic. Post in it with `post_in([sub.key], ...)`; `sub.link`
        opens it where the platform has links. None where the platform or that chat has none
        (a Telegram group that is not a forum) or the bot may not: then talk in the chat itself,
        addressing the people concerned."""
        return await self.runtime.open_sub_chat(self.community, chat, title[:100])

    async def invite_link(self, chat: str, name: str) -> str | None:
        """A one-person invite link to one of the community's chats (named as in `post_in`), or
        None where the platform makes none or gives access by role instead (Discord)."""
        return await self.runtime.invite_link(self.community, chat, name)

    async def create_invite(self, chat: str, name: str) -> "InviteRef | None":
        """A named invite to one of the community's chats that many people may use (a member's
        referral link), on every platform that makes invites (Discord too); None elsewhere."""
        return await self.runtime.create_invite(self.community, chat, name)

    async def revoke_invite(self, chat: str, url: str) -> None:
        """Stop an invite `create_invite` made from letting anyone in (gone already: fine)."""
        await self.runtime.revoke_invite(self.community, chat, url)

    async def home_chat_keys(self) -> list[str]:
        """The community's main chat on each of its platforms, named as `post_in` names them."""
        return [chat_key_of(chat) for chat in await self.runtime.community_chats(self.community)]

    async def tell_admins(self, content: "str | Callable[[PluginContext], Message]", *, key: str,
                          direct: bool = True, **args: Any) -> list[SentMessage]:
        """Tell the community's admins, privately: in its admins' chat (`[communities.<slug>]
        admin_chat`) if it has one, else (unless `direct=False`) a direct message to each admin
        of its chats, as the platform reports them, in that admin's language; admins who never
        opened a chat with the bot are skipped. `content` is a catalog id (with `args`), or a
        function making the message from a context in the reader's language (its buttons work
        from a private chat). Each admin gets one message per `key` (this plugin's), however
        often it is called: a redelivered update never repeats it. Returns what was sent."""
        def build(locale: str) -> Message:
            reader = self.in_language(locale)
            return content(reader) if callable(content) else reader.message(content, **args)

        return await self.runtime.admin_notices.tell(self.community, f"{self.plugin}:{key}", build, direct=direct)

    async def send_direct(self, member: Member, content: RichText | str | Message,
                          **kwargs: Any) -> SentMessage | None:
        """Message a member privately (a catalog id is put in their language); None when no
        platform of theirs allows it."""
        if isinstance(content, str):
            content = self.t_for(member, content, **kwargs)
            kwargs = {}
        message = content if isinstance(content, Message) else self.message(content, **kwargs)
        return await self.runtime.send_direct(member, message)

    @property
    def moderation(self) -> "Moderation":
        """Join requests, deletes, mutes and bans in this community's chats (`bot.moderation`)."""
        from bot.moderation import Moderation

        return Moderation(self.runtime, self.community)

    async def count(self, key: str, seconds: float) -> int:
        """How many times `key` (this plugin's) was counted in the last `seconds`, this one
        included, across every instance (the shared store): the window opens at the first count."""
        return await self.runtime.store.count(f"plugin:{self.plugin}:{key}", seconds)

    async def claim(self, key: str, seconds: float) -> bool:
        """True once per `seconds` for `key` (this plugin's), across every instance: a cooldown
        kept in the shared store, so it costs no database write."""
        return await self.runtime.store.claim(f"plugin:{self.plugin}:{key}", seconds)

    async def publish(self, signal: "Signal") -> bool:
        """Tell every plugin subscribed to the signal (and enabled here); False if one failed."""
        return await self.runtime.bus.publish(self.community, signal)


class Context(PluginContext):
    """An event handler's context: the event, and who sent it where."""

    def __init__(self, runtime: "Runtime", event: Event) -> None:
        super().__init__(runtime)
        self.event = event
        self.member: Member | None = None
        self.replies: list[SentMessage] = []
        self.answered = False
        self.private_by_default = False  # the command's answers go to the asker only (admin output)

    # --- who and where ---------------------------------------------------------------

    @property
    def adapter(self) -> Adapter:
        return self.runtime.adapters[self.event.platform]

    @property
    def capabilities(self) -> Capabilities:
        return self.adapter.capabilities

    @property
    def in_group(self) -> bool:
        return self.event.chat.kind is not ChatKind.PRIVATE

    @property
    def chat_key(self) -> str | None:
        """This group chat as `post_in` names it: "platform:space", or "platform:space/chat"
        for a chat inside a space (a Discord channel); None in a private chat."""
        return chat_key_of(self.event.chat) if self.in_group else None

    @property
    def user_name(self) -> str:
        return self.event.user.name if self.event.user else ""

    async def is_admin(self) -> bool:
        return await self.runtime.permissions.is_admin(self)

    def _unknown_language_of(self, member: Member) -> str | None:
        """The sender's language is theirs; not another member's (an admin deciding in Chinese
        about an applicant): the chat's (a Discord server's), else the bot's default."""
        if self.member is not None and self.member.id == member.id:
            return self.locale
        return normalize_locale(self.event.chat.lang) or self.runtime.catalogs.default_locale

    async def member_from(self, token: Any) -> Member | None:
        return await self.runtime.mentions.resolve(self, token)

    # --- answering -------------------------------------------------------------------

    async def reply(self, content: RichText | str | Message, *, private: bool | None = None,
                    **kwargs: Any) -> SentMessage:
        """Answer the event, quoting the command that caused it.

        `private=True` answers only the asker (see `bot.private_answers`); left out, admin
        commands answer privately and the others in the chat.
        """
        message = content if isinstance(content, Message) else self.message(content, **kwargs)
        if private is None:
            private = message.private or self.private_by_default
        message = replace(message, private=private)
        if private:
            sent = await reply_privately(self, message)
        else:
            sent = await self.adapter.reply(self.event, message)
        self.replies.append(sent)
        return sent

    async def send(self, content: RichText | str | Message, **kwargs: Any) -> SentMessage:
        """Post to the event's chat without quoting."""
        message = content if isinstance(content, Message) else self.message(content, **kwargs)
        return await self.adapter.send(self.event.chat, replace(message, reply_to=None))

    async def edit(self, sent: SentMessage, content: RichText | str | Message, **kwargs: Any) -> None:
        message = content if isinstance(content, Message) else self.message(content, **kwargs)
        await self.runtime.adapters[sent.platform].edit(sent, message)

    async def answer(self, message_id: str | None = None, *, alert: bool = False, **args: Any) -> None:
        """Acknowledge a button press, with an optional localized toast."""
        toast = self.text(message_id, **args) if message_id else None
        self.answered = True
        await self.adapter.answer_button(self.event, toast, alert)


class JobContext(PluginContext):
    """A scheduled job's context: one community, its settings and language; no event."""

    community: Community
    community_settings: CommunitySettings

    def __init__(self, runtime: "Runtime", community: Community, plugin: str) -> None:
        super().__init__(runtime)
        self.community, self.plugin = community, plugin
        self.community_settings = runtime.communities.settings_of(community)
        self.locale = self.community_settings.locale or runtime.catalogs.default_locale


class SignalContext(JobContext):
    """A signal handler's context: the community the signal happened in; no event."""

    def __init__(self, runtime: "Runtime", community: Community, plugin: str, signal: "Signal") -> None:
        super().__init__(runtime, community, plugin)
        self.signal = signal
