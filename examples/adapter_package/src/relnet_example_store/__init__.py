"""A relnet store in one JSON-lines file, registered for URLs ``example://PATH``.

``JSONLinesStore`` keeps a network in a file of one JSON object per line: a header
line, the owner's settings and profile, then one line per record (``{"kind":
"contacts", "record": {...}}``). It lets :class:`relnet.InMemoryStore` do the work
(ordering, references, ``forget``, transactions with savepoints, touch summaries) and
rewrites the file whenever an outermost transaction commits: a temporary file beside it,
flushed, then renamed over it. So after ``forget`` the file holds no byte of the person
(the contract's erasure check, :class:`relnet.storage.FileBacked`), and a crash leaves
the old file or the new one.

One process at a time: a second process's writes are not merged (see relnet's
``JSONFileStore`` for a file store that locks and reloads).

The package's ``pyproject.toml`` registers :func:`open_url` in the ``relnet.stores``
entry-point group, so that once installed::

    relnet --db example:///home/ada/network.jsonl agenda
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
    Commitment,
    Community,
    Contact,
    Dismissal,
    Event,
    Goal,
    InMemoryStore,
    Interaction,
    Profile,
    RelnetError,
    Settings,
    StorageError,
    Store,
    SummarySieve,
    SummarySource,
)
from relnet.adapters.registry import MissingStoreError, url_path
from relnet.serialization import from_dict, to_dict

__all__ = ["JSONLinesStore", "open_url"]

#: The first line of every file this store writes.
HEADER = {"relnet-example-store": 1}

# The kinds of record, in an order in which each refers only to kinds before it.
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
    "add_commitment", "update_commitment", "remove_commitment", "add_goal", "update_goal",
    "add_community", "add_event", "set_settings", "set_profile", "add_dismissal",
    "remove_dismissal",
)  # fmt: skip


def open_url(url: str, *, create: bool = True) -> JSONLinesStore:
    """The store for ``example://PATH`` (the ``relnet.stores`` entry point).

    With ``create=False`` a missing file raises
    :class:`relnet.adapters.registry.MissingStoreError`, and nothing is written.
    """
    path = url_path(url)
    if not create and not path.is_file():
        raise MissingStoreError(f"no example store at {path}")
    return JSONLinesStore(path)


class JSONLinesStore:
    """A relnet store kept in the JSON-lines file ``path`` (created if missing)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._depth = 0
        self._closed = False
        self._memory = self._load()
        if not self.path.exists():
            self._save()

    def files(self) -> list[Path]:
        """The file, and any temporary copy being written beside it."""
        return [self.path, *sorted(self.path.parent.glob(f".{self.path.name}.*.tmp"))]

    def close(self) -> None:
        """Let go of the store (closing twice is harmless)."""
        self._closed = True

    # -- the file ---------------------------------------------------------------------

    def _load(self) -> InMemoryStore:
        try:
            text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        except (OSError, UnicodeDecodeError) as error:
            raise StorageError(f"cannot read {self.path}: {error}") from error
        # Only "\n" ends a line: JSON escapes it inside strings, but not "\u2028" and the
        # other characters str.splitlines() would split at.
        lines = [line for line in text.split("\n") if line]
        if not lines:
            return InMemoryStore()
        try:
            if json.loads(lines[0]) != HEADER:
                raise ValueError(f"the first line is not {json.dumps(HEADER)}")
            owner: dict[str, Any] = {}
            records: dict[str, list[Any]] = {name: [] for name in KINDS}
            for line in lines[1:]:
                item = json.loads(line)
                if "kind" in item:
                    records[item["kind"]].append(from_dict(item["record"], KINDS[item["kind"]]))
                else:
                    owner.update(item)
            return InMemoryStore.from_records(
                settings=from_dict(owner["settings"], Settings) if "settings" in owner else None,
                profile=from_dict(owner["profile"], Profile) if "profile" in owner else None,
                **records,
            )
        except (ValueError, KeyError, TypeError, RelnetError) as error:
            raise StorageError(f"{self.path} is not a readable example store: {error}") from error

    def _lines(self) -> Iterator[str]:
        memory = self._memory
        yield json.dumps(HEADER)
        yield json.dumps({"settings": to_dict(memory.get_settings())}, ensure_ascii=False)
        yield json.dumps({"profile": to_dict(memory.get_profile())}, ensure_ascii=False)
        for name in KINDS:
            for record in getattr(memory, name)():
                yield json.dumps({"kind": name, "record": to_dict(record)}, ensure_ascii=False)

    def _save(self) -> None:
        text = "".join(line + "\n" for line in self._lines())
        try:
            handle, temporary = tempfile.mkstemp(
                dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
            )
        except OSError as error:
            raise StorageError(f"cannot write beside {self.path}: {error}") from error
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise StorageError(f"cannot write {self.path}: {error}") from error

    def _open(self) -> InMemoryStore:
        if self._closed:
            raise StorageError(f"the example store of {self.path} is closed")
        return self._memory

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes of the block, or none; the file is rewritten when the outermost
        block ends."""
        self._depth += 1
        try:
            with self._open().transaction():
                yield
                if self._depth == 1:
                    self._save()
        finally:
            self._depth -= 1


def _spec(name: str) -> Any:
    for protocol in (Store, SummarySource, SummarySieve):
        if hasattr(protocol, name):
            return getattr(protocol, name)
    return None


def _read_method(name: str) -> Callable[..., Any]:
    def read(self: JSONLinesStore, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._open(), name)(*args, **kwargs)

    read.__name__ = read.__qualname__ = name
    read.__doc__ = _spec(name).__doc__
    return read


def _write_method(name: str) -> Callable[..., Any]:
    def write(self: JSONLinesStore, *args: Any, **kwargs: Any) -> Any:
        with self.transaction():
            return getattr(self._memory, name)(*args, **kwargs)

    write.__name__ = write.__qualname__ = name
    write.__doc__ = _spec(name).__doc__
    return write


for _name in READS:
    setattr(JSONLinesStore, _name, _read_method(_name))
for _name in WRITES:
    setattr(JSONLinesStore, _name, _write_method(_name))
