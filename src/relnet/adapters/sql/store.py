""":class:`SQLStore`: the :class:`~relnet.storage.Store` logic over a SQL connection,
shared by :class:`~relnet.adapters.sqlite.SQLiteStore` and
:class:`~relnet.adapters.postgres.PostgresStore`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import attrs

from relnet import model
from relnet.adapters.sql.bulk import BulkWriter, require
from relnet.adapters.sql.connection import retried
from relnet.adapters.sql.dialect import Result
from relnet.adapters.sql.facts import (
    EVERY_CONTACT,
    ListedContact,
    facts_from_documents,
    facts_from_fields,
    facts_query,
    listed_from_documents,
    listed_from_fields,
    listed_query,
)
from relnet.adapters.sql.memo import SQLImportMemory
from relnet.adapters.sql.rows import (
    commitment_row,
    community_rows,
    contact_from_doc,
    contact_link_rows,
    contact_row,
    decode,
    dismissal_row,
    encode,
    event_row,
    goal_contact_rows,
    goal_rows,
    interaction_rows,
    stored_instant,
    tag_key,
)
from relnet.adapters.sql.schema import insert_sql
from relnet.adapters.sql.summaries import (
    LAST_INSTANT,
    STORED_QUERY,
    SUMMARY_COLUMNS,
    query_summaries,
    stored_summaries,
    summary_query,
    summary_row,
)
from relnet.adapters.sql.summary_reads import TouchSummaryReads
from relnet.errors import ConflictError, NotFoundError, StorageError, ValidationError
from relnet.model import SummaryBuilder, epoch_us
from relnet.model.summary import interaction_touches
from relnet.storage import ContactFacts
from relnet.storage.conflicts import already_dismissed
from relnet.storage.forgetting import interaction_without
from relnet.storage.window import Bound, instant_keys, interaction_window

__all__ = ["SQLStore"]

#: How many ids a query takes at a time.
_ID_CHUNK = 10_000
_DAMAGED_CONTACT = "a stored contact is damaged and cannot be read"


R = TypeVar("R")


@attrs.frozen
class _Kind(Generic[R]):
    """A kind of record: its class, the table of its documents, its name in errors."""

    cls: type[R]
    table: str
    name: str


_CONTACT = _Kind(model.Contact, "contacts", "contact")
_INTERACTION = _Kind(model.Interaction, "interactions", "interaction")
_COMMITMENT = _Kind(model.Commitment, "commitments", "commitment")
_GOAL = _Kind(model.Goal, "goals", "goal")
_COMMUNITY = _Kind(model.Community, "communities", "community")
_EVENT = _Kind(model.Event, "events", "event")


def _bound(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, value, "an aware datetime (with a time zone)")
    return epoch_us(value)


#: The condition that picks one dismissal's row, with the parameters of :func:`_key_of`.
_DISMISSAL_KEY = "contact_id = :contact AND reason = :reason AND anchor = :anchor"


def _key_of(dismissal: model.Dismissal) -> dict[str, str]:
    return {"contact": dismissal.contact, "reason": dismissal.reason, "anchor": dismissal.anchor}


#: The text of a commitment's document (compact JSON) that says it is owed by them.
_OWED_BY_THEM = f'"owed_by":"{model.Party.THEM.value}"'


def _promising(
    commitments: Iterable[model.Commitment], chosen: set[model.ContactId], by: dt.date
) -> list[model.Commitment]:
    """Those of ``commitments`` (open ones, in their order) whose contact is among
    ``chosen`` or owes a promise (owed by you) due on or before ``by``."""
    listed = list(commitments)
    keep = set(chosen)
    keep.update(c.contact for c in listed if c.owed_by is model.Party.ME and c.due <= by)
    return [c for c in listed if c.contact in keep]


def _interactions(result: Result) -> list[model.Interaction]:
    """The interactions of a result with columns ``at_us``, ``at_zone`` and ``doc``."""
    return [
        decode(doc, model.Interaction, "interaction", at=stored_instant(at_us, zone))
        for at_us, zone, doc in result.values("at_us", "at_zone", "doc")
    ]


def _events(result: Result) -> list[model.Event]:
    """The events of a result with columns ``at_us``, ``at_zone`` and ``doc``."""
    return [
        decode(doc, model.Event, "event", at=stored_instant(at_us, zone))
        for at_us, zone, doc in result.values("at_us", "at_zone", "doc")
    ]


#: Instants per statement of ``interactions_at``.
_AT_CHUNK = 512


class SQLStore(BulkWriter, TouchSummaryReads, SQLImportMemory):
    """The :class:`~relnet.storage.Store` logic over a SQL connection.

    Subclasses provide the connection (see :class:`SQLConnection`). Every write runs in
    a transaction of its own (a savepoint inside an open one), checks references and
    ids before writing, and so raises the same errors as
    :class:`~relnet.storage.InMemoryStore`. The ``summaries`` table is kept exact by
    every write in the same transaction (:meth:`_fold_in`, :meth:`_refold`).
    """

    # -- shared steps of the writes and reads ---------------------------------------

    @contextmanager
    def _inserting(
        self, record: Any, kind: _Kind[Any], *, contacts: Iterable[str] = ()
    ) -> Iterator[None]:
        """Check ``record`` and open a transaction in which no row of its table has its id
        (or raise ConflictError) and each of ``contacts`` is stored (or NotFoundError)."""
        require(record, kind.cls, kind.name)
        with self.transaction():
            if self._exists(kind.table, record.id):
                raise ConflictError.duplicate(kind.name, record.id)
            self._require_all("contacts", "contact", contacts)
            yield

    @contextmanager
    def _replacing(
        self, record: Any, kind: _Kind[Any], *, contacts: Iterable[str] = ()
    ) -> Iterator[None]:
        """Check ``record`` and open a transaction in which its table holds its id (or
        raise NotFoundError) and each of ``contacts`` is stored."""
        require(record, kind.cls, kind.name)
        with self.transaction():
            if not self._exists(kind.table, record.id):
                raise NotFoundError(kind.name, record.id)
            self._require_all("contacts", "contact", contacts)
            yield

    def _record(self, kind: _Kind[R], record_id: str) -> R:
        """The record of ``kind`` stored under ``record_id``, or NotFoundError."""
        return decode(self._doc(kind.table, record_id, kind.name), kind.cls, kind.name)

    # -- contacts -------------------------------------------------------------------

    @retried
    def add_contact(self, contact: model.Contact) -> model.Contact:
        """Store a new contact (see :meth:`relnet.storage.Store.add_contact`)."""
        with self._inserting(contact, _CONTACT):
            self._check_contact_refs(contact)
            self._write_rows("contacts", [contact_row(contact)])
            self._write_tables(contact_link_rows(contact))
        return contact

    def contact_facts(
        self,
        contacts: Iterable[model.ContactId] | None = None,
        *,
        reachable_only: bool = True,
    ) -> Sequence[ContactFacts]:
        """The facts of every reachable contact (or of those among ``contacts``; ids the
        store does not hold are left out), ordered by id, read from the stored documents
        by the database (see :class:`relnet.storage.FactSource`). With
        ``reachable_only=False``, those of every contact, archived and do-not-contact
        ones too."""
        # Both tests lead the index of the fields the database reads (facts.fields_index).
        where = "active = 1" if reachable_only else EVERY_CONTACT
        wanted: list[str] = []
        if contacts is not None:
            # In id order, a chunk at a time: the chunks' rows come in id order too.
            wanted = sorted(set(contacts))
            if not wanted:
                return []
            where += f" AND {self.dialect.in_ids('id')}"
        by_database = self.dialect.json_raw is not None
        # Without a way to read JSON text exactly, read the documents here.
        sql = (
            facts_query(self.dialect, where)
            if by_database
            else f"SELECT id, doc FROM contacts WHERE {where} ORDER BY id"
        )
        result = self._chunked(self.dialect.render(sql), wanted) if wanted else self._query(sql)
        try:
            return facts_from_fields(result) if by_database else facts_from_documents(result)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            raise StorageError(f"{_DAMAGED_CONTACT}: {error}") from error

    def _check_contact_refs(self, contact: model.Contact) -> None:
        if contact.introduced_by is not None:
            self._require_all("contacts", "contact", [contact.introduced_by])
        self._require_all("communities", "community", sorted(contact.communities))

    def get_contact(self, contact_id: model.ContactId) -> model.Contact:
        """Return a contact, or raise NotFoundError."""
        return self._record(_CONTACT, contact_id)

    @retried
    def update_contact(self, contact: model.Contact) -> model.Contact:
        """Replace a contact if its version is current (optimistic concurrency)."""
        require(contact, model.Contact, "contact")
        with self.transaction():
            rows = self._query("SELECT version FROM contacts WHERE id = :id", id=contact.id)
            if not rows:
                raise NotFoundError("contact", contact.id)
            stored = int(rows.first("version"))
            if stored != contact.version:
                raise ConflictError.stale(
                    "contact",
                    contact.id,
                    f"was updated elsewhere: stored version {stored}, given {contact.version}",
                )
            self._check_contact_refs(contact)
            updated = attrs.evolve(contact, version=stored + 1)
            self._replace_contact(updated, stored)
            self._query("DELETE FROM contact_tags WHERE contact_id = :id", id=contact.id)
            self._query("DELETE FROM contact_communities WHERE contact_id = :id", id=contact.id)
            self._write_tables(contact_link_rows(updated))
        return updated

    def _replace_contact(self, contact: model.Contact, stored_version: int) -> None:
        changed = self._query(
            "UPDATE contacts SET version = :version, active = :active, "
            "introduced_by = :introduced_by, doc = :doc "
            "WHERE id = :id AND version = :stored RETURNING id",
            stored=stored_version,
            **contact_row(contact)._asdict(),
        )
        if not changed:
            raise ConflictError.stale("contact", contact.id, "was updated elsewhere meanwhile")

    def contacts(
        self, *, tag: str | None = None, include_archived: bool = True
    ) -> Sequence[model.Contact]:
        """Contacts ordered by id, optionally by tag and without archived people."""
        clause, params = _contact_filter(tag, include_archived)
        sql = f"SELECT c.doc AS doc FROM contacts c {clause} ORDER BY c.id"
        return [contact_from_doc(doc) for doc in self._query(sql, **params).column("doc")]

    def listed_contacts(
        self, *, tag: str | None = None, include_archived: bool = True
    ) -> list[ListedContact]:
        """What a list of contacts shows of the contacts :meth:`contacts` gives (name,
        circle, cadence, organization, tags), in the same order, read from the stored
        documents by the database where it can read JSON text exactly: no contact is
        built."""
        clause, params = _contact_filter(tag, include_archived)
        by_database = self.dialect.json_raw is not None
        sql = (
            # A test of ``active`` lets the index of the fields serve every contact.
            listed_query(self.dialect, clause or f"WHERE c.{EVERY_CONTACT}")
            if by_database
            else f"SELECT c.id AS id, c.doc AS doc FROM contacts c {clause} ORDER BY c.id"
        )
        result = self._query(sql, **params)
        try:
            return listed_from_fields(result) if by_database else listed_from_documents(result)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            raise StorageError(f"{_DAMAGED_CONTACT}: {error}") from error

    @retried
    def forget(self, contact_id: model.ContactId) -> None:
        """Erase a person and everything only about them (see the protocol)."""
        with self.transaction():
            if not self._exists("contacts", contact_id):
                raise NotFoundError("contact", str(contact_id))
            self.remember_import(None)  # the memo names contacts: none is left behind
            affected = self._query(
                "SELECT DISTINCT t.contact_id AS contact_id FROM touches t "
                "JOIN interaction_contacts ic ON ic.interaction_id = t.interaction_id "
                "WHERE ic.contact_id = :id",
                id=contact_id,
            ).column("contact_id")
            self._forget_interactions(contact_id)
            self._refold({*affected, contact_id})
            self._query("DELETE FROM commitments WHERE contact_id = :id", id=contact_id)
            self._query("DELETE FROM dismissals WHERE contact_id = :id", id=contact_id)
            self._forget_goals(contact_id)
            introduced = self._docs(
                "SELECT doc FROM contacts WHERE introduced_by = :id",
                model.Contact,
                "contact",
                id=contact_id,
            )
            for other in introduced:
                changed = attrs.evolve(other, introduced_by=None, version=other.version + 1)
                self._replace_contact(changed, other.version)
            self._query("DELETE FROM contacts WHERE id = :id", id=contact_id)
            self._forgotten()

    def _forget_interactions(self, contact_id: model.ContactId) -> None:
        """Delete the interactions ``contact_id`` took part in, and write again those
        that had other participants, without them."""
        result = self._query(
            "SELECT i.id, i.at_us, i.at_zone, i.doc FROM interactions i WHERE EXISTS ("
            "SELECT 1 FROM interaction_contacts ic "
            "WHERE ic.interaction_id = i.id AND ic.contact_id = :id) ORDER BY i.id",
            id=contact_id,
        )
        for interaction in _interactions(result):
            self._query("DELETE FROM interactions WHERE id = :id", id=interaction.id)
            kept = interaction_without(interaction, contact_id)
            if kept is not None:
                self._write_tables(interaction_rows([kept]))

    def _forget_goals(self, contact_id: model.ContactId) -> None:
        """Take ``contact_id`` out of every goal that names them."""
        goals = self._docs(
            "SELECT g.doc FROM goals g JOIN goal_contacts gc ON gc.goal_id = g.id "
            "WHERE gc.contact_id = :id",
            model.Goal,
            "goal",
            id=contact_id,
        )
        for goal in goals:
            changed = attrs.evolve(goal, contacts=goal.contacts - {contact_id})
            self._query(
                "UPDATE goals SET doc = :doc WHERE id = :id", id=goal.id, doc=encode(changed)
            )
        self._query("DELETE FROM goal_contacts WHERE contact_id = :id", id=contact_id)

    # -- interactions ---------------------------------------------------------------

    @retried
    def add_interaction(self, interaction: model.Interaction) -> model.Interaction:
        """Store an interaction whose participants, introducer, goals and event exist."""
        require(interaction, model.Interaction, "interaction")  # before its contacts are read
        with self._inserting(interaction, _INTERACTION, contacts=interaction.contacts):
            self._require_all("goals", "goal", sorted(interaction.goals))
            if interaction.event is not None:
                self._require_all("events", "event", [interaction.event])
            self._write_tables(interaction_rows([interaction]))
            self._fold_in(interaction)
        return interaction

    def _fold_in(self, interaction: model.Interaction) -> None:
        """Bring the summaries of the contacts ``interaction`` touches up to date (its
        touches are written): fold it into those it comes after every touch of, fold
        the others again from their touches.

        The one place a write reads a contact's stored summary and writes it back.
        """
        touches = list(interaction_touches(interaction))
        if not touches:
            return
        self._lock_summaries(touch.contact for touch, _ in touches)
        at = epoch_us(interaction.at)
        result = self._query(
            f"{STORED_QUERY} WHERE {self.dialect.in_ids('contact_id')}",
            ids=self.dialect.pack_ids([touch.contact for touch, _ in touches]),
        )
        stored = {
            summary.contact: (summary, latest) for summary, latest in stored_summaries(result)
        }
        rows: list[tuple[Any, ...]] = []
        again: set[str] = set()
        for touch, is_introducer in touches:
            found = stored.get(touch.contact)
            if found is None:  # no touch before this one
                builder = SummaryBuilder(touch.contact)
            elif at > found[1]:
                builder = SummaryBuilder.resume(found[0])
            else:  # at or before its latest touch: the order of ties needs the history
                again.add(touch.contact)
                continue
            builder.add(at, interaction.channel, touch, is_introducer)
            rows.append(summary_row(builder.freeze()))
        if rows:
            update = ", ".join(f"{name} = excluded.{name}" for name in SUMMARY_COLUMNS[1:])
            self._run_many(
                insert_sql(self.dialect, "summaries")
                + f" ON CONFLICT ({self.dialect.scope}contact_id) DO UPDATE SET {update}",
                rows,
            )
        self._refold(again)

    def _refold(self, contacts: Iterable[str]) -> None:
        """Compute the summaries of ``contacts`` again from their touches."""
        wanted = sorted(set(contacts))
        if not wanted:
            return
        self._lock_summaries(wanted)
        self._chunked(
            self.dialect.render(f"DELETE FROM summaries WHERE {self.dialect.in_ids('contact_id')}"),
            wanted,
        )
        # Through Python, so that the instants of value are written in order.
        result = self._chunked(summary_query(self.dialect, chosen=True), wanted, now=LAST_INSTANT)
        self._write_rows(
            "summaries", [summary_row(s) for s in query_summaries(result) if s.touches]
        )

    def get_interaction(self, interaction_id: model.InteractionId) -> model.Interaction:
        """Return an interaction, or raise NotFoundError."""
        result = self._query(
            "SELECT at_us, at_zone, doc FROM interactions WHERE id = :id", id=interaction_id
        )
        if not result:
            raise NotFoundError("interaction", str(interaction_id))
        return _interactions(result)[0]

    @retried
    def remove_interaction(self, interaction_id: model.InteractionId) -> None:
        """Delete an interaction, or raise NotFoundError."""
        with self.transaction():
            touched = self._query(
                "SELECT contact_id FROM touches WHERE interaction_id = :id", id=interaction_id
            ).column("contact_id")
            self._lock_summaries(touched)
            gone = self._query(
                "DELETE FROM interactions WHERE id = :id RETURNING id", id=interaction_id
            )
            if not gone:
                raise NotFoundError("interaction", str(interaction_id))
            self._refold(touched)

    def interactions(
        self, *, contact: model.ContactId | None = None, since: Bound = None, until: Bound = None
    ) -> Sequence[model.Interaction]:
        """Interactions in time order (instant, then id), ``since <= at < until``."""
        window = interaction_window(contact, since, until)
        where = []
        params: dict[str, Any] = {}
        if window.contact is not None:
            # From the contact's index entries, not a walk through every interaction.
            where.append(
                "i.id IN (SELECT ic.interaction_id FROM interaction_contacts ic "
                "WHERE ic.contact_id = :contact)"
            )
            params["contact"] = window.contact
        if window.low_us is not None:
            where.append("i.at_us >= :low")
            params["low"] = window.low_us
        if window.high_us is not None:
            where.append("i.at_us < :high")
            params["high"] = window.high_us
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        result = self._query(
            f"SELECT i.at_us, i.at_zone, i.doc FROM interactions i {clause} ORDER BY i.at_us, i.id",
            **params,
        )
        return _interactions(result)

    def interactions_at(self, instants: Iterable[dt.datetime]) -> Sequence[model.Interaction]:
        """The interactions at exactly one of ``instants``, in time order (see
        :class:`~relnet.storage.InteractionsAt`), from the index on the instant."""
        wanted = instant_keys(instants)
        out: list[model.Interaction] = []
        for start in range(0, len(wanted), _AT_CHUNK):
            chunk = wanted[start : start + _AT_CHUNK]
            # A list of a power of two (the last instant repeated): few distinct statements.
            size = max(8, 1 << (len(chunk) - 1).bit_length())
            params = {f"at{n}": chunk[min(n, len(chunk) - 1)] for n in range(size)}
            marks = ", ".join(f":{name}" for name in params)
            result = self._query(
                "SELECT i.at_us, i.at_zone, i.doc FROM interactions i "
                f"WHERE i.at_us IN ({marks}) ORDER BY i.at_us, i.id",
                **params,
            )
            out.extend(_interactions(result))
        return out

    def first_meetings(
        self,
        *,
        since: dt.datetime,
        until: dt.datetime,
        contact: model.ContactId | None = None,
    ) -> dict[model.ContactId, int]:
        """Per contact, the earliest meeting, call, video or event (not an auto-reply)
        with ``since <= at < until``, in epoch microseconds (see
        :class:`~relnet.storage.FirstMeetings`): the touches of such interactions carry
        a ``meeting`` flag, so one range of the index of those touches by instant (or
        of the contact's entries of the touches index) answers it."""
        window = interaction_window(contact, since, until)
        if window.low_us is None or window.high_us is None:
            raise ValidationError(
                "since" if window.low_us is None else "until", None, "an aware datetime"
            )
        if window.contact is not None:
            result = self._query(
                "SELECT t.contact_id, MIN(t.at_us) AS first_at FROM touches t "
                "WHERE t.contact_id = :contact AND t.at_us >= :low AND t.at_us < :high "
                "AND t.meeting <> 0 GROUP BY t.contact_id",
                contact=window.contact,
                low=window.low_us,
                high=window.high_us,
            )
        else:
            # One range of the index of meeting touches by instant (schema version 8).
            result = self._query(
                "SELECT t.contact_id, MIN(t.at_us) AS first_at FROM touches t "
                "WHERE t.meeting <> 0 AND t.at_us >= :low AND t.at_us < :high "
                "GROUP BY t.contact_id",
                low=window.low_us,
                high=window.high_us,
            )
        return {
            model.ContactId(person): int(first)
            for person, first in result.values("contact_id", "first_at")
        }

    # -- commitments ----------------------------------------------------------------

    @retried
    def add_commitment(self, commitment: model.Commitment) -> model.Commitment:
        """Store a commitment to or from a known contact."""
        require(commitment, model.Commitment, "commitment")  # before its contacts are read
        with self._inserting(commitment, _COMMITMENT, contacts=[commitment.contact]):
            self._write_rows("commitments", [commitment_row(commitment)])
        return commitment

    def get_commitment(self, commitment_id: model.CommitmentId) -> model.Commitment:
        """Return a commitment, or raise NotFoundError."""
        return self._record(_COMMITMENT, commitment_id)

    @retried
    def update_commitment(self, commitment: model.Commitment) -> model.Commitment:
        """Replace a stored commitment."""
        require(commitment, model.Commitment, "commitment")  # before its contacts are read
        with self._replacing(commitment, _COMMITMENT, contacts=[commitment.contact]):
            self._query(
                "UPDATE commitments SET contact_id = :contact_id, due = :due, "
                "is_open = :is_open, doc = :doc WHERE id = :id",
                **commitment_row(commitment)._asdict(),
            )
        return commitment

    def remove_commitment(self, commitment_id: model.CommitmentId) -> None:
        """Delete a commitment, or raise NotFoundError."""
        with self.transaction():
            gone = self._query(
                "DELETE FROM commitments WHERE id = :id RETURNING id", id=commitment_id
            )
            if not gone:
                raise NotFoundError("commitment", str(commitment_id))

    def commitments(
        self, *, contact: model.ContactId | None = None, open_only: bool = False
    ) -> Sequence[model.Commitment]:
        """Commitments by due date, then id."""
        where = []
        params: dict[str, Any] = {}
        if contact is not None:
            where.append("contact_id = :contact")
            params["contact"] = contact
        if open_only:
            where.append("is_open = 1")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sql = f"SELECT doc FROM commitments {clause} ORDER BY due, id"
        return self._docs(sql, model.Commitment, "commitment", **params)

    def open_commitments_of(
        self,
        contacts: Iterable[model.ContactId],
        *,
        promised_by: dt.date | None = None,
    ) -> Sequence[model.Commitment]:
        """The open commitments of ``contacts`` and, with ``promised_by``, of each
        contact with an open commitment owed by you due on or before it, by due date,
        then id (see :class:`~relnet.storage.OpenCommitments`).

        The open rows are listed (the partial index of the open commitments), and only
        the documents of the chosen contacts and of the contacts with an open row due
        by ``promised_by`` whose document does not say it is owed by them are decoded;
        the contacts that owe nothing by then are left out after."""
        if promised_by is not None and (
            not isinstance(promised_by, dt.date) or isinstance(promised_by, dt.datetime)
        ):
            raise ValidationError("promised_by", promised_by, "a date (or None)")
        chosen = set(contacts)
        rows = self._query(
            "SELECT contact_id, due, doc FROM commitments WHERE is_open = 1 ORDER BY due, id"
        ).values("contact_id", "due", "doc")
        wanted = chosen
        if promised_by is not None:
            # Each contact with an open commitment due by then that may be owed by you:
            # every document but those that say outright they are owed by them (the
            # store writes compact JSON, in which that text can only be the field).
            # Decoding sorts out the few others below.
            by = promised_by.isoformat()
            wanted = chosen | {
                person for person, due, doc in rows if due <= by and _OWED_BY_THEM not in doc
            }
        found = [
            decode(doc, model.Commitment, "commitment")
            for person, _, doc in rows
            if person in wanted
        ]
        if promised_by is not None:
            found = _promising(found, chosen, promised_by)
        return found

    # -- dismissals -----------------------------------------------------------------

    @retried
    def add_dismissal(self, dismissal: model.Dismissal) -> model.Dismissal:
        """Store a dismissal of a known contact's item, one per key."""
        require(dismissal, model.Dismissal, "dismissal")
        with self.transaction():
            if self._dismissal_stored(dismissal):
                raise already_dismissed(dismissal)
            self._require_all("contacts", "contact", [dismissal.contact])
            self._write_rows("dismissals", [dismissal_row(dismissal)])
        return dismissal

    @retried
    def remove_dismissal(self, dismissal: model.Dismissal) -> None:
        """Remove the stored dismissal with ``dismissal``'s key."""
        require(dismissal, model.Dismissal, "dismissal")
        with self.transaction():
            if not self._dismissal_stored(dismissal):
                raise NotFoundError("dismissal", "/".join(dismissal.key))
            self._query(f"DELETE FROM dismissals WHERE {_DISMISSAL_KEY}", **_key_of(dismissal))

    def _dismissal_stored(self, dismissal: model.Dismissal) -> bool:
        found = self._query(
            f"SELECT 1 AS found FROM dismissals WHERE {_DISMISSAL_KEY}", **_key_of(dismissal)
        )
        return bool(found)

    def dismissals(self, *, contact: model.ContactId | None = None) -> Sequence[model.Dismissal]:
        """Dismissals by contact, reason and anchor; only ``contact``'s when given."""
        columns = "SELECT contact_id, reason, anchor, at_us, at_zone FROM dismissals"
        order = "ORDER BY contact_id, reason, anchor"
        if contact is None:
            result = self._query(f"{columns} {order}")
        else:
            result = self._query(f"{columns} WHERE contact_id = :contact {order}", contact=contact)
        return [
            model.Dismissal(person, reason, anchor, stored_instant(at_us, zone))
            for person, reason, anchor, at_us, zone in result.values(
                "contact_id", "reason", "anchor", "at_us", "at_zone"
            )
        ]

    # -- goals ----------------------------------------------------------------------

    @retried
    def add_goal(self, goal: model.Goal) -> model.Goal:
        """Store a goal linked to known contacts."""
        require(goal, model.Goal, "goal")  # before its contacts are read
        with self._inserting(goal, _GOAL, contacts=sorted(goal.contacts)):
            self._write_tables(goal_rows([goal]))
        return goal

    def get_goal(self, goal_id: model.GoalId) -> model.Goal:
        """Return a goal, or raise NotFoundError."""
        return self._record(_GOAL, goal_id)

    @retried
    def update_goal(self, goal: model.Goal) -> model.Goal:
        """Replace a stored goal."""
        require(goal, model.Goal, "goal")  # before its contacts are read
        with self._replacing(goal, _GOAL, contacts=sorted(goal.contacts)):
            self._query("UPDATE goals SET doc = :doc WHERE id = :id", id=goal.id, doc=encode(goal))
            self._query("DELETE FROM goal_contacts WHERE goal_id = :id", id=goal.id)
            self._write_rows("goal_contacts", goal_contact_rows(goal))
        return goal

    def goals(self, *, contact: model.ContactId | None = None) -> Sequence[model.Goal]:
        """Goals by id, optionally those linked to ``contact``."""
        if contact is None:
            return self._docs("SELECT doc FROM goals ORDER BY id", model.Goal, "goal")
        return self._docs(
            "SELECT g.doc FROM goals g WHERE EXISTS (SELECT 1 FROM goal_contacts gc "
            "WHERE gc.goal_id = g.id AND gc.contact_id = :contact) ORDER BY g.id",
            model.Goal,
            "goal",
            contact=contact,
        )

    # -- communities and events -----------------------------------------------------

    @retried
    def add_community(self, community: model.Community) -> model.Community:
        """Store a community."""
        with self._inserting(community, _COMMUNITY):
            self._write_tables(community_rows([community]))
        return community

    def get_community(self, community_id: model.CommunityId) -> model.Community:
        """Return a community, or raise NotFoundError."""
        return self._record(_COMMUNITY, community_id)

    def communities(self) -> Sequence[model.Community]:
        """Communities by id."""
        return self._docs("SELECT doc FROM communities ORDER BY id", model.Community, "community")

    @retried
    def add_event(self, event: model.Event) -> model.Event:
        """Store an event (its community, if any, must exist)."""
        with self._inserting(event, _EVENT):
            if event.community is not None:
                self._require_all("communities", "community", [event.community])
            self._write_rows("events", [event_row(event)])
        return event

    def get_event(self, event_id: model.EventId) -> model.Event:
        """Return an event, or raise NotFoundError."""
        result = self._query("SELECT at_us, at_zone, doc FROM events WHERE id = :id", id=event_id)
        if not result:
            raise NotFoundError("event", str(event_id))
        return _events(result)[0]

    def events(self) -> Sequence[model.Event]:
        """Events in time order (instant, then id)."""
        return _events(self._query("SELECT at_us, at_zone, doc FROM events ORDER BY at_us, id"))

    # -- the owner ------------------------------------------------------------------

    def _owner(self, key: str) -> str | None:
        result = self._query("SELECT doc FROM owner WHERE key = :key", key=key)
        return str(result.first("doc")) if result else None

    def _set_owner(self, key: str, record: Any) -> None:
        with self.transaction():
            self._query(
                "INSERT INTO owner (key, doc) VALUES (:key, :doc) "
                f"ON CONFLICT ({self.dialect.scope}key) DO UPDATE SET doc = excluded.doc",
                key=key,
                doc=encode(record),
            )

    def get_settings(self) -> model.Settings:
        """The owner's settings (UTC until set)."""
        doc = self._owner("settings")
        return (
            model.Settings(timezone="UTC")
            if doc is None
            else decode(doc, model.Settings, "settings")
        )

    @retried
    def set_settings(self, settings: model.Settings) -> None:
        """Replace the owner's settings."""
        require(settings, model.Settings, "settings")
        self._set_owner("settings", settings)

    def get_profile(self) -> model.Profile:
        """The owner's profile (empty until set)."""
        doc = self._owner("profile")
        return model.Profile() if doc is None else decode(doc, model.Profile, "profile")

    @retried
    def set_profile(self, profile: model.Profile) -> None:
        """Replace the owner's profile."""
        require(profile, model.Profile, "profile")
        self._set_owner("profile", profile)


def _contact_filter(tag: str | None, include_archived: bool) -> tuple[str, dict[str, Any]]:
    """The ``WHERE`` clause (or none) over contacts ``c`` with a tag (or any) and, unless
    ``include_archived``, active; and its parameters."""
    where = []
    params: dict[str, Any] = {}
    if tag is not None and not isinstance(tag, str):
        raise ValidationError("tag", tag, "a tag (a string) or None")
    if tag is not None:
        where.append(
            "EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = :tag)"
        )
        params["tag"] = tag_key(tag)
    if not include_archived:
        where.append("c.active = 1")
    return (f"WHERE {' AND '.join(where)}" if where else ""), params
