"""SQL stores for tests that run on every SQL engine: SQLite files, and PostgreSQL
schemas when ``RELNET_TEST_POSTGRES_DSN`` names a server."""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from relnet.adapters._sql import SQLStore
from relnet.adapters.sqlite import SQLiteStore

DSN_VARIABLE = "RELNET_TEST_POSTGRES_DSN"

Factory = Callable[[], SQLStore]


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
    dsn = os.environ.get(DSN_VARIABLE)
    if not dsn:
        pytest.skip(f"PostgreSQL bulk tests need {DSN_VARIABLE}")
    import psycopg

    from relnet.adapters.postgres import PostgresStore

    schemas: list[str] = []

    def pg_factory() -> SQLStore:
        schema = f"relnet_bulk_{secrets.token_hex(6)}"
        schemas.append(schema)
        store = PostgresStore(dsn, schema=schema)
        made.append(store)
        return store

    yield pg_factory
    for store in made:
        store.close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        for schema in schemas:
            conn.execute(
                psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                    psycopg.sql.Identifier(schema)
                )
            )
