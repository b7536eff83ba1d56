"""SQLiteStore: the store contract on a file, plus what only a SQLite file can do wrong."""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from relnet import (
    ConflictError,
    Contact,
    ContactId,
    Interaction,
    InteractionId,
    NotFoundError,
    StorageError,
)
from relnet.adapters.sql import MIGRATIONS
from relnet.adapters.sql import store as sql_store
from relnet.adapters.sqlite import SQLiteStore
from relnet.model import summarize
from relnet.storage import Store
from relnet.testing import Reopen, StoreContract, StoreFactory
from relnet.testing.contract.erasure import add_erasure_scene, find_traces
from tests.adapters.sql_stores import write_old_sqlite


class TestSQLiteStore(StoreContract):
    """The contract on a SQLite file, reopened from the same path."""

    max_examples = 20
    stateful_examples = 15

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> Iterator[StoreFactory]:
        made: list[SQLiteStore] = []
        counter = itertools.count()

        def factory() -> Store:
            store = SQLiteStore(tmp_path / f"store{next(counter)}.db")
            made.append(store)
            return store

        yield factory
        for store in made:
            store.close()

    @pytest.fixture
    def reopen(self) -> Reopen:
        def again(store: Store) -> Store:
            assert isinstance(store, SQLiteStore)
            store.close()
            return SQLiteStore(store.path)

        return again


class TestSQLiteMemoryStore(StoreContract):
    """The contract on ``:memory:`` (nothing survives a restart)."""

    durable = False
    max_examples = 5
    stateful_examples = 5

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        return lambda: SQLiteStore(":memory:")


AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")


def test_path_may_be_a_string_or_a_path(tmp_path: Path) -> None:
    """Both spellings open the same file."""
    with SQLiteStore(str(tmp_path / "a.db")) as store:
        store.add_contact(Contact("Ada", id="ada"))
    with SQLiteStore(tmp_path / "a.db") as store:
        assert [c.id for c in store.contacts()] == ["ada"]


def test_a_closed_store_raises_storage_error(tmp_path: Path) -> None:
    """Using a store after close() is a StorageError, and closing twice is harmless."""
    store = SQLiteStore(tmp_path / "a.db")
    store.close()
    store.close()
    with pytest.raises(StorageError, match="closed"):
        store.contacts()


def test_connection_settings(tmp_path: Path) -> None:
    """WAL, synchronous=NORMAL, foreign keys, secure delete and a busy timeout."""
    with SQLiteStore(tmp_path / "a.db", timeout=7) as store:

        def pragma(name: str) -> object:
            return store._run(f"PRAGMA {name}").first(name)

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 1
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert store._run("PRAGMA busy_timeout").first("timeout") == 7000
        assert store._run("SELECT version FROM schema_version").first("version") == len(MIGRATIONS)


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    """A zero-byte file is an empty SQLite database: relnet creates its schema there."""
    path = tmp_path / "empty.db"
    path.touch()
    with SQLiteStore(path) as store:
        assert list(store.contacts()) == []


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    """Opening a text file raises StorageError and leaves the file as it was."""
    path = tmp_path / "notes.db"
    content = b"These are my notes, not a database.\n" * 200
    path.write_bytes(content)
    with pytest.raises(StorageError, match="not a relnet store") as caught:
        SQLiteStore(path)
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)
    assert path.read_bytes() == content


def test_another_applications_database_is_refused(tmp_path: Path) -> None:
    """A SQLite file with tables of its own is not mistaken for an empty store."""
    path = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
        conn.commit()
    with pytest.raises(StorageError, match=r"not a relnet store.*notes"):
        SQLiteStore(path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT body FROM notes").fetchall() == [("keep me",)]


def test_a_file_from_a_newer_relnet_is_refused(tmp_path: Path) -> None:
    """A schema version beyond this release's migrations raises StorageError."""
    path = tmp_path / "future.db"
    with SQLiteStore(path) as store:
        store.add_contact(Contact("Ada", id="ada"))
        store._run("UPDATE schema_version SET version = 99")
    with pytest.raises(StorageError, match=r"schema version 99.*newer relnet"):
        SQLiteStore(path)


def test_damaged_pages_raise_storage_error(tmp_path: Path) -> None:
    """Garbage written over the file's pages surfaces as StorageError, not as an empty
    or partial listing."""
    path = tmp_path / "damaged.db"
    with SQLiteStore(path) as store:
        for number in range(300):
            store.add_contact(Contact(f"Person {number}", id=f"p{number:03d}", notes="x" * 500))
    data = bytearray(path.read_bytes())
    assert len(data) > 16 * 4096
    data[4096 : len(data) - 4096] = bytes([0xA5]) * (len(data) - 8192)
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError) as caught, SQLiteStore(path) as store:
        store.contacts()
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)


