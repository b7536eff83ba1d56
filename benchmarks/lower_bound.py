"""What any ``follow_ups`` must pay, against the pandas floor, in one process.

Usage::

    python benchmarks/lower_bound.py --contacts 100000 --interactions 1000000
    python benchmarks/lower_bound.py --contacts 100000 --interactions 1000000 --unbounded

With ``--unbounded`` the items are those of the agenda with room for every contact
(``capacity`` = the number of contacts), which reads the same contacts and summaries.
With ``--sqlite`` the network is loaded into a SQLite file first: ``read_s`` then opens
the file and reads from it, and the floor is ``benchmarks/run.py``'s hand-written
``GROUP BY`` (``sql_last_touch_s``), the floor of ``follow_ups_sqlite_ratio``. With
``--pause-gc`` the cyclic collector is paused during each timed call, the floor's
included, which shows the collector's share of the bound.

``follow_ups`` hands back a :class:`~relnet.policy.FollowUp` (with its
:class:`~relnet.policy.Breakdown` and its texts) for every contact with a next item,
in order. Whatever the rules compute, a run cannot do less than:

``read_s``
    Read every reachable contact and its touch summary from the store, the cheapest
    way it offers (``reachable_summaries``, else ``contacts(include_archived=False)``
    and ``touch_summaries``).
``build_s``
    Build each item's ``FollowUp`` and ``Breakdown``, every field ready beforehand
    (taken from a real run's items), called positionally, and the ``Agenda`` holding
    them.
``words_s``
    Write each item's sentences: the opening of its reason filled with the name, the
    due date, the rule's why and the overdue note, joined as the engine joins them
    (the parts ready beforehand).
``order_s``
    Sort the items by a key made beside each (must-do, priority, due, name).

``bound_s`` is their sum; ``pandas_cadence_s`` (``sql_last_touch_s`` with
``--sqlite``) is ``benchmarks/run.py``'s floor, measured here in turns with them
(medians of ``--repeat`` CPU seconds of this process, ``time.process_time``, so that
other work on the machine counts less).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import END, NOW, START, last_touch_rows, pandas_cadence, pandas_frames

from relnet import Engine, InMemoryStore
from relnet.adapters.sqlite import SQLiteStore
from relnet.policy import Agenda, Breakdown, FollowUp
from relnet.policy.wording import ACTIONS
from relnet.storage import FactSource, ReachableSummaries, Store
from relnet.synth import network


def cpu(call: Callable[[], object], repeat: int, *, pause_gc: bool = False) -> float:
    """The median CPU seconds of ``repeat`` calls (the cyclic collector paused during
    each with ``pause_gc``)."""
    runs = []
    for _ in range(repeat):
        gc.collect()
        if pause_gc:
            gc.disable()
        try:
            started = time.process_time()
            call()
            runs.append(time.process_time() - started)
        finally:
            gc.enable()
    return statistics.median(runs)


def figures(
    contacts: int,
    interactions: int,
    seed: int,
    repeat: int,
    *,
    unbounded: bool = False,
    sqlite: bool = False,
    pause_gc: bool = False,
) -> dict[str, float]:
    """The parts of the bound and the floor, in seconds, with the item count."""
    net = network(contacts, interactions, seed=seed, start=START, end=END)
    store = net.to_store()
    items = unbounded_items(store) if unbounded else Engine().follow_ups(store, now=NOW).items
    if not sqlite:
        touches, people = pandas_frames(net)
        zone = net.settings.timezone
        del net
        floor = lambda: pandas_cadence(touches, people, zone)  # noqa: E731
        return measure(reading(store), items, floor, repeat, pause_gc=pause_gc)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bound.sqlite"
        with SQLiteStore(path) as loaded:
            net.load_into(loaded)
        del net, store
        found = measure(
            sqlite_reading(path),
            items,
            lambda: last_touch_rows(path),
            repeat,
            floor_key="sql_last_touch_s",
            pause_gc=pause_gc,
        )
    return found


def unbounded_items(store: InMemoryStore) -> Sequence[FollowUp]:
    """The items of the agenda with room for every contact."""
    room = len(store.contacts())
    return Engine().agenda(store, now=NOW, capacity=room).items


def measure(
    read: Callable[[], object],
    items: Sequence[FollowUp],
    floor: Callable[[], object],
    repeat: int,
    *,
    floor_key: str = "pandas_cadence_s",
    pause_gc: bool = False,
) -> dict[str, float]:
    """The parts of the bound of reading with ``read`` and making ``items``, and
    ``floor`` (kept as ``floor_key``), in turns (the collector paused during each timed
    call with ``pause_gc``)."""
    parts_of = {
        "read_s": read,
        "build_s": building(items),
        "words_s": wording(items),
        "order_s": ordering(items),
    }
    runs: dict[str, list[float]] = {key: [] for key in (*parts_of, floor_key)}
    for _ in range(repeat):  # in turns, so that load on the machine falls on all alike
        for key, call in parts_of.items():
            runs[key].append(cpu(call, 1, pause_gc=pause_gc))
        runs[floor_key].append(cpu(floor, 1, pause_gc=pause_gc))
    out: dict[str, float] = {"items": float(len(items))}
    for key, values in runs.items():
        out[key] = statistics.median(values)
    out["bound_s"] = sum(out[key] for key in parts_of)
    out["bound_ratio"] = out["bound_s"] / out[floor_key]
    return out


def reading(store: InMemoryStore) -> Callable[[], object]:
    """Read every reachable contact and its summary, the cheapest way the store offers:
    :class:`~relnet.storage.ReachableSummaries` when it has it (which hands over the
    summaries it folded last again while nothing was written), else the listing and
    ``touch_summaries``."""
    if isinstance(store, ReachableSummaries):
        return lambda: store.reachable_summaries(now=NOW)

    def read() -> None:
        people = store.contacts(include_archived=False)
        store.touch_summaries(now=NOW, contacts=[c.id for c in people])

    return read


def sqlite_reading(path: Path) -> Callable[[], object]:
    """Open the SQLite file at ``path`` and read every reachable contact and its
    summary, the cheapest way the store offers (its contact facts, else whole contacts,
    and every summary in one call), as the cold ``follow_ups_sqlite_s`` must."""

    def read() -> None:
        with SQLiteStore(path) as store:
            listing(store)
            store.touch_summaries(now=NOW)

    return read


def listing(store: Store) -> object:
    """Every reachable contact, as facts when the store lists them."""
    if isinstance(store, FactSource):
        return store.contact_facts()
    return store.contacts(include_archived=False)


def building(items: Sequence[FollowUp]) -> Callable[[], object]:
    """Build the items again from their fields, and the agenda holding them."""
    fields = [
        (
            tuple(getattr(item, a.name) for a in attrs.fields(FollowUp)),
            tuple(getattr(item.breakdown, a.name) for a in attrs.fields(Breakdown)),
        )
        for item in items
    ]
    now, today = NOW, NOW.date()

    def build() -> None:
        made = []
        for values, parts in fields:
            made.append(FollowUp(*values[:10], Breakdown(*parts), *values[11:]))
        Agenda(made, now, today)

    return build


def wording(items: Sequence[FollowUp]) -> Callable[[], object]:
    """Write each item's sentences from their parts."""
    parts: list[tuple[str, str, str, str, int]] = []
    for item in items:
        why = item.details.split(" This is ")[0] if item.details else ""
        parts.append(
            (ACTIONS[item.reason], item.name, item.due.isoformat(), why, item.overdue_days)
        )

    def words() -> None:
        for opening, name, due, why, overdue in parts:
            first = f"{opening.format(name=name)} (due {due})."
            notes = [why] if why else []
            if overdue > 0:
                notes.append(f"This is {'1 day' if overdue == 1 else f'{overdue} days'} overdue.")
            rest = " ".join(notes)
            _ = f"{first} {rest}" if rest else first

    return words


def ordering(items: Sequence[FollowUp]) -> Callable[[], object]:
    """Sort the items by a key made beside each."""
    keys = [
        (
            (
                not item.must_do,
                -item.priority,
                item.due.toordinal(),
                item.name.casefold(),
                item.contact,
            ),
            item,
        )
        for item in items
    ]

    def order() -> None:
        sorted(keys, key=_first)

    return order


def _first(row: tuple[Any, ...]) -> Any:
    return row[0]


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--unbounded",
        action="store_true",
        help="bound the agenda with room for every contact instead of follow_ups",
    )
    parser.add_argument(
        "--sqlite",
        action="store_true",
        help="read from a SQLite file, against the GROUP BY floor",
    )
    parser.add_argument(
        "--pause-gc",
        action="store_true",
        help="pause the cyclic collector during each timed call (the floor's too)",
    )
    args = parser.parse_args(argv)
    found = figures(
        args.contacts,
        args.interactions,
        args.seed,
        max(1, args.repeat),
        unbounded=args.unbounded,
        sqlite=args.sqlite,
        pause_gc=args.pause_gc,
    )
    for key, value in found.items():
        print(f"  {key:<18} {value:10.4f}")
    return found


if __name__ == "__main__":
    main()
