"""What the SQL stores' bulk writer (``add_records``) does outside the database: check a
batch of records and what they refer to, and fold the touches it writes into
``summaries`` rows in Python, so that a network goes in as plain ``executemany``.
"""

from __future__ import annotations

import contextlib
import operator
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Unpack, get_args, get_type_hints

import attrs

from relnet.adapters.sql import rows as mapping
from relnet.adapters.sql.connection import SQLConnection, retried
from relnet.adapters.sql.rows import EVENT_MEETING, Tables, TouchRow, TupleRow
from relnet.adapters.sql.summaries import summary_row
from relnet.errors import ConflictError, ValidationError
from relnet.model import ContactId, Direction, Interaction, SummaryBuilder
from relnet.storage.copy import Records, record_collections

__all__ = [
    "CHUNK",
    "INTERACTION_TABLES",
    "Batch",
    "BulkWriter",
    "SummaryFolds",
    "require",
    "summary_rows",
]


#: How many interactions the bulk writer turns into rows at a time.
CHUNK = 10_000

#: The tables the bulk writer fills with a network's interactions (and their rows).
INTERACTION_TABLES = ("interactions", "interaction_contacts", "interaction_goals", "touches")

#: The kind of record in each collection of :class:`~relnet.storage.copy.Records`, in
#: order, by its class's name in lower case (``"community"``), as Records declares them.
_KINDS: dict[str, type] = {
    kind.__name__.lower(): kind
    for kind in (get_args(hint)[0] for hint in get_type_hints(Records).values())
}
#: The kinds records refer to, with their tables.
REFERENCED = {"community": "communities", "event": "events", "contact": "contacts", "goal": "goals"}


def require(value: Any, kind: type, field: str) -> None:
    """Raise ValidationError unless ``value`` is a ``kind``."""
    if not isinstance(value, kind):
        raise ValidationError(field, value, f"a {kind.__name__}")


@attrs.frozen
class Batch:
    """Records given to ``add_records``, checked for kind and repeated ids, with what
    they refer to."""

    #: The records, by kind (``"community"``, ``"contact"``…), in the order given.
    records: dict[str, list[Any]]
    #: The ids given, by kind.
    ids: dict[str, set[str]]
    #: The ids referred to, by kind.
    wanted: dict[str, set[str]]
    #: (introducer, contact) for each contact whose introducer is given after it.
    forward: list[tuple[str, str]]

    @classmethod
    def of(cls, records: Records) -> Batch:
        """Check ``records``. Raises ValidationError for a record of the wrong type,
        ConflictError for an id given twice, TypeError for an unknown collection."""
        collections = record_collections(records).values()
        given = {kind: list(items) for kind, items in zip(_KINDS, collections, strict=True)}
        ids: dict[str, set[str]] = {}
        for kind, items in given.items():
            seen: set[str] = set()
            for record in items:
                require(record, _KINDS[kind], kind)
                if record.id in seen:
                    raise ConflictError.duplicate(kind, record.id, "is given twice")
                seen.add(record.id)
            ids[kind] = seen
        wanted, forward = _references(given, ids["contact"])
        return cls(given, ids, wanted, forward)

    def missing(self, kind: str) -> list[str]:
        """The ids of ``kind`` referred to but not given (the store must hold them)."""
        return sorted(self.wanted[kind] - self.ids[kind])

    def contact_tables(self) -> Tables:
        """The rows of the contacts given, those introduced by a contact given after them
        without their introducer (set by :meth:`forward` once every contact is in)."""
        tables = mapping.contact_rows(self.records["contact"])
        later = {person for _, person in self.forward}
        if later:
            tables["contacts"] = [
                row._replace(introduced_by=None) if row.id in later else row
                for row in tables["contacts"]
            ]
        return tables


