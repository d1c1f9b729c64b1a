"""A camp cohort living in a Telegram group and a Discord channel at once, on the real adapters
(aiogram against FakeTelegram, discord.py against FakeDiscord): members enrol from both, the
opening and each day's task are posted in both, each pod gets a forum topic and a thread (or,
where neither can be made, its posts in the chat addressed to its members), and a check-in on
either platform counts the day."""
from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock, use_clock
from bot.config import Settings
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.discord import DiscordAdapter
from adapters.sandbox.testing import DEFAULT_START, _deep_merge, _prepare_database
from adapters.telegram import TelegramAdapter
from plugins.camps import plugin as camps
from plugins.camps.models import DayDone, Enrolment, Pod, Submission, SubmissionFile
from plugins.checkin import plugin as checkin
from tests.discord.conftest import BOT_ROLE, CHAN, GUILD, MANAGE_ROLES, build_world, until
from tests.fakes.discord_server import CREATE_PUBLIC_THREADS, FakeDiscord
from tests.telegram.conftest import ALICE, BOT_USERNAME, CAROL, GROUP, TOKEN, StampedTelegram, TelegramBot, \
    track_requests

ALICE_ON_DISCORD, BOB_ON_DISCORD = 11, 12  # tests.discord.conftest's ALICE and BOB
CAMP = f"""
title = "Tiny camp"
days = 3
[graduation]
days_done = 0.6
homework_accepted = 0.0
average_score = 0.0
alumni_role = "Tiny alumni"
[pods]
size = 2
min_size = 1
[[tasks]]
day = 1
title = "Say hello"
[[tasks]]
day = 2
title = "Say more"
homework = true
rubric = ["clear"]
[[cohorts]]
name = "both"
community = "demo"
start = 2026-03-09
timezone = "UTC"
chats = ["telegram:{GROUP}", "discord:{GUILD}/{CHAN}"]
"""


@pytest.fixture
async def platforms(tmp_path):
    async with StampedTelegram(token=TOKEN, bot_username=BOT_USERNAME) as tg, \
            FakeDiscord(bot_user_id=9000, application_id=9001, token="fake-token") as dc:
        tg.add_user(ALICE, "Alice", username="alice")
        tg.add_user(CAROL, "Carol", username="carol")
        build_world(dc)
        yield tg, dc


async def start(tg: StampedTelegram, dc: FakeDiscord, tmp_path) -> TelegramBot:
    folder = tmp_path / "camps"
    folder.mkdir()
    (folder / "tiny.toml").write_text(CAMP, encoding="utf-8")
    settings = Settings.model_validate(_deep_merge({
        "web": {"enabled": False}, "bot": {"rate_limit_per_minute": 100000},
        "telegram": {"token": TOKEN, "api_base": tg.base_url, "mode": "polling"},
        "discord": {"token": "fake-token", "api_base": dc.api_url, "guild_ready_timeout": 0.05, "defer_after": 0.4,
                    "guilds": [{"id": GUILD, "announce_channel": CHAN}]},
        "communities": {"demo": {"name": "Demo", "timezone": "UTC", "chats": [f"telegram:{GROUP}", f"discord:{GUILD}"]}},
    }, {"plugins": {"camps": {"folder": str(folder), "tick_minutes": 60}}}))
    previous = use_clock(ManualClock(DEFAULT_START))
    runtime = Runtime(settings, [camps, checkin], {"telegram": TelegramAdapter, "discord": DiscordAdapter},
                      store=MemoryStore())
    runtime.config.database.url = await _prepare_database(runtime.model_apps, "sqlite", tmp_path)
    runtime.build_adapters()
    runtime.adapters["telegram"].pace_with(sleep=tg.time.sleep, monotonic=tg.time.monotonic)
    track_requests(runtime.adapters["telegram"].client.bot, tg.time)
    bot = TelegramBot(tg, runtime, "polling", previous)
    await runtime.start(migrate_database=False)
    await tg.wait_for("getUpdates")
    return bot


async def on_discord(dc: FakeDiscord, user: int, name: str, options: dict) -> None:
    payload = await dc.slash_command(GUILD, CHAN, user, name, options)
    await until(lambda: any(c["interaction_id"] == int(payload["id"]) for c in dc.interaction_callbacks))
    await asyncio.sleep(0.05)  # the answer's follow-ups


async def enrol_three(bot: TelegramBot, dc: FakeDiscord) -> None:
    await bot.say(GROUP, ALICE, "/enroll both")
    await bot.say(GROUP, CAROL, "报名 both")
    await on_discord(dc, BOB_ON_DISCORD, "enroll", {"cohort": "both"})
    await until(lambda: True)
    assert await Enrolment.filter(state="enrolled").count() == 3


