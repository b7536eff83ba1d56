"""``PostgresStore``: a network in a PostgreSQL database, through psycopg 3.

It shares its schema and queries with :class:`~relnet.adapters.sqlite.SQLiteStore`
(:mod:`relnet.adapters.sql`). Ids are compared and sorted byte for byte
(``COLLATE "C"``), so listings come in the same order as in Python. A store lives in
one schema (``schema=``, created if missing; the connection's default otherwise): the
schema holds one network, or, with ``network=``, the shared tables of many networks
(:mod:`relnet.adapters.sql.shared`), each store seeing only its own through row-level
security.

psycopg is imported when a store is made: install it with ``pip install
'relnet[postgres]'``.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from relnet.adapters.sql import MIGRATIONS, Dialect, Result, SQLStore
from relnet.adapters.sql.dialect import Params
from relnet.adapters.sql.shared import (
    LAYOUT_VERSION_TABLE,
    NETWORK_PARAMETER,
    NETWORK_SETTING,
    SHARED_PARTITIONS,
    SHARED_TABLES,
    check_network,
    layout_statements,
    scope_statement,
)
from relnet.errors import ConflictError, NotFoundError, StorageError, ValidationError

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

__all__ = [
    "POSTGRES",
    "POSTGRES_SHARED",
    "PostgresStore",
    "migrate",
    "move_to_shared",
]

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

#: The same, where many networks share the tables: keys lead with the network.
POSTGRES_SHARED = attrs.evolve(POSTGRES, name="PostgreSQL (shared tables)", scope="network, ")

# What a pool is known to hold, so that opening another store on it asks nothing:
# per (schema asked for, whether shared), the schema's name, once found current.
_KNOWN: weakref.WeakKeyDictionary[Any, dict[tuple[str | None, bool], str]] = (
    weakref.WeakKeyDictionary()
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

    **Many networks in shared tables.** With ``network=`` (a network id, see
    :func:`~relnet.adapters.sql.shared.check_network`), the schema holds the shared
    tables of many networks and the store reads and writes only those of ``network``:
    each transaction sets ``relnet.network`` for itself alone (``SET LOCAL``),
    and row-level security policies on every table admit only that network's rows, so
    a pooled connection never carries a network into the next transaction. A role that
    bypasses row-level security (a superuser, or ``BYPASSRLS``) would see every network:
    such a store refuses to open (StorageError); run :func:`migrate` as the owner, and
    the stores as a role without it.

    Failing to connect, a schema that holds other tables, or one written by a newer
    relnet raise :class:`~relnet.errors.StorageError`; an invalid network id
    :class:`~relnet.errors.ValidationError`, before anything is sent to the server.
    """

    dialect = POSTGRES
    _remember = True  # whether a pool's schema, once found current, is trusted after
    _partitions = SHARED_PARTITIONS  # how many partitions new shared tables get
    #: The network of a store on shared tables; None for a schema of one network.
    network: str | None = None

    def __init__(
        self,
        dsn_or_pool: str | ConnectionPool[Any],
        *,
        schema: str | None = None,
        migrate: bool = True,
        network: str | None = None,
    ) -> None:
        if network is not None:
            self.network = check_network(network)
            self.dialect = POSTGRES_SHARED
        self._driver = _psycopg()
        self._conn: psycopg.Connection[Any] | None = None
        self._pool: ConnectionPool[Any] | None = None
        self._held = threading.local()  # a pooled connection held by a thread's transaction
        self._thread = threading.get_ident()
        self._closed = False
        self._search_path: str | None = None
        self._local_path: str | None = None  # set per transaction on pooled shared stores
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
            self._open(schema, migrate=migrate)
        except BaseException:
            self.close()
            raise

    def _open(self, schema: str | None, *, migrate: bool) -> None:
        """Find (or create) the schema and check, or bring up to date, what it holds."""
        if schema is not None:
            if migrate and self._known(schema) is None:
                self._create_schema(schema)
            self._search_path = self._driver.sql.Identifier(schema).as_string()
            if self._pool is not None and self.network is not None:
                self._local_path = self._search_path
            if self._conn is not None:
                self._prepared(self._conn)
        known = self._known(schema)
        if known is not None:  # a pool whose schema was found current before
            self.schema: str = known
            self.where = self._describe()
            return
        self.schema = str(self._run("SELECT current_schema() AS name").first("name"))
        self.where = self._describe()
        if self.network is not None:
            self._refuse_bypass()
        if migrate:
            self.migrate()
        else:
            self._require_current()
        if self._pool is not None and self._remember:
            _KNOWN.setdefault(self._pool, {})[(schema, self.network is not None)] = self.schema

    def _known(self, schema: str | None) -> str | None:
        """The schema's name if this store's pool was found to hold it current."""
        if self._pool is None:
            return None
        return _KNOWN.get(self._pool, {}).get((schema, self.network is not None))

    def _describe(self) -> str:
        if self.network is None:
            return f"PostgreSQL schema {self.schema!r}"
        return f"network {self.network!r} in the shared tables of PostgreSQL schema {self.schema!r}"

    def _refuse_bypass(self) -> None:
        """StorageError if the connection's role is not bound by row-level security."""
        row = self._run(
            "SELECT rolname, rolsuper OR rolbypassrls AS bypass FROM pg_roles "
            "WHERE rolname = current_user"
        )
        if row and row.first("bypass"):
            raise StorageError(
                f"role {row.first('rolname')!r} bypasses row-level security (a superuser or "
                "BYPASSRLS): a store on shared tables would see every network. Open it as "
                "a role without that right (the deploy step, migrate(), may run as the owner)"
            )

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
        if self._search_path is not None and self._local_path is None:
            with conn.cursor() as cursor:
                cursor.execute(f"SET search_path TO {self._search_path}")
        return conn

    def _create_schema(self, name: str) -> None:
        """Create the schema ``name`` unless it exists. Two stores opening a new schema
        at once would both pass IF NOT EXISTS and one would fail on the catalog's key,
        so creation waits on a lock named after the schema."""
        quoted = self._driver.sql.Identifier(name).as_string()
        if self._run(
            "SELECT 1 AS found FROM pg_namespace WHERE nspname = %(name)s", {"name": name}
        ):
            return  # no lock, and no right to create schemas needed
        with self.transaction():
            self._run(
                "SELECT pg_advisory_xact_lock(hashtext('relnet schema ' || %(name)s))",
                {"name": quoted},
            )
            self._run(f"CREATE SCHEMA IF NOT EXISTS {quoted}")

    # -- the driver -----------------------------------------------------------------

    def _run(self, sql: str, params: Mapping[str, Any] | None = None) -> Result:
        if self.network is not None and not self._in_transaction():
            with self.transaction():  # which sets the network
                return self._run(sql, params)
        if self.network is not None:
            sql = scope_statement(sql)
            if NETWORK_PARAMETER in sql:
                params = {**(params or {}), "network": self.network}
        try:
            with self._session() as conn, conn.cursor() as cursor:
                cursor.execute(sql, params or {})
                if cursor.description is None:
                    return Result((), [])
                return Result([column.name for column in cursor.description], cursor.fetchall())
        except self._driver.Error as error:
            raise _translate(error, self._driver, self.network) from error

    def _run_many(self, sql: str, rows: Sequence[Params]) -> None:
        if self.network is not None and not self._in_transaction():
            with self.transaction():
                self._run_many(sql, rows)
            return
        if self.network is not None:
            sql = scope_statement(sql)
            if NETWORK_PARAMETER in sql:
                rows = [{**row, "network": self.network} for row in rows]  # type: ignore[dict-item]
        try:
            with self._session() as conn, conn.cursor() as cursor:
                cursor.executemany(sql, rows)
        except self._driver.Error as error:
            raise _translate(error, self._driver, self.network) from error

    def _run_script(self, script: str) -> None:
        # One round trip: PostgreSQL runs a parameterless multi-statement string at once.
        if self.network is not None and not self._in_transaction():
            with self.transaction():
                self._run_script(script)
            return
        try:
            with self._session() as conn:
                conn.execute(script.encode("utf-8"))
        except self._driver.Error as error:
            raise _translate(error, self._driver, self.network) from error

    def _tables(self) -> set[str]:
        if self.network is not None:  # every table, whatever the role may read
            names = self._run(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).column("tablename")
            return {str(name) for name in names}
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
                        if self.network is not None:
                            self._set_network(conn)
                        yield
                finally:
                    self._held.conn = None
        except self._driver.Error as error:
            raise _translate(error, self._driver, self.network) from error

    def _set_network(self, conn: psycopg.Connection[Any]) -> None:
        """Make the transaction open on ``conn`` see only the store's network (and,
        on a pool, look in the store's schema), until it ends."""
        assert self.network is not None
        sql = self._driver.sql
        # SET LOCAL rather than set_config(): a distributed PostgreSQL (Citus) forwards
        # SET LOCAL to the node that runs a statement. The id is checked plain text.
        statement = sql.SQL("SET LOCAL {} = {}").format(
            sql.SQL(NETWORK_SETTING), sql.Literal(self.network)
        )
        if self._local_path is not None:
            statement = sql.SQL("{}; SET LOCAL search_path TO {}").format(
                statement, sql.SQL(self._local_path)
            )
        conn.execute(statement, prepare=False)  # two statements cannot be prepared

    def migrate(self) -> int:
        """Bring the schema to the current version, one process at a time (a schema
        already current is only read)."""
        if self.network is not None:
            return self._migrate_shared(self._partitions)
        current = self._current_version()
        if current is not None:
            return current
        with self.transaction():
            self._run("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
            return super().migrate()

    def _layout_version(self) -> int | None:
        """The shared layout's version when it is the current one, else None."""
        if "shared_version" not in self._tables():
            return None
        versions = self._run("SELECT version FROM shared_version").column("version")
        return len(MIGRATIONS) if versions == [len(MIGRATIONS)] else None

    def _migrate_shared(self, partitions: int) -> int:
        """Create the shared tables, or those of them missing (a table added to the
        schema since), one process at a time."""
        current = self._layout_version()
        if current is not None:
            return current
        with self.transaction():
            self._run(
                "SELECT pg_advisory_xact_lock(hashtext('relnet shared ' || current_schema()))"
            )
            tables = self._tables()
            if "shared_version" not in tables:
                if "schema_version" in tables:
                    raise StorageError(
                        f"PostgreSQL schema {self.schema!r} holds the store of one network, "
                        "not shared tables: open it without network=, or copy it into shared "
                        "tables with relnet.adapters.postgres.move_to_shared()"
                    )
                if tables:
                    shown = ", ".join(sorted(tables)[:5])
                    raise StorageError(
                        f"{self.where} is not a relnet store: it holds other tables ({shown}) "
                        "and no relnet shared_version table"
                    )
                self._run(self.dialect.ddl(LAYOUT_VERSION_TABLE))
                self._run("INSERT INTO shared_version (version) VALUES (0)")
            versions = self._run("SELECT version FROM shared_version").column("version")
            if len(versions) != 1 or not isinstance(versions[0], int):
                raise StorageError(f"{self.where} has a damaged shared_version table")
            if versions[0] > len(MIGRATIONS):
                raise StorageError(
                    f"{self.where} has schema version {versions[0]}, written by a newer "
                    f"relnet; this relnet reads versions up to {len(MIGRATIONS)}: upgrade relnet"
                )
            for table in SHARED_TABLES:
                if table not in tables:
                    for statement in layout_statements(self.dialect, table, partitions=partitions):
                        self._run(statement)
            self._run("UPDATE shared_version SET version = %(v)s", {"v": len(MIGRATIONS)})
            return len(MIGRATIONS)

    def _require_current(self) -> None:
        current = self._current_version if self.network is None else self._layout_version
        if current() is None:
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
        where = f"schema {getattr(self, 'schema', '?')!r}"
        return where if self.network is None else f"network {self.network!r} in {where}"


def migrate(
    dsn_or_pool: str | ConnectionPool[Any],
    *,
    schema: str | None = None,
    shared: bool = False,
    partitions: int = SHARED_PARTITIONS,
) -> int:
    """Create or bring up to date the relnet schema at ``dsn_or_pool`` (in ``schema``),
    and return its version: the deploy step for apps whose stores open with
    ``migrate=False`` under a role without DDL rights. Safe to run from several
    processes at once.

    With ``shared``, the schema holds the shared tables of many networks (stores open
    with ``network=``), the big ones in ``partitions`` hash partitions each (fixed when
    a table is created). Run it as the tables' owner: it reads no network's rows, so it
    may run as a role that bypasses row-level security.
    """
    if not shared:
        with PostgresStore(dsn_or_pool, schema=schema, migrate=True) as store:
            return store.migrate()
    _Deploy.check_partitions(partitions)
    with _Deploy(dsn_or_pool, schema=schema, partitions=partitions) as deploy:
        return deploy.migrate()


class _Deploy(PostgresStore):
    """A store on shared tables for the deploy steps: it may run as the owner (even one
    bypassing row-level security) and writes no network's rows of its own."""

    _remember = False

    def __init__(
        self,
        dsn_or_pool: str | ConnectionPool[Any],
        *,
        schema: str | None,
        network: str = "relnet:deploy",
        partitions: int = SHARED_PARTITIONS,
    ) -> None:
        self._partitions = partitions
        super().__init__(dsn_or_pool, schema=schema, network=network, migrate=True)

    @staticmethod
    def check_partitions(partitions: object) -> None:
        if not isinstance(partitions, int) or isinstance(partitions, bool) or partitions < 1:
            raise ValidationError("partitions", partitions, "a positive number of partitions")

    def _refuse_bypass(self) -> None:
        """Allowed: the deploy steps say which network's rows they touch in every query."""


def move_to_shared(
    dsn_or_pool: str | ConnectionPool[Any],
    *,
    schema: str,
    network: str,
    into: str | None = None,
    drop: bool = False,
) -> dict[str, int]:
    """Copy the network kept in ``schema`` (the one-network-per-schema layout) into the
    shared tables in ``into`` (the connection's default schema if None; created, with
    the shared tables, if missing) as ``network``, and return how many rows each table
    brought.

    Every table of the schema is copied, in one transaction, while the source's tables
    are locked against writes; the counts are checked before it commits. ``drop``
    then drops ``schema``. Run it as the owner of both (it may bypass row-level
    security). The source must be at the current schema version (open it once with
    ``PostgresStore(dsn, schema=…)`` to migrate it); ``network`` must hold nothing yet
    (ConflictError otherwise); a schema that is not a relnet store raises StorageError;
    an invalid network id ValidationError.
    """
    network = check_network(network)
    with _Deploy(dsn_or_pool, schema=into, network=network) as target:
        source = target._driver.sql.Identifier(schema).as_string()
        order = _movable_tables(target, schema, source)
        with target.transaction():
            target._run(
                "LOCK TABLE " + ", ".join(f"{source}.{table}" for table in order) + " IN SHARE MODE"
            )
            for table in order:
                if _held(target, table, network):
                    raise ConflictError(
                        f"network {network!r} already holds rows in the shared tables "
                        f"({table}): move a schema only into a network that holds nothing"
                    )
            moved = {table: _copy_table(target, schema, table, network) for table in order}
            if drop:
                target._run(f"DROP SCHEMA {source} CASCADE")
        return moved


def _movable_tables(target: _Deploy, schema: str, source: str) -> list[str]:
    """The tables of ``schema`` (quoted ``source``), in the shared layout's order; a
    StorageError unless it is a relnet store at the current version with no other
    table."""
    found = target._run(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %(s)s",
        {"s": schema},
    ).column("table_name")
    tables = {str(name) for name in found}
    if "schema_version" not in tables:
        raise StorageError(f"PostgreSQL schema {schema!r} holds no relnet store to move")
    version = target._run(f"SELECT version FROM {source}.schema_version").first("version")
    if version != len(MIGRATIONS):
        raise StorageError(
            f"PostgreSQL schema {schema!r} has schema version {version}, not "
            f"{len(MIGRATIONS)}: open it once with PostgresStore(dsn, schema={schema!r}) "
            "to bring it up to date, then move it"
        )
    unknown = sorted(tables - set(SHARED_TABLES) - {"schema_version"})
    if unknown:
        raise StorageError(
            f"PostgreSQL schema {schema!r} holds tables the shared layout has not: "
            + ", ".join(unknown)
        )
    return [table for table in SHARED_TABLES if table in tables]


def _held(target: _Deploy, table: str, network: str) -> int:
    """How many rows of the shared ``table`` belong to ``network``."""
    found = target._run(
        f"SELECT count(*) AS n FROM {table} WHERE network = %(n)s", {"n": network}
    ).first("n")
    return int(found)


def _copy_table(target: _Deploy, schema: str, table: str, network: str) -> int:
    """Copy ``table`` of ``schema`` into the shared one as ``network``'s rows, checking
    the columns before and the count after; how many rows it brought."""
    source = target._driver.sql.Identifier(schema).as_string()
    columns = _columns(target, schema, table)
    shared_columns = _columns(target, target.schema, table) - {"network"}
    if columns != shared_columns:
        raise StorageError(
            f"table {table} of schema {schema!r} has columns {sorted(columns)}, "
            f"the shared one {sorted(shared_columns)}"
        )
    listed = ", ".join(sorted(columns))
    target._run(
        f"INSERT INTO {table} (network, {listed}) SELECT %(n)s, {listed} FROM {source}.{table}",
        {"n": network},
    )
    there = target._run(f"SELECT count(*) AS n FROM {source}.{table}").first("n")
    here = _held(target, table, network)
    if here != there:
        raise StorageError(
            f"moving table {table}: {there} rows in schema {schema!r}, {here} copied"
        )
    return here


def _columns(store: PostgresStore, schema: str, table: str) -> set[str]:
    found = store._run(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = %(s)s AND table_name = %(t)s",
        {"s": schema, "t": table},
    ).column("column_name")
    return {str(name) for name in found}


def _without_network(key: str, network: str | None) -> str:
    """A key the server reported, without the shared tables' leading network."""
    if network is not None and key.startswith(f"{network}, "):
        return key[len(network) + 2 :]
    return key


def _translate(error: Exception, driver: ModuleType, network: str | None = None) -> Exception:
    """A relnet error for a driver error (the caller chains the original); ``network``,
    the store's on shared tables, is left out of the keys it names."""
    errors = driver.errors
    message = str(error).strip()
    if isinstance(error, errors.UniqueViolation):
        diag = getattr(error, "diag", None)
        detail = getattr(diag, "message_detail", None) or ""
        table = getattr(diag, "table_name", None) or ""
        key = re.search(r"^Key \((?:network, )?id\)=\((.*)\) already exists", detail)
        return ConflictError(
            f"a record with that id already exists ({message})",
            kind=_KINDS.get(table, table) if key else None,
            id=_without_network(key[1], network) if key else None,
            reason="duplicate",
        )
    if isinstance(error, errors.ForeignKeyViolation):
        detail = getattr(getattr(error, "diag", None), "message_detail", None) or ""
        found = re.search(r"=\((.*)\) is not present in table \"(\w+)\"", detail)
        if found:
            missing = _without_network(found[1], network)
            return NotFoundError(_KINDS.get(found[2], found[2]), missing, role="reference")
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
