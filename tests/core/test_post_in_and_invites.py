"""ctx.post_in posts only in the community's own chats; ctx.invite_link makes one-person links
where the platform grants access by invite; a plugin route may take a context in the reader's
language."""
from bot import Context, Plugin
from bot.capabilities import Capabilities, RoleSupport
from bot.plugin_routes import reader_locale

probe = Plugin("probe")
made: list = []


@probe.command("here")
async def here(ctx: Context, chats: str) -> None:
    await ctx.post_in(chats.split(","), ctx.message(ctx.t("core-private-sent")))


@probe.command("invite")
async def invite(ctx: Context, chat: str) -> None:
    made.append(await ctx.invite_link(chat, "probe"))


OTHERS = {"communities": {"demo": {"name": "Demo", "chats": ["sandbox:demo", "sandbox:study"]},
                          "other": {"name": "Other", "chats": ["sandbox:elsewhere"]}}}


async def test_post_in_reaches_the_named_chats_of_the_community_only(make_sandbox):
    sandbox = await make_sandbox(OTHERS, plugins=[probe])
    await sandbox.user("carol").says("hi", chat="elsewhere")
    await sandbox.user("alice").says("/here sandbox:study,sandbox:elsewhere,nowhere:x")
    posted = [m.chat for m in sandbox.adapter().world.messages.values() if m.sender == "bot" and m.chat != "demo"]
    assert posted == ["study"]


async def test_invite_links_where_the_platform_lets_one_person_in_by_link(make_sandbox):
    made.clear()
    sandbox = await make_sandbox(OTHERS, plugins=[probe])
    await sandbox.user("alice").says("/invite sandbox:study")
    await sandbox.user("alice").says("/invite sandbox:elsewhere")  # another community's chat
    sandbox.adapter().capabilities = Capabilities(roles=RoleSupport.NATIVE, member_invites=True)
    await sandbox.user("alice").says("/invite sandbox:study")  # access by role there (Discord): no link
    assert made[0].startswith("https://sandbox.invalid/join/") and made[1:] == [None, None]


def test_the_readers_language_comes_from_accept_language():
    assert reader_locale("fr-FR,zh-CN;q=0.9,en;q=0.8") == "zh-Hans"
    assert reader_locale("en-US") == "en"
    assert reader_locale("fr, de") is None and reader_locale(None) is None
