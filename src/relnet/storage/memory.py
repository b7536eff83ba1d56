"""``InMemoryStore``: the reference :class:`~relnet.storage.Store`, kept in dictionaries
(its interactions by id in sorted runs, a quarter of a dictionary's memory).

It is what the contract kit compares every other store against, and fast enough to
hold a large network: interactions are indexed by time globally and per contact, and
each contact's :class:`~relnet.model.TouchSummary` is folded as interactions arrive,
so an agenda costs one step per contact however long the history is.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from itertools import chain
from operator import attrgetter
from typing import Any, TypeVar

import attrs

from relnet import model
from relnet.errors import ConflictError, NotFoundError, NotFoundRole, ValidationError
from relnet.model import SummaryBuilder, TouchSummary, epoch_us
from relnet.model._check import to_instant
from relnet.model.summary import interaction_touches
from relnet.storage._by_id import ById, RepeatedIdError
from relnet.storage._history import AFTER_ALL as _AFTER_ALL
from relnet.storage._history import BEFORE_ALL as _BEFORE_ALL
from relnet.storage._history import History, instant_of, search
from relnet.storage._sharing import Shared
from relnet.storage.conflicts import already_dismissed
from relnet.storage.forgetting import interaction_without
from relnet.storage.sieve import checked_sieve
from relnet.storage.window import Bound, instant_keys, interaction_window

__all__ = ["InMemoryStore"]

_MISSING: Any = object()
_ID = attrgetter("id")
_PARTICIPANTS = attrgetter("participants")
_INTRODUCER = attrgetter("introduced_by")
K = TypeVar("K")
V = TypeVar("V")


class InMemoryStore:
    """A :class:`~relnet.storage.Store` held in memory; the reference implementation.

    >>> from relnet import Contact, InMemoryStore
    >>> store = InMemoryStore()
    >>> ada = store.add_contact(Contact("Ada Lovelace", id="ada"))
    >>> store.get_contact("ada").name
    'Ada Lovelace'
    """

    def __init__(
        self, settings: model.Settings | None = None, profile: model.Profile | None = None
    ) -> None:
        self._contacts: dict[model.ContactId, model.Contact] = {}
        # By id in sorted runs: a quarter of a dictionary's memory (see ``_by_id``).
        self._interactions: ById[model.Interaction] = ById()
        self._commitments: dict[model.CommitmentId, model.Commitment] = {}
        self._goals: dict[model.GoalId, model.Goal] = {}
        self._communities: dict[model.CommunityId, model.Community] = {}
        self._events: dict[model.EventId, model.Event] = {}
        self._dismissals: dict[tuple[model.ContactId, str, str], model.Dismissal] = {}
        self._owner: dict[str, Any] = {
            "settings": settings if settings is not None else model.Settings(timezone="UTC"),
            "profile": profile if profile is not None else model.Profile(),
        }
        # Undo log of (table, key, previous value) while a transaction is open.
        self._undo: list[tuple[MutableMapping[Any, Any], Any, Any]] | None = None
        self._shared = Shared()
        # Writes to contacts so far (never taken back), and the import memo kept.
        self._contact_writes = 0
        self._memo: str | None = None
        self._reindex()

    @classmethod
    def from_records(
        cls,
        *,
        settings: model.Settings | None = None,
        profile: model.Profile | None = None,
        contacts: Iterable[model.Contact] = (),
        communities: Iterable[model.Community] = (),
        events: Iterable[model.Event] = (),
        goals: Iterable[model.Goal] = (),
        interactions: Iterable[model.Interaction] = (),
        commitments: Iterable[model.Commitment] = (),
        dismissals: Iterable[model.Dismissal] = (),
    ) -> InMemoryStore:
        """Build a store from whole collections, keeping every value as given (versions too).

        Contacts may name introducers that come later in ``contacts``. Raises
        ConflictError for a repeated id and NotFoundError for a dangling reference.
        """
        store = cls(settings, profile)
        store._load("community", store._communities, communities)
        store._load("event", store._events, events)
        store._load("contact", store._contacts, contacts)
        store._load("goal", store._goals, goals)
        loaded = store._load_interactions(interactions)
        store._load("commitment", store._commitments, commitments)
        for event in store._events.values():
            if event.community is not None:
                _get(store._communities, event.community, "community", "reference")
        for contact in store._contacts.values():
            store._check_contact_refs(contact)
        for goal in store._goals.values():
            store._check_goal_refs(goal)
        for interaction in loaded:
            store._check_interaction_refs(interaction)
        for commitment in store._commitments.values():
            _get(store._contacts, commitment.contact, "contact", "reference")
        store._load_dismissals(dismissals)
        store._reindex()
        return store

    def _load(self, kind: str, table: dict[Any, Any], records: Iterable[Any]) -> None:
        share = self._shared.share
        for record in records:
            if record.id in table:
                raise ConflictError.duplicate(kind, record.id, "appears twice")
            share(record)
            table[record.id] = record

    def _load_interactions(
        self, interactions: Iterable[model.Interaction]
    ) -> list[model.Interaction]:
        """Keep ``interactions``, sorted by id at once (see ``_by_id``); return them as given."""
        loaded = list(interactions)
        share = self._shared.share
        for record in loaded:
            share(record)
        try:
            self._interactions = ById(loaded)
        except RepeatedIdError as error:
            raise ConflictError.duplicate("interaction", error.id, "appears twice") from None
        return loaded

    def _load_dismissals(self, dismissals: Iterable[model.Dismissal]) -> None:
        for dismissal in dismissals:
            if dismissal.key in self._dismissals:
                raise ConflictError(f"a dismissal {dismissal.key!r} appears twice")
            _get(self._contacts, dismissal.contact, "contact", "reference")
            self._dismissals[dismissal.key] = dismissal

    # -- indexes --------------------------------------------------------------------

    def _reindex(self) -> None:
        """Rebuild every derived index from the primary tables."""
        # Commitments by contact, built when first asked for after a change.
        self._commitments_by_contact: dict[model.ContactId, list[model.Commitment]] | None = None
        # Every commitment and the open ones, by due date then id, built when first
        # listed after a change.
        self._commitments_by_due: tuple[list[model.Commitment], list[model.Commitment]] | None = (
            None
        )
        # Contacts in id order, all and the reachable ones, built when first listed
        # after a change.
        self._contacts_by_id: tuple[list[model.Contact], list[model.Contact]] | None = None
        # The reachable contacts, their ids and each one's history (or None), in id
        # order, built when first asked for after a change to contacts or a new history.
        self._reachable_histories: (
            tuple[tuple[model.Contact, ...], tuple[model.ContactId, ...], list[History | None]]
            | None
        ) = None
        # Their summaries as last handed over, and the instants ``low <= now < high``
        # for which each of them is the summary as of ``now``; dropped by any write to
        # interactions or contacts.
        self._reachable_summaries: tuple[int, int, tuple[TouchSummary | None, ...]] | None = None
        # The sieve last asked for, where ``now`` then fell in the timeline, and what
        # passed it; dropped by any write to interactions.
        self._sieved: (
            tuple[tuple[tuple[str, int], ...], int, dict[model.ContactId, TouchSummary]] | None
        ) = None
        keyed = sorted((epoch_us(i.at), i.id, i) for i in self._interactions.values())
        self._timeline: list[model.Interaction] = [item[2] for item in keyed][:]  # sized exactly
        # The timeline's instants (epoch microseconds), one machine integer each: a
        # search by instant compares integers in C instead of working out each
        # interaction's instant as it goes.
        self._instants = array("q", [item[0] for item in keyed])
        lists: dict[model.ContactId, list[model.Interaction]] = {}
        lasts: dict[model.ContactId, int] = {}
        builders: dict[model.ContactId, SummaryBuilder] = {}
        for at, _, interaction in keyed:
            for person in interaction.contacts:
                found = lists.get(person)
                if found is None:
                    lists[person] = [interaction]
                else:
                    found.append(interaction)
                lasts[person] = at
            for touch, is_introducer in interaction_touches(interaction):
                builder = builders.get(touch.contact)
                if builder is None:
                    builder = builders[touch.contact] = SummaryBuilder(touch.contact)
                builder.add(at, interaction.channel, touch, is_introducer)
        self._histories: dict[model.ContactId, History] = {}
        for person, items in lists.items():
            history = self._histories[person] = History(items)  # sized exactly
            builder = builders.get(person)
            history.summary = history.current = (
                builder.freeze() if builder is not None else TouchSummary(contact=person)
            )
            history.folded = len(items)
            history.low = lasts[person]

    def _index_interaction(self, interaction: model.Interaction) -> None:
        self._reachable_summaries = None
        self._sieved = None
        at = epoch_us(interaction.at)
        key = (at, interaction.id)
        index = self._place(key)
        self._timeline.insert(index, interaction)
        self._instants.insert(index, at)
        for person in interaction.contacts:
            history = self._histories.get(person)
            if history is None:
                history = self._histories[person] = History()
                self._reachable_histories = None
            history.insert_key(key, interaction)

    def _unindex_interaction(self, interaction: model.Interaction) -> None:
        self._reachable_summaries = None
        self._sieved = None
        key = (epoch_us(interaction.at), interaction.id)
        index = self._place(key)
        timeline = self._timeline
        if index < len(timeline) and timeline[index].id == key[1]:
            del timeline[index]
            del self._instants[index]
        for person in interaction.contacts:
            history = self._histories.get(person)
            if history is not None:
                history.remove_key(key)

    def _place(self, key: tuple[int, str]) -> int:
        """Where the interaction of ``key`` (instant, id) is, or goes, in the timeline."""
        at, ident = key
        instants = self._instants
        low = bisect.bisect_left(instants, at)
        high = bisect.bisect_right(instants, at, low)
        if low < high:  # others at the same instant: by id among them
            low = bisect.bisect_left(self._timeline, ident, low, high, key=_ID)
        return low

    # -- primitive writes (recorded for rollback) --------------------------------------

    def _put(self, table: MutableMapping[K, V], key: K, value: V) -> None:
        self._invalidate(table)
        if self._undo is not None:
            self._undo.append((table, key, table.get(key, _MISSING)))
        table[key] = value

    def _delete(self, table: MutableMapping[K, V], key: K) -> None:
        self._invalidate(table)
        if self._undo is not None:
            self._undo.append((table, key, table[key]))
        del table[key]

    def _invalidate(self, table: MutableMapping[Any, Any]) -> None:
        # Drop the derived lists that a write to ``table`` makes stale.
        if table is self._commitments:
            self._commitments_by_contact = None
            self._commitments_by_due = None
        elif table is self._contacts:
            self._contacts_by_id = None
            self._reachable_histories = None
            self._reachable_summaries = None
            self._contact_writes += 1  # the stamp of ImportMemory

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all commit, or none if the block raises (nested blocks are savepoints)."""
        outermost = self._undo is None
        if outermost:
            self._undo = []
        assert self._undo is not None
        mark = len(self._undo)
        try:
            yield
        except BaseException:
            self._rollback_to(mark)
            raise
        finally:
            if outermost:
                self._undo = None

    def _rollback_to(self, mark: int) -> None:
        assert self._undo is not None
        touched_interactions = False
        while len(self._undo) > mark:
            table, key, previous = self._undo.pop()
            touched_interactions = touched_interactions or table is self._interactions
            self._invalidate(table)
            if previous is _MISSING:
                table.pop(key, None)
            else:
                table[key] = previous
        if touched_interactions:
            self._reindex()

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        # A write of several steps is one transaction of its own.
        with self.transaction():
            yield

    # -- the import memo (:class:`~relnet.storage.ImportMemory`) ------------------------

    def contacts_stamp(self) -> str:
        """The number of writes to contacts so far (rolled-back ones included)."""
        return str(self._contact_writes)

    def import_memo(self) -> str | None:
        """The memo last given to :meth:`remember_import`, or None."""
        return self._memo

    def remember_import(self, memo: str | None) -> None:
        """Keep ``memo`` in place of the one kept."""
        self._memo = memo

    # -- contacts -------------------------------------------------------------------

    def add_contact(self, contact: model.Contact) -> model.Contact:
        """Store a new contact (see :meth:`relnet.storage.Store.add_contact`)."""
        _require(contact, model.Contact, "contact")
        if contact.id in self._contacts:
            raise ConflictError.duplicate("contact", contact.id)
        self._check_contact_refs(contact)
        self._shared.share(contact)
        self._put(self._contacts, contact.id, contact)
        return contact

    def _check_contact_refs(self, contact: model.Contact) -> None:
        if contact.introduced_by is not None and contact.introduced_by not in self._contacts:
            raise NotFoundError("contact", contact.introduced_by, role="reference")
        _require_refs(self._communities, sorted(contact.communities), "community")

    def get_contact(self, contact_id: model.ContactId) -> model.Contact:
        """Return a contact, or raise NotFoundError."""
        return _get(self._contacts, contact_id, "contact")

    def update_contact(self, contact: model.Contact) -> model.Contact:
        """Replace a contact if its version is current (optimistic concurrency)."""
        _require(contact, model.Contact, "contact")
        stored = _get(self._contacts, contact.id, "contact")
        if stored.version != contact.version:
            raise ConflictError.stale(
                "contact",
                contact.id,
                f"was updated elsewhere: stored version {stored.version}, given {contact.version}",
            )
        self._check_contact_refs(contact)
        updated = attrs.evolve(contact, version=stored.version + 1)
        self._shared.share(updated)
        self._put(self._contacts, contact.id, updated)
        return updated

    def contacts(
        self, *, tag: str | None = None, include_archived: bool = True
    ) -> Sequence[model.Contact]:
        """Contacts ordered by id, optionally by tag and without archived people."""
        if self._contacts_by_id is None:
            table = self._contacts
            everyone = [table[key] for key in sorted(table)]
            self._contacts_by_id = (everyone, [c for c in everyone if c.reachable])
        everyone, reachable = self._contacts_by_id
        chosen = list(everyone if include_archived else reachable)
        if tag is not None and not isinstance(tag, str):
            raise ValidationError("tag", tag, "a tag (a string) or None")
        if tag is not None:
            chosen = [c for c in chosen if tag in c.tags]
        return chosen

    def forget(self, contact_id: model.ContactId) -> None:
        """Erase a person and everything only about them."""
        _get(self._contacts, contact_id, "contact")
        with self._atomic():
            history = self._histories.get(contact_id)
            for interaction in list(history if history is not None else ()):
                self._unindex_interaction(interaction)
                self._delete(self._interactions, interaction.id)
                kept = interaction_without(interaction, contact_id)
                if kept is not None:
                    self._shared.share(kept)
                    self._put(self._interactions, kept.id, kept)
                    self._index_interaction(kept)
            self._histories.pop(contact_id, None)
            for commitment in [c for c in self._commitments.values() if c.contact == contact_id]:
                self._delete(self._commitments, commitment.id)
            for key in [k for k in self._dismissals if k[0] == contact_id]:
                self._delete(self._dismissals, key)
            for goal in [g for g in self._goals.values() if contact_id in g.contacts]:
                self._put(
                    self._goals, goal.id, attrs.evolve(goal, contacts=goal.contacts - {contact_id})
                )
            for other in [c for c in self._contacts.values() if c.introduced_by == contact_id]:
                changed = attrs.evolve(other, introduced_by=None, version=other.version + 1)
                self._put(self._contacts, other.id, changed)
            self._delete(self._contacts, contact_id)

    # -- interactions ---------------------------------------------------------------

    def add_interaction(self, interaction: model.Interaction) -> model.Interaction:
        """Store an interaction whose participants, introducer, goals and event exist."""
        _require(interaction, model.Interaction, "interaction")
        if interaction.id in self._interactions:
            raise ConflictError.duplicate("interaction", interaction.id)
        self._check_interaction_refs(interaction)
        self._shared.share(interaction)
        self._put(self._interactions, interaction.id, interaction)
        self._index_interaction(interaction)
        return interaction

    def _check_interaction_refs(self, interaction: model.Interaction) -> None:
        _require_refs(self._contacts, interaction.contacts, "contact")
        _require_refs(self._goals, sorted(interaction.goals), "goal")
        if interaction.event is not None and interaction.event not in self._events:
            raise NotFoundError("event", interaction.event, role="reference")

    def get_interaction(self, interaction_id: model.InteractionId) -> model.Interaction:
        """Return an interaction, or raise NotFoundError."""
        return _get(self._interactions, interaction_id, "interaction")

    def remove_interaction(self, interaction_id: model.InteractionId) -> None:
        """Delete an interaction, or raise NotFoundError."""
        interaction = _get(self._interactions, interaction_id, "interaction")
        self._delete(self._interactions, interaction_id)
        self._unindex_interaction(interaction)

    def interactions(
        self, *, contact: model.ContactId | None = None, since: Bound = None, until: Bound = None
    ) -> Sequence[model.Interaction]:
        """Interactions in time order, ``since <= at < until``, optionally for one contact."""
        window = interaction_window(contact, since, until)
        if window.contact is None:
            items = self._timeline
            instants = self._instants
            low = 0 if window.low_us is None else bisect.bisect_left(instants, window.low_us)
            high = (
                len(items)
                if window.high_us is None
                else bisect.bisect_left(instants, window.high_us, low)
            )
            return items[low:high]
        history = self._histories.get(window.contact)
        items = history if history is not None else []
        low = 0 if window.low_us is None else search(items, window.low_us, instant_of)
        high = len(items) if window.high_us is None else search(items, window.high_us, instant_of)
        return items[low:high]

    def interactions_at(self, instants: Iterable[dt.datetime]) -> Sequence[model.Interaction]:
        """The interactions at exactly one of ``instants``, in time order (see
        :class:`~relnet.storage.InteractionsAt`), each found in the timeline."""
        items = self._timeline
        keys = self._instants
        out: list[model.Interaction] = []
        low = 0
        for at in instant_keys(instants):  # in increasing order
            low = bisect.bisect_left(keys, at, low)
            high = bisect.bisect_right(keys, at, low)
            if low < high:
                out.extend(items[low:high])
            low = high
        return out

    # -- summaries ------------------------------------------------------------------

    def touch_summaries(
        self, *, now: dt.datetime, contacts: Iterable[model.ContactId] | None = None
    ) -> Mapping[model.ContactId, TouchSummary]:
        """Each contact's summary as of ``now``, from the folds kept as interactions arrive."""
        now_us = epoch_us(to_instant(now, "now"))
        wanted = self._contacts if contacts is None else contacts
        out: dict[model.ContactId, TouchSummary] = {}
        histories = self._histories
        for person in wanted:
            history = histories.get(person)
            if history is None:
                out[person] = TouchSummary(contact=person)
            else:
                out[person] = history.as_of(person, now_us)
        return out

    def reachable_summaries(
        self, *, now: dt.datetime
    ) -> tuple[Sequence[model.Contact], Sequence[TouchSummary | None]]:
        """The reachable contacts in id order and, beside each, its summary as of ``now``
        (None for a contact without a history), from the folds kept (see
        :class:`~relnet.storage.ReachableSummaries`). The summaries handed over last are
        handed over again while no interaction or contact was written since and ``now``
        lies where each of them holds."""
        now_us = epoch_us(to_instant(now, "now"))
        kept = self._reachable_histories
        if kept is None:
            reachable = tuple(self.contacts(include_archived=False))
            ids = tuple(c.id for c in reachable)
            histories = self._histories
            kept = self._reachable_histories = (reachable, ids, [histories.get(p) for p in ids])
        people, ids, kept_histories = kept
        last = self._reachable_summaries
        if last is not None and last[0] <= now_us < last[1]:
            return people, last[2]
        summaries = tuple(
            None
            if history is None
            else (
                current
                if (current := history.current) is not None
                and history.low <= now_us < history.high  # ``as_of``, inline
                else history.at(person, now_us)
            )
            for person, history in zip(ids, kept_histories, strict=True)
        )
        present = [h for h in kept_histories if h is not None]
        low = max((h.low for h in present), default=_BEFORE_ALL)
        high = min((h.high for h in present), default=_AFTER_ALL)
        self._reachable_summaries = (low, high, summaries)
        return people, summaries

    def touch_summaries_since(
        self, *, now: dt.datetime, since: Mapping[str, int]
    ) -> Mapping[model.ContactId, TouchSummary]:
        """The summaries as of ``now`` of the contacts whose summary passes ``since``
        (see :mod:`relnet.storage.sieve`), from the same folds, looking only at the
        contacts of interactions since the lowest bound when they are fewer.

        The answer is kept until the next write to interactions: asked again with the
        same sieve and a ``now`` with the same interactions at or before it (so every
        summary as of ``now`` is the same), it is handed over again."""
        now_us = epoch_us(to_instant(now, "now"))
        bounds = tuple(checked_sieve(since).items())
        out: dict[model.ContactId, TouchSummary] = {}
        if not bounds:
            return out
        instants = self._instants
        # A summary as of ``now`` folds the contact's interactions at or before it (and
        # names the first one after): equal places in the timeline, equal summaries.
        place = bisect.bisect_right(instants, now_us)
        kept = self._sieved
        if kept is not None and kept[1] == place and kept[0] == bounds:
            return dict(kept[2])
        histories = self._histories
        # Every instant of a summary is that of an interaction with the contact, so
        # only the contacts of interactions at or after the lowest bound can pass.
        start = bisect.bisect_left(instants, min(bound for _, bound in bounds))
        recent = self._timeline[start:]
        chosen: Iterable[model.ContactId]
        if len(recent) < len(histories):
            people = set(chain.from_iterable(map(_PARTICIPANTS, recent)))
            people.update(map(_INTRODUCER, recent))
            people.discard(None)
            chosen = people
        else:
            chosen = histories
        for person in chosen:
            history = histories.get(person)
            if history is None:
                continue
            summary = history.current  # ``as_of``, inline
            if summary is None or not history.low <= now_us < history.high:
                summary = history.at(person, now_us)
            for name, bound in bounds:
                value = getattr(summary, name)
                if value is not None and value >= bound:
                    out[person] = summary
                    break
        self._sieved = (bounds, place, out)
        return dict(out)

    # -- commitments ----------------------------------------------------------------

    def add_commitment(self, commitment: model.Commitment) -> model.Commitment:
        """Store a commitment to or from a known contact."""
        _require(commitment, model.Commitment, "commitment")
        if commitment.id in self._commitments:
            raise ConflictError.duplicate("commitment", commitment.id)
        _get(self._contacts, commitment.contact, "contact", "reference")
        self._put(self._commitments, commitment.id, commitment)
        return commitment

    def get_commitment(self, commitment_id: model.CommitmentId) -> model.Commitment:
        """Return a commitment, or raise NotFoundError."""
        return _get(self._commitments, commitment_id, "commitment")

    def update_commitment(self, commitment: model.Commitment) -> model.Commitment:
        """Replace a stored commitment."""
        _require(commitment, model.Commitment, "commitment")
        _get(self._commitments, commitment.id, "commitment")
        _get(self._contacts, commitment.contact, "contact", "reference")
        self._put(self._commitments, commitment.id, commitment)
        return commitment

    def remove_commitment(self, commitment_id: model.CommitmentId) -> None:
        """Delete a commitment, or raise NotFoundError."""
        _get(self._commitments, commitment_id, "commitment")
        self._delete(self._commitments, commitment_id)

    def commitments(
        self, *, contact: model.ContactId | None = None, open_only: bool = False
    ) -> Sequence[model.Commitment]:
        """Commitments by due date, then id."""
        if contact is None:
            if self._commitments_by_due is None:
                everything = sorted(self._commitments.values(), key=_due_and_id)
                self._commitments_by_due = (everything, [c for c in everything if c.is_open])
            everything, still_open = self._commitments_by_due
            return list(still_open if open_only else everything)
        index = self._commitments_by_contact
        if index is None:
            index = self._commitments_by_contact = {}
            for commitment in self._commitments.values():
                index.setdefault(commitment.contact, []).append(commitment)
        pool = index.get(contact, ())
        chosen = [c for c in pool if not open_only or c.is_open]
        return sorted(chosen, key=_due_and_id)

    # -- dismissals -----------------------------------------------------------------

    def add_dismissal(self, dismissal: model.Dismissal) -> model.Dismissal:
        """Store a dismissal of a known contact's item (see :meth:`Store.add_dismissal`)."""
        _require(dismissal, model.Dismissal, "dismissal")
        if dismissal.key in self._dismissals:
            raise already_dismissed(dismissal)
        _get(self._contacts, dismissal.contact, "contact", "reference")
        self._put(self._dismissals, dismissal.key, dismissal)
        return dismissal

    def remove_dismissal(self, dismissal: model.Dismissal) -> None:
        """Remove the stored dismissal with ``dismissal``'s key, or raise NotFoundError."""
        _require(dismissal, model.Dismissal, "dismissal")
        if dismissal.key not in self._dismissals:
            raise NotFoundError("dismissal", "/".join(dismissal.key))
        self._delete(self._dismissals, dismissal.key)

    def dismissals(self, *, contact: model.ContactId | None = None) -> Sequence[model.Dismissal]:
        """Dismissals ordered by contact, reason and anchor; only ``contact``'s when given."""
        keys = sorted(k for k in self._dismissals if contact is None or k[0] == contact)
        return [self._dismissals[k] for k in keys]

    # -- goals ----------------------------------------------------------------------

    def add_goal(self, goal: model.Goal) -> model.Goal:
        """Store a goal linked to known contacts."""
        _require(goal, model.Goal, "goal")
        if goal.id in self._goals:
            raise ConflictError.duplicate("goal", goal.id)
        self._check_goal_refs(goal)
        self._put(self._goals, goal.id, goal)
        return goal

    def _check_goal_refs(self, goal: model.Goal) -> None:
        _require_refs(self._contacts, sorted(goal.contacts), "contact")

    def get_goal(self, goal_id: model.GoalId) -> model.Goal:
        """Return a goal, or raise NotFoundError."""
        return _get(self._goals, goal_id, "goal")

    def update_goal(self, goal: model.Goal) -> model.Goal:
        """Replace a stored goal."""
        _require(goal, model.Goal, "goal")
        _get(self._goals, goal.id, "goal")
        self._check_goal_refs(goal)
        self._put(self._goals, goal.id, goal)
        return goal

    def goals(self, *, contact: model.ContactId | None = None) -> Sequence[model.Goal]:
        """Goals by id, optionally those linked to ``contact``."""
        return [
            self._goals[key]
            for key in sorted(self._goals)
            if contact is None or contact in self._goals[key].contacts
        ]

    # -- communities and events -----------------------------------------------------

    def add_community(self, community: model.Community) -> model.Community:
        """Store a community."""
        _require(community, model.Community, "community")
        if community.id in self._communities:
            raise ConflictError.duplicate("community", community.id)
        self._put(self._communities, community.id, community)
        return community

    def get_community(self, community_id: model.CommunityId) -> model.Community:
        """Return a community, or raise NotFoundError."""
        return _get(self._communities, community_id, "community")

    def communities(self) -> Sequence[model.Community]:
        """Communities by id."""
        return [self._communities[key] for key in sorted(self._communities)]

    def add_event(self, event: model.Event) -> model.Event:
        """Store an event (its community, if any, must exist)."""
        _require(event, model.Event, "event")
        if event.id in self._events:
            raise ConflictError.duplicate("event", event.id)
        if event.community is not None:
            _get(self._communities, event.community, "community", "reference")
        self._put(self._events, event.id, event)
        return event

    def get_event(self, event_id: model.EventId) -> model.Event:
        """Return an event, or raise NotFoundError."""
        return _get(self._events, event_id, "event")

    def events(self) -> Sequence[model.Event]:
        """Events in time order."""
        return sorted(self._events.values(), key=lambda e: (epoch_us(e.at), e.id))

    # -- the owner ------------------------------------------------------------------

    def get_settings(self) -> model.Settings:
        """The owner's settings."""
        settings: model.Settings = self._owner["settings"]
        return settings

    def set_settings(self, settings: model.Settings) -> None:
        """Replace the owner's settings."""
        _require(settings, model.Settings, "settings")
        self._put(self._owner, "settings", settings)

    def get_profile(self) -> model.Profile:
        """The owner's profile."""
        profile: model.Profile = self._owner["profile"]
        return profile

    def set_profile(self, profile: model.Profile) -> None:
        """Replace the owner's profile."""
        _require(profile, model.Profile, "profile")
        self._put(self._owner, "profile", profile)

    def __repr__(self) -> str:
        return (
            f"<InMemoryStore: {len(self._contacts)} contacts, "
            f"{len(self._interactions)} interactions>"
        )


def _get(table: Mapping[Any, V], key: Any, kind: str, role: NotFoundRole = "target") -> V:
    try:
        return table[key]
    except (KeyError, TypeError):
        raise NotFoundError(kind, str(key), role=role) from None


def _require_refs(table: Mapping[Any, Any], ids: Iterable[Any], kind: str) -> None:
    """Raise NotFoundError (of a reference) for the first of ``ids`` not in ``table``."""
    for key in ids:
        if key not in table:
            raise NotFoundError(kind, key, role="reference")


def _require(value: Any, kind: type, field: str) -> None:
    if not isinstance(value, kind):
        raise ValidationError(field, value, f"a {kind.__name__}")


def _due_and_id(commitment: model.Commitment) -> tuple[dt.date, str]:
    return (commitment.due, commitment.id)