def test_driver_errors_become_storage_errors_with_their_cause(tmp_path: Path) -> None:
    """A failure inside SQLite reaches the caller as StorageError, the original chained."""
    with SQLiteStore(tmp_path / "a.db") as store:
        store._run("DROP TABLE commitments")
        with pytest.raises(StorageError) as caught:
            store.commitments()
        assert isinstance(caught.value.__cause__, sqlite3.OperationalError)


def test_constraint_violations_map_to_relnet_errors(tmp_path: Path) -> None:
    """Should a check ever be bypassed, the database still answers with relnet's errors."""
    with SQLiteStore(tmp_path / "a.db") as store:
        store.add_contact(Contact("Ada", id="ada"))
        insert = "INSERT INTO contacts (id, version, active, doc) VALUES ('ada', 0, 1, '{}')"
        with pytest.raises(ConflictError):
            store._run(insert)
        with pytest.raises(NotFoundError):
            store._run("INSERT INTO contact_tags (contact_id, tag) VALUES ('nobody', 'x')")


def test_summaries_are_computed_without_reading_interactions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """touch_summaries comes from SQL over the touches table, not from decoded records."""
    with SQLiteStore(tmp_path / "a.db") as store:
        store.add_contact(Contact("Ada", id="ada"))
        store.add_contact(Contact("Bob", id="bob"))
        store.add_interaction(Interaction(["ada"], AT, "email", direction="inbound", id="i1"))
        store.add_interaction(
            Interaction(["ada", "bob"], AT.add(days=1), "meeting", received=["advice"], id="i2")
        )
        now = AT.add(days=3)
        expected = summarize(
            store.interactions(), now=now, contacts=[ContactId("ada"), ContactId("bob")]
        )

        def refuse(*args: object) -> None:
            raise AssertionError("an interaction was decoded")

        monkeypatch.setattr(sql_store, "_interactions", refuse)
        assert dict(store.touch_summaries(now=now)) == dict(expected)


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    """A write from another connection waits for an open write transaction to end and
    then succeeds; with no patience at all it gets a StorageError."""
    path = tmp_path / "a.db"
    first = SQLiteStore(path)
    impatient = SQLiteStore(path, timeout=0)
    results: list[Contact] = []

    def second_writer() -> None:
        with SQLiteStore(path, timeout=30) as second:  # a store per thread
            results.append(second.add_contact(Contact("Bob", id="bob")))

    try:
        with first.transaction():
            first.add_contact(Contact("Ada", id="ada"))
            with pytest.raises(StorageError, match="locked"):
                impatient.add_contact(Contact("Cy", id="cy"))
            waiting = threading.Thread(target=second_writer)
            waiting.start()
            waiting.join(0.3)
            assert results == []  # still waiting: the first transaction holds the lock
        waiting.join(30)
        assert [c.id for c in results] == ["bob"]
        assert [c.id for c in first.contacts()] == ["ada", "bob"]
    finally:
        for store in (first, impatient):
            store.close()


def test_forget_empties_the_write_ahead_log_before_close(tmp_path: Path) -> None:
    """The contract's erasure check reads the files after close; already before, forget
    has emptied the write-ahead log and no file holds the person, byte for byte."""
    with SQLiteStore(tmp_path / "a.db") as store:
        person, texts = add_erasure_scene(store)
        assert find_traces(store.files(), texts)
        store.forget(person)
        assert store.get_interaction(InteractionId("lunch")).participants == ("bob",)
        assert find_traces(store.files(), texts) == []
        assert (tmp_path / "a.db-wal").stat().st_size == 0


def test_a_version_1_file_gains_the_covering_index_and_keeps_its_records(
    tmp_path: Path,
) -> None:
    """Opening a file of schema version 1 migrates it: the touch summaries then read
    only the covering index, and every record and summary is as before."""
    path = tmp_path / "v1.db"
    at = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
    write_old_sqlite(
        path,
        1,
        contacts=[Contact("Ada Lovelace", id="ada")],
        interactions=[Interaction(["ada"], at, "call", id="call")],
    )
    with SQLiteStore(path) as store:
        assert store._run("SELECT version FROM schema_version").first("version") == len(MIGRATIONS)
        indexes = set(
            store._run("SELECT name FROM sqlite_master WHERE type = 'index'").column("name")
        )
        assert "touches_covering" in indexes
        assert "touches_by_contact" not in indexes
        now = at.add(days=1)
        assert dict(store.touch_summaries(now=now)) == dict(
            summarize(store.interactions(), now=now, contacts=[ContactId("ada")])
        )
        plan = " ".join(
            str(detail)
            for detail in store._run(
                "EXPLAIN QUERY PLAN SELECT MAX(at_us) FROM touches WHERE contact_id = 'ada' "
                "AND at_us <= 0 AND direction = 'inbound'"
            ).column("detail")
        )
        assert "COVERING INDEX touches_covering" in plan
