"""``JSONFileStore``: a network in one human-readable JSON document.

The file is the store document of :mod:`relnet.serialization` (``{"relnet": 2, ...}``),
indented, with every set sorted and every listing in the store's order, so that it reads
well and diffs line by line under version control. It is never edited in place: each
commit writes a temporary file in the same directory, flushes it to disk, renames it
over the old one and flushes the directory, so a crash leaves the old file or the new
one, never half of one.

Writers take an exclusive ``flock`` on a sidecar lock file (``<name>.lock``), reload
the file if another process changed it, apply their change and write, so two processes
never lose each other's writes. Reads reload the file whenever it changed, so they see
the latest commit. The whole network lives in memory (an
:class:`~relnet.storage.InMemoryStore`), which suits a personal network of a few
thousand records.

>>> import pathlib, tempfile
>>> from relnet import Contact
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with JSONFileStore(folder / "network.json") as store:
...     _ = store.add_contact(Contact("Ada Lovelace", id="ada"))
>>> '"name": "Ada Lovelace"' in (folder / "network.json").read_text()
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from relnet import model
from relnet.adapters._lifetime import StoreLifetime
from relnet.errors import ConflictError, NotFoundError, RelnetError, StorageError, ValidationError
from relnet.model import TouchSummary
from relnet.serialization import DOCUMENT_VERSION, from_dict, load_document, to_dict
from relnet.storage import InMemoryStore
from relnet.storage.window import Bound

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["JSONFileStore"]

T = TypeVar("T")

# The document's collections, in the order dump_document writes them.
_COLLECTIONS: tuple[tuple[str, type[Any]], ...] = (
    ("contacts", model.Contact),
    ("communities", model.Community),
    ("events", model.Event),
    ("goals", model.Goal),
    ("interactions", model.Interaction),
    ("commitments", model.Commitment),
    ("dismissals", model.Dismissal),
)
_TYPES: dict[str, type[Any]] = dict(_COLLECTIONS)
# The order in which new records can be added (what they refer to first).
_ADD_ORDER: tuple[tuple[str, str], ...] = (
    ("communities", "add_community"),
    ("events", "add_event"),
    ("contacts", "add_contact"),
    ("goals", "add_goal"),
    ("interactions", "add_interaction"),
    ("commitments", "add_commitment"),
    ("dismissals", "add_dismissal"),
)


@attrs.define
class _Entry:
    """One record as the file holds it: its collection, the record, its JSON data, and
    its text (the lines between its braces), once known."""

    name: str
    record: Any
    raw: Any
    piece: str | None = None


def _indented(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=1)`` writes it ``depth`` levels down."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, indent=1)
    return text.replace("\n", "\n" + " " * depth)


def _piece(raw: Any) -> str:
    """A record's lines in the document, without the braces around them."""
    return _indented(raw, 2)[2:-4]


# In the layout written here, records sit two levels down, one field per line; a string
# never holds a raw newline, so these separators occur nowhere else.
_FIRST = "[\n  {\n"
_BETWEEN = "\n  },\n  {\n"
_LAST = "\n  }\n ]"


