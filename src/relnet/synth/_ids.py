"""Record ids: 16 hex digits, unique per kind, fixed by the seed."""

from __future__ import annotations

import random

__all__ = ["KINDS", "draw_salts", "make_id"]

#: The kinds of record that get ids, in the order their salts are drawn.
KINDS = ("contact", "interaction", "goal", "community", "event", "commitment")
_M64 = (1 << 64) - 1


def draw_salts(rng: random.Random) -> dict[str, int]:
    """One 64-bit salt per kind of record (one draw each, in :data:`KINDS` order)."""
    return {kind: rng.getrandbits(64) for kind in KINDS}


def make_id(number: int, salt: int) -> str:
    """A 16-hex-digit id, a bijection of ``number`` (so never repeated) mixed with ``salt``."""
    h = (number * 0x9E3779B97F4A7C15 + salt) & _M64
    h ^= h >> 31
    h = (h * 0xBF58476D1CE4E5B9) & _M64
    h ^= h >> 29
    return f"{h:016x}"
