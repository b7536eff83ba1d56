"""The contract's erasure check: it passes relnet's file stores and fails a store that only
deletes keys in a ``dbm.dumb`` database (whose data file keeps every value ever written)."""

from __future__ import annotations

import contextlib
import dbm.dumb
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relnet.adapters.jsonfile import JSONFileStore
from relnet.adapters.sqlite import SQLiteStore
from relnet.serialization import to_dict
from relnet.storage import FileBacked, InMemoryStore, Store
from relnet.testing.contract.erasure import (
    EMAILS,
    NAME,
    ErasureContract,
    check_erasure,
    encodings,
    find_traces,
)

_KINDS = ("contacts", "interactions", "commitments", "goals", "dismissals")


class KeyDeletingStore:
    """An in-memory store that mirrors each record into a ``dbm.dumb`` database on every
    write, deleting the keys of records that went. ``dbm.dumb`` deletes a key from its
    index only: the value stays in the ``.dat`` file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._memory = InMemoryStore()
        self._db: Any = dbm.dumb.open(str(path), "c")  # noqa: SIM115 - closed by close()

    def files(self) -> list[Path]:
        return [Path(f"{self.path}{suffix}") for suffix in (".dat", ".dir", ".bak")]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self._memory.transaction():
            yield
        self._mirror()

    def _mirror(self) -> None:
        wanted: dict[str, str] = {}
        for kind in _KINDS:
            for record in getattr(self._memory, kind)():
                key = f"{kind}/{getattr(record, 'id', None) or record.key}"
                wanted[key] = json.dumps(to_dict(record), ensure_ascii=False)
        for key in [k.decode() for k in self._db]:
            if key not in wanted:
                del self._db[key]
        for key, value in wanted.items():
            self._db[key] = value.encode("utf-8")

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._memory, name)
        if not name.startswith(("add_", "update_", "remove_", "set_", "forget")):
            return method

        def write(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            self._mirror()
            return result

        return write


def test_the_key_deleting_store_is_a_file_backed_store(tmp_path: Path) -> None:
    """The failing store is a store the check applies to, not a broken one."""
    store = KeyDeletingStore(tmp_path / "network")
    try:
        assert isinstance(store, FileBacked)
        assert isinstance(store, Store)
    finally:
        store.close()


def test_the_check_fails_a_store_that_only_deletes_keys(tmp_path: Path) -> None:
    """The check fails, naming the data file and what it still holds."""
    store = KeyDeletingStore(tmp_path / "network")
    with pytest.raises(AssertionError) as caught:
        check_erasure(store)
    message = str(caught.value)
    assert message.startswith("forget left the person's data on disk: ")
    assert f"{tmp_path / 'network.dat'} holds {NAME!r} (UTF-8) at byte " in message
    assert f"{EMAILS[0]!r}" in message
    assert "network.dir" not in message  # the index lost the keys


def test_the_contract_test_fails_the_key_deleting_store(tmp_path: Path) -> None:
    """The contract's own test method fails on it the same way."""
    contract = ErasureContract()
    with pytest.raises(AssertionError, match=r"network0\.dat holds 'Zebulon Quärtermain'"):
        contract.test_forget_leaves_no_trace_in_the_files(
            lambda: KeyDeletingStore(tmp_path / "network0")
        )


@pytest.mark.parametrize(
    "make",
    [lambda folder: SQLiteStore(folder / "a.db"), lambda folder: JSONFileStore(folder / "a.json")],
    ids=["sqlite", "jsonfile"],
)
def test_the_check_passes_relnets_file_stores(tmp_path: Path, make: Any) -> None:
    """SQLite (secure_delete, VACUUM, an emptied log) and the rewritten JSON document."""
    check_erasure(make(tmp_path))


def test_the_check_fails_when_files_names_the_wrong_files(tmp_path: Path) -> None:
    """A store whose files() misses where the data is cannot pass by saying nothing."""

    class Elsewhere(KeyDeletingStore):
        def files(self) -> list[Path]:
            return [tmp_path / "unrelated.txt"]

    with pytest.raises(AssertionError, match=r"before forget, none of the files .*unrelated"):
        check_erasure(Elsewhere(tmp_path / "network"))


def test_a_store_without_files_is_refused() -> None:
    with pytest.raises(TypeError, match="InMemoryStore has no files"):
        check_erasure(InMemoryStore())


def test_encodings_cover_utf8_and_json_escapes() -> None:
    """Plain text has one form; quotes, backslashes and non-ASCII letters have more."""
    assert encodings("ada@example.org") == {"UTF-8": b"ada@example.org"}
    forms = encodings('Zoë "Z" \\')
    assert forms == {
        "UTF-8": 'Zoë "Z" \\'.encode(),
        "JSON-escaped": 'Zoë \\"Z\\" \\\\'.encode(),
        "JSON-escaped ASCII": b'Zo\\u00eb \\"Z\\" \\\\',
    }


def test_find_traces_reads_only_files_that_exist(tmp_path: Path) -> None:
    """Missing files are skipped; each hit names its file, text, form and offset."""
    (tmp_path / "doc.json").write_text('{"name": "Zo\\u00eb"}', encoding="utf-8")
    found = find_traces([tmp_path / "doc.json", tmp_path / "missing"], ["Zoë", "Bob"])
    assert [str(trace) for trace in found] == [
        f"{tmp_path / 'doc.json'} holds 'Zoë' (JSON-escaped ASCII) at byte 10"
    ]
