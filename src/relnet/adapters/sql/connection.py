""":class:`SQLConnection`: what the SQL stores ask of a driver, the helpers they build
on it, and the migration of the schema."""

from __future__ import annotations

import functools
import random
import time
from abc import abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, ParamSpec, TypeVar

from relnet.adapters._lifetime import StoreLifetime
from relnet.adapters.sql.dialect import Dialect, Params, Result, statements
from relnet.adapters.sql.rows import Tables, decode
from relnet.adapters.sql.schema import MIGRATIONS, VERSION_TABLE, insert_sql, migration_script
from relnet.errors import ConflictError, NotFoundError, StorageError

__all__ = ["SQLConnection", "retried"]

R = TypeVar("R")
P = ParamSpec("P")

#: How many ids a query takes at a time.
ID_CHUNK = 10_000


def retried(method: Callable[P, R]) -> Callable[P, R]:
    """Run a store's write again when a concurrent transaction got in its way.

    Only a whole write is run again, when it is not part of a caller's transaction (its
    own rolled back entirely, so nothing of the failed try remains), and at most
    :attr:`SQLConnection.retries` more times; then the ``ConflictError``, whose
    ``retryable`` is true, reaches the caller. Inside a caller's transaction the error
    reaches the caller at once: only the caller can run their whole block again.
    """

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        store = args[0]
        assert isinstance(store, SQLConnection)
        tries = 0
        while True:
            outside = not store._in_transaction()
            try:
                return method(*args, **kwargs)
            except ConflictError as error:
                if not (error.retryable and outside) or tries >= store.retries:
                    raise
                tries += 1
                # Jitter, so that the writers who collided do not collide again.
                time.sleep(random.uniform(0, 0.01 * 2**tries))

    return run


