"""Pods through the sandbox: a sub-chat per pod with a welcome (and /pod saying where), late
joiners greeted there, pods by time zone, rebalancing after drop-outs (by an organiser and after
each day), a new leader when one drops out, and mentors told privately about a drop-out."""
from plugins.camps.models import AuditEntry, Enrolment, Pod
from plugins.camps.tests.helpers import camp_folder, camps_settings, member
from plugins.camps.tests.test_days import enrolled_cohort, said, utc

TWELVE = [f"m{i:02d}" for i in range(12)]  # 12 / 8 rounds to 2 pods of 6
OPENED = "2026-03-08 16:05"  # 00:05 on day 1 in Shanghai


async def pod_of(name: str) -> int:
    row = await Enrolment.get(member_id=(await member(name)).id).prefetch_related("pod")
    return row.pod.number


async def names_in(number: int) -> list[str]:
    pod = await Pod.get(number=number)
    rows = await Enrolment.filter(pod_id=pod.id).prefetch_related("member")
    return sorted(row.member.display_name.lower() for row in rows)


async def test_each_pod_talks_in_its_own_sub_chat_and_pod_says_where(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path, names=TWELVE)
    await sandbox.set_time(utc(OPENED))
    chats = {chat.title: name for name, chat in sandbox.adapter().world.chats.items() if chat.thread_id}
    assert chats == {"Pod 1 · py-march": "demo#1", "Pod 2 · py-march": "demo#2"}
    for number in (1, 2):
        [welcome] = said(sandbox, f"demo#{number}", "your pod's place to talk")
        assert welcome.startswith(f"👋 Pod {number} of py-march: this is your pod's place to talk. Members: @")
        assert sorted(w.strip(",@").lower() for w in welcome.split("Members: ")[1].split("\n")[0].split()) == \
            await names_in(number)
        assert "Your leader (组长): @" in welcome
    assert not said(sandbox, "demo", "your pod's place to talk")  # the group sees the opening only
    mine = await sandbox.user("m00").says("/pod")
    assert f"Your pod talks here: Pod {await pod_of('m00')} · py-march" in mine.text
    answer = await sandbox.user("m00").says("/progress", chat=f"demo#{await pod_of('m00')}")
    assert answer[-1].chat == f"demo#{await pod_of('m00')}" and "Days done" in answer.text


async def test_a_late_joiner_is_greeted_in_the_pod_they_join(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path, names=TWELVE)
    await sandbox.set_time(utc(OPENED))
    late = sandbox.user("zoe")
    await late.says("/enroll py-march")
    await late.press(sandbox.bot_messages("dm:zoe")[-1], "a lot")
    await late.says("a robot", chat="dm:zoe")
    number = await pod_of("zoe")
    assert said(sandbox, f"demo#{number}", "Welcome @Zoe") == [f"👋 Welcome @Zoe to pod {number} of py-march!"]
    assert said(sandbox, "dm:zoe", f"You joined pod {number} of py-march")


async def test_pods_are_formed_by_time_zone(make_sandbox, tmp_path):
    names = [f"e{i}" for i in range(4)] + [f"w{i}" for i in range(4)]
    folder = camp_folder(tmp_path, declared_seats=20)
    camp_file = folder / "python-7-days.toml"
    camp_file.write_text(camp_file.read_text().replace("size = 8", "size = 4"))
    sandbox = await make_sandbox(camps_settings(folder))
    for index, name in enumerate(names):
        user = sandbox.user(name)
        await user.says("/enroll py-march")
        await user.press(sandbox.bot_messages(f"dm:{name}")[-1], ["none yet", "a lot"][index % 2])
        await user.says("a game", chat=f"dm:{name}")
        zone = "Asia/Shanghai" if name.startswith("e") else "America/New_York"
        assert f"Your time zone is now {zone}" in (await user.says(f"/camp_tz {zone}")).text
    assert "“Mars/Base” is not a time zone" in (await sandbox.user("e0").says("/camp_tz Mars/Base")).text
    assert "“Moon”不是时区" in (await sandbox.user("e0", lang="zh").says("/camp_tz Moon")).text
    await sandbox.set_time(utc(OPENED))
    pods = {await pod_of(name) for name in names if name.startswith("w")}, \
        {await pod_of(name) for name in names if name.startswith("e")}
    assert pods == ({1}, {2})  # New York is behind Shanghai: its members make pod 1, Shanghai's pod 2


