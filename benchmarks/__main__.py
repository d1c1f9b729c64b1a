"""Every benchmark, one after the other: `python -m benchmarks [--no-postgres]`.

Each prints its own figures beside a baseline measured in the same run.
"""
import sys

from benchmarks import (camps, checkin_rank, gate_rules, gate_wave, instances, referrals, referrals_raid,
                        telegram_checkin, telegram_flood, tiers_messages, tiers_resync, tiers_sweep)


def main() -> None:
    extra = [a for a in sys.argv[1:] if a == "--no-postgres"]
    from benchmarks import homework  # its own line: the module list above changes often

    print("== camps homework: peer assignment of 2,000 submissions, /review with 10,000 waiting")
    homework.main(extra)
    print("\n== /rank latency and calendar render")
    checkin_rank.main(extra)
    print("\n== check-ins through the Telegram adapter vs. a bare aiogram bot")
    telegram_checkin.main(extra)
    print("\n== durability's cost, several instances, kill -9 (real processes)")
    instances.main(extra)
    print("\n== message XP under a flood, beside the bare check-in path")
    tiers_messages.main(extra)
    print("\n== tier role sync after a threshold change (real aiogram, restart half-way)")
    tiers_resync.main(extra)
    print("\n== the nightly tier floor sweep")
    tiers_sweep.main(extra)
    print("\n== course camps: unlock fan-out, /progress, certificate render")
    camps.main(extra)
    print("\n== referrals: poster render, /invites on 100,000 rows")
    referrals.main(extra)
    print("\n== referrals: a raid of 1,000 joins on one link")
    referrals_raid.main([])
    print("\n== the gate's spam rules on every message, beside the bare bus")
    gate_rules.main(extra)
    print("\n== a spam wave through the Telegram adapter: 500 messages in 10 s from 50 new accounts")
    gate_wave.main(extra)
    print("\n== other chats' latency during a flood")
    telegram_flood.main([])


if __name__ == "__main__":
    main()
