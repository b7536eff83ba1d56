"""A JSON store file damaged in any way is refused with a StorageError and left as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet import Contact, Interaction
from relnet.adapters.jsonfile import JSONFileStore
from relnet.errors import StorageError
from relnet.model import Channel

DEEP = "[" * 100_000 + "]" * 100_000


def _written(path: Path) -> bytes:
    store = JSONFileStore(path)
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    store.add_interaction(
        Interaction(["ada"], pendulum.datetime(2024, 3, 1, 10), Channel.MEETING, id="i1")
    )
    store.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("old", "new"),
    [('"timezone": "UTC"', f'"timezone": {DEEP}'), ('"name": "Ada Lovelace"', f'"name": {DEEP}')],
    ids=["settings", "record"],
)
def test_deeply_nested_json_in_the_store_s_own_layout_is_refused(
    tmp_path: Path, old: str, new: str
) -> None:
    path = tmp_path / "network.json"
    text = _written(path).decode("utf-8")
    assert old in text
    damaged = text.replace(old, new, 1).encode("utf-8")
    path.write_bytes(damaged)
    with pytest.raises(StorageError, match="not a readable relnet JSON store"):
        JSONFileStore(path)
    assert path.read_bytes() == damaged


def _damaged(good: bytes) -> st.SearchStrategy[bytes]:
    size = len(good)
    spots = st.integers(0, size)
    return st.one_of(
        st.binary(max_size=300),
        st.builds(lambda at, junk: good[:at] + junk + good[at:], spots, st.binary(max_size=12)),
        st.builds(lambda at, to: good[:at] + good[to:], spots, spots),
        st.builds(
            lambda at, byte: good[:at] + bytes([byte]) + good[at + 1 :], spots, st.integers(0, 255)
        ),
    )


_GOOD = _written(Path(tempfile.mkdtemp()) / "network.json")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_damaged(_GOOD))
def test_any_damage_gives_a_storage_error_or_a_readable_store(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "network.json"
        path.write_bytes(data)
        try:
            store = JSONFileStore(path)
        except StorageError:
            assert path.read_bytes() == data
            return
        store.contacts()
        store.interactions()
        store.close()