async def run_until(bot: TelegramBot, when: str) -> None:
    await bot.runtime.scheduler.run_due(datetime.fromisoformat(when).replace(tzinfo=UTC))
    await bot.settle()


def discord_texts(dc: FakeDiscord, channel: int) -> list[str]:
    return [m["content"] for m in dc.messages_in(channel)]


async def test_a_cohort_in_a_forum_group_and_a_discord_channel_gives_each_pod_a_topic_and_a_thread(
        platforms, tmp_path):
    tg, dc = platforms
    tg.add_chat(GROUP, "supergroup", title="Study forum", is_forum=True)
    tg.set_admin(GROUP, 1, status="creator")
    tg.set_admin(GROUP, tg.bot_id, can_manage_topics=True)
    dc.guilds[GUILD].roles[BOT_ROLE]["permissions"] = str(MANAGE_ROLES | CREATE_PUBLIC_THREADS)
    bot = await start(tg, dc, tmp_path)
    try:
        await enrol_three(bot, dc)
        await run_until(bot, "2026-03-09 00:05")  # the opening, in UTC
        assert any("Tiny camp (both) opens today!" in text for text in bot.texts(GROUP))
        assert any("Tiny camp (both) opens today!" in text for text in discord_texts(dc, CHAN))
        topics = sorted(topic["name"] for topic in tg.topics.values())
        threads = sorted(thread["name"] for thread in dc.threads_of(CHAN))
        assert topics == threads == ["Pod 1 · both", "Pod 2 · both"]
        for pod in await Pod.all().order_by("number"):
            [telegram, discord] = pod.places
            thread = int(telegram["sub"].rsplit("#", 1)[1])
            assert telegram["link"] == f"https://t.me/c/{str(GROUP)[4:]}/{thread}"
            assert any("your pod's place to talk" in (m.get("text") or "") for m in tg.in_topic(GROUP, thread))
            channel = int(discord["sub"].rsplit("#", 1)[1])
            assert discord["link"] == f"https://discord.com/channels/{GUILD}/{channel}"
            [welcome] = discord_texts(dc, channel)
            assert welcome.startswith(f"👋 Pod {pod.number} of both: this is your pod's place to talk.")
        in_group = [c.result["text"] for c in bot.sent(GROUP) if "message_thread_id" not in c.result]
        assert not any("your pod's place" in text for text in in_group + discord_texts(dc, CHAN))
        await run_until(bot, "2026-03-09 08:05")
        assert sum("Day 1 of 3: Say hello" in text for text in bot.texts(GROUP)) == 1
        assert sum("Day 1 of 3: Say hello" in text for text in discord_texts(dc, CHAN)) == 1
        await bot.say(GROUP, ALICE, "/checkin hello from Telegram")
        await on_discord(dc, BOB_ON_DISCORD, "checkin", {})
        assert await DayDone.filter(day=1).count() == 2
    finally:
        await bot.stop()


async def test_where_no_topic_or_thread_can_be_made_a_pods_posts_are_addressed_in_the_chat(platforms, tmp_path):
    tg, dc = platforms
    tg.add_chat(GROUP, "supergroup", title="Plain group")  # not a forum; the bot may not start threads
    tg.set_admin(GROUP, 1, status="creator")
    bot = await start(tg, dc, tmp_path)
    try:
        await enrol_three(bot, dc)
        await run_until(bot, "2026-03-09 00:05")
        assert not tg.topics and not dc.threads_of(CHAN) and not tg.calls_of("createForumTopic")
        for number in (1, 2):
            [telegram] = [t for t in bot.texts(GROUP) if t.startswith(f"For pod {number}:")]
            [discord] = [t for t in discord_texts(dc, CHAN) if t.startswith(f"For pod {number}:")]
            assert f"👋 Pod {number} of both: this is your pod's place to talk." in telegram
            assert f"👋 Pod {number} of both: this is your pod's place to talk." in discord
        rows = await Enrolment.filter(state="enrolled").prefetch_related("pod", "member")
        bob = next(row for row in rows if row.member.display_name.lower().startswith("bob"))
        [discord] = [t for t in discord_texts(dc, CHAN) if t.startswith(f"For pod {bob.pod.number}:")]
        assert f"<@{BOB_ON_DISCORD}>" in discord.split("\n")[0]  # addressed to its members
    finally:
        await bot.stop()


async def link_alice(bot: TelegramBot, dc: FakeDiscord) -> None:
    """Alice's Discord account joins her Telegram member as a person would: a code in a Telegram
    DM, /link <code> on Discord, the confirm button pressed on Telegram."""
    await bot.say(GROUP, ALICE, "/link")
    code = re.search(r"/link ([A-Z2-9]+)", bot.texts(ALICE)[-1]).group(1)
    await on_discord(dc, ALICE_ON_DISCORD, "link", {"code": code})
    [ask] = [c for c in bot.sent(ALICE) if "wants to link to your account" in c.result["text"]]
    button = ask.result["reply_markup"]["inline_keyboard"][0][0]
    await bot.deliver(bot.tg.callback(ALICE, ALICE, ask.result["message_id"], button["callback_data"]))


