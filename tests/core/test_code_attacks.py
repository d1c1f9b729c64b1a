"""Issue 11, sections 1 and 2: what Mallory tried with community and link codes, and what she gets now.

Mallory is a plain member of the demo group and an admin of her own group, club.
"""
import re

import pytest

from bot.models import ChatBinding, Community, Identity, Member

MALLORY_OVERRIDES = {"sandbox": {"users": ["alice", "bob", "mallory", "admin"], "admins": ["admin", "mallory@club"]}}


def _private(outcome, user: str):
    return [m for m in outcome if m.visible_to == user or m.chat == f"dm:{user}"]


def _seen_by(sandbox, user: str, chat: str = "demo"):
    return sandbox.adapter().world.history_seen_by(chat, user)


def _code(text: str) -> str:
    return re.search(r"\b([A-Z2-9]{8})\b", text).group(1)


@pytest.fixture
async def world(make_sandbox):
    sandbox = await make_sandbox(MALLORY_OVERRIDES)
    await sandbox.user("mallory").says("hi")  # a member of demo
    await sandbox.user("mallory").adds_bot("club")
    await sandbox.user("alice").says("/checkin my therapist appointment")
    return sandbox


async def _leaked_community_code(sandbox) -> str:
    offer = await sandbox.user("admin").says("/community code")
    return _code(_private(offer, "admin")[0].text)


async def test_a_community_code_never_shows_in_the_group(world):
    offer = await world.user("admin").says("/community code")
    code = _code(_private(offer, "admin")[0].text)
    assert code in "".join(m.text for m in _seen_by(world, "admin"))
    assert all(code not in m.text for m in _seen_by(world, "mallory"))


async def test_joining_with_a_leaked_code_gives_no_admin_rights_over_the_community(world):
    code = await _leaked_community_code(world)
    joined = await world.user("mallory").says(f"/community join {code}", chat="club")
    assert "club (sandbox:club) now belongs to the community Demo" in joined.text
    told_admin = [m for m in joined if m.chat == "dm:admin"]
    assert told_admin and told_admin[0].buttons[0][0].label == "Undo"
    for attempt in ("/checkin_export", "/checkin_fix @alice 2026-03-02 remove", "/community set timezone Asia/Tokyo",
                    "/community chats", "/checkin_stats"):
        answer = await world.user("mallory").says(attempt, chat="club")
        assert answer.text.startswith("This chat joined another chat's community"), attempt
        assert not any(m.document for m in answer)
        private = await world.user("mallory").says(attempt, chat="dm:mallory")
        assert private.text.startswith("Only admins can use"), attempt
    demo = await Community.get(slug="demo")
    assert demo.timezone == "UTC"
    stats = await world.user("alice").says("/streak")
    assert "1" in stats.text  # alice's check-in is still there


async def test_a_community_code_works_once(world):
    code = await _leaked_community_code(world)
    await world.user("admin").adds_bot("third")
    await world.user("admin").says(f"/community join {code}", chat="third")
    again = await world.user("mallory").says(f"/community join {code}", chat="club")
    assert again.text.startswith("That code is unknown or has expired")
    assert not await ChatBinding.filter(space_key="sandbox:club", joined=True).exists()


async def test_a_community_code_expires(world):
    code = await _leaked_community_code(world)
    await world.advance(minutes=11)
    late = await world.user("mallory").says(f"/community join {code}", chat="club")
    assert late.text.startswith("That code is unknown or has expired")


async def test_redeeming_needs_an_admin_of_the_joining_chat(world):
    code = await _leaked_community_code(world)
    refused = await world.user("bob").says(f"/community join {code}", chat="club")
    assert refused.text == "Only admins can use /community."
    assert not await ChatBinding.filter(space_key="sandbox:club", joined=True).exists()


