"""The example third-party adapter passes the store contract, and runs as a script."""

from __future__ import annotations

import importlib.util
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from relnet.testing import Reopen, StoreContract, StoreFactory

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "custom_store.py"
spec = importlib.util.spec_from_file_location("custom_store", EXAMPLE)
assert spec is not None
assert spec.loader is not None
custom_store = importlib.util.module_from_spec(spec)
spec.loader.exec_module(custom_store)
DirectoryStore = custom_store.DirectoryStore


class TestDirectoryStore(StoreContract):
    """The contract, exactly as a third party would run it."""

    max_examples = 6
    stateful_examples = 6

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        folders = (tmp_path / str(n) for n in itertools.count())
        return lambda: DirectoryStore(next(folders))

    @pytest.fixture
    def reopen(self) -> Reopen:
        return lambda store: DirectoryStore(store.folder)  # type: ignore[attr-defined]


def test_the_example_runs_as_a_script() -> None:
    """``python examples/custom_store.py`` prints that the reopened store is intact."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, check=True, timeout=120
    )
    assert "a store: True; reopened intact: True" in result.stdout
    assert "refused as expected: no contact with id 'nobody'" in result.stdout
