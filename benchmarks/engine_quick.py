"""Time ``Engine().agenda`` on a random network held in an InMemoryStore.

Usage: ``python benchmarks/engine_quick.py [contacts] [interactions] [runs]``
(defaults 10000, 200000, 5). The network is built with a fixed seed, so runs compare.
Prints the build time and the median and best of ``runs`` agenda and follow-up runs.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

import pendulum

from relnet import (
    Cadence,
    Channel,
    Circle,
    Commitment,
    Contact,
    Direction,
    Engine,
    Goal,
    InMemoryStore,
    Interaction,
    MonthDay,
    Party,
    Role,
    Settings,
    Value,
)

NOW = pendulum.datetime(2026, 11, 25, 9, 30, tz="Europe/London")
CIRCLES = [Circle.INNER, Circle.CLOSE, Circle.ACTIVE, Circle.NETWORK, Circle.ACQUAINTANCE]
CIRCLE_WEIGHTS = [2, 5, 15, 60, 18]
CHANNELS = [
    Channel.MEETING,
    Channel.CALL,
    Channel.VIDEO,
    Channel.EVENT,
    Channel.EMAIL,
    Channel.MESSAGE,
    Channel.SOCIAL,
    Channel.NOTE,
]
CHANNEL_WEIGHTS = [8, 5, 5, 3, 40, 25, 10, 4]


def build(contacts: int, interactions: int, seed: int = 20261125) -> InMemoryStore:
    """A random network: contacts, interactions over three years, commitments and goals."""
    rng = random.Random(seed)
    people = []
    for n in range(contacts):
        people.append(
            Contact(
                f"Person {n:05d}",
                id=f"c{n:05d}",
                circle=rng.choices(CIRCLES, CIRCLE_WEIGHTS)[0],
                cadence=Cadence.weeks(rng.choice([2, 6, 8])) if rng.random() < 0.1 else None,
                created_at=NOW.subtract(days=rng.randrange(30, 2000)),
                roles={Role.MENTOR} if rng.random() < 0.03 else set(),
                birthday=MonthDay(rng.randrange(1, 13), rng.randrange(1, 29))
                if rng.random() < 0.2
                else None,
            )
        )
    ids = [p.id for p in people]
    goals = [
        Goal(
            f"Goal {g}",
            id=f"g{g}",
            contacts=rng.sample(ids, 50),
            weight=0.5,
            cadence=Cadence.months(1) if g % 2 else None,
        )
        for g in range(10)
    ]
    span = 3 * 365 * 24 * 3600
    logged = []
    for n in range(interactions):
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        seconds = rng.randrange(-span, 14 * 24 * 3600)  # a few are planned
        at = NOW.add(seconds=seconds)
        direction = None
        expects = None
        if channel.is_async:
            direction = rng.choice([Direction.INBOUND, Direction.OUTBOUND])
            if direction is Direction.OUTBOUND and rng.random() < 0.3:
                expects = True
        who = [rng.choice(ids)]
        if channel is Channel.EVENT:
            who += rng.sample(ids, 3)
        logged.append(
            Interaction(
                who,
                at,
                channel,
                direction=direction,
                expects_reply=expects,
                received=[Value.ADVICE] if rng.random() < 0.05 else [],
                gave=[Value.RESOURCE] if rng.random() < 0.05 else [],
                id=f"i{n:07d}",
            )
        )
    commitments = [
        Commitment(
            rng.choice(ids),
            "something",
            NOW.date().add(days=rng.randrange(-20, 20)),
            owed_by=rng.choice([Party.ME, Party.THEM]),
            id=f"k{n:05d}",
        )
        for n in range(contacts // 20)
    ]
    return InMemoryStore.from_records(
        settings=Settings(timezone="Europe/London"),
        contacts=people,
        goals=goals,
        interactions=logged,
        commitments=commitments,
    )


def timed(call: object, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds taken by each of ``runs`` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()  # type: ignore[operator]
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def report(label: str, times: tuple[list[float], list[float]]) -> None:
    """Print the median and best wall-clock time, and the median CPU time."""
    wall, cpu = times
    print(
        f"{label}: median {statistics.median(wall) * 1000:.0f} ms, "
        f"best {min(wall) * 1000:.0f} ms (CPU median {statistics.median(cpu) * 1000:.0f} ms) "
        f"over {len(wall)} runs"
    )


def main() -> None:
    args = [int(a) for a in sys.argv[1:]]
    contacts, interactions, runs = (args + [10_000, 200_000, 5][len(args) :])[:3]
    start = time.perf_counter()
    store = build(contacts, interactions)
    print(
        f"built {contacts} contacts, {interactions} interactions in "
        f"{time.perf_counter() - start:.1f}s"
    )
    engine = Engine()
    agenda = engine.agenda(store, now=NOW)
    print(f"agenda: {len(agenda)} items ({sum(i.must_do for i in agenda)} must-do)")
    report("Engine().agenda", timed(lambda: engine.agenda(store, now=NOW), runs))
    report("Engine().follow_ups", timed(lambda: engine.follow_ups(store, now=NOW), runs))
    quiet = NOW.add(days=30)  # nothing planned after it: every summary comes from the cache
    report("Engine().agenda, nothing planned", timed(lambda: engine.agenda(store, now=quiet), runs))


if __name__ == "__main__":
    main()
