"""Many networks in one PostgreSQL database: one network's agenda among them, and opening a
store from a pool.

Usage::

    python benchmarks/networks.py --networks 1000 --contacts 500 --interactions 5000 \\
        --dsn postgresql://postgres@localhost/relnet_bench --json figures.json

The DSN must be a superuser's (or a role that may create roles and schemas): the script
makes a schema of shared tables (:func:`relnet.adapters.postgres.migrate` with
``shared=True``), a role bound by row-level security to open the stores as, and a
schema holding the measured network alone; all three are dropped afterwards. Without a
DSN (``--dsn`` or ``RELNET_TEST_POSTGRES_DSN``) it says so and stops.

It generates one synthetic network (:func:`relnet.synth.network`), loads it through the
store into the first network of the shared tables, copies those rows on the server into
every other network (so each holds the same records under its own network id), and
loads it through the store into a schema of its own too. Then it prints, median of
``--repeat`` runs:

``agenda_shared_cold_s`` and ``agenda_schema_cold_s``
    A new store opened on a DSN (connecting included) and ``Engine().agenda``, for a
    network in the middle of the shared tables, and for the same network alone in its
    schema; ``agenda_cold_ratio`` is shared over schema (the target is at most 2).
``agenda_shared_pool_s``, ``agenda_schema_pool_s`` and ``agenda_pool_ratio``
    The same with stores opened from a warm ``psycopg_pool.ConnectionPool``.
``open_shared_pool_ms`` and ``open_schema_pool_ms``
    Opening a store from that pool (the median of 200 opens; the target is at most 1 ms).
``batch_1_workers_s``, ``batch_2_workers_s`` and ``batch_2_workers_speedup``
    The day's agendas of every network in the shared tables by
    :func:`relnet.batch.agendas` with each worker count of ``--workers`` (default
    ``1,2``; at most three runs each), and the speed-up over one worker.
``load_s`` and ``copy_s``
    Loading the first network through the store, and copying it on the server into the
    others (not targets; they say what the run built).

``now`` is two weeks before the end of the generated history, as in ``run.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from relnet import Engine
from relnet.adapters.postgres import PostgresStore, migrate
from relnet.adapters.sql.shared import SHARED_PARTITIONS, SHARED_TABLES
from relnet.batch import PostgresNetworks, agendas, shared_networks
from relnet.synth import network

START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NOW = END - dt.timedelta(days=14)
DEFAULT_SEED = 20261125


def _median(call: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


@contextmanager
def _server(dsn: str) -> Iterator[dict[str, str]]:
    """A shared schema, a one-network schema and a role for the stores; dropped after."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    tag = secrets.token_hex(5)
    names = {
        "shared": f"relnet_bench_shared_{tag}",
        "alone": f"relnet_bench_alone_{tag}",
        "role": f"relnet_bench_app_{tag}",
    }
    names["app"] = make_conninfo(dsn, user=names["role"])
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} NOSUPERUSER NOBYPASSRLS LOGIN").format(
                sql.Identifier(names["role"])
            )
        )
    try:
        yield names
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for schema in (names["shared"], names["alone"]):
                conn.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
                )
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(names["role"])))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(names["role"])))


def _grant(dsn: str, schema: str, role: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                sql.Identifier(schema), sql.Identifier(role)
            )
        )
        conn.execute(
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(
                sql.Identifier(schema), sql.Identifier(role)
            )
        )


