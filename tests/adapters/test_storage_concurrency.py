"""Concurrency: processes writing to one file store at once lose nothing and see no error."""

from __future__ import annotations

from pathlib import Path

import pytest

from relnet import Contact
from tests.adapters.storage_processes import (
    open_store,
    run_concurrent_writers,
    worker_contact,
)

WORKERS = 4
WRITES = 500


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "json"])
def test_four_processes_writing_lose_nothing(kind: str, tmp_path: Path) -> None:
    """Four processes add 500 interactions each, one write call at a time; all 2,000 are
    there afterwards and no process saw an error."""
    path = tmp_path / ("network.db" if kind == "sqlite" else "network.json")
    store = open_store(kind, path)
    for worker in range(WORKERS):
        store.add_contact(Contact(f"Worker {worker}", id=worker_contact(worker)))
    exit_codes = run_concurrent_writers(kind, path, WORKERS, WRITES)
    assert exit_codes == [0] * WORKERS
    found = [i.id for i in store.interactions()]
    expected = {f"w{w}-{n:04d}" for w in range(WORKERS) for n in range(WRITES)}
    assert len(found) == WORKERS * WRITES
    assert set(found) == expected
    for worker in range(WORKERS):
        assert len(store.interactions(contact=worker_contact(worker))) == WRITES
    store.close()
