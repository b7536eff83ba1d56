"""What each optional store capability buys: agenda time with and without it.

Usage::

    python benchmarks/capabilities.py [--contacts 2000] [--interactions 20000] [--repeat 5]

It generates the benchmark network (:func:`relnet.synth.network`, fixed seed) and loads
it into an :class:`~relnet.storage.InMemoryStore` and a SQLite file. Each store is then
asked for ``Engine().agenda`` through a wrapper that hides some of its optional
capabilities (:class:`~relnet.storage.SummarySource`,
:class:`~relnet.storage.SummarySieve`, :class:`~relnet.storage.FactSource`,
:class:`~relnet.storage.InteractionsAt`), so the engine takes the path it takes for a
store without them. It prints one line per variant: the store, the capabilities
offered, and the median time of ``--repeat`` runs in milliseconds of the agenda and of
every contact's follow-ups (the first run, which warms caches, is left out).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pendulum

from relnet import Engine
from relnet.adapters.sqlite import SQLiteStore
from relnet.storage import Store
from relnet.synth import network

START = pendulum.datetime(2025, 1, 1, tz="Europe/London")
END = pendulum.datetime(2026, 1, 1, tz="Europe/London")

#: The optional methods, by capability.
METHODS = {
    "SummarySource": "touch_summaries",
    "SummarySieve": "touch_summaries_since",
    "FactSource": "contact_facts",
    "InteractionsAt": "interactions_at",
}


class Offering:
    """The store it wraps, with only the optional capabilities in ``offered``."""

    def __init__(self, store: Store, offered: Iterable[str]) -> None:
        self._store = store
        self._hidden = {method for name, method in METHODS.items() if name not in offered}

    def __getattr__(self, name: str) -> Any:
        if name in self._hidden:
            raise AttributeError(name)
        return getattr(self._store, name)


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> list[tuple[str, str, float, float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--interactions", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    net = network(args.contacts, args.interactions, seed=args.seed, start=START, end=END)
    engine = Engine()
    rows = []
    print(
        f"{args.contacts} contacts and {args.interactions} interactions, median of "
        f"{args.repeat} runs: agenda, follow-ups"
    )
    with tempfile.TemporaryDirectory() as folder:
        sqlite = SQLiteStore(Path(folder) / "network.sqlite")
        net.load_into(sqlite)
        stores: list[tuple[str, Store, list[tuple[str, ...]]]] = [
            (
                "InMemoryStore",
                net.to_store(),
                [
                    (),
                    ("SummarySource",),
                    ("SummarySource", "SummarySieve"),
                    ("SummarySource", "SummarySieve", "InteractionsAt"),
                ],
            ),
            (
                "SQLiteStore",
                sqlite,
                [
                    (),
                    ("SummarySource",),
                    ("SummarySource", "SummarySieve"),
                    ("SummarySource", "SummarySieve", "FactSource"),
                    ("SummarySource", "SummarySieve", "FactSource", "InteractionsAt"),
                ],
            ),
        ]
        for name, store, variants in stores:
            for offered in variants:
                wrapped: Any = Offering(store, offered)

                def agenda(store: Any = wrapped) -> object:
                    return engine.agenda(store, now=END)

                def follow_ups(store: Any = wrapped) -> object:
                    return engine.follow_ups(store, now=END)

                took = median_ms(agenda, args.repeat)
                every = median_ms(follow_ups, args.repeat)
                label = " + ".join(offered) or "required protocol only"
                rows.append((name, label, took, every))
                print(f"{name:14} {label:66} {took:9.1f} ms {every:9.1f} ms")
        sqlite.close()
    return rows


if __name__ == "__main__":
    main()