def _copy_networks(dsn: str, schema: str, first: str, count: int) -> None:
    """Copy the rows of network ``first`` into networks ``net-1`` … on the server (as
    the superuser, who is not bound by the policies), table by table."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        for table in SHARED_TABLES:
            columns = [
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = %s AND table_name = %s AND column_name <> 'network'",
                    (schema, table),
                )
            ]
            listed = sql.SQL(", ").join(map(sql.Identifier, columns))
            conn.execute(
                sql.SQL(
                    "INSERT INTO {table} (network, {listed}) SELECT 'net-' || k, {listed} "
                    "FROM {table}, generate_series(1, %s) AS k WHERE network = %s"
                ).format(table=sql.Identifier(table), listed=listed),
                (count - 1, first),
            )
        conn.execute("ANALYZE")


def figures(args: argparse.Namespace, dsn: str) -> Iterator[tuple[str, float, str]]:
    """Build the networks and yield ``(key, value, note)`` for each figure."""
    net = network(args.contacts, args.interactions, seed=args.seed, start=START, end=END)
    with _server(dsn) as names:
        migrate(dsn, schema=names["shared"], shared=True, partitions=args.partitions)
        _grant(dsn, names["shared"], names["role"])
        app = names["app"]
        started = time.perf_counter()
        with PostgresStore(app, schema=names["shared"], network="net-0", migrate=False) as store:
            net.load_into(store)
        yield "load_s", time.perf_counter() - started, "one network, through the store"
        started = time.perf_counter()
        _copy_networks(dsn, names["shared"], "net-0", args.networks)
        yield "copy_s", time.perf_counter() - started, f"into {args.networks - 1} more networks"
        with PostgresStore(dsn, schema=names["alone"]) as store:
            net.load_into(store)
            store._run("ANALYZE")
        _grant(dsn, names["alone"], names["role"])
        measured = f"net-{args.networks // 2}"

        items: dict[str, int] = {}

        def agenda(key: str, open_store: Callable[[], PostgresStore]) -> Callable[[], None]:
            def run() -> None:
                with open_store() as store:
                    items[key] = len(Engine().agenda(store, now=NOW))

            run()  # the server's caches warm up, as they are for a network in use
            return run

        shared_cold = agenda(
            "shared",
            lambda: PostgresStore(app, schema=names["shared"], network=measured, migrate=False),
        )
        schema_cold = agenda(
            "schema", lambda: PostgresStore(app, schema=names["alone"], migrate=False)
        )
        shared_s = _median(shared_cold, args.repeat)
        schema_s = _median(schema_cold, args.repeat)
        if items["shared"] != items["schema"]:
            raise SystemExit(f"the two agendas differ: {items}")
        yield "agenda_shared_cold_s", shared_s, f"network {measured}, {items['shared']} items"
        yield "agenda_schema_cold_s", schema_s, "the same network alone in its schema"
        yield "agenda_cold_ratio", shared_s / schema_s, "target <= 2"

        yield from _pool_figures(app, names, measured, agenda, args.repeat)
        yield from _batch_figures(dsn, app, names["shared"], args)


def _batch_figures(
    owner: str, app: str, schema: str, args: argparse.Namespace
) -> Iterator[tuple[str, float, str]]:
    """The day's agendas of every network in the shared tables, by
    :func:`relnet.batch.agendas` with each worker count of ``--workers``."""
    networks = shared_networks(owner, schema)
    store_for = PostgresNetworks(app, schema)
    seconds: dict[int, float] = {}
    for workers in sorted({max(1, int(w)) for w in args.workers.split(",")}):

        def run(workers: int = workers) -> None:
            failed = [r for r in agendas(store_for, networks, now=NOW, workers=workers) if not r.ok]
            if failed:
                raise SystemExit(f"{len(failed)} networks failed, e.g. {failed[0].error!r}")

        seconds[workers] = _median(run, max(1, min(args.repeat, 3)))
        yield f"batch_{workers}_workers_s", seconds[workers], f"{len(networks)} networks"
    if 1 in seconds:
        for workers, value in seconds.items():
            if workers != 1:
                yield f"batch_{workers}_workers_speedup", seconds[1] / value, "over 1 worker"


def _pool_figures(
    app: str,
    names: dict[str, str],
    measured: str,
    agenda: Callable[[str, Callable[[], PostgresStore]], Callable[[], None]],
    repeat: int,
) -> Iterator[tuple[str, float, str]]:
    """The agendas of stores opened from a warm pool, and opening one."""
    from psycopg_pool import ConnectionPool

    with ConnectionPool(app, min_size=2, max_size=2, open=True) as pool:
        pool.wait()
        shared_pool = agenda(
            "shared",
            lambda: PostgresStore(pool, schema=names["shared"], network=measured, migrate=False),
        )
        schema_pool = agenda(
            "schema", lambda: PostgresStore(pool, schema=names["alone"], migrate=False)
        )
        shared_s = _median(shared_pool, repeat)
        schema_s = _median(schema_pool, repeat)
        yield "agenda_shared_pool_s", shared_s, "a store opened from a pool"
        yield "agenda_schema_pool_s", schema_s, ""
        yield "agenda_pool_ratio", shared_s / schema_s, "target <= 2"

        def opening(**kwargs: Any) -> float:
            PostgresStore(pool, migrate=False, **kwargs).close()
            runs = []
            for _ in range(200):
                started = time.perf_counter()
                store = PostgresStore(pool, migrate=False, **kwargs)
                runs.append(time.perf_counter() - started)
                store.close()
            return statistics.median(runs) * 1000

        yield (
            "open_shared_pool_ms",
            opening(schema=names["shared"], network=measured),
            "target <= 1",
        )
        yield "open_schema_pool_ms", opening(schema=names["alone"]), ""


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=20)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--interactions", type=int, default=2_000)
    parser.add_argument("--partitions", type=int, default=SHARED_PARTITIONS)
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--workers", default="1,2", help="batch worker counts, comma-separated")
    parser.add_argument(
        "--dsn",
        default=os.environ.get("RELNET_TEST_POSTGRES_DSN"),
        help="a PostgreSQL database, as a superuser (default: $RELNET_TEST_POSTGRES_DSN)",
    )
    args = parser.parse_args(argv)
    args.repeat = max(1, args.repeat)
    args.networks = max(1, args.networks)
    print(
        f"parameters: {args.networks} networks x {args.contacts} contacts x "
        f"{args.interactions} interactions, {args.partitions} partitions, seed {args.seed}, "
        f"median of {args.repeat}, now {NOW.isoformat()}"
    )
    found: dict[str, Any] = {}
    if not args.dsn:
        print("  skipped: no --dsn and no RELNET_TEST_POSTGRES_DSN")
    else:
        for key, value, note in figures(args, args.dsn):
            found[key] = value
            unit = (
                ""
                if key.endswith(("_ratio", "_speedup"))
                else (" ms" if key.endswith("_ms") else " s")
            )
            print(f"  {key:<24} {value:12.4f}{unit}{f'   ({note})' if note else ''}", flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    return found


if __name__ == "__main__":
    main(sys.argv[1:])
