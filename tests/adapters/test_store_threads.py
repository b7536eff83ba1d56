"""What a server needs of the SQL stores: a store refuses use from a thread that did not
open it (instead of mixing two threads' transactions), and opening a SQLite store whose
schema is current waits for no writer."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from relnet import Contact, StorageError
from relnet.adapters.sqlite import SQLiteStore


def in_thread(call: object) -> BaseException | None:
    """Run ``call`` in a new thread; what it raised, if anything."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()  # type: ignore[operator]
        except BaseException as error:
            raised.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return raised[0] if raised else None


def test_a_sqlite_store_refuses_another_thread_and_keeps_its_data(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "net.db")
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    error = in_thread(lambda: store.add_contact(Contact("Bo Chen", id="bo")))
    assert isinstance(error, StorageError)
    assert "another thread" in str(error)
    assert [c.id for c in store.contacts()] == ["ada"]
    in_thread(store.close)  # closing from elsewhere (a finaliser, a pool) is allowed
    with pytest.raises(StorageError, match="closed"):
        store.contacts()


def test_a_store_per_thread_on_one_file_works(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "net.db").close()

    def add(name: str) -> None:
        with SQLiteStore(tmp_path / "net.db") as store:
            store.add_contact(Contact(name, id=name.lower()))

    for name in ("Ada", "Bo", "Cy"):
        assert in_thread(lambda name=name: add(name)) is None
    with SQLiteStore(tmp_path / "net.db") as store:
        assert [c.id for c in store.contacts()] == ["ada", "bo", "cy"]


def test_opening_a_current_store_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "net.db"
    SQLiteStore(path).close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process's long write
    try:
        # With almost no patience for locks, an open that asked for the write lock fails.
        with SQLiteStore(path, timeout=0.05) as store:
            assert store.contacts() == []
    finally:
        writer.execute("ROLLBACK")
        writer.close()
