"""How the batch of agendas scales with its worker processes.

Usage::

    python benchmarks/batch.py --networks 100 --contacts 500 --interactions 5000 \\
        --workers 1,2 --json batch.json

It generates one synthetic network, stores copies of it as ``--networks`` SQLite files
in a folder, and times :func:`relnet.batch.agendas` over all of them with each number
of ``--workers`` (the median of ``--repeat`` runs, in seconds). With ``--dsn`` (or
``RELNET_TEST_POSTGRES_DSN``) it does the same on as many PostgreSQL schemas, dropped
afterwards. Figures:

``batch_sqlite_wN_s``
    The whole batch on SQLite files with N worker processes.
``batch_sqlite_speedup``
    The first worker count's time over the last's (up to the cores, the ideal is their
    ratio).
``batch_postgres_wN_s`` and ``batch_postgres_speedup``
    The same on PostgreSQL schemas, when a server is given.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pendulum

from relnet.adapters.sqlite import SQLiteStore
from relnet.batch import PostgresSchemas, SQLiteFiles, StoreFor, agendas
from relnet.synth import SyntheticNetwork, network

START = pendulum.datetime(2024, 1, 1, tz="Europe/London")
END = pendulum.datetime(2026, 3, 1, tz="Europe/London")
NOW = END.subtract(days=14)


def run_batch(store_for: StoreFor, names: Sequence[str], workers: int, repeat: int) -> float:
    """The median time of the whole batch; every network must succeed."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        results = list(agendas(store_for, names, now=NOW, workers=workers))
        times.append(time.perf_counter() - started)
        failed = [r for r in results if not r.ok]
        if failed:
            raise SystemExit(f"{failed[0].network} failed: {failed[0].error}")
    return statistics.median(times)


def sqlite_folder(net: SyntheticNetwork, folder: Path, count: int) -> list[str]:
    """``count`` copies of the network as SQLite files; their network ids."""
    first = folder / "n0.db"
    with SQLiteStore(first) as store:
        net.load_into(store)
    for number in range(1, count):
        shutil.copyfile(first, folder / f"n{number}.db")
    return [f"n{number}" for number in range(count)]


def postgres_schemas(net: SyntheticNetwork, dsn: str, count: int) -> list[str]:
    """``count`` schemas holding the network; their names."""
    from relnet.adapters.postgres import PostgresStore

    token = secrets.token_hex(3)
    names = [f"relnet_bench_{token}_{number}" for number in range(count)]
    for name in names:
        with PostgresStore(dsn, schema=name) as store:
            net.load_into(store)
    return names


def drop_schemas(dsn: str, names: Sequence[str]) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        for name in names:
            conn.execute(
                psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                    psycopg.sql.Identifier(name)
                )
            )


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=40)
    parser.add_argument("--contacts", type=int, default=500)
    parser.add_argument("--interactions", type=int, default=5_000)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--dsn", default=os.environ.get("RELNET_TEST_POSTGRES_DSN"))
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)
    counts = [int(part) for part in args.workers.split(",")]
    print(
        f"machine: {os.cpu_count()} CPUs; {args.networks} networks of {args.contacts} "
        f"contacts and {args.interactions} interactions; workers {counts}; "
        f"median of {repeat}"
    )
    net = network(args.contacts, args.interactions, seed=19, start=START, end=END)
    figures: dict[str, float] = {}

    def show(key: str, value: float) -> None:
        figures[key] = value
        print(f"  {key:<24} {value:12.4f}{'' if key.endswith('speedup') else ' s'}", flush=True)

    def measure(label: str, store_for: StoreFor, names: Sequence[str]) -> None:
        for workers in counts:
            show(f"batch_{label}_w{workers}_s", run_batch(store_for, names, workers, repeat))
        first, last = counts[0], counts[-1]
        ratio = figures[f"batch_{label}_w{first}_s"] / figures[f"batch_{label}_w{last}_s"]
        show(f"batch_{label}_speedup", ratio)

    with tempfile.TemporaryDirectory(prefix="relnet-batch-") as folder:
        names = sqlite_folder(net, Path(folder), args.networks)
        measure("sqlite", SQLiteFiles(folder), names)
    if args.dsn:
        schemas = postgres_schemas(net, args.dsn, args.networks)
        try:
            measure("postgres", PostgresSchemas(args.dsn), schemas)
        finally:
            drop_schemas(args.dsn, schemas)
    else:
        print("  PostgreSQL: skipped (no --dsn and no RELNET_TEST_POSTGRES_DSN)")
    result: dict[str, Any] = {
        **figures,
        "parameters": {
            "networks": args.networks,
            "contacts": args.contacts,
            "interactions": args.interactions,
            "workers": counts,
            "repeat": repeat,
            "cpus": os.cpu_count(),
        },
    }
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
