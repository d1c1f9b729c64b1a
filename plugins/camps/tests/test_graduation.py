"""Graduation and the organisers' tools through the sandbox: the rule applied after the last
day, the closing post, certificates and their verification page, the graduation signal, stats,
export, excuses and announcements."""
import csv
import io
import re

import aiohttp

from bot import Activity, Plugin, SignalContext

from plugins.camps import plugin as camps
from plugins.camps.models import Certificate, DayDone, Enrolment
from plugins.camps.tests.helpers import camp_folder, camps_settings, member
from plugins.camps.tests.test_days import enrolled_cohort, said, utc

listener = Plugin("listener")
heard: list[tuple[str, str, int]] = []


@listener.on(Activity)
async def hear(ctx: SignalContext, activity: Activity) -> None:
    heard.append((activity.member.display_name, activity.kind, activity.weight))


async def checkins(sandbox, plan: dict[str, range], last_day: int = 7) -> None:
    """Each named member checks in on the listed days of py-march (10:00 in Shanghai)."""
    for day in range(1, last_day + 1):
        await sandbox.set_time(utc(f"2026-03-{8 + day:02d} 02:00"))
        for name, days in plan.items():
            if day in days:
                await sandbox.user(name).says("/checkin")


async def test_graduation_names_graduates_and_sends_verifiable_certificates(make_sandbox, tmp_path):
    web = {"web": {"enabled": True, "host": "127.0.0.1", "port": 0}}
    sandbox = await enrolled_cohort(make_sandbox, tmp_path, extra=web)
    await sandbox.user("carol").says("/camp_named off")
    await checkins(sandbox, {"alice": range(1, 8), "bob": range(1, 4), "carol": range(2, 8)})
    await sandbox.set_time(utc("2026-03-15 16:05"))  # day 7 is over in Shanghai
    [closing] = said(sandbox, "demo", "is over")
    assert closing.startswith("🎓 Python in 7 days (py-march) is over: 2 graduates of 3. Thank you all!")
    assert "Congratulations: @Alice" in closing and "Carol" not in closing and "Bob" not in closing
    states = {n: (await Enrolment.get(member_id=(await member(n)).id)).state for n in ("alice", "bob", "carol")}
    assert states == {"alice": "graduated", "bob": "finished", "carol": "graduated"}
    [message] = [m for m in sandbox.bot_messages("dm:carol") if "You graduated" in m.text]
    assert message.images == 1
    code = re.search(r"code is ([A-Z0-9-]{19})", message.text).group(1)
    assert (await Certificate.get(code=code)).name == "Carol"
    assert not said(sandbox, "dm:bob", "You graduated")
    base = sandbox.runtime.web.address + "/camps/verify/"
    assert f"http://127.0.0.1:8080/camps/verify/{code}" in message.text  # verify_url, printed and in the QR code
    async with aiohttp.ClientSession() as http:
        async with http.get(sandbox.runtime.web.address + "/plugins/camps/verify/" + code) as answer:
            assert answer.status == 200 and "Carol" in await answer.text()  # the first address still answers
        async with http.get(base + code.lower().replace("-", ""), headers={"Accept-Language": "zh-CN"}) as answer:
            assert answer.status == 200
            assert "这是一份真实的证书：Carol 完成了 Python in 7 days，2026-03-09 至 2026-03-15" in await answer.text()
        async with http.get(base + "AAAA-BBBB-CCCC-DDDD") as answer:
            assert answer.status == 404 and "No certificate has the code AAAA-BBBB-CCCC-DDDD." in await answer.text()
    await sandbox.advance(days=1)
    assert len(said(sandbox, "dm:carol", "You graduated")) == 1 and len(said(sandbox, "demo", "is over")) == 1


