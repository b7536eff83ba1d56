"""JSONFileStore: the store contract on a JSON file, and the file's format."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import attrs
import pendulum
import pytest

from relnet import (
    ConflictError,
    Contact,
    ContactId,
    Interaction,
    InteractionId,
    Profile,
    StorageError,
)
from relnet.adapters.jsonfile import JSONFileStore
from relnet.serialization import DOCUMENT_VERSION, dump_store, load_store
from relnet.storage import Store
from relnet.testing import Reopen, StoreContract, StoreFactory, snapshot
from relnet.testing.contract.erasure import add_erasure_scene, find_traces


class TestJSONFileStore(StoreContract):
    """The contract on a JSON file, reopened from the same path."""

    max_examples = 12
    stateful_examples = 10

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        counter = itertools.count()
        return lambda: JSONFileStore(tmp_path / f"network{next(counter)}.json")

    @pytest.fixture
    def reopen(self) -> Reopen:
        def again(store: Store) -> Store:
            assert isinstance(store, JSONFileStore)
            store.close()
            return JSONFileStore(store.path)

        return again


AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")


def test_the_file_is_the_store_document(tmp_path: Path) -> None:
    """The file holds exactly what dump_store writes, and load_store reads it back."""
    path = tmp_path / "network.json"
    with JSONFileStore(path) as store:
        store.set_profile(Profile(name="Me", expertise={"b", "a"}))
        store.add_contact(Contact("Ada", id="ada", tags={"z", "a"}))
        store.add_contact(Contact("Bob", id="bob", introduced_by="ada"))
        store.add_interaction(Interaction(["ada", "bob"], AT, "meeting", id="i1"))
        store.add_interaction(Interaction(["bob"], AT.subtract(days=1), "call", id="i0"))
        text = path.read_text(encoding="utf-8")
        assert text == dump_store(store)
        assert snapshot(load_store(text)) == snapshot(store)
        assert '\n  {\n   "name": "Ada",' in text  # one field per line: diffs line by line


def test_a_new_file_is_an_empty_document(tmp_path: Path) -> None:
    """Opening a missing path creates an empty store document."""
    path = tmp_path / "network.json"
    JSONFileStore(path).close()
    assert json.loads(path.read_text())["relnet"] == DOCUMENT_VERSION
    assert list(load_store(path.read_text()).contacts()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a readable relnet JSON store"),
        (b"\xff\xfe not text", "not a readable relnet JSON store"),
        (b"[1, 2, 3]", "not a relnet document"),
        (b'{"name": "something else"}', "not a relnet document"),
        (b'{"relnet": "one"}', "not a version number"),
        (b'{"relnet": 99, "contacts": []}', "version-99 relnet document, written by a newer"),
        (b'{"relnet": 1, "contacts": [{"name": "Ada", "id": ""}]}', r"contacts\[0\]\.id"),
        (b'{"relnet": 1, "interactions": [{"participants": ["x"]}]}', "interactions"),
    ],
)
def test_unreadable_files_are_refused_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    """A file that is not a current relnet document raises StorageError naming what is
    wrong, and is left as it was (never replaced by an empty store)."""
    path = tmp_path / "network.json"
    path.write_bytes(content)
    with pytest.raises(StorageError, match=message):
        JSONFileStore(path)
    assert path.read_bytes() == content


def test_a_document_in_another_layout_is_read_and_rewritten(tmp_path: Path) -> None:
    """A hand-edited document (one line, keys in any order, sets unsorted) reads fine;
    the next write puts it back in the canonical layout."""
    path = tmp_path / "network.json"
    document = {
        "contacts": [
            {"id": "bob", "name": "Bob", "tags": ["x", "a"]},
            {"name": "Ada", "id": "ada"},
        ],
        "relnet": 1,
    }
    path.write_text(json.dumps(document))
    with JSONFileStore(path) as store:
        assert [c.id for c in store.contacts()] == ["ada", "bob"]
        assert store.get_contact(ContactId("bob")).tags == frozenset({"a", "x"})
        store.add_contact(Contact("Cy", id="cy"))
        assert path.read_text() == dump_store(store)


def test_two_stores_on_one_file_see_each_others_commits(tmp_path: Path) -> None:
    """Reads reload a file another store changed; a stale update still conflicts."""
    path = tmp_path / "network.json"
    with JSONFileStore(path) as one, JSONFileStore(path) as two:
        one.add_contact(Contact("Ada", id="ada"))
        assert [c.id for c in two.contacts()] == ["ada"]
        read_by_two = two.get_contact(ContactId("ada"))
        one.update_contact(attrs.evolve(one.get_contact(ContactId("ada")), notes="from one"))
        with pytest.raises(ConflictError):
            two.update_contact(attrs.evolve(read_by_two, notes="from two"))
        assert two.get_contact(ContactId("ada")).notes == "from one"
        with one.transaction():
            one.add_contact(Contact("Bob", id="bob"))
            assert [c.id for c in two.contacts()] == ["ada"]  # not committed yet
        assert [c.id for c in two.contacts()] == ["ada", "bob"]


def test_a_failed_write_leaves_file_and_store_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the new file cannot be put in place, the write raises StorageError and neither
    the file nor the store keeps any of it; the temporary file is gone."""
    path = tmp_path / "network.json"
    with JSONFileStore(path) as store:
        store.add_contact(Contact("Ada", id="ada"))
        before = path.read_bytes()

        def refuse(source: object, target: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", refuse)
        with pytest.raises(StorageError, match="No space left") as caught:
            store.add_contact(Contact("Bob", id="bob"))
        assert isinstance(caught.value.__cause__, OSError)
        monkeypatch.undo()
        assert path.read_bytes() == before
        assert [c.id for c in store.contacts()] == ["ada"]
        assert list(tmp_path.glob(".*.tmp")) == []
        store.add_contact(Contact("Cy", id="cy"))
        assert [c.id for c in store.contacts()] == ["ada", "cy"]


def test_leftover_temporary_files_are_removed(tmp_path: Path) -> None:
    """A temporary file left by a writer that crashed is deleted, not read."""
    path = tmp_path / "network.json"
    JSONFileStore(path).close()
    leftover = tmp_path / ".network.json.4242.deadbeef.tmp"
    leftover.write_text('{"relnet": 1, "contacts": [{"name": "Half written')
    with JSONFileStore(path) as store:
        assert not leftover.exists()
        assert list(store.contacts()) == []


def test_forget_removes_a_copy_a_crash_left_behind(tmp_path: Path) -> None:
    """A temporary copy a crashed writer left is among the store's files, and after
    forget it is gone with the rest of the person (the document, its lock file)."""
    path = tmp_path / "network.json"
    with JSONFileStore(path) as store:
        person, texts = add_erasure_scene(store)
        crashed = tmp_path / ".network.json.999.0.tmp"
        crashed.write_bytes(path.read_bytes())
        assert crashed in store.files()
        store.forget(person)
        assert store.get_interaction(InteractionId("lunch")).participants == ("bob",)
        assert [d.key for d in store.dismissals()] == [("bob", "birthday", "2026")]
    assert find_traces(tmp_path.iterdir(), texts) == []
    assert sorted(f.name for f in tmp_path.iterdir()) == ["network.json", "network.json.lock"]
