"""ctx.tell_admins on the sandbox: the admins' chat where the community names one, else each admin
privately in their language, once per item; its buttons act in that community from a private chat."""
from bot import Context, Permission, Plugin
from bot.models import AdminNotice

probe = Plugin("probe")
pressed: list[tuple[str, str]] = []

FTL = {"en": "probe-alert = Something to look at: { $what }\nprobe-look = Look\n",
       "zh-Hans": "probe-alert = 有事请看：{ $what }\nprobe-look = 看看\n"}


@probe.on_startup
async def catalogs(runtime) -> None:
    for locale, text in FTL.items():
        runtime.catalogs.add(locale, text)


@probe.command("alert")
async def alert(ctx: Context, key: str) -> None:
    sent = await ctx.tell_admins(lambda reader: reader.message(reader.t("probe-alert", what=key),
                                                                buttons=[[reader.button("probe-look", "look", what=key)]]),
                                 key=key)
    await ctx.reply(ctx.message(ctx.t("probe-alert", what=len(sent))))


@probe.command("quiet")
async def quiet(ctx: Context, key: str) -> None:
    await ctx.tell_admins("probe-alert", key=key, direct=False, what=key)


@probe.button("look", permission=Permission.ADMIN)
async def look(ctx: Context, what: str) -> None:
    pressed.append((ctx.community.slug, what))
    await ctx.answer()


TWO = {"communities": {"demo": {"name": "Demo", "chats": ["sandbox:demo", "sandbox:staff"]},
                       "other": {"name": "Other", "chats": ["sandbox:elsewhere"]}},
       "sandbox": {"admins": ["admin", "mallory@demo", "oscar@elsewhere"]}}


def dms(sandbox, user: str) -> list[str]:
    return [m.text for m in sandbox.bot_messages(f"dm:{user}")]


async def test_each_admin_hears_once_privately_in_their_language(make_sandbox):
    sandbox = await make_sandbox(TWO, plugins=[probe])
    await sandbox.user("admin", lang="zh-CN").says("hi")
    sandbox.user("mallory")  # an admin of demo the bot never saw: English, the bot's default
    sandbox.adapter().world.closed_dms.add("mallory")
    await sandbox.user("alice").says("/alert raid")
    assert dms(sandbox, "admin") == ["有事请看：raid"]
    assert dms(sandbox, "mallory") == [] and dms(sandbox, "alice") == [] and dms(sandbox, "oscar") == []
    sandbox.adapter().world.closed_dms.discard("mallory")
    await sandbox.user("alice").says("/alert raid")  # the same item again (a redelivery): only the one who missed it
    assert dms(sandbox, "admin") == ["有事请看：raid"]
    assert dms(sandbox, "mallory") == ["Something to look at: raid"]
    await sandbox.user("alice").says("/alert other")
    assert len(dms(sandbox, "admin")) == len(dms(sandbox, "mallory")) == 2
    assert await AdminNotice.filter(item="probe:raid").count() == 2


async def test_the_admins_chat_gets_it_once_where_the_community_names_one(make_sandbox):
    config = {**TWO, "communities": {**TWO["communities"],
                                     "demo": {**TWO["communities"]["demo"], "admin_chat": "sandbox:staff",
                                              "locale": "zh-CN"}}}
    sandbox = await make_sandbox(config, plugins=[probe])
    await sandbox.user("admin").says("hi", chat="staff")
    await sandbox.user("alice").says("/alert raid")
    await sandbox.user("alice").says("/alert raid")
    await sandbox.user("alice").says("/quiet spam")
    assert [m.text for m in sandbox.bot_messages("staff")] == ["有事请看：raid", "有事请看：spam"]
    assert dms(sandbox, "admin") == []


async def test_without_an_admins_chat_a_chat_only_notice_is_not_sent(make_sandbox):
    sandbox = await make_sandbox(TWO, plugins=[probe])
    await sandbox.user("alice").says("/quiet spam")
    assert dms(sandbox, "admin") == [] and await AdminNotice.all().count() == 0


async def test_a_button_sent_privately_acts_in_its_community_and_asks_the_platform(make_sandbox):
    pressed.clear()
    sandbox = await make_sandbox(TWO, plugins=[probe])
    await sandbox.user("admin").says("hi", chat="elsewhere")  # last active in the other community
    await sandbox.user("alice").says("/alert raid")
    await sandbox.user("admin").press(sandbox.bot_messages("dm:admin")[-1], "Look")
    assert pressed == [("demo", "raid")]
    await sandbox.user("mallory").press(sandbox.bot_messages("dm:mallory")[-1], "Look")  # never seen before
    assert pressed == [("demo", "raid"), ("demo", "raid")]
    refused = await sandbox.user("oscar").press(sandbox.bot_messages("dm:mallory")[-1], "Look")  # not demo's admin
    assert refused.toasts and len(pressed) == 2
