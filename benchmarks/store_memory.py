"""What an InMemoryStore holding a synthetic network costs in memory, per interaction.

Usage::

    python benchmarks/store_memory.py --contacts 100000 --interactions 1000000

Two parts, both in bytes per interaction:

* the interaction records themselves (shared by the network and the store), broken down
  by component with ``sys.getsizeof``, each object counted once however many records
  share it;
* what ``to_store()`` adds on top (dictionaries, indexes, summary folds), measured with
  ``tracemalloc`` (started after generation, so only the store's own allocations are
  traced) and grouped by the line that allocated them.
"""

from __future__ import annotations

import argparse
import gc
import linecache
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterable

import pendulum

from relnet.synth import network

START = pendulum.datetime(2021, 1, 1, tz="Europe/London")
END = pendulum.datetime(2025, 12, 31, 18, tz="Europe/London")


def unique_size(objects: Iterable[object], seen: set[int]) -> tuple[int, int]:
    """Total ``getsizeof`` of the objects not seen before, and how many there were."""
    total = count = 0
    for obj in objects:
        key = id(obj)
        if key in seen:
            continue
        seen.add(key)
        total += sys.getsizeof(obj)
        count += 1
    return total, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=12, help="allocation sites to show")
    args = parser.parse_args()

    started = time.perf_counter()
    net = network(args.contacts, args.interactions, seed=args.seed, start=START, end=END)
    print(f"generated in {time.perf_counter() - started:.1f} s")
    records = net.interactions
    n = len(records)

    # -- the records ------------------------------------------------------------------
    seen: set[int] = set()
    # Contacts' ids and the constant vocabulary are not the interactions' to pay for.
    for contact in net.contacts:
        seen.add(id(contact.id))
    for event in net.events:
        seen.add(id(event.id))
    parts = {
        "Interaction object": (i for i in records),
        "participants tuple": (i.participants for i in records),
        "pendulum DateTime": (i.at for i in records),
        "id string": (i.id for i in records),
        "topics frozenset": (i.topics for i in records),
        "goals frozenset": (i.goals for i in records),
        "gave/received tuples": (t for i in records for t in (i.gave, i.received)),
        "summary string": (i.summary for i in records),
    }
    print(f"\nrecords: {n} interactions (each object counted once)")
    record_total = 0
    for name, objects in parts.items():
        size, count = unique_size(objects, seen)
        record_total += size
        print(f"  {name:<22} {size / n:7.1f} B/interaction   ({count} objects)")
    print(f"  {'total':<22} {record_total / n:7.1f} B/interaction")
    del seen

    # -- what the store adds ----------------------------------------------------------
    gc.collect()
    tracemalloc.start()
    store = net.to_store()
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    print(f"\nto_store() growth: {current / n:.1f} B/interaction (peak {peak / n:.1f})")
    by_line: dict[str, int] = defaultdict(int)
    for stat in snapshot.statistics("lineno"):
        frame = stat.traceback[0]
        where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
        code = linecache.getline(frame.filename, frame.lineno).strip()[:60]
        by_line[f"{where:<18} {code}"] += stat.size
    for where, size in sorted(by_line.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {size / n:7.1f} B/interaction  {where}")
    print(f"\nstore total: {(record_total + current) / n:.1f} B/interaction")
    del store


if __name__ == "__main__":
    main()