async def test_graduates_get_the_alumni_role_and_others_do_not(make_sandbox, tmp_path):
    folder = camp_folder(tmp_path, declared_seats=20)
    camp_file = folder / "python-7-days.toml"
    camp_file.write_text(camp_file.read_text().replace("average_score = 0.0", 'average_score = 0.0\nalumni_role = "py alumni"'))
    sandbox = await make_sandbox(camps_settings(folder))
    for name, level in (("alice", "a lot"), ("bob", "none yet")):
        await sandbox.user(name).says("/enroll py-march")
        await sandbox.user(name).press(sandbox.bot_messages(f"dm:{name}")[-1], level)
        await sandbox.user(name).says("a game", chat=f"dm:{name}")
    await checkins(sandbox, {"alice": range(1, 8), "bob": range(1, 3)})
    await sandbox.set_time(utc("2026-03-15 16:05"))
    roles = {m["user"]: m["roles"] for m in sandbox.adapter().world.member_list("demo")}
    assert "py alumni" in roles["alice"] and "py alumni" not in roles["bob"] and "camp py-march" in roles["bob"]
    assert await sandbox.runtime.member_roles.holds(await member("alice"), "py alumni")
    assert not await sandbox.runtime.member_roles.holds(await member("bob"), "py alumni")


async def test_excused_days_count_and_graduates_are_signalled(make_sandbox, tmp_path):
    heard.clear()
    sandbox = await make_sandbox(camps_settings(camp_folder(tmp_path, declared_seats=5)), plugins=[camps, listener])
    await sandbox.user("alice").says("/enroll py-march")
    await sandbox.user("alice").press(sandbox.bot_messages("dm:alice")[-1], "a lot")
    await sandbox.user("alice").says("games", chat="dm:alice")
    bad = await sandbox.user("admin").says("/camp excuse @alice 0-9 travel")
    assert "“0-9” are not days of this camp (1 to 7)" in bad.text
    done = await sandbox.user("admin").says("/camp excuse @alice 1-6 travel")
    assert "Excused @Alice: day 1, 2, 3, 4, 5, 6 of py-march." in done.text
    assert "An organiser excused day 1, 2, 3, 4, 5, 6 of py-march for you (travel)" in \
        sandbox.bot_messages("dm:alice")[-1].text
    assert await DayDone.filter(source="excused").count() == 6
    await sandbox.set_time(utc("2026-03-15 17:00"))
    assert ("Alice", "camps-graduated", 7) in heard


async def test_stats_export_and_announce(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path)
    await checkins(sandbox, {"alice": range(1, 3), "carol": range(1, 2)}, last_day=2)
    await sandbox.set_time(utc("2026-03-10 12:00"))  # 20:00 on day 2 in Shanghai
    stats = await sandbox.user("admin").says("/camp stats")
    assert stats[-1].private
    assert "📊 py-march, day 2 of 7" in stats.text
    assert "Enrolled 3, done today 1, on the waitlist 0, waiting for approval 0" in stats.text
    assert "Done by day: 1:2 · 2:1" in stats.text
    assert "Pod 1: 3 members, 1.0 days done on average" in stats.text
    replies = await sandbox.user("admin").says("/camp export")
    days, scores, submissions = [m for m in replies if m.document]
    table = list(csv.reader(io.StringIO(days.document.data.decode("utf-8-sig"))))
    assert table[0][:4] == ["member", "state", "pod", "day 1"] and table[0][-1] == "days done"
    assert table[1][:5] + table[1][-1:] == ["Alice", "enrolled", "1", "checkin", "checkin", "2"]
    assert scores.document.filename == "py-march-scores.csv"
    assert submissions.document.filename == "py-march-submissions.csv"
    await sandbox.user("bob").says("/camp_dm off")
    told = await sandbox.user("admin").says("/camp announce py-march Live session at 20:00!")
    assert "sent to 2 members privately" in told.text
    assert said(sandbox, "demo", "📣") == ["📣 py-march: Live session at 20:00!"]
    assert said(sandbox, "dm:alice", "📣") and not said(sandbox, "dm:bob", "📣")
    assert "Only admins" in (await sandbox.user("bob").says("/camp stats")).text or \
        "admin" in (await sandbox.user("bob").says("/camp stats")).text.lower()
