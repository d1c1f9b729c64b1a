"""A spam wave through the real Telegram adapter and aiogram against FakeTelegram (issue 18):
500 spam messages in 10 s from 50 new accounts in one group, while members of other groups send
/ping every 3 s.

    python -m benchmarks.gate_wave
    python -m benchmarks.gate_wave --spam 200 --accounts 20 --seconds 5

Printed: how many spam messages reached the bot (a muted account's posts are refused by the
platform, as Telegram does), how many were deleted, and whether any was deleted twice or left
standing; the bot's member actions (deletes, restrictions, bans) per second at their peak, alone and with
the messages it sent, beside Telegram's 30 requests a second (the adapter paces both at 27); and the /ping answers' latency in the other groups, p50 and p99
(target < 1 s), beside a run without the wave measured in the same run.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from collections import Counter
from pathlib import Path

from bot.config import Settings
from bot.runtime import Runtime
from bot.stores import MemoryStore

from adapters.telegram import TelegramAdapter
from adapters.telegram.outbox import TELEGRAM_LIMITS, paced_limits
from benchmarks.telegram_checkin import TOKEN, Run, World
from benchmarks.telegram_flood import PING_EVERY, ping_plugin
from plugins.gate import plugin as gate

RAIDERS = 8_000_000
SPAM = ["🔥 free crypto signals, join https://t.me/+Wave{n} now 🔥", "兼职日赚500，加V详聊 t.me/joinchat/Wave{n}"]
MEMBER_ACTIONS = {"deleteMessage", "restrictChatMember", "banChatMember", "unbanChatMember"}
POSTS = {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption", "editMessageReplyMarkup"}


async def measure(folder: Path, name: str, chats: int, seconds: float, accounts: int, spam: int) -> tuple[Run, dict]:
    url = f"sqlite://{folder / (name.replace(' ', '-') + '.sqlite3')}"
    settings = Settings.model_validate({"web": {"enabled": False}, "database": {"url": url},
                                        "bot": {"auto_migrate": True}})
    runtime = Runtime(settings, [ping_plugin(), gate], {"telegram": TelegramAdapter}, store=MemoryStore())
    async with World(chats + 1, 1, 1_000_000) as world:
        tg = world.tg
        spam_group, pingers = world.groups[0], world.people[1:]
        tg.set_admin(spam_group, tg.bot_id)
        for user in range(RAIDERS, RAIDERS + accounts):
            tg.add_user(user, f"Raider {user}")
        runtime.config.telegram = {"token": TOKEN, "api_base": tg.base_url}
        runtime.build_adapters()  # paced as shipped: 27 requests a second, a margin under Telegram's 30
        await runtime.start()
        await tg.wait_for("getUpdates")
        await world.introduce(settle=1.0)
        await runtime.bus.drain(120)
        first_call = len(tg.calls)
        sent: list[int] = []
        refused = 0

        async def wave() -> None:
            nonlocal refused
            began = time.monotonic()
            for index in range(spam):
                user = RAIDERS + index % accounts
                try:
                    update = tg.message(spam_group, user, SPAM[index % 2].format(n=index % 7))
                    sent.append(update["message"]["message_id"])
                except PermissionError:  # muted: Telegram refuses the post
                    refused += 1
                await asyncio.sleep(max(0.0, began + (index + 1) * seconds / spam - time.monotonic()))

        async def pings() -> None:
            began = time.monotonic()
            for index in range(int(seconds / PING_EVERY) * len(pingers)):
                chat, user = pingers[index % len(pingers)]
                world.push(chat, user, "/ping")
                await asyncio.sleep(max(0.0, began + (index + 1) * PING_EVERY / len(pingers) - time.monotonic()))

        started = time.monotonic()
        await asyncio.gather(wave() if spam else asyncio.sleep(0), pings())
        await world.wait_answered(60)
        await settle(runtime, tg)
        run = world.result(name, started)
        calls = tg.calls[first_call:]
        deletes = Counter(int(c.params["message_id"]) for c in calls
                          if c.method == "deleteMessage" and c.effective and int(c.params["chat_id"]) == spam_group)
        per_second = Counter(int(c.at) for c in calls if c.method in MEMBER_ACTIONS)
        paced_per_second = Counter(int(c.at) for c in calls if c.method in MEMBER_ACTIONS | POSTS)
        facts = {"reached": len(sent), "refused": refused, "deleted": sum(1 for m in sent if deletes[m] >= 1),
                 "twice": sum(1 for m in sent if deletes[m] > 1), "standing": sum(1 for m in sent if deletes[m] == 0),
                 "peak": max(per_second.values(), default=0),
                 "paced_peak": max(paced_per_second.values(), default=0),
                 "last_delete": max((c.at for c in calls if c.method == "deleteMessage"), default=started) - started,
                 "bans": sum(1 for c in calls if c.method == "banChatMember" and c.effective)}
        await runtime.stop()
    return run, facts


async def settle(runtime: Runtime, tg, quiet: float = 2.0, timeout: float = 300) -> None:
    """Wait until every update is handled and the bot has made no request for `quiet` seconds."""
    adapter = runtime.adapters["telegram"]
    deadline = time.monotonic() + timeout
    if adapter.intake is not None:
        await adapter.intake.idle(timeout)
    await runtime.bus.drain(timeout)
    seen = -1
    while len(tg.calls) != seen and time.monotonic() < deadline:
        seen = len(tg.calls)
        await asyncio.sleep(quiet)


async def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spam", type=int, default=500)
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--chats", type=int, default=20, help="other groups, each pinging every 3 s")
    parser.add_argument("--no-postgres", action="store_true", help="(accepted with the other benchmarks)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("bot.runtime").setLevel(logging.CRITICAL)  # the ping plugin has no catalogs, on purpose
    folder = Path(tempfile.mkdtemp(prefix="shequn-bench-wave-"))
    base, _ = await measure(folder, "no wave", args.chats, args.seconds, args.accounts, 0)
    wave, facts = await measure(folder, "spam wave", args.chats, args.seconds, args.accounts, args.spam)
    print(f"{args.spam} spam messages in {args.seconds:.0f} s from {args.accounts} new accounts; {args.chats} other "
          f"groups pinging every {PING_EVERY:.0f} s")
    print(f"  reached the bot: {facts['reached']} (the platform refused {facts['refused']} from muted accounts); "
          f"deleted {facts['deleted']}, deleted twice {facts['twice']}, left standing {facts['standing']}; "
          f"bans {facts['bans']}")
    print(f"  member actions at their peak: {facts['peak']} requests in one second; with the messages sent, "
          f"{facts['paced_peak']} (Telegram: {TELEGRAM_LIMITS.per_second_overall:.0f} a second; paced at "
          f"{paced_limits().per_second_overall:.0f})")
    print(f"  the last delete {facts['last_delete']:.1f} s after the wave began")
    for run_ in (base, wave):
        print(f"  /ping in other groups, {run_.name:<9}: p50 {run_.pct(0.5) * 1000:5.0f} ms, "
              f"p99 {run_.pct(0.99) * 1000:5.0f} ms; missing {run_.missing}")
    print(f"  p99 during the wave {wave.pct(0.99) / base.pct(0.99):.2f}x the baseline's (target < 1000 ms)")


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(argv))


if __name__ == "__main__":
    main()
