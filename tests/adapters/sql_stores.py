"""SQL stores for tests that run on every SQL engine: SQLite files, and PostgreSQL
schemas when ``RELNET_TEST_POSTGRES_DSN`` names a server."""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, settings

from relnet.adapters.sql import SQLStore, rows, schema, summaries
from relnet.adapters.sqlite import SQLITE, SQLiteStore
from relnet.model import Community, Contact, Event, Goal, Interaction, summarize
from tests.policy.test_engine_properties import Network

DSN_VARIABLE = "RELNET_TEST_POSTGRES_DSN"

Factory = Callable[[], SQLStore]

#: Hypothesis settings of the tests that run on every SQL engine: fewer examples (each
#: makes a database), no deadline, and a function-scoped ``make_store`` fixture.
SLOW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(params=["sqlite", "postgres"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """Fresh empty SQL stores: SQLite files, or PostgreSQL schemas when a server is given."""
    made: list[Any] = []
    counter = itertools.count()
    if request.param == "sqlite":

        def factory() -> SQLStore:
            store = SQLiteStore(tmp_path / f"bulk{next(counter)}.db")
            made.append(store)
            return store

        yield factory
        for store in made:
            store.close()
        return
    with postgres_stores() as pg_factory:
        yield pg_factory


@contextlib.contextmanager
def postgres_stores() -> Iterator[Factory]:
    """Fresh PostgreSQL stores, each in a schema of its own, dropped afterwards (the
    test is skipped without a server)."""
    dsn = os.environ.get(DSN_VARIABLE)
    if not dsn:
        pytest.skip(f"PostgreSQL tests need {DSN_VARIABLE}")
    import psycopg

    from relnet.adapters.postgres import PostgresStore

    made: list[Any] = []
    schemas: list[str] = []

    def pg_factory() -> SQLStore:
        schema = f"relnet_bulk_{secrets.token_hex(6)}"
        schemas.append(schema)
        store = PostgresStore(dsn, schema=schema)
        made.append(store)
        return store

    try:
        yield pg_factory
    finally:
        for store in made:
            store.close()
        with psycopg.connect(dsn, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(
                    psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                        psycopg.sql.Identifier(schema)
                    )
                )


def old_rows(
    *,
    communities: Iterable[Community] = (),
    events: Iterable[Event] = (),
    contacts: Iterable[Contact] = (),
    goals: Iterable[Goal] = (),
    interactions: Iterable[Interaction] = (),
) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """The rows of records, by table, as every schema version so far wrote them (before
    version 3, without summaries)."""
    out: list[tuple[str, list[tuple[Any, ...]]]] = []
    for part in (
        rows.community_rows(communities),
        rows.event_rows(events),
        rows.contact_rows(contacts),
        rows.goal_rows(goals),
        rows.interaction_rows(interactions),
    ):
        out += [(table, table_rows) for table, table_rows in part.items() if table_rows]
    return out


#: Before version 4, an event's touches were not marked (``meeting`` was 0).
UNMARK_EVENTS = f"UPDATE touches SET meeting = 0 WHERE meeting = {rows.EVENT_MEETING}"
_VERSION_3_COLUMNS = tuple(c for c in summaries.SUMMARY_COLUMNS if c != "first_event")
#: An insert of a ``summaries`` row as version 3 wrote it (no ``first_event``).
VERSION_3_SUMMARY = (
    f"INSERT INTO summaries ({', '.join(_VERSION_3_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_VERSION_3_COLUMNS))})"
)
_FIRST_EVENT = summaries.SUMMARY_COLUMNS.index("first_event")


def version_3_summaries(interactions: Iterable[Interaction]) -> list[tuple[Any, ...]]:
    """The ``summaries`` rows version 3 wrote for ``interactions`` (every touch past)."""
    folded = summarize(interactions, now=pendulum.datetime(2500, 1, 1, tz="UTC"))
    out = []
    for summary in folded.values():
        if summary.touches:
            row = summaries.summary_row(summary)
            out.append(row[:_FIRST_EVENT] + row[_FIRST_EVENT + 1 :])
    return out


def write_old_sqlite(
    path: Path,
    version: int,
    *,
    contacts: Iterable[Contact] = (),
    interactions: Iterable[Interaction] = (),
) -> None:
    """A SQLite file at schema ``version`` (only the first migrations run) holding
    ``contacts`` and ``interactions``, without relnet's store, as that version wrote
    it: events' touches unmarked and, at version 3, summaries without ``first_event``."""
    assert version <= 3, "rows are written as versions before version 4 wrote them"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        conn.execute(schema.migration_script(SQLITE, schema.VERSION_TABLE))
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        for script in schema.MIGRATIONS[:version]:
            for statement in schema.migration_statements(SQLITE, script):
                conn.execute(statement)
        for table, table_rows in old_rows(contacts=contacts, interactions=interactions):
            conn.executemany(schema.insert_sql(SQLITE, table), table_rows)
        conn.execute(UNMARK_EVENTS)
        if version == 3:
            conn.executemany(VERSION_3_SUMMARY, version_3_summaries(interactions))
        conn.execute("COMMIT")
    finally:
        conn.close()


def loaded(make_store: Factory, net: Network) -> SQLStore:
    """A new store of ``make_store`` holding the whole network ``net``."""
    store = make_store()
    store.set_settings(net.settings)
    store.add_records(
        contacts=net.contacts,
        goals=net.goals,
        interactions=net.interactions,
        commitments=net.commitments,
    )
    return store
