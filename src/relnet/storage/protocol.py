"""The ``Store`` protocol: what relnet needs from wherever a network is kept.

The docstrings here are the specification that :class:`relnet.testing.StoreContract`
checks, for relnet's own stores and for anyone else's. In brief:

* Records are frozen values; a store keeps them exactly (instants keep their zone).
* ``add_*`` refuses an id that is already stored (:class:`~relnet.errors.ConflictError`
  with its ``kind`` and ``id``, ``reason="duplicate"``) and references to records it
  does not hold (:class:`~relnet.errors.NotFoundError` with ``role="reference"``).
* ``get_*`` raises :class:`~relnet.errors.NotFoundError` for an unknown id (with
  ``role="target"``, as do updates and removals of an unknown id); an update from an
  outdated read raises ConflictError with ``reason="stale_version"``.
* Listings come in a defined order, so two stores holding the same records list them
  the same way.
* Inside ``with store.transaction():`` every write commits together, or, when the block
  raises, none does.
* Failures of the underlying driver surface as :class:`~relnet.errors.StorageError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from relnet import model
from relnet.model import TouchSummary
from relnet.storage.facts import ContactFacts

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "FactSource",
    "FileBacked",
    "FirstMeetings",
    "InteractionsAt",
    "Store",
    "SummarySieve",
    "SummarySource",
    "ImportMemory",
    "OpenCommitments",
]


@runtime_checkable
class Store(Protocol):
    """A place that keeps one owner's network."""

    # -- contacts -------------------------------------------------------------------

    def add_contact(self, contact: model.Contact) -> model.Contact:
        """Store a new contact and return it as stored.

        Raises ConflictError if a contact with the same id exists, NotFoundError if
        ``introduced_by`` names an unknown contact or ``communities`` an unknown community.
        """
        ...

    def get_contact(self, contact_id: model.ContactId) -> model.Contact:
        """Return the stored contact. Raises NotFoundError."""
        ...

    def update_contact(self, contact: model.Contact) -> model.Contact:
        """Replace a stored contact, and return the stored value.

        The stored version must equal ``contact.version``; the stored value carries
        ``version + 1``. Raises NotFoundError for an unknown id and ConflictError for a
        stale version (someone else updated the contact since it was read).
        """
        ...

    def contacts(
        self, *, tag: str | None = None, include_archived: bool = True
    ) -> Sequence[model.Contact]:
        """Every contact, ordered by id; only those tagged ``tag`` when given.

        With ``include_archived=False``, archived and do-not-contact people are left out.
        """
        ...

    def forget(self, contact_id: model.ContactId) -> None:
        """Erase a person: the contact, every interaction that concerned only them,
        them from the participants of the others (an intro they made loses its
        introducer), their commitments and dismissals, their id from goals and from
        other contacts' ``introduced_by``. Raises NotFoundError. Durable stores leave no copy of the
        person's data behind.
        """
        ...

    # -- interactions ---------------------------------------------------------------

    def add_interaction(self, interaction: model.Interaction) -> model.Interaction:
        """Store an interaction. Raises ConflictError for a reused id, NotFoundError
        for an unknown participant, introducer, goal or event.
        """
        ...

    def get_interaction(self, interaction_id: model.InteractionId) -> model.Interaction:
        """Return the stored interaction. Raises NotFoundError."""
        ...

    def remove_interaction(self, interaction_id: model.InteractionId) -> None:
        """Delete an interaction logged by mistake. Raises NotFoundError."""
        ...

    def interactions(
        self,
        *,
        contact: model.ContactId | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> Sequence[model.Interaction]:
        """Interactions in time order (by instant, then id), ``since <= at < until``.

        ``contact`` keeps those that name the contact as participant or introducer.
        Raises ValidationError for a naive ``since`` or ``until``.
        """
        ...

    # -- commitments ----------------------------------------------------------------

    def add_commitment(self, commitment: model.Commitment) -> model.Commitment:
        """Store a commitment. Raises ConflictError, or NotFoundError for an unknown contact."""
        ...

    def get_commitment(self, commitment_id: model.CommitmentId) -> model.Commitment:
        """Return the stored commitment. Raises NotFoundError."""
        ...

    def update_commitment(self, commitment: model.Commitment) -> model.Commitment:
        """Replace a stored commitment (to mark it done, say). Raises NotFoundError."""
        ...

    def remove_commitment(self, commitment_id: model.CommitmentId) -> None:
        """Delete a commitment cancelled or recorded by mistake. Raises NotFoundError."""
        ...

    def commitments(
        self, *, contact: model.ContactId | None = None, open_only: bool = False
    ) -> Sequence[model.Commitment]:
        """Commitments ordered by due date, then id; only open ones with ``open_only``."""
        ...

    # -- dismissals -----------------------------------------------------------------

    def add_dismissal(self, dismissal: model.Dismissal) -> model.Dismissal:
        """Store a dismissal (one item of a contact, hidden) and return it as stored.

        A store keeps one dismissal per key ``(contact, reason, anchor)``, exactly as
        given (``at`` keeps its zone). Raises ConflictError when a dismissal with the
        same key is stored, NotFoundError for an unknown contact, and ValidationError
        for anything but a :class:`~relnet.model.Dismissal`. :meth:`forget` removes a
        person's dismissals.
        """
        ...

    def remove_dismissal(self, dismissal: model.Dismissal) -> None:
        """Remove the stored dismissal with the key of ``dismissal`` (its ``at`` is not
        compared), bringing its item back. Raises NotFoundError when none is stored."""
        ...

    def dismissals(self, *, contact: model.ContactId | None = None) -> Sequence[model.Dismissal]:
        """Dismissals ordered by contact id, reason and anchor; only ``contact``'s when
        given (an unknown contact has none)."""
        ...

    # -- goals ----------------------------------------------------------------------

    def add_goal(self, goal: model.Goal) -> model.Goal:
        """Store a goal. Raises ConflictError, or NotFoundError for an unknown contact."""
        ...

    def get_goal(self, goal_id: model.GoalId) -> model.Goal:
        """Return the stored goal. Raises NotFoundError."""
        ...

    def update_goal(self, goal: model.Goal) -> model.Goal:
        """Replace a stored goal. Raises NotFoundError for it or an unknown contact."""
        ...

    def goals(self, *, contact: model.ContactId | None = None) -> Sequence[model.Goal]:
        """Goals ordered by id; only those linked to ``contact`` when given."""
        ...

    # -- communities and events -----------------------------------------------------

    def add_community(self, community: model.Community) -> model.Community:
        """Store a community. Raises ConflictError for a reused id."""
        ...

    def get_community(self, community_id: model.CommunityId) -> model.Community:
        """Return the stored community. Raises NotFoundError."""
        ...

    def communities(self) -> Sequence[model.Community]:
        """Communities ordered by id."""
        ...

    def add_event(self, event: model.Event) -> model.Event:
        """Store an event. Raises ConflictError, or NotFoundError for an unknown community."""
        ...

    def get_event(self, event_id: model.EventId) -> model.Event:
        """Return the stored event. Raises NotFoundError."""
        ...

    def events(self) -> Sequence[model.Event]:
        """Events in time order (by instant, then id)."""
        ...

    # -- the owner ------------------------------------------------------------------

    def get_settings(self) -> model.Settings:
        """The owner's settings (a new store holds ``Settings(timezone="UTC")``)."""
        ...

    def set_settings(self, settings: model.Settings) -> None:
        """Replace the owner's settings."""
        ...

    def get_profile(self) -> model.Profile:
        """The owner's profile (a new store holds an empty ``Profile()``)."""
        ...

    def set_profile(self, profile: model.Profile) -> None:
        """Replace the owner's profile."""
        ...

    # -- atomicity ------------------------------------------------------------------

    def transaction(self) -> AbstractContextManager[None]:
        """A context in which every write commits together, or none does if it raises.

        Transactions may nest; only the outermost commits. The exception propagates.
        """
        ...


@runtime_checkable
class SummarySource(Protocol):
    """An optional ability: a store that computes touch summaries itself.

    The engine uses it when a store has it and otherwise folds the store's
    interactions with :func:`relnet.model.summarize`; both must agree exactly.
    """

    def touch_summaries(
        self, *, now: dt.datetime, contacts: Iterable[model.ContactId] | None = None
    ) -> Mapping[model.ContactId, TouchSummary]:
        """One summary per contact (every stored contact, or those in ``contacts``)."""
        ...


@runtime_checkable
class ReachableSummaries(Protocol):
    """An optional ability: a store that hands over every reachable contact beside its
    touch summary, from what it keeps, without a mapping keyed by id.

    :func:`relnet.policy.health` uses it when it reads the contacts itself: it needs
    every reachable contact and its summary, one after the other, and nothing else of
    them. Without it, health lists the contacts, asks :meth:`SummarySource.touch_summaries`
    (or folds the history) for their summaries by id, and looks each one up.
    """

    def reachable_summaries(
        self, *, now: dt.datetime
    ) -> tuple[Sequence[model.Contact], Sequence[TouchSummary | None]]:
        """The reachable contacts, as ``contacts(include_archived=False)`` lists them
        (ordered by id), and at the same index of the second sequence each one's summary
        as of ``now``: equal to :meth:`SummarySource.touch_summaries`', or None where
        that is the empty ``TouchSummary(contact)`` of a contact no interaction names.
        The caller must not change either sequence. Raises
        :class:`~relnet.errors.ValidationError` when ``now`` is not an aware datetime."""
        ...


@runtime_checkable
class FactSource(Protocol):
    """An optional ability: a store that lists what the agenda reads of its contacts
    (:class:`~relnet.storage.facts.ContactFacts`) more cheaply than whole contacts.

    The engine uses it for the agenda when every rule is a built-in one; the facts must
    equal those of :meth:`Store.contacts` (``ContactFacts.of(contact)``) exactly.
    """

    def contact_facts(
        self, contacts: Iterable[model.ContactId] | None = None
    ) -> Sequence[ContactFacts]:
        """The facts of every reachable contact (status active), or of those among
        ``contacts`` (ids it does not hold are left out), ordered by id."""
        ...


@runtime_checkable
class SummarySieve(Protocol):
    """An optional ability: a store that finds the contacts whose touch summaries pass a
    sieve (:mod:`relnet.storage.sieve`) without building every contact's summary.

    The engine uses it for the agenda: the rules that may put a must-do item on it
    wake only for recent instants (a message awaiting a reply, a first meeting), and
    a large store holds few such contacts.
    """

    def touch_summaries_since(
        self, *, now: dt.datetime, since: Mapping[str, int]
    ) -> Mapping[model.ContactId, TouchSummary]:
        """The summaries as of ``now`` (equal to :meth:`SummarySource.touch_summaries`'s)
        of exactly the contacts whose summary passes ``since``
        (:func:`relnet.storage.sieve.passes`). An unknown field name or a bound that is not
        a whole number raises :class:`~relnet.errors.ValidationError` for ``since``."""
        ...


@runtime_checkable
class FileBacked(Protocol):
    """An optional ability: a store that keeps the network in files on this machine and
    names them, so that what it leaves on disk can be checked.

    ``forget`` must leave no byte of the forgotten person's data in any of these files
    once it returns and the store is closed: deleted rows overwritten or the file
    rewritten (SQLite's ``PRAGMA secure_delete`` and ``VACUUM``, a JSON document written
    anew), logs and journals emptied, temporary copies removed.
    :class:`relnet.testing.StoreContract` checks it for every store that has this ability.
    """

    def files(self) -> Sequence[Path]:
        """Every file the store may hold network data in: the main file, and side files
        such as write-ahead logs, journals, lock files and temporary copies. A file
        listed need not exist (a log appears only while it is used); the list stays
        right after :meth:`close <relnet.adapters.sqlite.SQLiteStore.close>`."""
        ...


@runtime_checkable
class InteractionsAt(Protocol):
    """An optional ability: a store that finds the interactions at given instants in
    one call, from an index on the instant.

    The engine uses it to read what the items of an agenda, the follow-ups or an
    explanation are about (the message, meeting or intro at an instant a rule names).
    Without it, the engine reads them with one :meth:`Store.interactions` call over the
    window from the earliest of those instants to the latest, which is a scan either
    way for a store without an index, and more rows than needed for one with an index.
    """

    def interactions_at(self, instants: Iterable[dt.datetime]) -> Sequence[model.Interaction]:
        """The interactions at exactly one of ``instants`` (compared as instants, zones
        aside), in time order (by instant, then id): what :meth:`Store.interactions`
        gives for ``since=t, until=t + 1 µs``, for each distinct ``t`` in time order.
        Raises :class:`~relnet.errors.ValidationError` for an instant that is not an
        aware datetime (field ``instants``)."""
        ...


@runtime_checkable
class ImportMemory(Protocol):
    """An optional ability: a store that remembers what its last import of a file
    found, so that importing the same file again into an unchanged store is answered
    without reading the file's rows or matching them (see
    :func:`relnet.services.import_source`).

    The store keeps one memo (the last one given) and a stamp of its contacts: the
    memo is trusted only while the stamp is the one it was made with.
    """

    def contacts_stamp(self) -> str:
        """A text that stays the same exactly as long as :meth:`Store.contacts` would
        give the same contacts: any write that changes a contact (added, updated,
        merged, forgotten, a transaction rolled back over one) changes it. A change
        that is undone may still give a new stamp."""
        ...

    def import_memo(self) -> str | None:
        """The memo last given to :meth:`remember_import`, or None."""
        ...

    def remember_import(self, memo: str | None) -> None:
        """Keep ``memo`` (an opaque text) in place of the one kept; None forgets it."""
        ...


@runtime_checkable
class FirstMeetings(Protocol):
    """An optional ability: a store that finds, per contact, the first meeting, call,
    video or event of a window from its own index of touches, without handing over the
    interactions.

    The engine uses it for the meetings planned soon (a meeting soon holds back the
    keep-in-touch nudge and words the item). Without it, the engine reads every
    interaction of the next two weeks with :meth:`Store.interactions` and picks the
    meetings and events itself.
    """

    def first_meetings(
        self,
        *,
        since: dt.datetime,
        until: dt.datetime,
        contact: model.ContactId | None = None,
    ) -> Mapping[model.ContactId, int]:
        """For each contact who takes part in a meeting, call, video or event that is
        not an auto-reply, at an instant with ``since <= at < until``, the earliest such
        instant (epoch microseconds): what the participants of those interactions of
        ``interactions(since=since, until=until)`` give, each keeping the first. With
        ``contact``, that contact alone (at most one entry). Raises
        :class:`~relnet.errors.ValidationError` for a ``since`` or ``until`` that is not
        an aware datetime."""
        ...


@runtime_checkable
class OpenCommitments(Protocol):
    """An optional ability: a store that reads the open commitments of chosen contacts,
    and of the contacts with an open promise due by a day, without handing over every
    open commitment.

    The engine uses it for the agenda: the must-do rules wake for the promises you owe
    by tomorrow, and only the contacts they wake (with those the summary sieve found)
    need their commitments. Without it, the engine reads every open commitment with
    :meth:`Store.commitments`.
    """

    def open_commitments_of(
        self,
        contacts: Iterable[model.ContactId],
        *,
        promised_by: dt.date | None = None,
    ) -> Sequence[model.Commitment]:
        """Every open commitment (``done_on`` None) of the contacts among ``contacts``
        and, with ``promised_by``, of each contact with an open commitment owed by you
        (:attr:`~relnet.model.Party.ME`) due on or before ``promised_by``: what
        ``commitments(open_only=True)`` lists for them, in its order (by due date, then
        id). Raises :class:`~relnet.errors.ValidationError` for a ``promised_by`` that
        is not a date."""
        ...
