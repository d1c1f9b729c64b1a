"""Homework and review through the sandbox (issue 15): /submit with its clear refusals, versions,
late work, a mentor's review with rubric buttons, changes asked and a one-tap resubmission in a
DM, acceptance, /homework, /progress and the review's Activity signal; peers from other pods, a mentor
settling their split, and a late peer nudged then replaced; the showcase (优秀作业) with consent."""
import csv
import io

from bot import Activity, ButtonPressed, MessageReceived, Plugin, SignalContext, now

from plugins.camps import plugin as camps
from plugins.camps.models import Enrolment, Review, Showcase, Submission
from plugins.camps.tests.helpers import camp_folder, camps_settings, member
from plugins.camps.tests.test_days import said, utc

listener = Plugin("hw_listener")
heard: list[tuple[str, str]] = []


@listener.on(Activity)
async def hear(ctx: SignalContext, activity: Activity) -> None:
    heard.append((activity.member.display_name, activity.kind))


async def cohort(make_sandbox, tmp_path, names=("alice", "bob", "carol"), review: str = "", pod_size: int = 8,
                 rule: str = "", day3: str = "", database: str = "sqlite", rubric: str = "",
                 chats: tuple[str, ...] = ("demo",)):
    folder = camp_folder(tmp_path, declared_seats=20)
    path = folder / "python-7-days.toml"
    text = path.read_text().replace("size = 8", f"size = {pod_size}")
    if rubric:  # day 3's rubric instead of runs and readable, 0-3 each
        text = text.replace('rubric = ["runs", "readable"]', f"rubric = {rubric}")
    if day3:  # more keys for day 3's task, the one with homework
        text = text.replace("homework = true", f"homework = true\n{day3}", 1)
    if rule:  # the graduation rule: days_done, homework_accepted, average_score
        start, end = text.index("days_done ="), text.index("[pods]")
        text = text[:start] + rule + "\n\n" + text[end:]
    path.write_text(text.replace("[dropouts]", f"[review]\n{review}\n\n[dropouts]") if review else text)
    settings = {**camps_settings(folder), "communities": {"demo": {"name": "Demo",
                                                                   "chats": [f"sandbox:{c}" for c in chats]}}}
    sandbox = await make_sandbox(settings, plugins=[camps, listener], database=database)
    for index, name in enumerate(names):
        user = sandbox.user(name)
        await user.says("/enroll py-march")
        await user.press(sandbox.bot_messages(f"dm:{name}")[-1], ["none yet", "a little", "a lot"][index % 3])
        await user.says("a game", chat=f"dm:{name}")
    return sandbox


def last(sandbox, chat: str, words: str):
    return [m for m in sandbox.bot_messages(chat) if words in m.text][-1]


