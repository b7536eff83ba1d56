"""``SQLiteStore``: a network in one SQLite file, with the standard library's ``sqlite3``.

The file runs in WAL mode with ``synchronous=NORMAL`` (a committed transaction survives
the process being killed; one may be lost in a power cut, never half of one), foreign
keys on, and a busy timeout so that writers in other processes wait their turn. Write
transactions start with ``BEGIN IMMEDIATE``; nested ones are savepoints. ``forget``
overwrites deleted content (``secure_delete``) and then rewrites the file (``VACUUM``)
and empties the write-ahead log, so the person's data is gone from the files on disk.

>>> from relnet import Contact
>>> with SQLiteStore(":memory:") as store:
...     _ = store.add_contact(Contact("Ada Lovelace", id="ada"))
...     store.get_contact("ada").name
'Ada Lovelace'
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from relnet.adapters.sql import Dialect, Result, SQLStore
from relnet.adapters.sql.dialect import Params
from relnet.errors import ConflictError, NotFoundError, StorageError, ValidationError

__all__ = ["SQLiteStore"]

_STRICT = " STRICT" if sqlite3.sqlite_version_info >= (3, 37) else ""

#: SQLite's way with relnet's shared SQL.
SQLITE = Dialect(
    name="SQLite",
    int64="INTEGER",
    key="TEXT",
    table_options=_STRICT,
    concat="group_concat({value})",
    id_list="SELECT value AS id FROM json_each(:ids)",
    pack_ids=lambda ids: json.dumps(list(ids), ensure_ascii=False),
    # ``->`` (JSON text out of JSON) came with SQLite 3.38.
    json_raw="({value} -> '$.{dotted}')" if sqlite3.sqlite_version_info >= (3, 38) else None,
    # ``AS MATERIALIZED`` came with SQLite 3.35.
    materialized="MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else "",
)


class SQLiteStore(SQLStore):
    """A :class:`~relnet.storage.Store` (with :class:`~relnet.storage.SummarySource`,
    :class:`~relnet.storage.SummarySieve` and :class:`~relnet.storage.FileBacked`) kept in
    a SQLite file.

    ``path`` is a file name (str or path; created if missing) or ``":memory:"``.
    ``timeout`` is how long, in seconds, a write waits for another process's write to
    finish. ``bulk_cache_mib`` is the page cache, in MiB, that
    :meth:`~relnet.adapters.sql.SQLStore.add_records` uses while it runs (SQLite's own
    default, about 2 MiB, stays in place otherwise): a bulk load fills B-trees far
    larger than a small cache, and every page it has to read back costs a search of a
    write-ahead log that grows with the load. The memory is given back when the load
    ends; a larger ``cache_size`` set on the connection is left as it is; 0 leaves
    the cache alone. Opening a file that is not a relnet store, or one written by a
    newer relnet, raises :class:`~relnet.errors.StorageError`.

    **Threads.** A store belongs to the thread that opened it: using it from another
    thread raises StorageError (one connection and one transaction depth cannot serve
    two threads). Open one store per thread, or per request; open several on one file
    freely. Opening a store whose schema is current only reads, so it does not wait
    for another connection's write.
    """

    dialect = SQLITE

    #: A bulk load of at least this many interactions, and at least as many as the
    #: store holds, drops the secondary indexes of the interaction tables and builds
    #: them again once the rows are in (see ``_indexes_rebuilt``).
    _rebuild_at = 10_000

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 30.0,
        bulk_cache_mib: int = 256,
    ) -> None:
        if isinstance(bulk_cache_mib, bool) or not isinstance(bulk_cache_mib, int):
            raise ValidationError("bulk_cache_mib", bulk_cache_mib, "a whole number of MiB")
        if bulk_cache_mib < 0:
            raise ValidationError("bulk_cache_mib", bulk_cache_mib, "a number of MiB >= 0")
        self.bulk_cache_mib = bulk_cache_mib
        self.path = path if str(path) == ":memory:" else Path(path)
        self.where = f"SQLite file {str(path)!r}"
        self._depth = 0
        self._scrub = False
        self._conn: sqlite3.Connection | None = None
        self._thread = threading.get_ident()
        try:
            conn = sqlite3.connect(
                str(path), timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StorageError(f"cannot open {self.where}: {error}") from error
        self._conn = conn
        try:
            self._setup(timeout)
            self.migrate()
        except BaseException:
            conn.close()
            self._conn = None
            raise

    def _setup(self, timeout: float) -> None:
        try:
            self._connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
        except sqlite3.DatabaseError as error:
            raise StorageError(
                f"{self.where} is not a relnet store (not a readable SQLite database: {error})"
            ) from error
        self._pragma(f"busy_timeout = {int(timeout * 1000)}")
        self._pragma("foreign_keys = ON")
        self._pragma("secure_delete = ON")
        if self.path != ":memory:":
            mode = self._pragma("journal_mode = WAL")
            if not mode or str(mode.first("journal_mode")).lower() != "wal":
                raise StorageError(f"{self.where} cannot use write-ahead logging ({mode})")
        self._pragma("synchronous = NORMAL")

    def _pragma(self, text: str) -> Result:
        return self._run(f"PRAGMA {text}")

    @property
    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError(f"{self.where} is closed")
        if threading.get_ident() != self._thread:
            raise StorageError(
                f"this SQLiteStore of {self.where} was opened in another thread: "
                "open one store per thread"
            )
        return self._conn

    # -- the driver -----------------------------------------------------------------

    def _run(self, sql: str, params: Mapping[str, Any] | None = None) -> Result:
        try:
            cursor = self._connection.execute(sql, params or {})
            rows = cursor.fetchall()
            return Result([column[0] for column in cursor.description or ()], rows)
        except sqlite3.Error as error:
            raise _translate(error, self.where) from error
        except UnicodeEncodeError as error:
            raise _unencodable(error) from error

    def _run_many(self, sql: str, rows: Sequence[Params]) -> None:
        try:
            self._connection.executemany(sql, rows)
        except sqlite3.Error as error:
            raise _translate(error, self.where) from error
        except UnicodeEncodeError as error:
            raise _unencodable(error) from error

    def _tables(self) -> set[str]:
        names = self._run("SELECT name FROM sqlite_master WHERE type = 'table'").column("name")
        return {str(name) for name in names if not str(name).startswith("sqlite_")}

    def _in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all commit, or none if the block raises (nested blocks are
        savepoints). The outermost block holds the write lock (``BEGIN IMMEDIATE``)."""
        depth = self._depth
        self._run("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT relnet_{depth}")
        self._depth = depth + 1
        try:
            yield
        except BaseException:
            self._depth = depth
            if depth == 0:
                self._scrub = False
                self._quietly("ROLLBACK")
            else:
                self._quietly(f"ROLLBACK TO relnet_{depth}")
                self._quietly(f"RELEASE relnet_{depth}")
            raise
        self._depth = depth
        if depth > 0:
            self._run(f"RELEASE relnet_{depth}")
            return
        try:
            self._run("COMMIT")
        except BaseException:
            self._scrub = False
            self._quietly("ROLLBACK")
            raise
        if self._scrub:
            self._scrub = False
            try:
                self.scrub()
            except StorageError as error:
                raise StorageError(
                    f"the person was forgotten, but {self.where} could not be rewritten "
                    f"without their deleted data ({error}); call scrub() again"
                ) from error

    @contextmanager
    def _bulk_settings(self) -> Iterator[None]:
        """The page cache of ``bulk_cache_mib`` while ``add_records`` runs, unless the
        connection's is larger; the connection's own again after."""
        before = self._pragma("cache_size").first("cache_size")
        page = self._pragma("page_size").first("page_size")
        held = before * page if before >= 0 else -before * 1024
        wanted = self.bulk_cache_mib * 2**20
        if wanted <= held:
            yield
            return
        self._pragma(f"cache_size = -{wanted // 1024}")
        try:
            yield
        finally:
            self._pragma(f"cache_size = {int(before)}")

    @contextmanager
    def _indexes_rebuilt(self, tables: Sequence[str], count: int) -> Iterator[bool]:
        """Drop the secondary indexes of ``tables`` before writing ``count``
        interactions' rows and create them again after, when ``count`` is at least
        :attr:`_rebuild_at` and at least the number of interactions stored (so that
        building them again costs no more than the load): filling an index row by row
        at random places reads its pages back again and again once it outgrows the
        cache, where building it sorts once and writes each page once. Both happen in
        the load's transaction, so a load that fails or is killed leaves the indexes
        exactly as they were. Primary keys stay (SQLite cannot drop them); the rows go
        in the order of their ids, which those keys begin with, so that they too are
        filled at their end."""
        stored = self._run("SELECT max(rowid) AS stored FROM interactions").first("stored")
        if count < self._rebuild_at or count < (stored or 0):
            yield False
            return
        found = self._run(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN (SELECT value FROM json_each(:tables)) ORDER BY name",
            {"tables": json.dumps(list(tables))},
        )
        for name in found.column("name"):
            self._run(f'DROP INDEX "{name}"')
        yield True
        for sql in found.column("sql"):
            self._run(str(sql))

    def _quietly(self, sql: str) -> None:
        # The transaction may already be gone: SQLite rolls back by itself on some errors.
        with contextlib.suppress(sqlite3.Error):
            self._connection.execute(sql)

    def _forgotten(self) -> None:
        self._scrub = True

    def scrub(self) -> bool:
        """Rewrite the file without free pages and empty the write-ahead log, so that no
        deleted data stays on disk (``forget`` does this after it commits).

        Returns False if another connection's open read kept the log from being emptied;
        call it again later.
        """
        if self._depth:
            raise StorageError("scrub() cannot run inside a transaction")
        self._run("VACUUM")
        if self.path == ":memory:":
            return True
        return not self._run("PRAGMA wal_checkpoint(TRUNCATE)").first("busy")

    def files(self) -> list[Path]:
        """The database file and its side files (write-ahead log, shared-memory index,
        rollback journal), whether they exist now or not; none for ``":memory:"``
        (:class:`~relnet.storage.FileBacked`)."""
        if not isinstance(self.path, Path):
            return []
        return [self.path, *(Path(f"{self.path}{side}") for side in ("-wal", "-shm", "-journal"))]

    # -- lifetime -------------------------------------------------------------------

    def _release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _location(self) -> str:
        return repr(str(self.path))


def _translate(error: sqlite3.Error, where: str) -> Exception:
    """A relnet error for a driver error (the caller chains the original)."""
    message = str(error)
    if isinstance(error, sqlite3.IntegrityError):
        if message.startswith("UNIQUE") or "PRIMARY KEY" in message:
            return ConflictError(
                f"a record with that id already exists ({message})", reason="duplicate"
            )
        if "FOREIGN KEY" in message:
            return NotFoundError("record", f"referenced by the write ({message})", role="reference")
    return StorageError(f"{where}: {message}")


def _unencodable(error: UnicodeEncodeError) -> ValidationError:
    return ValidationError(
        "text", error.object[max(0, error.start - 20) : error.end + 20], "text encodable as UTF-8"
    )
