"""JSONFileStore: the store contract on a JSON file, and the file's format."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from relnet.adapters.jsonfile import JSONFileStore
from relnet.storage import Store
from relnet.testing import Reopen, StoreContract, StoreFactory


class TestJSONFileStore(StoreContract):
    """The contract on a JSON file, reopened from the same path."""

    max_examples = 20
    stateful_examples = 15

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> Iterator[StoreFactory]:
        counter = itertools.count()
        yield lambda: JSONFileStore(tmp_path / f"network{next(counter)}.json")

    @pytest.fixture
    def reopen(self) -> Reopen:
        def again(store: Store) -> Store:
            assert isinstance(store, JSONFileStore)
            store.close()
            return JSONFileStore(store.path)

        return again
