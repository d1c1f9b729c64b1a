"""The gate's cost on every message: a plain group message through the sandbox bus with the gate's
spam rules on (every rule enabled, a Chinese ad word list and regexes, repeat counting), beside
the same bus without the gate, measured in the same run.

    python -m benchmarks.gate_rules                  # 3,000 messages each way
    python -m benchmarks.gate_rules --messages 500

Printed: CPU per message, p50 and p90, each way, and what the rules add (target: under 0.2 ms
CPU at p50); and the rules' own functions on one message, without the bus.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from adapters.sandbox.testing import start_sandbox, stop_sandbox

from plugins.gate import plugin as gate
from plugins.gate.rules import fingerprint, look_at, matches_pattern
from plugins.gate.settings import PatternRule

RULES = {"links": {"allowed_roles": ["Member"]}, "repeats": {"times": 4, "seconds": 60, "min_length": 20},
         "mentions": {"max": 5},
         "patterns": {"enabled": True, "words": ["加V", "加微信", "加薇", "VX", "兼职", "刷单", "日赚", "返利", "私聊我",
                                                 "代理", "crypto signals", "guaranteed profit"],
                      "regexes": [r"加\s*[vV薇微]", r"[vV][xX]\s*[:：]?\s*\w{5,}", r"日赚\s*\d+"]}}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--no-postgres", action="store_true", help="(accepted with the other benchmarks)")
    return parser.parse_args(argv)


def plain(i: int) -> str:
    return f"good morning everyone, today I am reading chapter {i} of the asyncio docs"


async def per_message_cpu(with_gate: bool, count: int) -> list[float]:
    config = {"bot": {"rate_limit_per_minute": 1_000_000}, "plugins": {"gate": {"rules": RULES}}}
    sandbox = await start_sandbox(config, plugins=[gate] if with_gate else [])
    try:
        adapter = sandbox.adapter()
        for i in range(200):  # warm up: members created, caches filled
            await adapter.says(f"m{i % 50}", plain(i))
        costs = []
        for i in range(count):
            started = time.process_time()
            await adapter.says(f"m{i % 50}", plain(i + 1000))
            costs.append(time.process_time() - started)
        return costs
    finally:
        await stop_sandbox(sandbox)


def rules_alone(count: int) -> list[float]:
    patterns = PatternRule.model_validate(RULES["patterns"])
    costs = []
    for i in range(count):
        text = plain(i)
        started = time.perf_counter()
        looks = look_at(text, forwarded_from=None, mentioned=0)
        matches_pattern(looks.text, patterns)
        fingerprint(text)
        costs.append(time.perf_counter() - started)
    return costs


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


async def run(args: argparse.Namespace) -> None:
    bare = await per_message_cpu(False, args.messages)
    gated = await per_message_cpu(True, args.messages)
    alone = rules_alone(args.messages)
    bare_p50, gated_p50 = statistics.median(bare), statistics.median(gated)
    print(f"{args.messages} plain group messages each way, 50 members, every gate rule on")
    print(f"  bare bus (no gate): CPU p50 {ms(bare_p50)}, p90 {ms(statistics.quantiles(bare, n=10)[8])}")
    print(f"  with the gate:      CPU p50 {ms(gated_p50)}, p90 {ms(statistics.quantiles(gated, n=10)[8])}")
    print(f"  the rules add {ms(gated_p50 - bare_p50)} at p50 (target < 0.200 ms; ratio {gated_p50 / bare_p50:.2f})")
    print(f"  the rule functions alone: p50 {ms(statistics.median(alone))} per message")


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parse(argv)))


if __name__ == "__main__":
    main()
