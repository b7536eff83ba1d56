"""Phase 1, people: who is in the network, in which circle, with which roles, who
introduced whom, and how often each person comes up.

People are numbered ``0 … n-1``; later phases index these tuples by that number.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence

import attrs

from relnet.model import Role
from relnet.synth._vocabulary import (
    CIRCLE_RATE,
    CIRCLE_SHARE,
    CONTACT_ZONES,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANIZATIONS,
    RECRUITER,
    ROLE_BITS,
    TAGS,
)

__all__ = ["People", "plan_people"]


@attrs.frozen
class People:
    """The people plan: one entry per person in each per-person tuple.

    ``circle`` indexes :data:`CIRCLES`; ``roles`` holds :data:`ROLE_BITS`; ``ghost`` marks
    people who never answer; ``introducer``, ``zone`` and ``org`` hold ``-1`` for none;
    ``weights`` are the cumulative rates at which people come up in episodes.
    """

    n: int
    circle: tuple[int, ...]
    roles: tuple[int, ...]
    mentors: tuple[int, ...]
    mentees: tuple[int, ...]
    recruiters: tuple[int, ...]
    collaborators: tuple[int, ...]
    ghost: bytes
    archived: frozenset[int]
    do_not_contact: frozenset[int]
    snoozed: frozenset[int]
    introducer: tuple[int, ...]
    zone: tuple[int, ...]
    first: tuple[int, ...]
    last: tuple[int, ...]
    org: tuple[int, ...]
    tags: tuple[tuple[str, ...], ...]
    weights: tuple[float, ...]


def circle_counts(n: int) -> list[int]:
    """How many contacts fall in each circle: the shares, rounded by largest remainder."""
    raw = [share * n for share in CIRCLE_SHARE]
    counts = [int(x) for x in raw]
    by_remainder = sorted(range(5), key=lambda i: (counts[i] - raw[i], i))
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    if n >= 5:
        for i in range(5):
            if counts[i] == 0:
                counts[counts.index(max(counts))] -= 1
                counts[i] = 1
    return counts


class _Picker:
    """Draws a share of all ``n`` people from a pool, leaving out those already taken."""

    def __init__(self, rng: random.Random, n: int) -> None:
        self.rng = rng
        self.n = n

    def __call__(
        self, pool: Sequence[int], share: float, minimum: int, taken: set[int]
    ) -> list[int]:
        """``share`` of all contacts (at least ``minimum``), drawn from ``pool``."""
        free = [i for i in pool if i not in taken]
        k = min(len(free), max(minimum, round(share * self.n)))
        chosen = sorted(self.rng.sample(free, k))
        taken.update(chosen)
        return chosen


def plan_people(n: int, rng: random.Random) -> People:
    """Plan ``n`` people, drawing every decision from ``rng`` in a fixed order."""
    circles = [i for i, count in enumerate(circle_counts(n)) for _ in range(count)]
    rng.shuffle(circles)
    by_circle: list[list[int]] = [[] for _ in range(5)]
    for index, circle in enumerate(circles):
        by_circle[circle].append(index)
    pick = _Picker(rng, n)
    roles, cast = _roles(pick, by_circle)

    # People who never answer (chased three times in vain), and the unreachable.
    plain = [i for i in by_circle[3] + by_circle[4] if not roles[i]]
    ghost = bytearray(n)
    for index in pick(plain, 0.02, 1 if n >= 5 else 0, set()):
        ghost[index] = 1
    outer = [i for i in range(n) if circles[i] != 0]
    sidelined: set[int] = set(cast["mentors"][:1])
    big = n >= 20
    archived = pick(outer, 0.02, 1 if big else 0, sidelined)
    do_not_contact = pick(outer, 0.005, 1 if big else 0, sidelined)
    snoozed = pick(outer, 0.01, 1 if big else 0, sidelined)
    introducer = _introducers(rng, circles)

    zone_cum = list(itertools.accumulate(weight for _, weight in CONTACT_ZONES))
    zone = [
        bisect.bisect(zone_cum, rng.random() * zone_cum[-1]) if rng.random() < 0.65 else -1
        for _ in range(n)
    ]
    first = [rng.randrange(len(FIRST_NAMES)) for _ in range(n)]
    last = [rng.randrange(len(LAST_NAMES)) for _ in range(n)]
    org = [rng.randrange(len(ORGANIZATIONS)) if rng.random() < 0.85 else -1 for _ in range(n)]
    for index in cast["recruiters"]:
        org[index] = len(ORGANIZATIONS) - 1
    tags: list[tuple[str, ...]] = []
    for index in range(n):
        drawn = tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2, 3))))
        tags.append((*drawn, "hiring") if roles[index] & RECRUITER else drawn)
    rates = [CIRCLE_RATE[circles[i]] * rng.lognormvariate(0.0, 0.6) for i in range(n)]

    return People(
        n=n,
        circle=tuple(circles),
        roles=tuple(roles),
        mentors=tuple(cast["mentors"]),
        mentees=tuple(cast["mentees"]),
        recruiters=tuple(cast["recruiters"]),
        collaborators=tuple(cast["collaborators"]),
        ghost=bytes(ghost),
        archived=frozenset(archived),
        do_not_contact=frozenset(do_not_contact),
        snoozed=frozenset(snoozed),
        introducer=tuple(introducer),
        zone=tuple(zone),
        first=tuple(first),
        last=tuple(last),
        org=tuple(org),
        tags=tuple(tags),
        weights=tuple(itertools.accumulate(rates)),
    )


def _roles(pick: _Picker, by_circle: list[list[int]]) -> tuple[list[int], dict[str, list[int]]]:
    """Every person's role bits, and the people cast as mentors, mentees and so on."""
    inner, close, active, wide, acquaint = by_circle
    everyone = range(pick.n)
    mentor_side: set[int] = set()
    cast = {"mentors": pick(inner + close + active, 0.006, 1, mentor_side)}
    cast["mentees"] = pick(close + active + wide, 0.006, 1, mentor_side)
    cast["recruiters"] = pick(wide + acquaint, 0.01, 1, set(cast["mentors"]))
    cast["collaborators"] = pick(inner + close + active, 0.04, 1, set())
    picks = [
        (cast["mentors"], Role.MENTOR),
        (cast["mentees"], Role.MENTEE),
        (cast["recruiters"], Role.RECRUITER),
        (cast["collaborators"], Role.COLLABORATOR),
        (pick(everyone, 0.12, 1, set()), Role.PEER),
        (pick(everyone, 0.02, 0, set()), Role.CLIENT),
        (pick(inner + close, 0.003, 1 if pick.n >= 50 else 0, set()), Role.SPONSOR),
        (pick(inner, 0.007, 0, set()) + pick(close, 0.006, 0, set()), Role.FRIEND),
    ]
    roles = [0] * pick.n
    for chosen, role in picks:
        bit = ROLE_BITS[role]
        for index in chosen:
            roles[index] |= bit
    return roles, cast


def _introducers(rng: random.Random, circles: Sequence[int]) -> list[int]:
    """Who introduced each person (``-1``: nobody); introducers come earlier in the list."""
    n = len(circles)
    introducer = [-1] * n
    connectors: list[int] = []
    for index in range(n):
        if index and circles[index] != 0 and rng.random() < 0.1:
            if connectors and rng.random() < 0.8:
                introducer[index] = rng.choice(connectors)
            else:
                introducer[index] = rng.randrange(index)
        if circles[index] <= 2:
            connectors.append(index)
    if n >= 2 and max(introducer) < 0:
        introducer[1] = 0
    return introducer
