"""End-to-end checks of FakeDiscord with the real discord.py client."""

from __future__ import annotations

import asyncio
import datetime
import io
from typing import Any

import discord
import pytest
from discord import app_commands

from tests.fakes.discord_server import FakeDiscord

BOT = 9000
APP = 9001
GUILD = 100
CHAN = 200
CHAN2 = 201
OWNER = 10
ALICE = 11
BOB = 12
MOD_ROLE = 300
MEMBER_ROLE = 301
BOT_ROLE = 302


def _world(dc: FakeDiscord) -> None:
    dc.add_user(OWNER, "owner")
    dc.add_user(ALICE, "alice", global_name="Alice A.")
    dc.add_user(BOB, "bob")
    dc.add_guild(GUILD, "Test Guild", OWNER, channels=[CHAN, CHAN2], vanity_url_code="testvanity")
    dc.add_role(GUILD, MOD_ROLE, "Mods", permissions=1 << 1 | 1 << 40)  # kick + moderate members
    dc.add_role(GUILD, MEMBER_ROLE, "Members", permissions=0)
    dc.add_role(GUILD, BOT_ROLE, "Bot", permissions=1 << 28)  # Manage Roles, above the others
    dc.add_member(GUILD, BOT, roles=[BOT_ROLE])
    dc.add_member(GUILD, ALICE, roles=[MOD_ROLE])
    dc.add_member(GUILD, BOB)


class Bot(discord.Client):
    def __init__(self, **kwargs: Any) -> None:
        intents = kwargs.pop("intents", None) or discord.Intents.default()
        if kwargs.pop("privileged", True):
            intents.members = True
            intents.message_content = True
        super().__init__(intents=intents, **kwargs)
        self.tree = app_commands.CommandTree(self)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.id != BOT:
            await self.events.put(("message", message))

    async def on_member_join(self, member: discord.Member) -> None:
        await self.events.put(("join", member))

    async def on_member_remove(self, member: discord.Member) -> None:
        await self.events.put(("remove", member))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.component:
            await self.events.put(("component", interaction))
        elif interaction.type is discord.InteractionType.modal_submit:
            await self.events.put(("modal_submit", interaction))

    async def on_invite_create(self, invite: discord.Invite) -> None:
        await self.events.put(("invite_create", invite))

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.events.put(("guild_remove", guild))

    async def next(self, kind: str, timeout: float = 3) -> Any:
        async with asyncio.timeout(timeout):
            while True:
                k, v = await self.events.get()
                if k == kind:
                    return v


@pytest.fixture
async def dc():
    async with FakeDiscord(bot_user_id=BOT, application_id=APP) as fake:
        _world(fake)
        yield fake


async def test_ready_with_guild_members_roles(dc: FakeDiscord) -> None:
    async with dc.running(Bot()) as client:
        assert client.user.id == BOT
        assert client.application_id == APP
        guild = client.get_guild(GUILD)
        assert guild is not None and guild.name == "Test Guild"
        assert guild.owner_id == OWNER
        assert {c.id for c in guild.text_channels} == {CHAN, CHAN2}
        assert guild.default_role.id == GUILD
        assert guild.get_role(MOD_ROLE).name == "Mods"
        alice = guild.get_member(ALICE)
        assert alice is not None and alice.global_name == "Alice A."
        assert guild.get_role(MOD_ROLE) in alice.roles
        assert alice.guild_permissions.kick_members
        assert guild.me is not None and guild.me.id == BOT
        assert guild.member_count == 4 and guild.chunked
    assert dc.intents is not None and dc.intents & (1 << 1) and dc.intents & (1 << 15)
    assert dc.calls_to("GET", "/users/@me") and dc.calls_to("GET", "/oauth2/applications/@me")


async def test_message_create_and_send_reply_with_allowed_mentions(dc: FakeDiscord) -> None:
    async with dc.running(Bot()) as client:
        sent = await dc.message_create(CHAN, ALICE, "hello <@9000>")
        msg = await client.next("message")
        assert msg.content == "hello <@9000>" and msg.author.id == ALICE
        assert isinstance(msg.author, discord.Member) and client.user in msg.mentions

        reply = await msg.reply("hi <@11> and <@12>", allowed_mentions=discord.AllowedMentions(users=[discord.Object(BOB)]))
        assert reply.reference.message_id == int(sent["id"])
        [call] = dc.calls_to("POST", "/channels/{id}/messages")
        assert call.path == f"/channels/{CHAN}/messages"
        assert int(call.json["message_reference"]["message_id"]) == int(sent["id"])
        assert [int(u) for u in call.json["allowed_mentions"]["users"]] == [BOB]
        # <@11> is filtered by allowed_mentions, but replied_user (default True) pings the author
        assert [m.id for m in reply.mentions] == [BOB, ALICE]


