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
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

from relnet.adapters.sql import Dialect, Result, SQLStore
from relnet.adapters.sql.dialect import Params
from relnet.errors import ConflictError, NotFoundError, StorageError

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

__all__ = ["POSTGRES", "PostgresStore", "migrate"]

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

    ``dsn_or_pool`` is a libpq connection string or URI, or a
    ``psycopg_pool.ConnectionPool``; ``schema`` the schema to keep the network in
    (created if missing; the connection's default otherwise).

    **Threads.** A store opened on a DSN holds one connection and belongs to the thread
    that opened it: using it from another thread raises
    :class:`~relnet.errors.StorageError` (open one store per thread). A store on a pool
    may be shared by threads: each transaction, and each statement outside one, takes a
    connection from the pool for its duration.

    **Deploying.** ``migrate=False`` opens without any DDL, for a role with only read and
    write rights; the schema must then be current (run :func:`migrate` as a deploy
    step), else StorageError says so. A dropped connection fails the call that meets it
    (a retryable StorageError) and is replaced on the next call.

    Failing to connect, a schema that holds other tables, or one written by a newer
    relnet raise :class:`~relnet.errors.StorageError`.
    """

    dialect = POSTGRES

    def __init__(
        self,
        dsn_or_pool: str | ConnectionPool[Any],
        *,
        schema: str | None = None,
        migrate: bool = True,
    ) -> None:
        driver = _psycopg()
        self._driver = driver
        self._conn: psycopg.Connection[Any] | None = None
        self._pool: ConnectionPool[Any] | None = None
        self._held = threading.local()  # a pooled connection held by a thread's transaction
        self._thread = threading.get_ident()
        self._closed = False
        self._search_path: str | None = None
        self.dsn: str | None = None
        if isinstance(dsn_or_pool, str):
            self.dsn = dsn_or_pool
            self._conn = self._connect()
        elif callable(getattr(dsn_or_pool, "connection", None)):
            self._pool = dsn_or_pool
        else:
            raise TypeError(
                f"PostgresStore takes a DSN or a psycopg_pool.ConnectionPool, not {dsn_or_pool!r}"
            )
        try:
            if schema is not None:
                if migrate:
                    self._create_schema(schema)
                self._search_path = driver.sql.Identifier(schema).as_string()
                if self._conn is not None:
                    self._prepared(self._conn)
            self.schema: str = str(self._run("SELECT current_schema() AS name").first("name"))
            self.where = f"PostgreSQL schema {self.schema!r}"
            if migrate:
                self.migrate()
            else:
                self._require_current()
        except BaseException:
            self.close()
            raise

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called (a dropped connection is not closed: it is
        replaced on the next call)."""
        return self._closed

    # -- connections ----------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        assert self.dsn is not None
        try:
            return self._driver.connect(self.dsn, autocommit=True)  # type: ignore[no-any-return]
        except self._driver.Error as error:
            raise StorageError(f"cannot connect to PostgreSQL: {error}", retryable=True) from error

    @contextmanager
    def _session(self) -> Iterator[psycopg.Connection[Any]]:
        """The connection for the next statement: the thread's transaction's, the store's
        own (replaced if it dropped), or one taken from the pool for this statement."""
        if self._closed:
            raise StorageError(f"the PostgreSQL store of {self.where} is closed")
        held = getattr(self._held, "conn", None)
        if held is not None:
            yield held
        elif self._pool is None:
            yield self._own_connection()
        else:
            with self._pool.connection() as conn:
                yield self._prepared(conn)

    def _own_connection(self) -> psycopg.Connection[Any]:
        if threading.get_ident() != self._thread:
            raise StorageError(
                f"this PostgresStore of {self.where} was opened in another thread: open one "
                "store per thread, or give PostgresStore a connection pool to share it"
            )
        conn = self._conn
        if conn is None or conn.closed or conn.broken:
            conn = self._conn = self._prepared(self._connect())
        return conn

    def _prepared(self, conn: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
        """``conn`` in autocommit mode (transactions are begun explicitly) with the
        store's schema first on its search path."""
        if not conn.autocommit:
            conn.autocommit = True
        if self._search_path is not None:
            with conn.cursor() as cursor:
                cursor.execute(f"SET search_path TO {self._search_path}")
        return conn

    def _create_schema(self, name: str) -> None:
        """Create the schema ``name`` unless it exists. Two stores opening a new schema
        at once would both pass IF NOT EXISTS and one would fail on the catalog's key,
        so creation waits on a lock named after the schema."""
        quoted = self._driver.sql.Identifier(name).as_string()
        with self.transaction():
            self._run(
                "SELECT pg_advisory_xact_lock(hashtext('relnet schema ' || %(name)s))",
                {"name": quoted},
            )
            self._run(f"CREATE SCHEMA IF NOT EXISTS {quoted}")

    # -- the driver -----------------------------------------------------------------

    def _run(self, sql: str, params: Mapping[str, Any] | None = None) -> Result:
        try:
            with self._session() as conn, conn.cursor() as cursor:
                cursor.execute(sql, params or {})
                if cursor.description is None:
                    return Result((), [])
                return Result([column.name for column in cursor.description], cursor.fetchall())
        except self._driver.Error as error:
            raise _translate(error, self._driver) from error

    def _run_many(self, sql: str, rows: Sequence[Params]) -> None:
        try:
            with self._session() as conn, conn.cursor() as cursor:
                cursor.executemany(sql, rows)
        except self._driver.Error as error:
            raise _translate(error, self._driver) from error

    def _run_script(self, script: str) -> None:
        # One round trip: PostgreSQL runs a parameterless multi-statement string at once.
        try:
            with self._session() as conn:
                conn.execute(script.encode("utf-8"))
        except self._driver.Error as error:
            raise _translate(error, self._driver) from error

    def _tables(self) -> set[str]:
        names = self._run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).column("table_name")
        return {str(name) for name in names}

    def _in_transaction(self) -> bool:
        return getattr(self._held, "conn", None) is not None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all commit, or none if the block raises (nested blocks are
        savepoints). The thread holds one connection until the outermost block ends."""
        held = getattr(self._held, "conn", None)
        try:
            if held is not None:
                with held.transaction():
                    yield
                return
            with self._session() as conn:
                self._held.conn = conn
                try:
                    with conn.transaction():
                        yield
                finally:
                    self._held.conn = None
        except self._driver.Error as error:
            raise _translate(error, self._driver) from error

    def migrate(self) -> int:
        """Bring the schema to the current version, one process at a time (a schema
        already current is only read)."""
        current = self._current_version()
        if current is not None:
            return current
        with self.transaction():
            self._run("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
            return super().migrate()

    def _require_current(self) -> None:
        if self._current_version() is None:
            raise StorageError(
                f"{self.where} does not hold the current relnet schema: run "
                "relnet.adapters.postgres.migrate() as a deploy step, or open the store "
                "with migrate=True and a role that may create tables"
            )

    # -- lifetime -------------------------------------------------------------------

    def _release(self) -> None:
        self._closed = True
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _location(self) -> str:
        return f"schema {getattr(self, 'schema', '?')!r}"


def migrate(dsn_or_pool: str | ConnectionPool[Any], *, schema: str | None = None) -> int:
    """Create or bring up to date the relnet schema at ``dsn_or_pool`` (in ``schema``),
    and return its version: the deploy step for apps whose stores open with
    ``migrate=False`` under a role without DDL rights. Safe to run from several
    processes at once."""
    with PostgresStore(dsn_or_pool, schema=schema, migrate=True) as store:
        return store.migrate()


def _translate(error: Exception, driver: ModuleType) -> Exception:
    """A relnet error for a driver error (the caller chains the original)."""
    errors = driver.errors
    message = str(error).strip()
    if isinstance(error, errors.UniqueViolation):
        diag = getattr(error, "diag", None)
        detail = getattr(diag, "message_detail", None) or ""
        table = getattr(diag, "table_name", None) or ""
        key = re.search(r"^Key \(id\)=\((.*)\) already exists", detail)
        return ConflictError(
            f"a record with that id already exists ({message})",
            kind=_KINDS.get(table, table) if key else None,
            id=key[1] if key else None,
            reason="duplicate",
        )
    if isinstance(error, errors.ForeignKeyViolation):
        detail = getattr(getattr(error, "diag", None), "message_detail", None) or ""
        found = re.search(r"=\((.*)\) is not present in table \"(\w+)\"", detail)
        if found:
            return NotFoundError(_KINDS.get(found[2], found[2]), found[1], role="reference")
        return NotFoundError("record", message, role="reference")
    if isinstance(error, errors.SerializationFailure | errors.DeadlockDetected):
        return ConflictError(
            f"a concurrent transaction got in the way ({message})",
            reason="concurrent_write",
            retryable=True,
        )
    # A lost connection (OperationalError) may succeed on the next call, with a new one.
    return StorageError(
        f"PostgreSQL: {message}", retryable=isinstance(error, driver.OperationalError)
    )