async def test_a_mentor_reviews_asks_for_changes_and_accepts_the_new_version(make_sandbox, tmp_path):
    heard.clear()
    sandbox = await cohort(make_sandbox, tmp_path)
    alice, dave, admin = sandbox.user("alice"), sandbox.user("dave"), sandbox.user("admin")
    await dave.says("hello")
    await sandbox.set_time(utc("2026-03-10 02:00"))  # day 2 in Shanghai: no homework today
    assert "There is no homework to send today in py-march" in (await alice.says("/submit my loops")).text
    locked = await alice.says("/submit 3 my loops")
    assert locked[-1].private and "Day 3's task is still locked: it opens 2026-03-11 08:00 (Asia/Shanghai)" in locked.text
    await admin.says("/camp mentor @dave")
    assert "You have nothing to review here." not in (await dave.says("/review")).text
    await sandbox.set_time(utc("2026-03-11 02:00"))  # day 3, 10:00 in Shanghai
    assert "Your homework for day 3 is empty" in (await alice.says("/submit")).text
    sent = await alice.says("/submit for loop in range(3): print(i) https://example.org/loops.py")
    assert sent[-1].private and "Homework for day 3 (Lists and loops) received, version 1." in sent.text
    world = sandbox.adapter().world
    again = MessageReceived(platform="sandbox", chat=world.chat("demo"), user=world.user("alice"), at=now(),
                            message_id="9001", text="/submit twice", event_id="redelivered-1")
    await sandbox.adapter().deliver(again)
    await sandbox.adapter().deliver(again)  # the same update again
    assert await Submission.filter(member_id=(await member("alice")).id).count() == 2
    assert (await Submission.get(version=1)).state == "superseded"
    card = (await dave.says("/review"))[-1]
    assert card.private and "Review: day 3 (Lists and loops) by Alice, version 2 (py-march)" in card.text
    assert [b.label for b in card.buttons[0]] == ["runs: 0", "1", "2", "3"]
    early = await dave.press(card, "✏️ Ask for changes")
    assert early.toasts == ["Score every criterion first."]
    await dave.press(card, "2")  # runs: 2
    card = world.messages[card.id]
    assert [b.label for b in card.buttons[0]] == ["runs: 0", "1", "✓ 2", "3"]
    refused = await sandbox.user("bob").press(card, "✓ 2") if card.seen_by("bob") else None
    assert refused is None  # a private card: bob never sees it
    await dave.press(card, at=(1, 1))  # readable: 1
    assert "Your comment on day 3's homework is noted." in (await dave.says("/comment print each item, not i")).text
    done = await dave.press(world.messages[card.id], "✏️ Ask for changes")
    assert done.toasts == ["Changes asked. Thank you for your review!"]
    told = last(sandbox, "dm:alice", "was reviewed")
    assert told.text.startswith("📝 Your homework for day 3 (Lists and loops), version 2, was reviewed: "
                                "average score 1.5 of 3.")
    assert "• runs: 2.0" in told.text and "• readable: 1.0" in told.text and "💬 print each item, not i" in told.text
    assert "Review sent: changes asked." in world.messages[card.id].text and not world.messages[card.id].buttons
    tapped = await alice.press(told, "Send a new version")
    assert "Send your homework for day 3 (Lists and loops) now" in tapped.text
    await alice.says("for item in items: print(item)", chat="dm:alice")
    assert "version 3" in last(sandbox, "dm:alice", "received").text
    card = (await dave.says("/review"))[-1]
    assert "version 3" in card.text
    for row in range(2):
        await dave.press(world.messages[card.id], at=(row, 3))
    await dave.press(world.messages[card.id], "✅ Accept")
    assert "✅ Accepted. Well done!" in last(sandbox, "dm:alice", "was reviewed").text
    listing = await alice.says("/homework")
    assert "• Day 3 (Lists and loops): ✅ accepted, version 3" in listing.text
    assert "Homework: 1 submitted, 1 accepted" in (await alice.says("/progress")).text
    board = (await alice.says("/board")).text  # ranks days done, then the homework's average score
    assert "days done · ⭐ average homework score" in board and "Alice — 0 · ⭐ 3.0" in board
    assert heard.count(("Dave", "camps-review")) == 2
    assert heard.count(("Alice", "camps-homework-accepted")) == 1  # only the accepted version
    assert "No homework of py-march is waiting for review" in (await dave.says("/review")).text
    exported = [m for m in await admin.says("/camp export") if m.document]
    rows = list(csv.reader(io.StringIO(exported[-1].document.data.decode("utf-8-sig"))))
    assert rows[0] == ["member", "day", "version", "state", "late", "score", "submitted at", "reviews"]
    assert [row[:6] for row in rows[1:]] == [["Alice", "3", "1", "superseded", "", ""],
                                            ["Alice", "3", "2", "superseded", "", "1.50"],
                                            ["Alice", "3", "3", "accepted", "", "3.00"]]
    assert rows[2][7] == "Dave (mentor, done, changes, runs 2, readable 1)"
    scores = list(csv.reader(io.StringIO(exported[1].document.data.decode("utf-8-sig"))))
    assert scores[1] == ["Alice", "1", "1", "1", "3.00"]