async def test_message_content_intent_strips_content(dc: FakeDiscord) -> None:
    async with dc.running(Bot(privileged=False)) as client:
        await dc.message_create(CHAN, ALICE, "secret")
        msg = await client.next("message")
        assert msg.content == ""


async def test_slash_command_with_typed_options_and_ephemeral_reply(dc: FakeDiscord) -> None:
    client = Bot()
    got: dict[str, Any] = {}

    @client.tree.command(name="give", description="give points", guild=discord.Object(GUILD))
    async def give(interaction: discord.Interaction, amount: int, reason: str, target: discord.Member) -> None:
        got.update(amount=amount, reason=reason, target=target, user=interaction.user)
        await interaction.response.send_message(f"gave {amount}", ephemeral=True)

    async with dc.running(client):
        synced = await client.tree.sync(guild=discord.Object(GUILD))
        assert [c.name for c in synced] == ["give"] and synced[0].id
        [put] = dc.calls_to("PUT", "/applications/{app}/guilds/{g}/commands")
        assert put.path == f"/applications/{APP}/guilds/{GUILD}/commands"
        assert [o["type"] for o in put.json[0]["options"]] == [4, 3, 6]

        inter = await dc.slash_command(GUILD, CHAN, ALICE, "give", {"amount": 5, "reason": "nice", "target": BOB})
        assert inter["data"]["id"] == str(synced[0].id)
        await dc.wait_for("POST", "/interactions/{id}/{token}/callback")
        assert got["amount"] == 5 and got["reason"] == "nice"
        assert isinstance(got["target"], discord.Member) and got["target"].id == BOB
        assert got["user"].id == ALICE and got["user"].guild_permissions.kick_members
        [cb] = dc.interaction_callbacks
        assert cb["type"] == 4 and cb["data"]["flags"] == 64 and cb["data"]["content"] == "gave 5"
        # explicit option list also works
        await dc.slash_command(
            GUILD, CHAN, BOB, "give",
            [{"name": "amount", "type": 4, "value": 1}, {"name": "reason", "type": 3, "value": "x"},
             {"name": "target", "type": 6, "value": ALICE}],
        )
        await dc.wait_for("POST", "/interactions/{id}/{token}/callback", count=2)
        assert got["target"].id == ALICE and got["user"].id == BOB


async def test_defer_then_followup_and_edit_original(dc: FakeDiscord) -> None:
    client = Bot()

    @client.tree.command(name="slow", description="slow command")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="done")
        msg = await interaction.followup.send("more", wait=True)
        assert msg.content == "more"

    async with dc.running(client):
        await client.tree.sync()
        await dc.slash_command(GUILD, CHAN, ALICE, "slow")
        [call] = await dc.wait_for("POST", "/webhooks/{app}/{token}")
        assert call.json["content"] == "more" and call.path.startswith(f"/webhooks/{APP}/")
        assert dc.interaction_callbacks[0]["type"] == 5
        [edit] = dc.calls_to("PATCH", "/webhooks/{app}/{token}/messages/@original")
        assert edit.json["content"] == "done"
        assert [m["content"] for m in dc.messages_in(CHAN)] == ["done", "more"]


async def test_button_click_defer_update(dc: FakeDiscord) -> None:
    async with dc.running(Bot()) as client:
        view = discord.ui.View()
        view.add_item(discord.ui.Button(label="Join", custom_id="join:42"))
        sent = await client.get_channel(CHAN).send("click me", view=view)
        stored = dc.messages[sent.id]
        assert stored["components"][0]["components"][0]["custom_id"] == "join:42"

        await dc.button_click(GUILD, CHAN, BOB, sent.id, "join:42")
        interaction = await client.next("component")
        assert interaction.data["custom_id"] == "join:42" and interaction.user.id == BOB
        assert interaction.message.id == sent.id
        await interaction.response.defer()  # component interaction -> deferred update (type 6)
        assert dc.interaction_callbacks[-1]["type"] == 6
        with pytest.raises(discord.HTTPException) as exc:  # second ack -> 40060
            await dc_respond_twice(interaction)
        assert exc.value.code == 40060

        await dc.button_click(GUILD, CHAN, BOB, sent.id, "join:42")
        second = await client.next("component")
        await second.response.edit_message(content="joined!", view=None)
        assert dc.interaction_callbacks[-1]["type"] == 7
        assert dc.messages[sent.id]["content"] == "joined!"


