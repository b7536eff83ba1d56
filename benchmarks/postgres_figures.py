"""The PostgreSQL rows of ``benchmarks/run.py``: the same network in a schema of its own.

Each figure has the floor any SQL-backed agenda pays, measured on the same server in the
same run: one ``GROUP BY`` giving each contact's last past touch. After the load, the
tables are analyzed (and the touches vacuumed), as autovacuum would do shortly after it.
"""

from __future__ import annotations

import datetime as dt
import gc
import statistics
import time
import uuid
from collections.abc import Callable, Iterator

from relnet import Engine
from relnet.adapters.postgres import PostgresStore
from relnet.model import epoch_us
from relnet.synth import SyntheticNetwork


def _median(call: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def postgres_figures(
    net: SyntheticNetwork, dsn: str, now: dt.datetime, repeat: int
) -> Iterator[tuple[str, float, str]]:
    """Yield ``(key, value, note)`` for each PostgreSQL figure; the schema is dropped after."""
    import psycopg  # the postgres extra; only needed when a DSN is given

    schema = f"relnet_bench_{uuid.uuid4().hex[:12]}"
    try:
        gc.collect()
        started = time.perf_counter()
        with PostgresStore(dsn, schema=schema) as store:
            net.load_into(store)
        yield "postgres_import_s", time.perf_counter() - started, f"schema {schema}"
        # What autovacuum does within a minute or so of a bulk load: statistics for the
        # planner (without them, the summaries of the contacts touched after now were
        # read with plans several times slower, at 100,000 contacts), and the visibility
        # map that index-only scans read, for the floor and the store alike.
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"VACUUM ANALYZE {schema}.touches")
            for table in ("summaries", "contacts", "interactions", "commitments"):
                conn.execute(f"ANALYZE {schema}.{table}")

        now_us = epoch_us(now)
        found = 0

        def last_touch() -> None:
            nonlocal found
            with psycopg.connect(dsn) as conn:
                rows = conn.execute(
                    f"SELECT contact_id, MAX(at_us) FROM {schema}.touches "
                    "WHERE at_us <= %s GROUP BY contact_id",
                    (now_us,),
                ).fetchall()
            found = len(rows)

        last_touch()  # the server's caches warm up, as they are for the store below
        floor = _median(last_touch, repeat)
        yield "postgres_last_touch_s", floor, f"{found} contacts"

        items = 0

        def agenda() -> None:
            nonlocal items
            with PostgresStore(dsn, schema=schema, migrate=False) as store:
                items = len(Engine().agenda(store, now=now))

        agenda()
        seconds = _median(agenda, repeat)
        yield "agenda_postgres_cold_s", seconds, f"{items} items"
        yield "agenda_postgres_ratio", seconds / floor, ""

        def follow_ups() -> None:
            nonlocal items
            with PostgresStore(dsn, schema=schema, migrate=False) as store:
                items = len(Engine().follow_ups(store, now=now))

        follow_ups()
        seconds = _median(follow_ups, repeat)
        yield "follow_ups_postgres_cold_s", seconds, f"{items} follow-ups"
        yield "follow_ups_postgres_ratio", seconds / floor, ""
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
