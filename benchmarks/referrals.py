"""Referral benchmarks: the poster render, and /invites over 100,000 invite rows.

    python -m benchmarks.referrals                 # SQLite and PostgreSQL (if reachable)
    python -m benchmarks.referrals --no-postgres

Poster render: p50 of rendering a member's poster (target < 50 ms), beside the bare QR code
of the same link drawn and saved the same way (the baseline). /invites: p50 of `/invites`
through the sandbox bus with 100,000 invite rows in the community (target < 50 ms), beside
/invites in an empty community (the baseline), on SQLite and PostgreSQL.
"""
from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import time
from datetime import timedelta

from adapters.sandbox.testing import start_sandbox, stop_sandbox
from bot import insert_many, now
from bot.models import Member

from plugins.referrals import plugin as referrals
from plugins.referrals import poster
from plugins.referrals.models import Referral

URL = "https://t.me/+AbCdEfGhIjKlMnOp"
TEXT = poster.PosterText("Shequn 学习社群", "邀你加入，一起成长", "Alice 爱丽丝", "3/5 已助力", "再邀 2 人得 50 积分",
                         "扫码加入", 3, 5)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--no-postgres", action="store_true")
    return parser.parse_args(argv)


def p50(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def render_poster(runs: int) -> None:
    def bare() -> None:
        out = io.BytesIO()
        poster.qr_image(URL, poster.QR_SIDE).save(out, format="JPEG", quality=90)

    def timed(function) -> list[float]:
        function()  # fonts and background loaded once, as in a running bot
        samples = []
        for _ in range(runs):
            began = time.perf_counter()
            function()
            samples.append(time.perf_counter() - began)
        return samples

    full, base = p50(timed(lambda: poster.render(TEXT, URL))), p50(timed(bare))
    print(f"poster render p50 {full:.1f} ms (target < 50) | baseline bare QR {base:.1f} ms | ratio {full / base:.1f}x")


async def invites_latency(database: str, rows: int, runs: int) -> None:
    async def measure(sandbox) -> float:
        adapter = sandbox.adapter()
        samples = []
        for _ in range(runs + 1):
            sandbox.clock.advance(timedelta(seconds=4))  # past /invites' cooldown
            began = time.perf_counter()
            answer = await adapter.says("alice", "/invites", "dm:alice")
            samples.append(time.perf_counter() - began)
            assert answer.text.startswith("Your referrals"), answer.text
        return p50(samples[1:])

    empty = await start_sandbox(plugins=[referrals], database=database)
    try:
        await empty.adapter().says("alice", "hello")
        base = await measure(empty)
    finally:
        await stop_sandbox(empty)
    sandbox = await start_sandbox(plugins=[referrals], database=database)
    try:
        await sandbox.adapter().says("alice", "hello")
        alice = await Member.get(display_name="Alice")
        await fill(alice, rows)
        full = await measure(sandbox)
    finally:
        await stop_sandbox(sandbox)
    print(f"/invites p50 on {database} with {rows:,} invite rows {full:.1f} ms (target < 50) | "
          f"baseline empty community {base:.1f} ms | ratio {full / base:.1f}x")


async def fill(inviter: Member, rows: int) -> None:
    """`rows` joins in the community, 1 in 20 through alice's link, in every status."""
    statuses = ("confirmed", "pending", "void", "hold", "unknown")
    start = now() - timedelta(days=30)
    members = [{"community_id": inviter.community_id, "display_name": f"m{i}", "joined_at": start,
                "last_seen_at": start} for i in range(rows)]
    for chunk in range(0, rows, 5000):
        await insert_many(Member, members[chunk:chunk + 5000])
    first = inviter.id + 1
    batch = []
    for i in range(rows):
        batch.append({"community_id": inviter.community_id, "join_key": f"bench:{i}", "campaign": "default",
                      "inviter_id": inviter.id if i % 20 == 0 else first + (i % 997), "invitee_id": first + i,
                      "platform": "sandbox", "status": statuses[i % 5], "detail": "{}", "candidates": "[]",
                      "joined_at": start + timedelta(seconds=i), "counts": True})
        if len(batch) == 5000:
            await insert_many(Referral, batch)
            batch = []
    if batch:
        await insert_many(Referral, batch)


async def postgres_reachable() -> bool:
    try:
        import asyncpg

        from adapters.sandbox.testing import POSTGRES_ADMIN_URL
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://"), timeout=3)
        await connection.close()
        return True
    except Exception:
        return False


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    render_poster(args.runs)

    async def databases() -> None:
        await invites_latency("sqlite", args.rows, args.runs)
        if not args.no_postgres and await postgres_reachable():
            await invites_latency("postgres", args.rows, args.runs)
        elif not args.no_postgres:
            print("/invites on postgres: skipped (no server on 127.0.0.1:5432)")
        from adapters.sandbox.testing import drop_test_databases
        await drop_test_databases()

    asyncio.run(databases())


if __name__ == "__main__":
    main()