async def test_either_side_undoes_a_join_and_admins_list_and_unbind_chats(world):
    code = await _leaked_community_code(world)
    joined = await world.user("mallory").says(f"/community join {code}", chat="club")
    undo_in_dm = next(m for m in joined if m.chat == "dm:admin")
    listed = await world.user("admin").says("/community chats")
    assert "1. sandbox:demo — home" in listed.text
    assert "2. club (sandbox:club) — joined by code" in listed.text
    assert (await world.user("alice").press(undo_in_dm, "Undo")).toasts == ["Only admins can press this button."]
    undone = await world.user("admin").press(undo_in_dm, "Undo")
    assert undone.text == "club (sandbox:club) no longer belongs to Demo; it has a community of its own again."
    binding = await ChatBinding.get(space_key="sandbox:club").prefetch_related("community")
    assert binding.community.slug == "sandbox-club" and not binding.joined
    # mallory, the admin of club, may press her own undo too (after joining again)
    code = await _leaked_community_code(world)
    joined = await world.user("mallory").says(f"/community join {code}", chat="club")
    assert (await world.user("mallory").press(joined[0], "Undo")).text.startswith("club (sandbox:club) no longer")
    code = await _leaked_community_code(world)
    await world.user("mallory").says(f"/community join {code}", chat="club")
    assert (await world.user("admin").says("/community unbind 1")).text.startswith(
        "sandbox:demo is one of the community's own chats")
    assert (await world.user("admin").says("/community unbind 9")).text.startswith("There is no chat number 9")
    assert (await world.user("admin").says("/community unbind 2")).text.startswith("club (sandbox:club) no longer")


async def test_a_link_code_is_private_and_merges_only_when_the_first_account_confirms(make_sandbox):
    world = await make_sandbox(platforms=("sandbox", "sandbox2"))
    await world.user("alice").says("/checkin")
    offer = await world.user("alice").says("/link")
    code = _code(_private(offer, "alice")[0].text)
    assert all(code not in m.text for m in _seen_by(world, "mallory"))
    mallory = world.user("mallory", platform="sandbox2")
    asked = await mallory.says(f"/link {code}")  # say it leaked anyway
    question = next(m for m in asked if m.chat == "dm:alice")
    assert (await world.user("bob").press(question, "Yes, link")).toasts == ["This button is for someone else."]
    refused = await world.user("alice").press(question, "No")
    assert refused.text == "Not linked: Mallory stays a separate account."
    alice = await Member.get(display_name="Alice")
    assert await Identity.filter(member_id=alice.id).count() == 1
    assert (await world.user("alice").press(question, "Yes, link")).toasts == ["This button no longer works."]
    streak = await mallory.says("/streak")
    assert "current streak 0 days" in streak.text


async def test_a_merge_never_renames_and_either_side_can_undo_it_for_a_day(make_sandbox):
    sandbox = await make_sandbox(platforms=("sandbox", "sandbox2"))
    await sandbox.user("alice").says("hello")
    await sandbox.user("bob", platform="sandbox2").says("hello")  # alice's other account is called Bob
    await sandbox.runtime.ledger.award(await Member.get(display_name="Bob"), 3, "test")
    code = _code((await sandbox.user("alice").says("/link", chat="dm:alice")).text)
    asked = await sandbox.user("bob", platform="sandbox2").says(f"/link {code}")
    linked = await sandbox.user("alice").press(asked[0], "Yes, link")
    await sandbox.user("bob", platform="sandbox2").says("hello again")
    assert [m.display_name for m in await Member.all()] == ["Alice"]
    told_bob = linked[-1]  # the other account is told too, with its own undo button
    undone = await sandbox.user("bob", platform="sandbox2").press(told_bob, "Undo")
    assert undone.text.startswith("Unlinked: Bob is a separate account again.")
    assert sorted(m.display_name for m in await Member.all()) == ["Alice", "Bob"]
    assert await sandbox.runtime.ledger.balance(await Member.get(display_name="Bob")) == 3
    assert await sandbox.runtime.ledger.balance(await Member.get(display_name="Alice")) == 0
    code = _code((await sandbox.user("alice").says("/link", chat="dm:alice")).text)
    asked = await sandbox.user("bob", platform="sandbox2").says(f"/link {code}")
    linked = await sandbox.user("alice").press(asked[0], "Yes, link")
    await sandbox.advance(days=1, minutes=1)
    late = await sandbox.user("alice").press(linked[0], "Undo")
    assert late.toasts == ["This link can no longer be undone here (a day has passed, or it was undone already)."]
