"""How long a SQLite import takes, and how large its write-ahead log grows.

Usage::

    python benchmarks/import_scale.py --contacts 30000 --interactions 300000 --repeat 1

Generates the synthetic network of ``benchmarks/run.py`` (same seed and span), then
loads it into a fresh SQLite file with :func:`run.load` (the store's bulk writer), as
``import_sqlite_s`` does, while a thread samples the size of the file's write-ahead log.
Prints, per run, the seconds, the largest log seen and the database's size, then the
median; with ``--raw`` also the plain ``executemany`` baseline (``raw_sqlite_insert_s``)
and ``import_ratio``. ``--cache-mib`` sets ``SQLiteStore``'s ``bulk_cache_mib`` (when the
installed relnet has it), to compare settings.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import inspect
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_SEED, END, START, load, raw_insert, remove_database

from relnet.adapters.sqlite import SQLiteStore
from relnet.synth import network


class LogWatch:
    """Samples the size of a file (the write-ahead log) every ``every`` seconds."""

    def __init__(self, path: Path, every: float = 0.5) -> None:
        self.path, self.every, self.largest = path, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def _sample(self) -> None:
        with contextlib.suppress(OSError):
            self.largest = max(self.largest, os.path.getsize(self.path))

    def __enter__(self) -> LogWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def open_store(path: Path, cache_mib: int | None) -> SQLiteStore:
    """A store on ``path``, with ``bulk_cache_mib`` when asked for and known."""
    options: dict[str, Any] = {}
    if cache_mib is not None:
        if "bulk_cache_mib" not in inspect.signature(SQLiteStore).parameters:
            raise SystemExit("this relnet's SQLiteStore has no bulk_cache_mib")
        options["bulk_cache_mib"] = cache_mib
    return SQLiteStore(path, **options)


def one_import(net: Any, folder: Path, run: int, cache_mib: int | None) -> tuple[float, int, int]:
    """Seconds, largest log (bytes) and database size (bytes, after closing) of one import."""
    path = folder / f"import-{run}.sqlite"
    gc.collect()
    with LogWatch(Path(f"{path}-wal")) as watch:
        started = time.perf_counter()
        with open_store(path, cache_mib) as store:
            load(net, store)
            watch._sample()
        seconds = time.perf_counter() - started
    size = path.stat().st_size
    remove_database(path)
    return seconds, watch.largest, size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache-mib", type=int, default=None)
    parser.add_argument("--raw", action="store_true", help="also the executemany baseline")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    net = network(args.contacts, args.interactions, seed=args.seed, start=START, end=END)
    print(f"network: {time.perf_counter() - started:.1f} s", flush=True)
    runs = []
    with tempfile.TemporaryDirectory(prefix="relnet-import-") as folder:
        for run in range(args.repeat):
            seconds, largest, size = one_import(net, Path(folder), run, args.cache_mib)
            runs.append(seconds)
            print(
                f"import {run}: {seconds:.1f} s, largest log {largest / 2**20:.0f} MiB, "
                f"database {size / 2**20:.0f} MiB",
                flush=True,
            )
        imported = statistics.median(runs)
        print(f"import_sqlite_s {imported:.2f}", flush=True)
        if args.raw:
            raw = raw_insert(net, Path(folder), args.repeat)
            print(f"raw_sqlite_insert_s {raw:.2f}", flush=True)
            print(f"import_ratio {imported / raw:.2f}", flush=True)


if __name__ == "__main__":
    main()