def _references(
    given: dict[str, list[Any]], contacts: set[str]
) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    """The ids each kind of record in ``given`` refers to, and the contacts introduced
    by one given after them."""
    wanted: dict[str, set[str]] = {kind: set() for kind in _KINDS}
    for event in given["event"]:
        if event.community is not None:
            wanted["community"].add(event.community)
    forward: list[tuple[str, str]] = []
    placed: set[str] = set()
    for contact in given["contact"]:
        wanted["community"].update(contact.communities)
        introducer = contact.introduced_by
        if introducer is not None:
            wanted["contact"].add(introducer)
            if introducer in contacts and introducer not in placed:
                forward.append((introducer, contact.id))
        placed.add(contact.id)
    for goal in given["goal"]:
        wanted["contact"].update(goal.contacts)
    for interaction in given["interaction"]:
        wanted["contact"].update(interaction.contacts)
        wanted["goal"].update(interaction.goals)
        if interaction.event is not None:
            wanted["event"].add(interaction.event)
    for commitment in given["commitment"]:
        wanted["contact"].add(commitment.contact)
    return wanted, forward


_DIRECTION_OF = {direction.value: direction for direction in Direction}
# What a fold reads of a ``touches`` row, by name.
_ORDER = ("contact_id", "at_us", "interaction_id")
_FACTS = ("direction", "expects_reply", "introducer", "meeting", "gave", "received", "advice")
_read_touch = operator.itemgetter(*(TouchRow._fields.index(name) for name in (*_ORDER, *_FACTS)))
_interaction_id = operator.attrgetter("id")
_touch_order = operator.itemgetter(*(TouchRow._fields.index(name) for name in _ORDER))


class _Fold:
    """One contact's fold, with its latest touch so far (instant, interaction id)."""

    __slots__ = ("at", "builder", "key")

    def __init__(self, builder: SummaryBuilder, at: int, key: str) -> None:
        self.builder, self.at, self.key = builder, at, key


class SummaryFolds:
    """Per-contact folds of ``touches`` rows fed in any order.

    A contact's touches fold with :class:`~relnet.model.SummaryBuilder` while they come
    in (instant, interaction id) order; a contact with a touch out of that order is set
    aside in :attr:`stale`, to be folded from the database instead.
    """

    __slots__ = ("_folds", "stale")

    def __init__(self) -> None:
        self._folds: dict[str, _Fold] = {}
        #: Contacts whose touches came out of order.
        self.stale: set[str] = set()

    def add(self, rows: Iterable[TupleRow]) -> None:
        """Fold ``touches`` rows (tuples in the order of :class:`TouchRow`'s fields)."""
        folds, stale, directions = self._folds, self.stale, _DIRECTION_OF
        for row in rows:
            person, at, key, direction, expects, introducer, meeting, gave, got, advice = (
                _read_touch(row)
            )
            fold = folds.get(person)
            if fold is None:
                fold = folds[person] = _Fold(SummaryBuilder(ContactId(person)), at, key)
            elif at < fold.at or (at == fold.at and key < fold.key) or person in stale:
                stale.add(person)
                continue
            else:
                fold.at, fold.key = at, key
            fold.builder.add_facts(
                at,
                directions[direction],
                expects == 1,
                introducer == 1,
                meeting == 1,
                gave == 1,
                got == 1,
                advice == 1,
                meeting == EVENT_MEETING,
            )

    def contacts(self) -> set[str]:
        """Every contact touched by the rows folded."""
        return set(self._folds)

    def rows(self, *, leave_out: Iterable[str] = ()) -> list[tuple[Any, ...]]:
        """The ``summaries`` rows of the contacts folded in order (but ``leave_out``)."""
        skip = self.stale.union(leave_out)
        return [
            summary_row(fold.builder.freeze())
            for person, fold in self._folds.items()
            if person not in skip
        ]


def summary_rows(touches: Sequence[TupleRow]) -> Tables:
    """The ``summaries`` rows of the contacts whose every touch is in ``touches`` (any
    order), by table."""
    folds = SummaryFolds()
    folds.add(sorted(touches, key=_touch_order))
    return {"summaries": folds.rows()}


