"""Crash safety: a writer killed (SIGKILL) at random moments in the middle of large
transactions leaves every earlier commit intact and nothing of the interrupted one."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from relnet import StorageError
from tests.adapters.storage_processes import batch_contact, open_store, run_writer_and_kill

KILLS = 20


def check_store(kind: str, path: Path, committed: set[int], size: int, *, full: bool) -> int:
    """Reopen the store and check it; return the number of batches it holds."""
    store = open_store(kind, path)
    try:
        people = [c.id for c in store.contacts()]
        batches = sorted(int(p.removeprefix("batch-")) for p in people)
        # Batches commit in order: what is there is a prefix, holding every reported commit.
        assert batches == list(range(len(batches)))
        assert committed <= set(batches), f"lost commits {sorted(committed - set(batches))}"
        checked = batches if full else batches[-2:]
        for batch in checked:
            found = store.interactions(contact=batch_contact(batch))
            assert len(found) == size, f"batch {batch} holds {len(found)} of {size} interactions"
        if batches:
            assert store.get_profile().headline == f"after batch {batches[-1]}"
        if full:
            assert len(store.interactions()) == size * len(batches)
        return len(batches)
    finally:
        store.close()


#: The longest wait, in seconds, from a batch's start to the kill. The writer never stops,
#: so a longer wait still kills it mid-batch; it only lets a slow or loaded machine
#: commit some batches before the kill.
KILL_WITHIN = 0.4


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "size"), [("sqlite", 150), ("json", 30)])
def test_killed_writer_loses_no_commit_and_leaves_no_partial_one(
    kind: str, size: int, tmp_path: Path
) -> None:
    """Kill a writer mid-transaction twenty times; after each, the store opens, holds
    every batch reported committed, and every batch it holds is whole."""
    path = tmp_path / ("network.db" if kind == "sqlite" else "network.json")
    chance = random.Random(f"crash-{kind}")
    committed: set[int] = set()
    interrupted = 0
    held = 0
    for _ in range(KILLS):
        begun, done = run_writer_and_kill(kind, path, held, size, chance.uniform(0.0, KILL_WITHIN))
        committed.update(done)
        interrupted += bool(begun) and (not done or begun[-1] > done[-1])
        held = check_store(kind, path, committed, size, full=False)
    assert check_store(kind, path, committed, size, full=True) == held
    assert held >= len(committed) > 0
    # Most kills must land inside a transaction for the test to mean anything.
    assert interrupted >= KILLS // 2


def test_check_store_notices_a_partial_batch(tmp_path: Path) -> None:
    """The checker itself fails on a batch that lacks interactions."""
    from relnet import Contact

    path = tmp_path / "network.db"
    store = open_store("sqlite", path)
    store.add_contact(Contact("Half", id=batch_contact(0)))
    store.close()
    with pytest.raises(AssertionError, match="holds 0 of 5"):
        check_store("sqlite", path, {0}, 5, full=False)


def test_damaged_files_are_refused_not_emptied(tmp_path: Path) -> None:
    """A file cut in the middle of a write (as without an atomic rename) is an error."""
    path = tmp_path / "network.json"
    store = open_store("json", path)
    from relnet import Contact

    store.add_contact(Contact("Ada", id="ada"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StorageError, match="not a readable relnet JSON store"):
        open_store("json", path)
    assert path.read_bytes() == data[: len(data) // 2]