async def test_a_modal_opened_by_a_button_is_recorded_and_submitted_through_discord_py(dc: FakeDiscord) -> None:
    async with dc.running(Bot()) as client:
        view = discord.ui.View()
        view.add_item(discord.ui.Button(label="Apply", custom_id="apply:7"))
        sent = await client.get_channel(CHAN).send("apply here", view=view)
        await dc.button_click(GUILD, CHAN, BOB, sent.id, "apply:7")
        press = await client.next("component")
        modal = discord.ui.Modal(title="Application", custom_id="form:7")
        modal.add_item(discord.ui.Label(text="Your name", component=discord.ui.TextInput(custom_id="name")))
        modal.add_item(discord.ui.Label(text="Pick one", component=discord.ui.Select(
            custom_id="pick", options=[discord.SelectOption(label="A", value="0"), discord.SelectOption(label="B", value="1")])))
        modal.stop()  # discord.py keeps nothing: the submission comes as a plain interaction
        await press.response.send_modal(modal)
        assert dc.interaction_callbacks[-1]["type"] == 9
        [shown] = dc.modals
        assert shown["user_id"] == BOB and shown["title"] == "Application" and shown["custom_id"] == "form:7"
        assert [c["component"]["type"] for c in shown["components"]] == [4, 3]

        await dc.modal_submit(GUILD, CHAN, BOB, "form:7", {"name": "Bob", "pick": ["1"]}, message_id=sent.id)
        submitted = await client.next("modal_submit")
        assert submitted.data["custom_id"] == "form:7" and submitted.user.id == BOB
        assert submitted.message is not None and submitted.message.id == sent.id
        inputs = [c["component"] for c in submitted.data["components"]]
        assert [(i["custom_id"], i.get("value"), i.get("values")) for i in inputs] == [("name", "Bob", None),
                                                                                      ("pick", None, ["1"])]
        await submitted.response.defer()  # a modal submission -> deferred update (type 6)
        assert dc.interaction_callbacks[-1]["type"] == 6

        await dc.modal_submit(GUILD, CHAN, BOB, "form:7", {"name": "Bob"})
        again = await client.next("modal_submit")
        with pytest.raises(discord.HTTPException) as refused:  # a modal never answers a modal
            await again.response.send_modal(modal)
        assert refused.value.status == 400 and len(dc.modals) == 1


async def dc_respond_twice(interaction: discord.Interaction) -> None:
    # bypass discord.py's local "already responded" guard to hit the server check
    interaction.response._response_type = None
    await interaction.response.defer()


async def test_sync_rejected_command_names_index(dc: FakeDiscord) -> None:
    client = Bot()

    @client.tree.command(name="ok", description="fine", guild=discord.Object(GUILD))
    async def ok(interaction: discord.Interaction) -> None: ...

    @client.tree.command(name="bad", description="broken", guild=discord.Object(GUILD))
    async def bad(interaction: discord.Interaction) -> None: ...

    dc.reject_command("bad", "Command name is invalid")
    async with dc.running(client):
        with pytest.raises(discord.HTTPException) as exc:
            await client.tree.sync(guild=discord.Object(GUILD))
        err = exc.value
        assert err.status == 400 and err.code == 50035
        assert "In 1.name: Command name is invalid" in err.text
        assert "'bad'" in str(err)
        assert dc.commands(GUILD) == []


async def test_member_join_leave_and_invite_uses(dc: FakeDiscord) -> None:
    async with dc.running(Bot()) as client:
        guild = client.get_guild(GUILD)
        await dc.invite_create(GUILD, CHAN, "abc123", OWNER, max_uses=2)
        created = await client.next("invite_create")
        assert created.code == "abc123" and created.inviter.id == OWNER
        before = {i.code: i.uses for i in await guild.invites()}
        assert before == {"abc123": 0}
        vanity_before = (await guild.vanity_invite()).uses

        await dc.member_add(GUILD, 50, via_invite="abc123")
        joined = await client.next("join")
        assert joined.id == 50 and guild.get_member(50) is not None
        after = {i.code: i.uses for i in await guild.invites()}
        assert after == {"abc123": 1}

        await dc.member_add(GUILD, 51, via_invite="testvanity")
        await client.next("join")
        assert (await guild.vanity_invite()).uses == vanity_before + 1

        await dc.member_add(GUILD, 52, via_invite="abc123")  # reaches max_uses=2 -> deleted
        await client.next("join")
        assert await guild.invites() == []
        assert dc.dispatched[-1][0] == "INVITE_DELETE"

        await dc.member_remove(GUILD, 50)
        left = await client.next("remove")
        assert left.id == 50 and guild.get_member(50) is None