async def test_a_reply_to_the_days_task_is_homework_for_it(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice",))
    await sandbox.set_time(utc("2026-03-11 02:00"))  # day 3's task is posted at 08:00 in Shanghai
    [task] = [m for m in sandbox.bot_messages("demo") if "Day 3 of 7" in m.text]
    [day_two] = [m for m in sandbox.bot_messages("demo") if "Day 2 of 7" in m.text]
    await sandbox.user("alice").says("nice task!", reply_to=day_two)  # day 2 asks for no homework
    assert not await Submission.exists()
    answer = await sandbox.user("alice").says("for item in ['milk', 'eggs']: print(item)", reply_to=task)
    assert "Homework for day 3 (Lists and loops) received, version 1." in answer.text and answer[-1].private
    assert (await Submission.get()).text.startswith("for item in")


async def test_a_reply_in_a_dm_to_the_task_sent_there_is_homework_for_it(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice",))
    await sandbox.set_time(utc("2026-03-11 02:00"))  # day 3's task also comes by direct message
    [task] = [m for m in sandbox.bot_messages("dm:alice") if "Day 3 of 7" in m.text]
    answer = await sandbox.user("alice").says("my shopping list", chat="dm:alice", reply_to=task)
    assert "Homework for day 3 (Lists and loops) received, version 1." in answer.text
    [submission] = await Submission.all()
    assert (submission.day, submission.text) == (3, "my shopping list")
    await sandbox.user("alice").says("just chatting", chat="dm:alice")  # not a reply: no homework
    assert await Submission.all().count() == 1


async def test_late_homework_is_marked_and_a_refusing_task_says_so(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice",))
    await sandbox.set_time(utc("2026-03-12 02:00"))  # day 4 in Shanghai: day 3's homework was due yesterday
    late = await sandbox.user("alice").says("/submit 3 loops, a day late")
    assert "received, version 1, marked late" in late.text
    assert (await Submission.get()).late
    listing = await sandbox.user("alice").says("/homework")
    assert "(late)" in listing.text


async def test_a_task_that_refuses_late_work_or_takes_it_for_some_hours_says_so(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice",), day3='late_hours = 6')
    await sandbox.set_time(utc("2026-03-11 18:00"))  # 02:00 on day 4 in Shanghai: 2 hours late
    assert "marked late" in (await sandbox.user("alice").says("/submit 3 just in time")).text
    await sandbox.set_time(utc("2026-03-12 02:00"))  # 10 hours late: past late_hours
    refused = await sandbox.user("alice").says("/submit 3 too late")
    assert refused[-1].private and "Day 3's homework was taken late until 2026-03-12 05:59 (Asia/Shanghai); that " \
        "time has passed." in refused.text
    assert await Submission.all().count() == 1


async def test_a_task_that_refuses_late_work_refuses_it(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice",), day3='late = "refuse"')
    await sandbox.set_time(utc("2026-03-11 16:30"))  # 00:30 on day 4 in Shanghai
    refused = await sandbox.user("alice", lang="zh").says("/submit 3 loops")
    assert "第 3 天的作业截止于 2026-03-11 23:59（Asia/Shanghai），这个任务不收迟交的作业。" in refused.text
    assert not await Submission.exists()


async def finish_review(sandbox, name: str, author: str, score: int, verdict: str) -> None:
    """`name` reviews through /review until the card is `author`'s, accepting others on the way."""
    world = sandbox.adapter().world
    for _ in range(6):
        card = (await sandbox.user(name).says("/review"))[-1]
        mine = f"by {author.capitalize()}," in card.text
        for row in range(len(card.buttons) - 1):
            await sandbox.user(name).press(world.messages[card.id], at=(row, score if mine else 3))
        await sandbox.user(name).press(world.messages[card.id], verdict if mine else "✅ Accept")
        if mine:
            return
    raise AssertionError(f"{name} never got {author}'s homework")


async def test_peers_review_a_mentor_settles_their_split_and_a_late_peer_is_replaced(make_sandbox, tmp_path):
    heard.clear()
    names = [f"p{i}" for i in range(8)]
    sandbox = await cohort(make_sandbox, tmp_path, names=names,
                           review='mode = "both"\npeers = 2\nnudge_after = 2\nreassign_after = 4', pod_size=2)
    await sandbox.user("dave").says("hello")
    await sandbox.set_time(utc("2026-03-08 17:00"))  # the opening: four pods of two
    await sandbox.user("admin").says("/camp mentor @dave")
    by_pod: dict[int, str] = {}
    for name in names:
        by_pod.setdefault((await Enrolment.get(member_id=(await member(name)).id)).pod_id, name)
    a, b, c, d = by_pod.values()  # one member of each pod
    await sandbox.set_time(utc("2026-03-11 01:00"))  # day 3, 09:00 in Shanghai
    for name in (a, b, c, d):
        await sandbox.user(name).says(f"/submit 3 loops by {name}")
    for name in (a, b, c, d):
        submission = await Submission.get(member_id=(await member(name)).id)
        peers = await Review.filter(submission_id=submission.id, kind="peer").prefetch_related("reviewer")
        assert len(peers) == 2 and name not in {r.reviewer.display_name.lower() for r in peers}
    first, second = [r.reviewer.display_name.lower() for r in await Review.filter(
        submission__member__display_name=a.capitalize()).order_by("id").prefetch_related("reviewer")]
    await finish_review(sandbox, first, a, 3, "✅ Accept")
    await finish_review(sandbox, second, a, 1, "✏️ Ask for changes")
    assert (await Submission.get(member_id=(await member(a)).id)).state == "split"  # they disagree
    assert not said(sandbox, f"dm:{a}", "was reviewed")
    card = (await sandbox.user("dave").says("/review"))[-1]
    assert f"by {a.capitalize()}, version 1" in card.text  # the split comes to the mentor
    world = sandbox.adapter().world
    for row in range(2):
        await sandbox.user("dave").press(world.messages[card.id], at=(row, 2))
    await sandbox.user("dave").press(world.messages[card.id], "✅ Accept")
    assert "✅ Accepted. Well done!" in last(sandbox, f"dm:{a}", "was reviewed").text
    late = await Review.filter(state="open", kind="peer").order_by("id").prefetch_related("reviewer", "submission")
    assert late  # reviews nobody has done yet
    lazy = late[0]
    lazy_name = lazy.reviewer.display_name.lower()
    old_card = (await sandbox.user(lazy_name).says("/review"))[-1]
    await sandbox.advance(hours=3)
    assert said(sandbox, f"dm:{lazy_name}", "has waited")  # nudged after 2 hours
    await sandbox.advance(hours=2)
    assert (await Review.get(id=lazy.id)).state == "reassigned"
    assert said(sandbox, f"dm:{lazy_name}", "went to someone else")
    handed_to = await Review.filter(submission_id=lazy.submission_id, kind="peer", state="open",
                                    assigned_at__gt=lazy.assigned_at).prefetch_related("reviewer")
    assert [r.reviewer.display_name.lower() for r in handed_to] != [] and lazy_name not in \
        {r.reviewer.display_name.lower() for r in handed_to}  # someone new has it now
    stale = await sandbox.user(lazy_name).press(world.messages[old_card.id], at=(0, 1))
    assert stale.toasts and "no longer yours to do" in stale.toasts[0]
    assert ("Dave", "camps-review") in heard
    stats = await sandbox.user("admin").says("/camp homework")
    assert stats[-1].private and "• Day 3 (Lists and loops): 4 submitted (0 late)" in stats.text
    reviewers = await sandbox.user("admin").says("/camp reviewers")
    assert "• Dave: 1 done, median 0.0 h" in reviewers.text and "Late now: -" in reviewers.text
    assert "Only admins" in (await sandbox.user(lazy_name).says("/camp reviewers")).text or \
        "admin" in (await sandbox.user(lazy_name).says("/camp reviewers")).text.lower()


async def test_a_mentor_picks_showcase_work_and_it_is_shown_only_with_the_authors_consent(make_sandbox, tmp_path):
    heard.clear()
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice", "bob", "carol"),
                           rule="days_done = 0.0\nhomework_accepted = 1.0\naverage_score = 2.0")
    world = sandbox.adapter().world
    await sandbox.user("dave").says("hello")
    await sandbox.set_time(utc("2026-03-11 02:00"))  # day 3
    await sandbox.user("admin").says("/camp mentor @dave")
    for name in ("alice", "bob", "carol"):
        await sandbox.user(name).says(f"/submit 3 shopping list by {name} https://example.org/{name}.py")
    for score in (3, 1, 2):  # alice 3, bob 1, carol 2 (the queue goes in order of sending)
        card = (await sandbox.user("dave").says("/review"))[-1]
        for row in range(2):
            await sandbox.user("dave").press(world.messages[card.id], at=(row, score))
        await sandbox.user("dave").press(world.messages[card.id], "✅ Accept")
    await sandbox.set_time(utc("2026-03-15 17:00"))  # day 7 is over: the week's showcase
    offer = last(sandbox, "dm:dave", "Showcase (优秀作业) of py-march, days 1 to 7")
    assert [b.label for row in offer.buttons for b in row] == [
        "⭐ Alice, day 3 (3.0)", "⭐ Carol, day 3 (2.0)", "⭐ Bob, day 3 (1.0)"]
    intruder = await sandbox.user("bob").press(offer, at=(0, 0))  # a forged press of the mentor's button
    assert intruder.toasts and not await Showcase.exists()
    asked = await sandbox.user("dave").press(offer, "⭐ Alice, day 3 (3.0)")
    assert asked.toasts == ["Alice is asked whether it may be shown."]
    again = await sandbox.user("dave").press(offer, "⭐ Alice, day 3 (3.0)")
    assert again.toasts == ["That homework has been picked already."]
    assert not said(sandbox, "demo", "Showcase (优秀作业)")  # nothing shown before consent
    await sandbox.user("dave").press(offer, "⭐ Carol, day 3 (2.0)")
    await sandbox.user("carol").press(last(sandbox, "dm:carol", "May we show it"), "No, thanks")
    await sandbox.user("alice").press(last(sandbox, "dm:alice", "May we show it"), "Yes, show it")
    [post] = [m for m in sandbox.bot_messages("demo") if "Showcase (优秀作业) of py-march" in m.text]
    assert "@Alice, day 3 (Lists and loops)" in post.text and "The original: https://example.org/alice.py" in post.text
    assert not said(sandbox, "demo", "shopping list by carol")
    assert ("Alice", "camps-showcased") in heard and ("Carol", "camps-showcased") not in heard
    states = {name: (await Enrolment.get(member_id=(await member(name)).id)).state for name in ("alice", "bob", "carol")}
    assert states == {"alice": "graduated", "bob": "finished", "carol": "graduated"}  # bob's average is 1 of 2


async def test_a_redelivered_verdict_press_makes_one_review(make_sandbox, tmp_path):
    sandbox = await cohort(make_sandbox, tmp_path, names=("alice",))
    world = sandbox.adapter().world
    await sandbox.user("dave").says("hello")
    await sandbox.set_time(utc("2026-03-11 02:00"))
    await sandbox.user("admin").says("/camp mentor @dave")
    await sandbox.user("alice").says("/submit 3 my list")
    card = (await sandbox.user("dave").says("/review"))[-1]
    for row in range(2):
        await sandbox.user("dave").press(world.messages[card.id], at=(row, 2))
    accept = world.messages[card.id].buttons[2][0]
    press = ButtonPressed(platform="sandbox", chat=world.chat(card.chat), user=world.user("dave"), at=now(),
                          message_id=card.id, payload=accept.payload, event_id="press-twice")
    await sandbox.adapter().deliver(press)
    await sandbox.adapter().deliver(press)  # the platform sends the same press again
    assert await Review.filter(state="done").count() == 1
    assert len(said(sandbox, "dm:alice", "was reviewed")) == 1
