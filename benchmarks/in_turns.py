"""The in-memory figures on CPU time, each call taken in turns with the pandas floor.

Usage::

    python benchmarks/in_turns.py --contacts 100000 --interactions 1000000 --repeat 3
    python benchmarks/in_turns.py --bound   # the parts of benchmarks/lower_bound.py too
    python benchmarks/in_turns.py --only health --incremental 3

On a shared machine the wall-clock seconds of ``benchmarks/run.py`` move with the load
of other work; this script times the same calls (``agenda_memory_s``,
``agenda_memory_unbounded_s``, ``follow_ups_memory_s``, ``health_memory_s``) in CPU
seconds of this process (``time.process_time``), each call followed by one of
``pandas_cadence_s``, so that a figure and its floor meet the same load. It prints,
per figure, the medians (CPU and wall) of the figure and of the floor, and their ratios.
``health_after_write_s`` is ``health`` with one interaction written just before (the
write timed too): what a call pays when the store's kept summaries must be handed over
anew. ``--only`` keeps the figures whose key starts with it; ``--incremental ROUNDS``
also times ``benchmarks/run.py``'s incremental figures on CPU time, ROUNDS rounds.
To compare two versions of the code, run it on each in turns.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lower_bound
from run import DEFAULT_SEED, END, NOW, START, busiest, incremental, pandas_cadence, pandas_frames

from relnet import Channel, Engine, Interaction
from relnet.model import ContactId
from relnet.policy import health
from relnet.synth import SyntheticNetwork, network


def once(call: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall-clock seconds of one call."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    call()
    return time.process_time() - cpu, time.perf_counter() - wall


def incremental_cpu(net: SyntheticNetwork, repeat: int, person: ContactId) -> None:
    """Print ``benchmarks/run.py``'s incremental figures, timed on CPU time."""
    (full, history), (small, short) = incremental(net, repeat, person, clock=time.process_time)
    print(
        f"  incremental cpu {full:.4f} ms ({history} interactions)"
        f"  small {small:.4f} ms ({short})  ratio {full / small:.3f}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> dict[str, tuple[float, float, float, float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bound", action="store_true", help="the lower bound's parts too")
    parser.add_argument("--only", action="append", help="figures whose key starts with it")
    parser.add_argument("--incremental", type=int, default=0, metavar="ROUNDS")
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)
    net = network(args.contacts, args.interactions, seed=args.seed, start=START, end=END)
    store = net.to_store()
    touches, people = pandas_frames(net)
    zone = net.settings.timezone
    person = busiest(net)
    for _ in range(args.incremental):
        incremental_cpu(net, repeat, person)
    del net
    written = iter(range(1_000_000))

    def health_after_write() -> object:
        at = NOW.subtract(seconds=1_000).add(microseconds=next(written))
        store.add_interaction(Interaction([person], at, Channel.CALL, id=f"~after-{at}"))
        return health(store, now=NOW)

    def floor() -> object:
        return pandas_cadence(touches, people, zone)

    engine = Engine()
    calls: dict[str, Callable[[], object]] = {
        "agenda_memory_s": lambda: engine.agenda(store, now=NOW),
        "agenda_memory_unbounded_s": lambda: engine.agenda(store, now=NOW, capacity=args.contacts),
        "follow_ups_memory_s": lambda: engine.follow_ups(store, now=NOW),
        "health_memory_s": lambda: health(store, now=NOW),
        "health_after_write_s": health_after_write,
    }
    if args.only:
        calls = {k: v for k, v in calls.items() if any(k.startswith(o) for o in args.only)}
    for call in (*calls.values(), floor):
        call()  # the summary caches warm up
    found: dict[str, tuple[float, float, float, float]] = {}
    for key, call in calls.items():
        runs: list[tuple[float, float]] = []
        floors: list[tuple[float, float]] = []
        for _ in range(repeat):
            runs.append(once(call))
            floors.append(once(floor))
        cpu, wall = (statistics.median(r[i] for r in runs) for i in (0, 1))
        floor_cpu, floor_wall = (statistics.median(r[i] for r in floors) for i in (0, 1))
        found[key] = (cpu, wall, floor_cpu, floor_wall)
        print(
            f"  {key:<27} cpu {cpu:8.4f} s  wall {wall:8.4f} s   floor cpu {floor_cpu:.4f} s"
            f"  wall {floor_wall:.4f} s   ratio cpu {cpu / floor_cpu:6.2f}"
            f"  wall {wall / floor_wall:6.2f}",
            flush=True,
        )
    if args.bound:
        for key, value in lower_bound.measure(
            lower_bound.reading(store), engine.follow_ups(store, now=NOW).items, floor, repeat
        ).items():
            print(f"  bound {key:<18} {value:10.4f}", flush=True)
    return found


if __name__ == "__main__":
    main()
