"""The store contract on JSONLinesStore, as a third party runs it (erasure check included:
JSONLinesStore names its files, so the contract checks what forget leaves in them)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from relnet_example_store import JSONLinesStore, open_url

from relnet.adapters.registry import MissingStoreError
from relnet.testing import Reopen, StoreContract, StoreFactory


class TestJSONLinesStore(StoreContract):
    max_examples = 6
    stateful_examples = 6

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        paths = (tmp_path / f"network{n}.jsonl" for n in itertools.count())
        return lambda: JSONLinesStore(next(paths))

    @pytest.fixture
    def reopen(self) -> Reopen:
        def again(store: Any) -> Any:
            store.close()
            return JSONLinesStore(store.path)

        return again


def test_open_url_makes_a_store_only_when_asked(tmp_path: Path) -> None:
    url = f"example://{tmp_path}/network.jsonl"
    with pytest.raises(MissingStoreError, match="no example store"):
        open_url(url, create=False)
    assert list(tmp_path.iterdir()) == []
    open_url(url).close()
    assert (tmp_path / "network.jsonl").is_file()
    open_url(url, create=False).close()