async def test_a_linked_member_counts_once_and_graduates_with_the_alumni_role_on_discord(platforms, tmp_path):
    tg, dc = platforms
    tg.add_chat(GROUP, "supergroup", title="Plain group")
    tg.set_admin(GROUP, 1, status="creator")
    bot = await start(tg, dc, tmp_path)
    try:
        await on_discord(dc, ALICE_ON_DISCORD, "checkin", {})  # seen on Discord before she links
        await link_alice(bot, dc)
        await enrol_three(bot, dc)
        await run_until(bot, "2026-03-09 08:05")
        await bot.say(GROUP, ALICE, "/checkin from Telegram")
        await on_discord(dc, ALICE_ON_DISCORD, "checkin", {})  # the same member, the same day
        await on_discord(dc, BOB_ON_DISCORD, "checkin", {})
        alice = (await Enrolment.filter(state="enrolled").prefetch_related("member"))
        alice_id = next(row.member_id for row in alice if row.member.display_name == "Alice")
        assert await DayDone.filter(member_id=alice_id).values_list("day", flat=True) == [1]
        await run_until(bot, "2026-03-10 08:05")
        await on_discord(dc, ALICE_ON_DISCORD, "checkin", {})
        await on_discord(dc, BOB_ON_DISCORD, "checkin", {})
        await run_until(bot, "2026-03-12 00:05")  # day 3 is over: graduation
        assert any("Tiny camp (both) is over: 2 graduates of 3" in text for text in bot.texts(GROUP))
        guild = dc.guilds[GUILD]
        alumni = {user for user, member in guild.members.items()
                  if any(guild.roles[int(r)]["name"] == "Tiny alumni" for r in member["roles"])}
        assert alumni == {ALICE_ON_DISCORD, BOB_ON_DISCORD}  # Carol, on Telegram only, missed days
    finally:
        await bot.stop()


async def test_homework_sent_as_a_photo_on_telegram_is_reviewed_by_a_mentor_on_discord(platforms, tmp_path):
    tg, dc = platforms
    tg.add_chat(GROUP, "supergroup", title="Plain group")
    tg.set_admin(GROUP, 1, status="creator")
    bot = await start(tg, dc, tmp_path)
    try:
        await enrol_three(bot, dc)
        await on_discord(dc, 13, "checkin", {})  # the mentor, seen on Discord
        await run_until(bot, "2026-03-10 08:05")  # day 2's task, with homework
        await on_discord(dc, 10, "camp", {"action": "mentor", "details": "<@13>"})  # the server's owner
        tg.add_file("photo-1", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, file_name="hello.png", mime_type="image/png")
        await bot.say(GROUP, ALICE, None, photo_file_id="photo-1", caption="/submit my hello, in a photo")
        submission = await Submission.get()
        assert (submission.day, submission.text) == (2, "my hello, in a photo")
        assert (await SubmissionFile.get()).data.startswith(b"\x89PNG")
        assert any("Homework for day 2 (Say more) received" in text for text in bot.texts(ALICE))
        await on_discord(dc, 13, "review", {})
        followups = [c for c in dc.interaction_callbacks if "Review: day 2 (Say more) by Alice" in str(c)]
        assert followups, "the mentor's review card, as an ephemeral answer"
    finally:
        await bot.stop()


async def test_homework_with_an_image_attached_on_discord_keeps_its_file(platforms, tmp_path):
    tg, dc = platforms
    tg.add_chat(GROUP, "supergroup", title="Plain group")
    bot = await start(tg, dc, tmp_path)
    try:
        await enrol_three(bot, dc)
        await run_until(bot, "2026-03-10 08:05")  # day 2's task, with homework
        [task] = [m for m in dc.messages_in(CHAN) if "Day 2 of 3: Say more" in m["content"]]
        image = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64
        await dc.message_create(CHAN, BOB_ON_DISCORD, "my hello, drawn", attachments=[("hello.png", image)],
                                message_reference=int(task["id"]))
        dm = dc.dm_channel_id(BOB_ON_DISCORD)
        await until(lambda: any("Homework for day 2 (Say more) received" in t for t in discord_texts(dc, dm)))
        submission = await Submission.get()
        assert (submission.day, submission.text) == (2, "my hello, drawn")
        [saved] = await SubmissionFile.all()
        assert (saved.kind, saved.filename, saved.data) == ("image", "hello.png", image)
    finally:
        await bot.stop()
