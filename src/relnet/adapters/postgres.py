"""``PostgresStore``: a network in a PostgreSQL database, through psycopg 3.

It shares its schema and queries with :class:`~relnet.adapters.sqlite.SQLiteStore`
(:mod:`relnet.adapters.sql`). Ids are compared and sorted byte for byte
(``COLLATE "C"``), so listings come in the same order as in Python. Each store lives in
one schema (``schema=``, created if missing; the connection's default otherwise), so
several networks, or several test runs, can share a database.

psycopg is imported when a store is made: install it with ``pip install
'relnet[postgres]'``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

from relnet.adapters.sql import Dialect, Result, SQLStore
from relnet.adapters.sql.dialect import Params
from relnet.errors import ConflictError, NotFoundError, StorageError

if TYPE_CHECKING:
    import psycopg

__all__ = ["POSTGRES", "PostgresStore"]

#: PostgreSQL's way with relnet's shared SQL.
POSTGRES = Dialect(
    name="PostgreSQL",
    int64="BIGINT",
    key='TEXT COLLATE "C"',
    table_options="",
    concat="string_agg(CAST({value} AS TEXT), ',')",
    id_list="SELECT unnest(CAST(:ids AS text[])) AS id",
    pack_ids=list,
    # Row locks on the contacts, taken in id order: FOR NO KEY UPDATE (unlike FOR UPDATE)
    # does not wait for the key-share locks that inserting their touches took.
    lock_contacts=(
        "SELECT id FROM contacts WHERE id IN (SELECT unnest(CAST(:ids AS text[]))) "
        "ORDER BY id FOR NO KEY UPDATE"
    ),
    pyformat=True,
    # PostgreSQL's JSON functions refuse a document holding an escaped NUL anywhere,
    # which text may hold: contact facts are read from the documents in Python.
    json_raw=None,
)

_KINDS = {
    "contacts": "contact",
    "interactions": "interaction",
    "goals": "goal",
    "events": "event",
    "communities": "community",
    "commitments": "commitment",
}


def _psycopg() -> ModuleType:
    try:
        import psycopg
    except ImportError as error:
        raise ImportError(
            "PostgresStore needs psycopg 3: install relnet with the postgres extra "
            "(pip install 'relnet[postgres]')"
        ) from error
    return psycopg


class PostgresStore(SQLStore):
    """A :class:`~relnet.storage.Store` (with :class:`~relnet.storage.SummarySource` and
    :class:`~relnet.storage.SummarySieve`) kept in PostgreSQL.

    ``dsn`` is a libpq connection string or URI; ``schema`` the schema to keep the
    network in (created if missing). Failing to connect, a schema that holds other
    tables, or one written by a newer relnet raise :class:`~relnet.errors.StorageError`.
    """

    dialect = POSTGRES

    def __init__(self, dsn: str, *, schema: str | None = None) -> None:
        driver = _psycopg()
        self._driver = driver
        self._conn: psycopg.Connection[Any] | None = None
        self.dsn = dsn
        try:
            self._conn = driver.connect(dsn, autocommit=True)
        except driver.Error as error:
            raise StorageError(f"cannot connect to PostgreSQL: {error}") from error
        try:
            if schema is not None:
                name = driver.sql.Identifier(schema).as_string(self._conn)
                self._create_schema(name)
                self._run(f"SET search_path TO {name}")
            self.schema: str = str(self._run("SELECT current_schema() AS name").first("name"))
            self.where = f"PostgreSQL schema {self.schema!r}"
            self.migrate()
        except BaseException:
            self.close()
            raise

    def _create_schema(self, name: str) -> None:
        """Create the schema ``name`` unless it exists. Two stores opening a new schema
        at once would both pass IF NOT EXISTS and one would fail on the catalog's key,
        so creation waits on a lock named after the schema."""
        with self.transaction():
            self._run(
                "SELECT pg_advisory_xact_lock(hashtext('relnet schema ' || %(name)s))",
                {"name": name},
            )
            self._run(f"CREATE SCHEMA IF NOT EXISTS {name}")

    @property
    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None:
            raise StorageError("the PostgreSQL store is closed")
        return self._conn

    # -- the driver -----------------------------------------------------------------

    def _run(self, sql: str, params: Mapping[str, Any] | None = None) -> Result:
        try:
            with self._connection.cursor() as cursor:
                cursor.execute(sql, params or {})
                if cursor.description is None:
                    return Result((), [])
                return Result([column.name for column in cursor.description], cursor.fetchall())
        except self._driver.Error as error:
            raise _translate(error, self._driver) from error

    def _run_many(self, sql: str, rows: Sequence[Params]) -> None:
        try:
            with self._connection.cursor() as cursor:
                cursor.executemany(sql, rows)
        except self._driver.Error as error:
            raise _translate(error, self._driver) from error

    def _run_script(self, script: str) -> None:
        # One round trip: PostgreSQL runs a parameterless multi-statement string at once.
        try:
            self._connection.execute(script.encode("utf-8"))
        except self._driver.Error as error:
            raise _translate(error, self._driver) from error

    def _tables(self) -> set[str]:
        names = self._run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).column("table_name")
        return {str(name) for name in names}

    def _in_transaction(self) -> bool:
        status = self._connection.info.transaction_status
        return bool(status != self._driver.pq.TransactionStatus.IDLE)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all commit, or none if the block raises (nested blocks are
        savepoints)."""
        try:
            with self._connection.transaction():
                yield
        except self._driver.Error as error:
            raise _translate(error, self._driver) from error

    def migrate(self) -> int:
        """Bring the schema to the current version, one process at a time."""
        with self.transaction():
            self._run("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
            return super().migrate()

    # -- lifetime -------------------------------------------------------------------

    def _release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _location(self) -> str:
        return f"schema {getattr(self, 'schema', '?')!r}"


def _translate(error: Exception, driver: ModuleType) -> Exception:
    """A relnet error for a driver error (the caller chains the original)."""
    errors = driver.errors
    message = str(error).strip()
    if isinstance(error, errors.UniqueViolation):
        return ConflictError(f"a record with that id already exists ({message})")
    if isinstance(error, errors.ForeignKeyViolation):
        detail = getattr(getattr(error, "diag", None), "message_detail", None) or ""
        found = re.search(r"=\((.*)\) is not present in table \"(\w+)\"", detail)
        if found:
            return NotFoundError(_KINDS.get(found[2], found[2]), found[1])
        return NotFoundError("record", message)
    if isinstance(error, errors.SerializationFailure | errors.DeadlockDetected):
        return ConflictError(f"a concurrent transaction got in the way ({message})", retryable=True)
    return StorageError(f"PostgreSQL: {message}")
