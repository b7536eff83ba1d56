"""A third-party storage adapter, written only against relnet's public API.

``DirectoryStore`` keeps a network in a directory, one JSON file per kind of record
(``contacts.json``, ``interactions.json``, ...), which is handy to inspect with ``jq``.
It lets :class:`relnet.InMemoryStore` do the work (ordering, references, ``forget``,
transactions with savepoints, touch summaries) and writes the files whenever an
outermost transaction commits. Each file is replaced atomically, but the set of files
is not: a crash between two files can leave them out of step, which is fine for an
example and not for your only copy of a network (use
:class:`relnet.adapters.sqlite.SQLiteStore` or
:class:`relnet.adapters.jsonfile.JSONFileStore` for that).

Its test module is ten lines (``tests/test_example_store.py``)::

    class TestDirectoryStore(StoreContract):
        @pytest.fixture
        def store_factory(self, tmp_path):
            folders = (tmp_path / str(n) for n in itertools.count())
            return lambda: DirectoryStore(next(folders))

        @pytest.fixture
        def reopen(self):
            return lambda store: DirectoryStore(store.folder)

Run this file to see it keep a network across a restart.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from relnet import (
    Channel,
    Commitment,
    Community,
    Contact,
    Dismissal,
    Event,
    Goal,
    InMemoryStore,
    Interaction,
    NotFoundError,
    Profile,
    RelnetError,
    Settings,
    StorageError,
    Store,
    SummarySieve,
    SummarySource,
)
from relnet.serialization import from_dict, to_dict

# The files, and the record type each one holds.
KINDS: dict[str, type[Any]] = {
    "communities": Community,
    "events": Event,
    "contacts": Contact,
    "goals": Goal,
    "interactions": Interaction,
    "commitments": Commitment,
    "dismissals": Dismissal,
}
READS = (
    "get_contact", "contacts", "get_interaction", "interactions", "get_commitment",
    "commitments", "get_goal", "goals", "get_community", "communities", "get_event",
    "events", "get_settings", "get_profile", "touch_summaries", "touch_summaries_since",
    "dismissals",
)  # fmt: skip
WRITES = (
    "add_contact", "update_contact", "forget", "add_interaction", "remove_interaction",
    "add_commitment", "update_commitment", "add_goal", "update_goal", "add_community",
    "add_event", "set_settings", "set_profile", "add_dismissal", "remove_dismissal",
)  # fmt: skip


class DirectoryStore:
    """A relnet store kept as one JSON file per kind of record in ``folder``."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._depth = 0
        self._memory = self._load()

    def _read(self, name: str, default: Any) -> Any:
        path = self.folder / f"{name}.json"
        if not path.exists():
            return default
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise StorageError(f"cannot read {path}: {error}") from error

    def _load(self) -> InMemoryStore:
        owner = self._read("owner", {})
        try:
            records = {
                name: [from_dict(item, kind) for item in self._read(name, [])]
                for name, kind in KINDS.items()
            }
            return InMemoryStore.from_records(
                settings=from_dict(owner["settings"], Settings) if "settings" in owner else None,
                profile=from_dict(owner["profile"], Profile) if "profile" in owner else None,
                **records,
            )
        except RelnetError as error:
            raise StorageError(
                f"{self.folder} does not hold a readable network: {error}"
            ) from error

    def _write(self, name: str, data: Any) -> None:
        path = self.folder / f"{name}.json"
        text = json.dumps(data, ensure_ascii=False, indent=1)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise StorageError(f"cannot write {path}: {error}") from error

    def _save(self) -> None:
        memory = self._memory
        for name in KINDS:
            self._write(name, [to_dict(record) for record in getattr(memory, name)()])
        owner = {
            "settings": to_dict(memory.get_settings()),
            "profile": to_dict(memory.get_profile()),
        }
        self._write("owner", owner)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes of the block, or none; the files are written when the outermost
        block ends."""
        self._depth += 1
        try:
            with self._memory.transaction():
                yield
                if self._depth == 1:
                    self._save()
        finally:
            self._depth -= 1


def _read_method(name: str) -> Callable[..., Any]:
    def read(self: DirectoryStore, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._memory, name)(*args, **kwargs)

    read.__name__ = read.__qualname__ = name
    spec = getattr(Store, name, getattr(SummarySource, name, getattr(SummarySieve, name, None)))
    read.__doc__ = spec.__doc__
    return read


def _write_method(name: str) -> Callable[..., Any]:
    def write(self: DirectoryStore, *args: Any, **kwargs: Any) -> Any:
        with self.transaction():
            return getattr(self._memory, name)(*args, **kwargs)

    write.__name__ = write.__qualname__ = name
    write.__doc__ = getattr(Store, name).__doc__
    return write


for _name in READS:
    setattr(DirectoryStore, _name, _read_method(_name))
for _name in WRITES:
    setattr(DirectoryStore, _name, _write_method(_name))


def main() -> None:
    """Keep a tiny network in a temporary folder, reopen it, and check it is all there."""
    import pendulum

    with tempfile.TemporaryDirectory() as folder:
        store: Any = DirectoryStore(folder)
        store.add_contact(Contact("Ada Lovelace", id="ada", tags={"math"}))
        store.add_interaction(
            Interaction(
                ["ada"], pendulum.datetime(2026, 3, 2, 10, tz="Europe/London"), Channel.CALL
            )
        )
        try:
            store.add_interaction(
                Interaction(["nobody"], pendulum.datetime(2026, 3, 3, tz="UTC"), Channel.CALL)
            )
        except NotFoundError as error:
            print(f"refused as expected: {error}")
        again: Any = DirectoryStore(folder)
        same = [c.name for c in again.contacts(tag="math")] == ["Ada Lovelace"]
        same = same and again.interactions() == store.interactions()
        print(f"files: {sorted(p.name for p in Path(folder).iterdir())}")
        print(f"a store: {isinstance(again, Store)}; reopened intact: {same}")


if __name__ == "__main__":
    main()