class BulkWriter(SQLConnection):
    """The SQL stores' ``add_records``: many records in one transaction, as plain
    ``executemany`` of their rows, with their summaries folded in Python."""

    @abstractmethod
    def _refold(self, contacts: Iterable[str]) -> None:
        """Compute the summaries of ``contacts`` again from their touches."""

    def _bulk_settings(self) -> AbstractContextManager[None]:
        """What the connection holds while ``add_records`` runs, around its transaction
        (a store may enlarge its page cache); nothing here."""
        return contextlib.nullcontext()

    def _indexes_rebuilt(self, tables: Sequence[str], count: int) -> AbstractContextManager[bool]:
        """Inside the write transaction, around writing ``count`` records' rows into
        ``tables``: a store may drop those tables' secondary indexes first and build
        them again after (one sort each instead of a random insert per row), and gives
        whether it does; here it does not."""
        return contextlib.nullcontext(False)

    @retried
    def add_records(self, **records: Unpack[Records]) -> None:
        """Add many records in one transaction, much faster than one ``add_*`` at a time.

        Each record is stored exactly as its ``add_*`` method stores it. A record may
        name any record already stored or given in the same call, in any order (a
        contact's introducer may come after it). Raises ConflictError for an id given
        twice or already stored, NotFoundError for a reference to a record that is
        neither, ValidationError for a value of the wrong type; nothing is written then.
        """
        batch = Batch.of(records)
        with self._bulk_settings(), self.transaction():
            for kind, table in REFERENCED.items():
                self._require_all(table, kind, batch.missing(kind))
            self._write_tables(mapping.community_rows(batch.records["community"]))
            self._write_tables(mapping.event_rows(batch.records["event"]))
            self._write_tables(batch.contact_tables())
            if batch.forward:
                self._run_many(
                    self.dialect.render(
                        "UPDATE contacts SET introduced_by = :introducer WHERE id = :id"
                    ),
                    [
                        {"introducer": introducer, "id": person}
                        for introducer, person in batch.forward
                    ],
                )
            self._write_tables(mapping.goal_rows(batch.records["goal"]))
            interactions = batch.records["interaction"]
            with self._indexes_rebuilt(INTERACTION_TABLES, len(interactions)) as rebuilt:
                folds = self._write_interactions(interactions, by_id=rebuilt)
            self._write_tables(mapping.commitment_rows(batch.records["commitment"]))
            self._write_folded(folds, new_contacts=batch.ids["contact"])

    def _write_interactions(
        self, interactions: Sequence[Interaction], *, by_id: bool = False
    ) -> SummaryFolds:
        """Insert ``interactions`` a chunk at a time, folding their touches as they go.

        ``by_id`` inserts them in the order of their ids instead of the order given,
        with the touches folded first in the order given (the order the folds want,
        usually): then the tables' primary keys, which begin with the interaction's
        id, grow at their end only (pages filled once, in order) rather than at a
        random place for each row."""
        folds = SummaryFolds()
        if by_id:
            for start in range(0, len(interactions), CHUNK):
                folds.add(mapping.touches_of(interactions[start : start + CHUNK]))
            interactions = sorted(interactions, key=_interaction_id)
        for start in range(0, len(interactions), CHUNK):
            tables = mapping.interaction_rows(interactions[start : start + CHUNK])
            self._write_tables(tables)
            if not by_id:
                folds.add(tables["touches"])
        return folds

    def _write_folded(self, folds: SummaryFolds, *, new_contacts: set[str]) -> None:
        """Write the summaries ``folds`` hold. Contacts touched before (with a stored
        summary) fold from the database, as do those whose touches came out of order."""
        known = sorted(folds.contacts() - new_contacts)
        self._lock_summaries(known)
        touched_before = set(
            self._chunked(
                self.dialect.render(
                    f"SELECT contact_id FROM summaries WHERE {self.dialect.in_ids('contact_id')}"
                ),
                known,
            ).column("contact_id")
        )
        self._write_rows("summaries", folds.rows(leave_out=touched_before))
        self._refold(touched_before | folds.stale)