async def test_add_roles_and_timeout_recorded(dc: FakeDiscord) -> None:
    async with dc.running(Bot()) as client:
        guild = client.get_guild(GUILD)
        bob = guild.get_member(BOB)
        await bob.add_roles(guild.get_role(MEMBER_ROLE), reason="verified")
        [call] = dc.calls_to("PUT", "/guilds/{g}/members/{u}/roles/{r}")
        assert call.path == f"/guilds/{GUILD}/members/{BOB}/roles/{MEMBER_ROLE}"
        assert call.headers.get("X-Audit-Log-Reason") == "verified"
        assert MEMBER_ROLE in dc.guilds[GUILD].members[BOB]["roles"]
        for _ in range(100):  # GUILD_MEMBER_UPDATE updates the cache
            if guild.get_role(MEMBER_ROLE) in guild.get_member(BOB).roles:
                break
            await asyncio.sleep(0.01)
        assert guild.get_role(MEMBER_ROLE) in guild.get_member(BOB).roles

        await bob.timeout(discord.utils.utcnow() + datetime.timedelta(minutes=5))
        [patch] = dc.calls_to("PATCH", "/guilds/{g}/members/{u}")
        assert patch.json["communication_disabled_until"]


async def test_closed_dm_forbidden(dc: FakeDiscord) -> None:
    dc.close_dms(BOB)
    async with dc.running(Bot()) as client:
        alice = client.get_guild(GUILD).get_member(ALICE)
        await alice.send("welcome")
        bob = client.get_guild(GUILD).get_member(BOB)
        with pytest.raises(discord.Forbidden) as exc:
            await bob.send("welcome")
        assert exc.value.code == 50007
        assert dc.calls_to("POST", "/users/@me/channels")


async def test_attachment_read_and_upload(dc: FakeDiscord) -> None:
    att = dc.add_attachment("photo.png", b"\x89PNG-bytes")
    async with dc.running(Bot()) as client:
        await dc.message_create(CHAN, ALICE, "look", attachments=[att, ("notes.txt", b"hello")])
        msg = await client.next("message")
        assert [a.filename for a in msg.attachments] == ["photo.png", "notes.txt"]
        assert await msg.attachments[0].read() == b"\x89PNG-bytes"
        assert await msg.attachments[1].read() == b"hello"

        sent = await msg.channel.send("card", file=discord.File(io.BytesIO(b"IMG"), filename="card.png"))
        [call] = dc.calls_to("POST", f"/channels/{CHAN}/messages")
        assert call.json["content"] == "card" and call.files[0]["filename"] == "card.png"
        assert call.files[0]["data"] == b"IMG"
        assert await sent.attachments[0].read() == b"IMG"


async def test_rate_limit_retry_unknown_route_and_guild_delete(dc: FakeDiscord) -> None:
    dc.rate_limit_next("POST", "/channels/{id}/messages", retry_after=0.01)
    async with dc.running(Bot()) as client:
        await client.get_channel(CHAN).send("after 429")
        calls = dc.calls_to("POST", "/channels/{id}/messages")
        assert [c.status for c in calls] == [429, 200]

        with pytest.raises(discord.NotFound):
            await client.http.request(discord.http.Route("GET", "/nope/{x}", x=1))
        assert dc.calls_to("GET", "/nope/1")[0].status == 404

        await dc.guild_delete(GUILD)
        removed = await client.next("guild_remove")
        assert removed.id == GUILD and client.get_guild(GUILD) is None


async def test_resume_after_dropped_connection_and_dm(dc: FakeDiscord) -> None:
    async with dc.running(Bot()) as client:
        await dc.drop_connections()
        [resume] = await dc.wait_for_gateway_op(6)
        assert resume["d"]["session_id"] and resume["d"]["seq"] >= 2
        await dc.wait_until_connected()
        await dc.dm_message(BOB, "hi bot")
        msg = await client.next("message")
        assert msg.guild is None and msg.content == "hi bot" and msg.author.id == BOB
        assert len(dc.identify_payloads) == 1
