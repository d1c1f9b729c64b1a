"""Enrolment through the sandbox as members do it: questions in a DM with buttons, a code, an
admin's approval from a queue, seats and the waitlist, and the refusals."""
from bot import Context, Plugin, TierChanged

from plugins.camps import plugin as camps
from plugins.camps.models import Enrolment
from plugins.camps.tests.helpers import camp_folder, camps_settings, member

SIMPLE = """title = "Tiny camp"
days = 3
{extra}

[[tasks]]
day = 1
title = "one"
"""


def tiny_folder(tmp_path, extra: str = ""):
    folder = tmp_path / "camps"
    folder.mkdir(exist_ok=True)
    (folder / "tiny.toml").write_text(SIMPLE.format(extra=extra), encoding="utf-8")
    return folder


async def opened(make_sandbox, folder, lang=None):
    sandbox = await make_sandbox(camps_settings(folder), plugins=[camps])
    await sandbox.user("admin").says(f"/camp open {next(folder.glob('*.toml')).stem} 2026-03-09")
    return sandbox


async def state_of(name: str) -> str:
    return (await Enrolment.get(member_id=(await member(name)).id)).state


async def test_questions_are_asked_one_at_a_time_in_a_dm_with_buttons_for_choices(make_sandbox, tmp_path):
    sandbox = await opened(make_sandbox, camp_folder(tmp_path))
    alice = sandbox.user("alice")
    replies = await alice.says("/enroll")
    assert "I've sent you the enrolment steps for python-7-days-0309 in a private message." in replies.text
    first = sandbox.bot_messages("dm:alice")[-1]
    assert first.text.startswith("Question 1 of 2: How much Python have you written?")
    assert [row[0].label for row in first.buttons] == ["none yet", "a little", "a lot"]
    await alice.press(first, "a little")
    second = sandbox.bot_messages("dm:alice")[-1]
    assert second.text == "Question 2 of 2: What do you want to build after the camp?\nWrite your answer here."
    await alice.press(first, "a lot")  # the first question is answered: nothing changes
    done = await alice.says("a little web shop", chat="dm:alice")
    assert "You are enrolled in Python in 7 days (python-7-days-0309). Day 1 is 2026-03-09 (UTC)." in done.text
    row = await Enrolment.get(member_id=(await member("alice")).id)
    assert (row.state, row.answers) == ("enrolled", {"level": "a little", "goal": "a little web shop"})


async def test_the_keyword_and_the_enrol_button_enrol_too(make_sandbox, tmp_path):
    sandbox = await opened(make_sandbox, tiny_folder(tmp_path))
    replies = await sandbox.user("bob", lang="zh").says("报名")
    assert "你已报名 Tiny camp（tiny-0309）" in sandbox.bot_messages("dm:bob")[-1].text
    listing = await sandbox.user("carol").says("/camps")
    await sandbox.user("carol").press(listing[-1], "Enrol in tiny-0309")
    assert await state_of("bob") == "enrolled" and await state_of("carol") == "enrolled"
    assert replies  # the keyword was answered


async def test_an_enrolment_code_is_asked_privately_and_checked(make_sandbox, tmp_path):
    sandbox = await opened(make_sandbox, tiny_folder(tmp_path, '[enrolment]\ncode = "Open-Sesame"'))
    alice = sandbox.user("alice")
    await alice.says("/enroll tiny-0309")
    assert sandbox.bot_messages("dm:alice")[-1].text == "To enrol in tiny-0309, send me the enrolment code."
    wrong = await alice.says("sesame", chat="dm:alice")
    assert "That is not the enrolment code of tiny-0309." in wrong.text
    assert await state_of("alice") == "answering"
    await alice.says("open-sesame", chat="dm:alice")
    assert await state_of("alice") == "enrolled"


async def test_an_admin_approves_and_declines_from_the_queue(make_sandbox, tmp_path):
    sandbox = await opened(make_sandbox, tiny_folder(tmp_path, "[enrolment]\napproval = true"))
    await sandbox.user("alice").says("/enroll")
    await sandbox.user("bob").says("/enroll")
    assert "waits for an organiser's approval" in sandbox.bot_messages("dm:alice")[-1].text
    assert "Your enrolment in tiny-0309 is waiting" in (await sandbox.user("alice").says("/enroll")).text
    queue = await sandbox.user("admin").says("/camp queue")
    assert queue[-1].private and "2 enrolments wait for approval:" in queue.text
    assert "Only admins" in (await sandbox.user("carol").says("/camp queue")).text or \
        "admin" in (await sandbox.user("carol").says("/camp queue")).text.lower()
    await sandbox.user("admin").press(queue[-1], "✅ Alice")
    await sandbox.user("admin").press(queue[-1], "❌ Bob")
    assert (await state_of("alice"), await state_of("bob")) == ("enrolled", "declined")
    assert "You are enrolled in Tiny camp" in sandbox.bot_messages("dm:alice")[-1].text
    assert sandbox.bot_messages("dm:bob")[-1].text == "Your enrolment in tiny-0309 was not accepted this time."
    again = await sandbox.user("admin").press(queue[-1], "✅ Alice")
    assert again.toasts == ["Someone decided on this enrolment already."]


