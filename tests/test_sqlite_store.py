"""SQLiteStore: the store contract on a file, plus what only a SQLite file can do wrong."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from relnet.adapters.sqlite import SQLiteStore
from relnet.storage import Store
from relnet.testing import Reopen, StoreContract, StoreFactory


class TestSQLiteStore(StoreContract):
    """The contract on a SQLite file, reopened from the same path."""

    max_examples = 25
    stateful_examples = 20

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
    max_examples = 10
    stateful_examples = 10

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        return lambda: SQLiteStore(":memory:")
