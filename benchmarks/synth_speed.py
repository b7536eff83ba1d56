"""How long a synthetic network takes to generate, and to load into an InMemoryStore.

Usage::

    python benchmarks/synth_speed.py --contacts 100000 --interactions 1000000 --repeat 3

Prints the median wall-clock and CPU seconds of each step over ``--repeat`` runs (CPU
time is steadier on a shared machine), and the peak resident memory of the process.
The generator leaves the cyclic garbage collector alone; ``--pause-gc`` pauses it around
each timed step (the records form no cycles, so this only saves the collector's walks).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import resource
import statistics
import time
from collections.abc import Iterator

import pendulum

from relnet.synth import network

START = pendulum.datetime(2021, 1, 1, tz="Europe/London")
END = pendulum.datetime(2025, 12, 31, 18, tz="Europe/London")


@contextlib.contextmanager
def gc_paused(pause: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector while the block runs, if ``pause``."""
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pause-gc", action="store_true", help="pause the collector")
    args = parser.parse_args()

    timings: dict[str, list[tuple[float, float]]] = {"generate": [], "to_store": []}
    for _ in range(args.repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        with gc_paused(args.pause_gc):
            net = network(args.contacts, args.interactions, seed=args.seed, start=START, end=END)
        timings["generate"].append((time.perf_counter() - wall, time.process_time() - cpu))
        wall, cpu = time.perf_counter(), time.process_time()
        with gc_paused(args.pause_gc):
            store = net.to_store()
        timings["to_store"].append((time.perf_counter() - wall, time.process_time() - cpu))
        del net, store

    print(
        f"{args.contacts} contacts, {args.interactions} interactions, seed {args.seed}, "
        f"median of {args.repeat}{', collector paused' if args.pause_gc else ''}"
    )
    for step, runs in timings.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        per = wall / args.interactions * 1e6 if args.interactions else 0.0
        print(f"  {step:<9} {wall:8.2f} s wall  {cpu:8.2f} s cpu  ({per:.1f} µs per interaction)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