async def test_an_organiser_rebalances_pods_shrunk_by_drop_outs(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path, names=TWELVE)
    admin = sandbox.user("admin")
    assert "formed at the opening" in (await admin.says("/camp rebalance")).text
    await sandbox.set_time(utc(OPENED))
    assert "need no rebalancing" in (await admin.says("/camp rebalance")).text
    first = await names_in(1)
    leader = await member((await Pod.get(number=1).prefetch_related("leader")).leader.display_name)
    dropped = [leader.display_name.lower()] + [name for name in first if name != leader.display_name.lower()][:2]
    for name in dropped:
        await admin.says(f"/camp remove @{name} left")
    stayed = [name for name in first if name not in dropped]
    done = await admin.says("/camp rebalance")
    assert done[-1].private and "Rebalanced the pods of py-march: 3 members moved. Each was told." in done.text
    for name in stayed:
        assert f"• {name.capitalize()}: pod 1 → pod 2" in done.text
        assert said(sandbox, f"dm:{name}", "had too few active members") == [
            "Pod 1 of py-march had too few active members, so it joined the others: you are now in pod 2. "
            "See it with /pod."]
        assert said(sandbox, "demo#2", f"Welcome @{name.capitalize()} to pod 2")
    assert (await Pod.get(number=1)).dissolved
    assert sorted(await AuditEntry.filter(action="rebalance").values_list("detail", flat=True)) == \
        ["pod 1 to pod 2"] * 3
    assert "need no rebalancing" in (await admin.says("/camp rebalance")).text
    assert "py-march has no pod 1. Its pods: 2." in (await admin.says(f"/camp move @{stayed[0]} 1")).text


async def test_after_a_day_shrunk_pods_merge_and_a_pod_that_lost_its_leader_gets_one(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path, names=TWELVE)
    admin = sandbox.user("admin")
    await sandbox.set_time(utc(OPENED))
    leader_of_2 = (await Pod.get(number=2).prefetch_related("leader")).leader.display_name.lower()
    await admin.says(f"/camp remove @{leader_of_2} moved away")
    for name in (await names_in(1))[:3]:
        await admin.says(f"/camp remove @{name} moved away")
    assert not (await Pod.get(number=1)).dissolved  # not before the day is over
    await sandbox.set_time(utc("2026-03-09 17:00"))  # day 1 is over in Shanghai
    assert (await Pod.get(number=1)).dissolved
    entries = await AuditEntry.filter(action="rebalance")
    assert len(entries) == 3 and all(entry.actor_id is None for entry in entries)
    pod = await Pod.get(number=2).prefetch_related("leader")
    assert pod.leader.display_name.lower() != leader_of_2
    assert said(sandbox, f"dm:{pod.leader.display_name.lower()}", "You now lead (组长) pod 2 of py-march")


async def test_a_pods_mentor_hears_privately_when_a_member_drops_out(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path)  # alice, bob, carol: one pod
    admin = sandbox.user("admin")
    await sandbox.user("dave").says("hello")
    assert "py-march has no pod 3" in (await admin.says("/camp mentor @dave 3")).text  # before the opening
    await sandbox.set_time(utc(OPENED))
    done = await admin.says("/camp mentor @dave 1")
    assert done[-1].private and "Dave is now a mentor of py-march, for pod 1." in done.text
    assert said(sandbox, "dm:dave", "You are now a mentor of py-march, for pod 1.")
    assert "Dave is a mentor of py-march already." in (await admin.says("/camp mentor @dave 1")).text
    for date in ("2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"):
        await sandbox.set_time(utc(f"{date} 02:00"))  # bob never checks in
        for name in ("alice", "carol"):
            await sandbox.user(name).says("/checkin")
    assert said(sandbox, "dm:dave", "has missed") == [
        "Bob (pod 1 of py-march) has missed 3 days in a row. They had a nudge; a word from you may help."]
    assert not said(sandbox, "demo", "has missed")  # private, never in the group


async def test_without_mentors_the_organisers_hear_of_a_drop_out(make_sandbox, tmp_path):
    sandbox = await enrolled_cohort(make_sandbox, tmp_path)
    await sandbox.set_time(utc(OPENED))
    await sandbox.user("admin").says("/camp excuse @carol 1 doctor")  # the admin acted on the cohort
    for date in ("2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"):
        await sandbox.set_time(utc(f"{date} 02:00"))
        await sandbox.user("alice").says("/checkin")
        await sandbox.user("carol").says("/checkin")
    assert said(sandbox, "dm:admin", "has missed") == [
        "Bob (pod 1 of py-march) has missed 3 days in a row. They had a nudge; a word from you may help."]
