"""The tier flow driven over the sandbox's HTTP API with its clock: promotion, the tag every member can
see, the warning and the step-down."""
from aiohttp import ClientSession

from plugins.tiers import plugin as tiers
from plugins.tiers.tests.helpers import tiers_config


async def test_promotion_warning_and_step_down_over_http(make_sandbox):
    overrides = tiers_config(grace_days=10, warn_days=5)
    overrides["web"] = {"enabled": True, "host": "127.0.0.1", "port": 0}
    sandbox = await make_sandbox(overrides, plugins=[tiers])
    base = f"http://127.0.0.1:{sandbox.runtime.web.port}/sandbox/api"
    async with ClientSession() as http:
        async def post(path: str, body: dict) -> dict:
            async with http.post(base + path, json=body) as response:
                assert response.status == 200, await response.text()
                return await response.json()

        async def tags() -> dict:
            async with http.get(base + "/members", params={"chat": "demo"}) as response:
                return {m["user"]: (m["tag"], m["roles"]) for m in (await response.json())["members"]}

        await post("/messages", {"user": "alice", "text": "hello"})
        given = await post("/messages", {"user": "admin", "text": "/xp give @alice 300 launch help"})
        texts = {r["text"]: r["private"] for r in given["replies"]}
        assert texts["Gave @Alice 300 XP; they have 300 XP now (audited)."] is True
        assert texts["🎉 @Alice is now Core!"] is False
        assert (await tags())["alice"] == ("Core", ["Core"])
        await post("/clock", {"now": "2026-04-02T09:00:00+00:00"})  # a month later: below the floor
        await post("/clock", {"now": "2026-04-08T09:00:00+00:00"})
        async with http.get(base + "/history", params={"chat": "dm:alice", "user": "alice"}) as response:
            dms = [m["text"] for m in (await response.json())["messages"]]
        assert any(text.startswith("Heads-up: to keep Core") for text in dms)
        await post("/clock", {"now": "2026-04-13T09:00:00+00:00"})
        assert (await tags())["alice"] == ("Member", ["Member"])
        async with http.get(base + "/members", params={"chat": "dm:alice"}) as response:
            assert response.status == 404


async def test_newcomers_may_not_post_links_until_promoted_over_http(make_sandbox):
    ladder = [{"key": "newcomer", "name": "Newcomer", "name_zh": "新人", "xp": 0, "restrict": ["links", "media"]},
              {"key": "member", "name": "Member", "name_zh": "成员", "xp": 100, "restrict": ["media"]},
              {"key": "core", "name": "Core", "name_zh": "核心", "xp": 300}]
    overrides = tiers_config(tiers=ladder)
    overrides["web"] = {"enabled": True, "host": "127.0.0.1", "port": 0}
    sandbox = await make_sandbox(overrides, plugins=[tiers])
    base = f"http://127.0.0.1:{sandbox.runtime.web.port}/sandbox/api"
    async with ClientSession() as http:
        async def post(path: str, body: dict) -> int:
            async with http.post(base + path, json=body) as response:
                return response.status

        async def restrictions() -> dict:
            async with http.get(base + "/members", params={"chat": "demo"}) as response:
                return {m["user"]: m["restrictions"] for m in (await response.json())["members"]}

        assert await post("/members", {"user": "dave", "action": "join"}) == 200
        assert (await restrictions())["dave"] == ["links", "media"]
        assert await post("/messages", {"user": "dave", "text": "buy at https://spam.example"}) == 403
        assert await post("/messages", {"user": "dave", "text": "hello everyone"}) == 200
        await post("/messages", {"user": "admin", "text": "/xp give @dave 150 welcome"})
        assert (await restrictions())["dave"] == ["media"]  # a Member may post links, not media yet
        assert await post("/messages", {"user": "dave", "text": "notes at https://ok.example"}) == 200
        await post("/messages", {"user": "admin", "text": "/xp give @dave 200 great help"})
        assert (await restrictions())["dave"] == []
        await post("/messages", {"user": "admin", "text": "/tier_set @dave newcomer asked to"})
        assert (await restrictions())["dave"] == ["links", "media"]


async def test_a_granted_tier_expires_over_http(make_sandbox):
    overrides = tiers_config()
    overrides["web"] = {"enabled": True, "host": "127.0.0.1", "port": 0}
    sandbox = await make_sandbox(overrides, plugins=[tiers])
    base = f"http://127.0.0.1:{sandbox.runtime.web.port}/sandbox/api"
    async with ClientSession() as http:
        async def post(path: str, body: dict) -> None:
            async with http.post(base + path, json=body) as response:
                assert response.status == 200, await response.text()

        async def tag(user: str) -> str:
            async with http.get(base + "/members", params={"chat": "demo"}) as response:
                return {m["user"]: m["tag"] for m in (await response.json())["members"]}[user]

        await post("/messages", {"user": "erin", "text": "hello"})
        await post("/messages", {"user": "admin", "text": "/tier_grant @erin elder 5 sponsor"})
        assert await tag("erin") == "Elder"
        await post("/clock", {"now": "2026-03-07T10:00:00+00:00"})  # five days and an hour later
        assert await tag("erin") == "Newcomer"
