"""Communities across chats and platforms: linking people, binding chats, admin settings."""
import re

from bot.models import ChatBinding, Community, Identity, Member


def _code(text: str) -> str:
    return re.search(r"\b([A-Z2-9]{8})\b", text).group(1)


def _private(outcome, user: str):
    return [m for m in outcome if m.visible_to == user or m.chat == f"dm:{user}"]


async def test_a_person_links_their_accounts_across_platforms(make_sandbox):
    sandbox = await make_sandbox(platforms=("sandbox", "sandbox2"))
    await sandbox.runtime.ledger.award(await _member(sandbox, "alice", "sandbox"), 5, "test")
    await sandbox.runtime.ledger.award(await _member(sandbox, "alice", "sandbox2"), 3, "test")
    offer = await sandbox.user("alice").says("/link")
    code = _code(_private(offer, "alice")[0].text)
    assert all(code not in m.text for m in sandbox.adapter().world.history_seen_by("demo", "bob"))
    asked = await sandbox.user("alice", platform="sandbox2").says(f"/link {code}")
    question, waiting = asked  # the question goes to the first account, privately
    assert waiting.text.startswith("Almost done: your account Alice must confirm.")
    assert question.text.startswith("Alice (sandbox2) wants to link to your account")
    done = await sandbox.user("alice").press(question, "Yes, link")
    assert done.text.startswith("Linked: Alice is now part of Alice")
    member = await _member(sandbox, "alice", "sandbox")
    assert sorted(i.platform for i in await Identity.filter(member_id=member.id)) == ["sandbox", "sandbox2"]
    assert await sandbox.runtime.ledger.balance(member) == 8
    assert await Member.filter(display_name="Alice").count() == 1
    assert (await sandbox.user("alice", platform="sandbox2").says(f"/link {code}")).text.startswith(
        "That code is unknown or has expired")


async def test_a_link_code_expires(make_sandbox):
    sandbox = await make_sandbox(platforms=("sandbox", "sandbox2"))
    await sandbox.user("alice").says("hello")
    code = _code((await sandbox.user("alice").says("/link", chat="dm:alice")).text)
    await sandbox.advance(minutes=11)
    answer = await sandbox.user("alice", platform="sandbox2").says(f"/link {code}")
    assert answer.text == "That code is unknown or has expired. Send /link to get a new one."


async def test_an_admin_binds_another_chat_into_the_community(sandbox):
    await sandbox.user("admin").adds_bot("club")
    offer = await sandbox.user("admin").says("/community code")
    code = _code(_private(offer, "admin")[0].text)
    joined = await sandbox.user("admin").says(f"/community join {code}", chat="club")
    assert joined.text.startswith("club (sandbox:club) now belongs to the community Demo.")
    demo = await Community.get(slug="demo")
    assert await ChatBinding.filter(community_id=demo.id).count() == 2
    await sandbox.user("bob").says("hi", chat="club")
    bob = await Member.get(display_name="Bob").prefetch_related("community")
    assert bob.community.slug == "demo"


async def test_admin_settings_are_checked_and_survive_the_config(make_sandbox):
    sandbox = await make_sandbox({"communities": {"demo": {"timezone": "Asia/Shanghai"}}})
    assert (await sandbox.user("bob").says("/community set timezone Europe/Berlin")).text == "Only admins can use /community."
    assert (await sandbox.user("admin").says("/community set timezone Mars/Base")).text == \
        "“Mars/Base” is not a valid value for timezone."
    assert (await sandbox.user("admin").says("/community set colour red")).text.startswith("I can't set “colour”")
    assert (await sandbox.user("admin").says("/community set timezone Europe/Berlin")).text == \
        "Set timezone to Europe/Berlin."
    await sandbox.runtime.communities.seed_from_config()  # a restart re-reads the config file
    shown = (await sandbox.user("admin").says("/community")).text
    assert "Time zone: Europe/Berlin" in shown


async def test_communities_never_see_each_others_members(sandbox):
    await sandbox.user("alice").says("hi")
    await sandbox.user("admin").adds_bot("club")
    await sandbox.user("zed").says("hi", chat="club")
    answer = await sandbox.user("admin").says("/community", chat="club")
    assert "sandbox-club" in answer.text
    demo, club = await Community.get(slug="demo"), await Community.get(slug="sandbox-club")
    assert {m.display_name for m in await Member.filter(community=demo)} >= {"Alice"}
    assert "Alice" not in {m.display_name for m in await Member.filter(community=club)}


async def _member(sandbox, name: str, platform: str) -> Member:
    await sandbox.user(name, platform=platform).says("hello")
    identity = await Identity.get(platform=platform, user_id=name).prefetch_related("member")
    return identity.member