async def test_a_full_cohort_offers_the_waitlist_and_a_freed_seat_moves_the_first_in(make_sandbox, tmp_path):
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path, declared_seats=1, extra="")), plugins=[camps])
    await sandbox.user("admin").says("/camp reload")
    for name in ("alice", "bob", "carol"):
        user = sandbox.user(name)
        await user.says("/enroll py-march")
        await user.press(sandbox.bot_messages(f"dm:{name}")[-1], "none yet")
        await user.says("games", chat=f"dm:{name}")
    offer = sandbox.bot_messages("dm:bob")[-1]
    assert offer.text.startswith("py-march is full. Join the waitlist?")
    assert "number 1 on the waitlist" in (await sandbox.user("bob").press(offer, "Join the waitlist")).text
    offer = sandbox.bot_messages("dm:carol")[-1]
    assert "number 2 on the waitlist" in (await sandbox.user("carol").press(offer, "Join the waitlist")).text
    removed = await sandbox.user("admin").says("/camp remove @alice did not pay")
    assert "Alice was removed from py-march." in removed.text
    assert sandbox.bot_messages("dm:alice")[-1].text == "You were removed from py-march. Reason: did not pay"
    assert "A seat freed up in py-march and it is yours" in sandbox.bot_messages("dm:bob")[-1].text
    assert [await state_of(n) for n in ("alice", "bob", "carol")] == ["removed", "enrolled", "waiting"]


async def test_enrolling_twice_late_unknown_or_in_a_second_cohort_of_the_camp_is_refused(make_sandbox, tmp_path):
    sandbox = await opened(make_sandbox, tiny_folder(tmp_path))
    alice = sandbox.user("alice")
    await alice.says("/enroll")
    assert "You are already enrolled in tiny-0309." in (await alice.says("/enroll")).text
    assert "There is no cohort “nope”." in (await alice.says("/enroll nope")).text
    await sandbox.user("admin").says("/camp open tiny 2026-03-10")
    other = await alice.says("/enroll tiny-0310")
    assert "You are already in tiny-0309, a cohort of the same camp that has not ended" in other.text
    await sandbox.advance(days=9)  # both windows closed (they ran through their start days)
    late = await sandbox.user("bob").says("/enroll tiny-0310")
    assert "Enrolment in tiny-0310 is closed (it ran until 2026-03-10)." in late.text
    assert await Enrolment.filter(member__display_name="Bob").count() == 0


TWO_CHATS = {"communities": {"demo": {"name": "Demo", "chats": ["sandbox:demo", "sandbox:study"]}}}


async def test_an_enrolled_member_gets_a_one_person_link_into_the_cohorts_other_chats(make_sandbox, tmp_path):
    extra = '\n[[cohorts]]\nname = "duo"\ncommunity = "demo"\nstart = 2026-03-09\nchats = ["sandbox:demo", "sandbox:study"]\n'
    folder = tiny_folder(tmp_path)
    (folder / "tiny.toml").write_text(SIMPLE.format(extra="") + extra, encoding="utf-8")
    sandbox = await make_sandbox({**TWO_CHATS, **camps_settings(folder)}, plugins=[camps])
    await sandbox.user("alice").says("/enroll duo")
    [invite] = [m.text for m in sandbox.bot_messages("dm:alice") if "Your way into the chats of duo" in m.text]
    link = invite.rsplit(" ", 1)[1]
    assert link.startswith("https://sandbox.invalid/join/") and invite.count("https://") == 1  # not demo: she is there
    await sandbox.user("alice").joins("study", invite=link)
    assert await sandbox.runtime.member_roles.holds(await member("alice"), "camp duo")


tiers = Plugin("tierstub")


@tiers.command("settier")
async def settier(ctx: Context, tier: str) -> None:
    await ctx.publish(TierChanged(member=ctx.member, old=None, new=tier, reference=f"tier:{ctx.member.id}:{tier}"))


async def test_a_minimum_tier_is_checked_against_the_tier_plugins_signal(make_sandbox, tmp_path):
    rules = '[enrolment]\nmin_tier = "silver"\ntier_order = ["bronze", "silver", "gold"]'
    sandbox = await make_sandbox(camps_settings(tiny_folder(tmp_path, rules)), plugins=[camps, tiers])
    await sandbox.user("admin").says("/camp open tiny 2026-03-09")
    refused = await sandbox.user("alice").says("/enroll")
    assert "tiny-0309 is open to members of tier silver and above." in refused.text
    await sandbox.user("alice").says("/settier bronze")
    assert "tier silver and above" in (await sandbox.user("alice").says("/enroll")).text
    await sandbox.user("alice").says("/settier gold")
    await sandbox.user("alice").says("/enroll")
    assert await state_of("alice") == "enrolled"


def test_check_config_names_the_camp_files_problems(tmp_path):
    from plugins.camps.admin_commands import camp_file_problems
    from plugins.camps.settings import CampsSettings

    folder = tiny_folder(tmp_path, '[pods]\nsize = 1')
    assert camp_file_problems(CampsSettings(folder=str(folder))) == [
        ("folder", f"{folder / 'tiny.toml'}:4: pods.size: Input should be greater than or equal to 2")]