class SQLConnection(StoreLifetime):
    """A SQL connection as the stores use it: statements, parameters, chunks of ids,
    and the schema's migrations.

    Subclasses provide the driver: :meth:`_run` (one statement, returning its rows),
    :meth:`_run_many`, :meth:`transaction` (nesting with savepoints), :meth:`_tables`,
    and what :class:`~relnet.adapters._lifetime.StoreLifetime` asks.
    """

    dialect: Dialect
    #: How the store names its database in messages.
    where: str = "the database"
    #: How many more times a write of the store's own runs when a concurrent
    #: transaction got in its way (see :func:`retried`).
    retries: int = 3

    # -- what a driver provides -----------------------------------------------------

    @abstractmethod
    def _run(self, sql: str, params: Mapping[str, Any] | None = None) -> Result:
        """Execute one rendered statement and return its rows (none for writes)."""

    @abstractmethod
    def _run_many(self, sql: str, rows: Sequence[Params]) -> None:
        """Execute one rendered statement once per parameter set."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Group writes: all commit, or none if the block raises; nested blocks are
        savepoints."""

    @abstractmethod
    def _in_transaction(self) -> bool:
        """Whether a transaction is open on the connection (a caller's, or a write's)."""

    @abstractmethod
    def _tables(self) -> set[str]:
        """The names of the tables in the store's database (or schema)."""

    def _run_script(self, script: str) -> None:
        """Execute a migration script, one statement at a time."""
        for statement in statements(script):
            self._run(statement)

    def _forgotten(self) -> None:
        """Called inside ``forget``'s transaction; a store may scrub after it commits."""

    # -- helpers --------------------------------------------------------------------

    def _query(self, sql: str, **params: Any) -> Result:
        return self._run(self.dialect.render(sql), params)

    def _write_rows(self, table: str, rows: Sequence[Params]) -> None:
        if rows:
            self._run_many(insert_sql(self.dialect, table), rows)

    def _write_tables(self, tables: Tables) -> None:
        """Insert rows of :data:`~relnet.adapters.sql.schema.COLUMNS` shape, table by
        table in the order given."""
        for table, rows in tables.items():
            self._write_rows(table, rows)

    def _exists(self, table: str, record_id: str) -> bool:
        return bool(self._query(f"SELECT 1 AS found FROM {table} WHERE id = :id", id=record_id))

    def _first_missing(self, table: str, ids: Iterable[str]) -> str | None:
        wanted = list(ids)
        if not wanted:
            return None
        sql = f"SELECT id FROM {table} WHERE {self.dialect.in_ids('id')}"
        found = set(self._query(sql, ids=self.dialect.pack_ids(wanted)).column("id"))
        for record_id in wanted:
            if record_id not in found:
                return record_id
        return None

    def _require_all(self, table: str, kind: str, ids: Iterable[str]) -> None:
        missing = self._first_missing(table, ids)
        if missing is not None:
            raise NotFoundError(kind, missing, role="reference")

    def _doc(self, table: str, record_id: str, kind: str) -> str:
        rows = self._query(f"SELECT doc FROM {table} WHERE id = :id", id=record_id)
        if not rows:
            raise NotFoundError(kind, str(record_id))
        return str(rows.first("doc"))

    def _docs(self, sql: str, cls: type[R], kind: str, **params: Any) -> list[R]:
        return [decode(doc, cls, kind) for doc in self._query(sql, **params).column("doc")]

    def _chunked(self, sql: str, ids: Sequence[str], **params: Any) -> Result:
        """Rows of ``sql`` (rendered) for the ``:ids`` given, a bounded number at a time."""
        pack = self.dialect.pack_ids
        return Result.concat(
            [
                self._run(sql, {**params, "ids": pack(ids[start : start + ID_CHUNK])})
                for start in range(0, len(ids), ID_CHUNK)
            ]
        )

    def _lock_summaries(self, contacts: Iterable[str]) -> None:
        """Wait for, then hold to the end of the transaction, the right to rewrite the
        summaries of ``contacts``.

        A summary is read, folded and written back; without the lock, two writers of
        one contact's touches both read the summary before either writes, and the later
        write loses the earlier one's touch. Summaries are read only after this returns
        (a new statement sees what the other writer committed). Locks are taken in id
        order, so two writers of the same contacts wait for each other, not deadlock.
        """
        statement = self.dialect.lock_contacts
        wanted = sorted(set(contacts))
        if statement is None or not wanted:
            return
        self._chunked(self.dialect.render(statement), wanted)

    def migrate(self) -> int:
        """Bring the schema to the current version (creating it in an empty database).

        Returns the version. Raises StorageError for a database that holds other tables
        but no relnet schema, or one written by a newer relnet.
        """
        current = self._current_version()
        if current is not None:
            return current
        with self.transaction():
            version = self._schema_version()
            if version > len(MIGRATIONS):
                raise StorageError(
                    f"{self.where} has schema version {version}, written by a newer relnet; "
                    f"this relnet reads versions up to {len(MIGRATIONS)}: upgrade relnet"
                )
            for script in MIGRATIONS[version:]:
                self._run_script(migration_script(self.dialect, script))
            if version < len(MIGRATIONS):
                self._query("UPDATE schema_version SET version = :v", v=len(MIGRATIONS))
            return len(MIGRATIONS)

    def _current_version(self) -> int | None:
        """The schema's version when it is the current one, else None: read only, so
        that opening a store whose schema is current takes no write lock."""
        if "schema_version" not in self._tables():
            return None
        versions = self._query("SELECT version FROM schema_version").column("version")
        return len(MIGRATIONS) if versions == [len(MIGRATIONS)] else None

    def _schema_version(self) -> int:
        """The version of the schema (0 in an empty database, given a version table)."""
        tables = self._tables()
        if "schema_version" not in tables:
            if tables:
                shown = ", ".join(sorted(tables)[:5])
                raise StorageError(
                    f"{self.where} is not a relnet store: it holds other tables "
                    f"({shown}) and no relnet schema_version table"
                )
            self._run(migration_script(self.dialect, VERSION_TABLE))
            self._query("INSERT INTO schema_version (version) VALUES (0)")
            return 0
        versions = self._query("SELECT version FROM schema_version").column("version")
        if len(versions) != 1 or not isinstance(versions[0], int):
            raise StorageError(f"{self.where} has a damaged schema_version table")
        return versions[0]