class _Codec:
    """The store document and the in-memory store, kept in step cheaply.

    Each record's text and parsed value are remembered, so that writing re-encodes only
    records that changed and reading a file another process wrote parses only the
    records it added.
    """

    def __init__(self) -> None:
        self.by_piece: dict[str, _Entry] = {}
        self.by_record: dict[int, _Entry] = {}
        self.owner: tuple[str, str] | None = None

    def reset(self, entries: Iterable[_Entry], owner: tuple[str, str] | None = None) -> None:
        """Remember exactly ``entries`` (what the in-memory store now holds)."""
        listed = list(entries)
        self.by_record = {id(e.record): e for e in listed}
        self.by_piece = {e.piece: e for e in listed if e.piece is not None}
        self.owner = owner

    def render(self, memory: InMemoryStore) -> tuple[str, list[_Entry], tuple[str, str]]:
        """The document as :func:`relnet.serialization.dump_store` writes it."""
        settings = _indented(to_dict(memory.get_settings()), 1)
        profile = _indented(to_dict(memory.get_profile()), 1)
        parts = [f' "relnet": {DOCUMENT_VERSION}', f' "settings": {settings}']
        parts.append(f' "profile": {profile}')
        listings: dict[str, Sequence[Any]] = {
            "contacts": memory.contacts(),
            "communities": memory.communities(),
            "events": memory.events(),
            "goals": memory.goals(),
            "interactions": memory.interactions(),
            "commitments": memory.commitments(),
            "dismissals": memory.dismissals(),
        }
        everything: list[_Entry] = []
        get = self.by_record.get
        for name, _ in _COLLECTIONS:
            listing = listings[name]
            found: list[_Entry | None] = [get(id(record)) for record in listing]
            for index in [i for i, entry in enumerate(found) if entry is None]:
                raw = json.loads(json.dumps(to_dict(listing[index]), ensure_ascii=False))
                found[index] = _Entry(name, listing[index], raw)
            entries = [e for e in found if e is not None]
            for entry in entries:
                if entry.piece is None:
                    entry.piece = _piece(entry.raw)
            everything.extend(entries)
            pieces = [e.piece for e in entries if e.piece is not None]
            body = _FIRST + _BETWEEN.join(pieces) + _LAST if pieces else "[]"
            parts.append(f' "{name}": {body}')
        return "{\n" + ",\n".join(parts) + "\n}", everything, (settings, profile)

    @staticmethod
    def split(text: str) -> tuple[str, str, dict[str, list[str]]] | None:
        """The settings, profile and record texts of a document in this layout, or None
        for any other layout."""
        head = f'{{\n "relnet": {DOCUMENT_VERSION},\n "settings": '
        if not text.startswith(head) or not text.endswith("\n}"):
            return None
        values = []
        start = len(head)
        for marker in [',\n "profile": ', *(f',\n "{name}": ' for name, _ in _COLLECTIONS)]:
            found = text.find(marker, start)
            if found < 0:
                return None
            values.append(text[start:found])
            start = found + len(marker)
        values.append(text[start:-2])
        settings, profile, *sections = values
        pieces: dict[str, list[str]] = {}
        for (name, _), section in zip(_COLLECTIONS, sections, strict=True):
            if section == "[]":
                pieces[name] = []
            elif section.startswith(_FIRST) and section.endswith(_LAST):
                pieces[name] = section[len(_FIRST) : -len(_LAST)].split(_BETWEEN)
            else:
                return None
        return settings, profile, pieces


