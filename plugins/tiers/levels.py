"""The level curve: the XP from level L to L+1 is a polynomial of L (MEE6's 5L² + 50L + 100 by default)."""
from __future__ import annotations

from dataclasses import dataclass


def xp_for_next(level: int, curve: list[int]) -> int:
    """XP needed to go from `level` to `level + 1`; curve = [c0, c1, c2, ...]."""
    return sum(c * level ** power for power, c in enumerate(curve))


@dataclass(frozen=True)
class Level:
    level: int
    into: int  # XP gathered inside this level
    needed: int  # XP this level takes in all


def level_of(xp: int, curve: list[int]) -> Level:
    level, left = 0, max(xp, 0)
    while left >= (needed := xp_for_next(level, curve)):
        left -= needed
        level += 1
    return Level(level, left, needed)
