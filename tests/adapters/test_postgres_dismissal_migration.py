"""A PostgreSQL schema holding the rows of the release before dismissals (schema
version 4) migrates and keeps everything, and then keeps dismissals."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

pytest.importorskip("psycopg")

import psycopg

from relnet.adapters.postgres import POSTGRES, PostgresStore
from relnet.adapters.sql import MIGRATIONS
from relnet.adapters.sql import schema as sql_schema
from tests.adapters.test_dismissal_migrations import SQLITE_V4, check_everything_kept, dismissal_of
from tests.adapters.test_postgres_store import dsn, fresh_schema, schemas

__all__ = ["dsn", "schemas"]  # the fixtures this module uses


@pytest.mark.postgres
def test_a_version_4_postgres_schema_migrates_and_keeps_everything(
    dsn: str, schemas: list[str]
) -> None:
    """The release's rows, copied table by table into a schema made by the version-4
    migrations (the old DDL, kept as data), open at version 5 and keep everything."""
    name = fresh_schema(schemas)
    source = sqlite3.connect(SQLITE_V4)
    try:
        tables = [
            row[0]
            for row in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'schema_version'"
            )
        ]
        contents: dict[str, tuple[list[str], list[Any]]] = {}
        for table in tables:
            result = source.execute(f"SELECT * FROM {table}")
            contents[table] = ([d[0] for d in result.description], result.fetchall())
    finally:
        source.close()
    identifier = psycopg.sql.Identifier(name)
    with psycopg.connect(dsn, autocommit=True) as conn, conn.transaction():
        conn.execute(psycopg.sql.SQL("CREATE SCHEMA {}").format(identifier))
        conn.execute(psycopg.sql.SQL("SET search_path TO {}").format(identifier))
        conn.execute(sql_schema.migration_script(POSTGRES, sql_schema.VERSION_TABLE))
        conn.execute("INSERT INTO schema_version (version) VALUES (4)")
        for script in MIGRATIONS[:4]:
            for statement in sql_schema.migration_statements(POSTGRES, script):
                conn.execute(statement)
        # Rows go in as they come; references are checked by the store afterwards.
        conn.execute("SET session_replication_role = replica")
        with conn.cursor() as cursor:
            for table, (columns, rows) in contents.items():
                if rows:
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                        rows,
                    )
        conn.execute("SET session_replication_role = DEFAULT")
    with PostgresStore(dsn, schema=name) as store:
        assert store._run("SELECT version FROM schema_version").first("version") == len(MIGRATIONS)
        check_everything_kept(store)
        kept = store.add_dismissal(dismissal_of(store))
    with PostgresStore(dsn, schema=name) as again:
        assert list(again.dismissals()) == [kept]