class JSONFileStore(StoreLifetime):
    """A :class:`~relnet.storage.Store` (and :class:`~relnet.storage.SummarySource`,
    :class:`~relnet.storage.SummarySieve` and :class:`~relnet.storage.FileBacked`) kept in
    one JSON file at ``path`` (created, empty, if missing).

    A file that is not a relnet document, is damaged, or was written by a newer relnet
    raises :class:`~relnet.errors.StorageError`; it is never replaced by an empty store.
    A file of an older document version is upgraded when the store opens it (version 1
    gains ``dismissals``), keeping every record.
    Locking uses ``fcntl.flock`` (POSIX); two stores on one file in the same thread must
    not nest their transactions.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        if fcntl is None:  # pragma: no cover - not POSIX
            raise StorageError("JSONFileStore needs fcntl.flock (a POSIX system)")
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._memory = InMemoryStore()
        self._codec = _Codec()
        self._raw: bytes | None = None
        self._loaded = False
        self._depth = 0
        self._dirty = False
        self._closed = False
        self._older = False
        with self._locked():
            self._remove_stale_temporaries()
            self._refresh()
            if self._outdated() or self._raw is None:
                # A new file is written at once; an older version's is upgraded.
                self._save()

    # -- the file -------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StorageError(f"cannot open the lock file {self.lock_path}: {error}") from error
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def _temporaries(self) -> list[Path]:
        return list(self.path.parent.glob(f".{self.path.name}.*.tmp"))

    def _remove_stale_temporaries(self) -> None:
        # Called with the lock held: no writer is busy, so any temporary file is left
        # over from a crash, and may hold data (of someone since forgotten, say).
        for leftover in self._temporaries():
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()

    def _refresh(self) -> None:
        """Reload the file if it changed since it was last read or written."""
        try:
            data: bytes | None = self.path.read_bytes()
        except FileNotFoundError:
            data = None
        except OSError as error:
            raise StorageError(f"cannot read {self.path}: {error}") from error
        if self._loaded and data == self._raw:
            return
        if data is None:
            self._memory = InMemoryStore()
            self._codec.reset([])
        else:
            self._load(data)
        self._raw, self._loaded = data, True

    def _outdated(self) -> bool:
        """Whether the file read was an older document version (upgraded on open)."""
        return self._older

    def _damaged(self, why: object) -> StorageError:
        return StorageError(f"{self.path} is not a readable relnet JSON store: {why}")

    def _load(self, data: bytes) -> None:
        try:
            split = _Codec.split(data.decode("utf-8"))
        except UnicodeDecodeError:
            split = None
        if split is None:
            self._load_document(data)
            return
        settings_text, profile_text, sections = split
        codec = self._codec
        known = codec.by_piece
        present = set().union(*sections.values())
        if self._loaded and known.keys() <= present and self._add_new(split):
            return
        entries = [
            known.get(piece) or self._parse_piece(name, index, piece)
            for name, pieces in sections.items()
            for index, piece in enumerate(pieces)
        ]
        settings = self._parse_owner(settings_text, "settings", model.Settings)
        profile = self._parse_owner(profile_text, "profile", model.Profile)
        self._rebuild(entries, settings, profile)
        codec.reset(entries, (settings_text, profile_text))

    def _add_new(self, split: tuple[str, str, dict[str, list[str]]]) -> bool:
        """Bring the in-memory store up to a file that only gained records (what other
        writers mostly do). False if that is not the case; the caller rebuilds."""
        settings_text, profile_text, sections = split
        codec = self._codec
        known = codec.by_piece
        added = {
            name: [(i, piece) for i, piece in enumerate(pieces) if piece not in known]
            for name, pieces in sections.items()
        }
        owner = (settings_text, profile_text)
        entries = [
            self._parse_piece(name, index, piece)
            for name, pairs in added.items()
            for index, piece in pairs
        ]
        memory = self._memory
        by_name: dict[str, list[_Entry]] = {}
        for entry in entries:
            by_name.setdefault(entry.name, []).append(entry)
        try:
            for name, method in _ADD_ORDER:
                for entry in by_name.get(name, ()):
                    getattr(memory, method)(entry.record)
            if owner != codec.owner:
                settings = self._parse_owner(settings_text, "settings", model.Settings)
                profile = self._parse_owner(profile_text, "profile", model.Profile)
                memory.set_settings(settings or model.Settings(timezone="UTC"))
                memory.set_profile(profile or model.Profile())
        except RelnetError:
            return False
        for entry in entries:
            codec.by_record[id(entry.record)] = entry
            if entry.piece is not None:
                known[entry.piece] = entry
        codec.owner = owner
        return True

    def _parse_piece(self, name: str, index: int, piece: str) -> _Entry:
        try:
            raw = json.loads("{\n" + piece + "\n}")
        except (ValueError, RecursionError) as error:
            raise self._damaged(f"{name}[{index}]: {error}") from error
        return _Entry(name, self._parse(name, index, raw), raw, piece)

    def _parse(self, name: str, index: int, raw: Any) -> Any:
        try:
            return from_dict(raw, _TYPES[name])
        except ValidationError as error:
            raise self._damaged(error.at(f"{name}[{index}]")) from error

    def _parse_owner(self, text: str | None, key: str, cls: type[T]) -> T | None:
        if text is None:
            return None
        try:
            return from_dict(json.loads(text), cls)
        except (ValueError, RecursionError) as error:
            raise self._damaged(f"{key}: {error}") from error

    def _rebuild(
        self, entries: list[_Entry], settings: model.Settings | None, profile: model.Profile | None
    ) -> None:
        collections: dict[str, list[Any]] = {name: [] for name, _ in _COLLECTIONS}
        for entry in entries:
            collections[entry.name].append(entry.record)
        try:
            self._memory = InMemoryStore.from_records(
                settings=settings, profile=profile, **collections
            )
        except (NotFoundError, ConflictError) as error:
            raise self._damaged(error) from error

    def _load_document(self, data: bytes) -> None:
        """Read a document in any JSON layout (edited by hand, say, or older)."""
        try:
            document = json.loads(data)
        except (ValueError, RecursionError) as error:
            raise self._damaged(error) from error
        if not isinstance(document, dict) or "relnet" not in document:
            raise self._damaged('it is not a relnet document (no "relnet" version key)')
        version = document["relnet"]
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise self._damaged(f"its version {version!r} is not a version number")
        if version > DOCUMENT_VERSION:
            raise StorageError(
                f"{self.path} is a version-{version} relnet document, written by a newer "
                f"relnet; this relnet reads versions up to {DOCUMENT_VERSION}: upgrade relnet"
            )
        try:
            self._memory = load_document(document)
        except ValidationError as error:
            raise self._damaged(error) from error
        self._older = version < DOCUMENT_VERSION
        self._codec.reset([])

    def _save(self) -> None:
        """Write the in-memory store to the file atomically (temporary file, rename)."""
        text, entries, owner = self._codec.render(self._memory)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValidationError(
                "text", error.object[error.start : error.end + 20], "text encodable as UTF-8"
            ) from error
        folder = self.path.parent
        temporary = folder / f".{self.path.name}.{os.getpid()}.{id(self):x}.tmp"
        self._raw = None  # until the write is known to be complete
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(descriptor, view) :]
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            os.replace(temporary, self.path)
            directory = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise StorageError(f"cannot write {self.path}: {error}") from error
        self._raw = data
        self._codec.reset(entries, owner)

    # -- transactions ---------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError(f"the store on {self.path} is closed")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all commit, or none if the block raises (nested blocks are
        savepoints). The outermost block holds the file's lock and writes the file once,
        when it ends."""
        self._check_open()
        if self._depth:
            self._depth += 1
            try:
                with self._memory.transaction():
                    yield
            finally:
                self._depth -= 1
            return
        with self._locked():
            self._remove_stale_temporaries()
            self._refresh()
            self._depth, self._dirty = 1, False
            try:
                with self._memory.transaction():
                    yield
                    if self._dirty:
                        self._save()
            finally:
                self._depth, self._dirty = 0, False

    def _write(self, change: Callable[[InMemoryStore], T]) -> T:
        with self.transaction():
            result = change(self._memory)
            self._dirty = True
            return result

    def _read(self) -> InMemoryStore:
        self._check_open()
        if not self._depth:
            self._refresh()
        return self._memory

    def files(self) -> list[Path]:
        """The document, its lock file and any temporary copy being written next to it
        (:class:`~relnet.storage.FileBacked`)."""
        return [self.path, self.lock_path, *sorted(self._temporaries())]

    # -- lifetime -------------------------------------------------------------------

    def _release(self) -> None:
        self._closed = True
        self._memory, self._raw = InMemoryStore(), None
        self._codec.reset([])

    def _location(self) -> str:
        return repr(str(self.path))

    # -- the store ------------------------------------------------------------------

    def add_contact(self, contact: model.Contact) -> model.Contact:
        """Store a new contact (see :meth:`relnet.storage.Store.add_contact`)."""
        return self._write(lambda m: m.add_contact(contact))

    def get_contact(self, contact_id: model.ContactId) -> model.Contact:
        """Return a contact, or raise NotFoundError."""
        return self._read().get_contact(contact_id)

    def update_contact(self, contact: model.Contact) -> model.Contact:
        """Replace a contact if its version is current (optimistic concurrency)."""
        return self._write(lambda m: m.update_contact(contact))

    def contacts(
        self, *, tag: str | None = None, include_archived: bool = True
    ) -> Sequence[model.Contact]:
        """Contacts ordered by id, optionally by tag and without archived people."""
        return self._read().contacts(tag=tag, include_archived=include_archived)

    def contacts_stamp(self) -> str:
        """The stamp of the contacts (:class:`~relnet.storage.ImportMemory`): it changes
        with every write to them, and when the file is read again after another writer."""
        memory = self._read()
        return f"{id(memory)}:{memory.contacts_stamp()}"

    def import_memo(self) -> str | None:
        """The import memo kept while the file is not changed by another writer."""
        return self._read().import_memo()

    def remember_import(self, memo: str | None) -> None:
        """Keep ``memo`` (in memory: the file does not hold it)."""
        self._read().remember_import(memo)

    def forget(self, contact_id: model.ContactId) -> None:
        """Erase a person; the rewritten file (and no leftover temporary) holds nothing
        of them."""
        self._write(lambda m: m.forget(contact_id))

    def add_interaction(self, interaction: model.Interaction) -> model.Interaction:
        """Store an interaction whose participants, introducer, goals and event exist."""
        return self._write(lambda m: m.add_interaction(interaction))

    def get_interaction(self, interaction_id: model.InteractionId) -> model.Interaction:
        """Return an interaction, or raise NotFoundError."""
        return self._read().get_interaction(interaction_id)

    def remove_interaction(self, interaction_id: model.InteractionId) -> None:
        """Delete an interaction, or raise NotFoundError."""
        self._write(lambda m: m.remove_interaction(interaction_id))

    def interactions(
        self, *, contact: model.ContactId | None = None, since: Bound = None, until: Bound = None
    ) -> Sequence[model.Interaction]:
        """Interactions in time order (instant, then id), ``since <= at < until``."""
        return self._read().interactions(contact=contact, since=since, until=until)

    def interactions_at(self, instants: Iterable[dt.datetime]) -> Sequence[model.Interaction]:
        """The interactions at exactly one of ``instants``, in time order (see
        :class:`~relnet.storage.InteractionsAt`)."""
        return self._read().interactions_at(instants)

    def touch_summaries(
        self, *, now: dt.datetime, contacts: Iterable[model.ContactId] | None = None
    ) -> Mapping[model.ContactId, TouchSummary]:
        """Each contact's summary as of ``now``."""
        return self._read().touch_summaries(now=now, contacts=contacts)

    def reachable_summaries(
        self, *, now: dt.datetime
    ) -> tuple[Sequence[model.Contact], Sequence[TouchSummary | None]]:
        """The reachable contacts beside their summaries as of ``now`` (see
        :class:`~relnet.storage.ReachableSummaries`)."""
        return self._read().reachable_summaries(now=now)

    def touch_summaries_since(
        self, *, now: dt.datetime, since: Mapping[str, int]
    ) -> Mapping[model.ContactId, TouchSummary]:
        """The summaries as of ``now`` that pass ``since`` (see
        :class:`~relnet.storage.SummarySieve`)."""
        return self._read().touch_summaries_since(now=now, since=since)

    def add_commitment(self, commitment: model.Commitment) -> model.Commitment:
        """Store a commitment to or from a known contact."""
        return self._write(lambda m: m.add_commitment(commitment))

    def get_commitment(self, commitment_id: model.CommitmentId) -> model.Commitment:
        """Return a commitment, or raise NotFoundError."""
        return self._read().get_commitment(commitment_id)

    def update_commitment(self, commitment: model.Commitment) -> model.Commitment:
        """Replace a stored commitment."""
        return self._write(lambda m: m.update_commitment(commitment))

    def remove_commitment(self, commitment_id: model.CommitmentId) -> None:
        """Delete a commitment, or raise NotFoundError."""
        self._write(lambda m: m.remove_commitment(commitment_id))

    def commitments(
        self, *, contact: model.ContactId | None = None, open_only: bool = False
    ) -> Sequence[model.Commitment]:
        """Commitments by due date, then id."""
        return self._read().commitments(contact=contact, open_only=open_only)

    def add_dismissal(self, dismissal: model.Dismissal) -> model.Dismissal:
        """Store a dismissal of a known contact's item, one per key."""
        return self._write(lambda m: m.add_dismissal(dismissal))

    def remove_dismissal(self, dismissal: model.Dismissal) -> None:
        """Remove the stored dismissal with ``dismissal``'s key."""
        self._write(lambda m: m.remove_dismissal(dismissal))

    def dismissals(self, *, contact: model.ContactId | None = None) -> Sequence[model.Dismissal]:
        """Dismissals by contact, reason and anchor; only ``contact``'s when given."""
        return self._read().dismissals(contact=contact)

    def add_goal(self, goal: model.Goal) -> model.Goal:
        """Store a goal linked to known contacts."""
        return self._write(lambda m: m.add_goal(goal))

    def get_goal(self, goal_id: model.GoalId) -> model.Goal:
        """Return a goal, or raise NotFoundError."""
        return self._read().get_goal(goal_id)

    def update_goal(self, goal: model.Goal) -> model.Goal:
        """Replace a stored goal."""
        return self._write(lambda m: m.update_goal(goal))

    def goals(self, *, contact: model.ContactId | None = None) -> Sequence[model.Goal]:
        """Goals by id, optionally those linked to ``contact``."""
        return self._read().goals(contact=contact)

    def add_community(self, community: model.Community) -> model.Community:
        """Store a community."""
        return self._write(lambda m: m.add_community(community))

    def get_community(self, community_id: model.CommunityId) -> model.Community:
        """Return a community, or raise NotFoundError."""
        return self._read().get_community(community_id)

    def communities(self) -> Sequence[model.Community]:
        """Communities by id."""
        return self._read().communities()

    def add_event(self, event: model.Event) -> model.Event:
        """Store an event (its community, if any, must exist)."""
        return self._write(lambda m: m.add_event(event))

    def get_event(self, event_id: model.EventId) -> model.Event:
        """Return an event, or raise NotFoundError."""
        return self._read().get_event(event_id)

    def events(self) -> Sequence[model.Event]:
        """Events in time order (instant, then id)."""
        return self._read().events()

    def get_settings(self) -> model.Settings:
        """The owner's settings."""
        return self._read().get_settings()

    def set_settings(self, settings: model.Settings) -> None:
        """Replace the owner's settings."""
        self._write(lambda m: m.set_settings(settings))

    def get_profile(self) -> model.Profile:
        """The owner's profile."""
        return self._read().get_profile()

    def set_profile(self, profile: model.Profile) -> None:
        """Replace the owner's profile."""
        self._write(lambda m: m.set_profile(profile))
