"""``ReferenceStore``: the store the contract kit checks every store against.

It is deliberately naive, so that it is obviously right: plain dictionaries, listings
sorted on every call, a transaction that copies every table and puts the copies back
when the block raises, and touch summaries folded from the whole history with
:func:`relnet.model.summarize` each time they are asked for. It is slow, and it shares
no code with :class:`~relnet.storage.InMemoryStore`, which the contract checks against
it like any other store.

>>> from relnet import Contact
>>> store = ReferenceStore()
>>> store.add_contact(Contact("Ada Lovelace", id="ada")).name
'Ada Lovelace'
>>> [c.id for c in store.contacts()]
['ada']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import attrs

from relnet.errors import ConflictError, NotFoundError, NotFoundRole, ValidationError
from relnet.model import (
    Commitment,
    CommitmentId,
    Community,
    CommunityId,
    Contact,
    ContactId,
    Dismissal,
    Event,
    EventId,
    Goal,
    GoalId,
    Interaction,
    InteractionId,
    Profile,
    Settings,
    TouchSummary,
    epoch_us,
    summarize,
)
from relnet.model._check import to_instant

__all__ = ["ReferenceStore"]

R = TypeVar("R")


class ReferenceStore:
    """A :class:`~relnet.storage.Store` (and summary source) in plain dictionaries."""

    def __init__(self) -> None:
        self.contacts_by_id: dict[ContactId, Contact] = {}
        self.interactions_by_id: dict[InteractionId, Interaction] = {}
        self.commitments_by_id: dict[CommitmentId, Commitment] = {}
        self.goals_by_id: dict[GoalId, Goal] = {}
        self.communities_by_id: dict[CommunityId, Community] = {}
        self.events_by_id: dict[EventId, Event] = {}
        self.dismissals_by_key: dict[tuple[ContactId, str, str], Dismissal] = {}
        self.owner: dict[str, Any] = {"settings": Settings(timezone="UTC"), "profile": Profile()}

    def _tables(self) -> tuple[dict[Any, Any], ...]:
        return (
            self.contacts_by_id,
            self.interactions_by_id,
            self.commitments_by_id,
            self.goals_by_id,
            self.communities_by_id,
            self.events_by_id,
            self.dismissals_by_key,
            self.owner,
        )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Copy every table; put the copies back if the block raises."""
        saved = [dict(table) for table in self._tables()]
        try:
            yield
        except BaseException:
            for table, copy in zip(self._tables(), saved, strict=True):
                table.clear()
                table.update(copy)
            raise

    # -- contacts -------------------------------------------------------------------

    def add_contact(self, contact: Contact) -> Contact:
        """Store a new contact."""
        _absent(self.contacts_by_id, contact.id, "contact")
        self._check_contact(contact)
        self.contacts_by_id[contact.id] = contact
        return contact

    def _check_contact(self, contact: Contact) -> None:
        if contact.introduced_by is not None:
            _get(self.contacts_by_id, contact.introduced_by, "contact", "reference")
        for community in contact.communities:
            _get(self.communities_by_id, community, "community", "reference")

    def get_contact(self, contact_id: ContactId) -> Contact:
        """The stored contact."""
        return _get(self.contacts_by_id, contact_id, "contact")

    def update_contact(self, contact: Contact) -> Contact:
        """Replace a contact whose version is the stored one; the stored value is one up."""
        stored = _get(self.contacts_by_id, contact.id, "contact")
        if stored.version != contact.version:
            raise ConflictError.stale("contact", contact.id, "has a newer version")
        self._check_contact(contact)
        updated = attrs.evolve(contact, version=contact.version + 1)
        self.contacts_by_id[contact.id] = updated
        return updated

    def contacts(
        self, *, tag: str | None = None, include_archived: bool = True
    ) -> Sequence[Contact]:
        """Contacts by id, those tagged ``tag``, without archived ones if asked."""
        return [
            contact
            for _, contact in sorted(self.contacts_by_id.items())
            if (tag is None or tag in contact.tags) and (include_archived or contact.reachable)
        ]

    def forget(self, contact_id: ContactId) -> None:
        """Erase a person, following the protocol's list step by step."""
        _get(self.contacts_by_id, contact_id, "contact")
        for interaction in list(self.interactions_by_id.values()):
            if contact_id not in interaction.contacts:
                continue
            rest = tuple(p for p in interaction.participants if p != contact_id)
            if not rest:
                del self.interactions_by_id[interaction.id]
                continue
            introducer = interaction.introduced_by
            self.interactions_by_id[interaction.id] = attrs.evolve(
                interaction,
                participants=rest,
                introduced_by=None if introducer == contact_id else introducer,
            )
        for commitment in list(self.commitments_by_id.values()):
            if commitment.contact == contact_id:
                del self.commitments_by_id[commitment.id]
        _drop_dismissals(self.dismissals_by_key, contact_id)
        for goal in list(self.goals_by_id.values()):
            if contact_id in goal.contacts:
                self.goals_by_id[goal.id] = attrs.evolve(
                    goal, contacts=goal.contacts - {contact_id}
                )
        for other in list(self.contacts_by_id.values()):
            if other.introduced_by == contact_id:
                self.contacts_by_id[other.id] = attrs.evolve(
                    other, introduced_by=None, version=other.version + 1
                )
        del self.contacts_by_id[contact_id]

    # -- interactions ---------------------------------------------------------------

    def add_interaction(self, interaction: Interaction) -> Interaction:
        """Store an interaction whose people, goals and event exist."""
        _absent(self.interactions_by_id, interaction.id, "interaction")
        for person in interaction.contacts:
            _get(self.contacts_by_id, person, "contact", "reference")
        for goal in interaction.goals:
            _get(self.goals_by_id, goal, "goal", "reference")
        if interaction.event is not None:
            _get(self.events_by_id, interaction.event, "event", "reference")
        self.interactions_by_id[interaction.id] = interaction
        return interaction

    def get_interaction(self, interaction_id: InteractionId) -> Interaction:
        """The stored interaction."""
        return _get(self.interactions_by_id, interaction_id, "interaction")

    def remove_interaction(self, interaction_id: InteractionId) -> None:
        """Delete an interaction."""
        _get(self.interactions_by_id, interaction_id, "interaction")
        del self.interactions_by_id[interaction_id]

    def interactions(
        self,
        *,
        contact: ContactId | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> Sequence[Interaction]:
        """Interactions by instant then id, ``since <= at < until``, naming ``contact``."""
        low = None if since is None else epoch_us(to_instant(since, "since"))
        high = None if until is None else epoch_us(to_instant(until, "until"))
        return [
            interaction
            for interaction in sorted(
                self.interactions_by_id.values(), key=lambda i: (epoch_us(i.at), i.id)
            )
            if (contact is None or contact in interaction.contacts)
            and (low is None or epoch_us(interaction.at) >= low)
            and (high is None or epoch_us(interaction.at) < high)
        ]

    def touch_summaries(
        self, *, now: dt.datetime, contacts: Iterable[ContactId] | None = None
    ) -> Mapping[ContactId, TouchSummary]:
        """The fold of the whole history as of ``now``, for the contacts asked for."""
        wanted = list(self.contacts_by_id) if contacts is None else list(contacts)
        folded = summarize(self.interactions(), now=now, contacts=wanted)
        return {person: folded[person] for person in wanted}

    # -- commitments and goals ------------------------------------------------------

    def add_commitment(self, commitment: Commitment) -> Commitment:
        """Store a commitment to or from a stored contact."""
        _absent(self.commitments_by_id, commitment.id, "commitment")
        _get(self.contacts_by_id, commitment.contact, "contact", "reference")
        self.commitments_by_id[commitment.id] = commitment
        return commitment

    def remove_commitment(self, commitment_id: CommitmentId) -> None:
        """Delete a commitment."""
        _get(self.commitments_by_id, commitment_id, "commitment")
        del self.commitments_by_id[commitment_id]

    def get_commitment(self, commitment_id: CommitmentId) -> Commitment:
        """The stored commitment."""
        return _get(self.commitments_by_id, commitment_id, "commitment")

    def update_commitment(self, commitment: Commitment) -> Commitment:
        """Replace a stored commitment."""
        _get(self.commitments_by_id, commitment.id, "commitment")
        _get(self.contacts_by_id, commitment.contact, "contact", "reference")
        self.commitments_by_id[commitment.id] = commitment
        return commitment

    def commitments(
        self, *, contact: ContactId | None = None, open_only: bool = False
    ) -> Sequence[Commitment]:
        """Commitments by due date then id, for ``contact``, only open ones if asked."""
        return sorted(
            (
                c
                for c in self.commitments_by_id.values()
                if (contact is None or c.contact == contact) and (not open_only or c.is_open)
            ),
            key=lambda c: (c.due, c.id),
        )

    def add_goal(self, goal: Goal) -> Goal:
        """Store a goal linked to stored contacts."""
        _absent(self.goals_by_id, goal.id, "goal")
        for person in goal.contacts:
            _get(self.contacts_by_id, person, "contact", "reference")
        self.goals_by_id[goal.id] = goal
        return goal

    def get_goal(self, goal_id: GoalId) -> Goal:
        """The stored goal."""
        return _get(self.goals_by_id, goal_id, "goal")

    def update_goal(self, goal: Goal) -> Goal:
        """Replace a stored goal."""
        _get(self.goals_by_id, goal.id, "goal")
        for person in goal.contacts:
            _get(self.contacts_by_id, person, "contact", "reference")
        self.goals_by_id[goal.id] = goal
        return goal

    def goals(self, *, contact: ContactId | None = None) -> Sequence[Goal]:
        """Goals by id, those linked to ``contact`` when given."""
        return [
            goal
            for _, goal in sorted(self.goals_by_id.items())
            if contact is None or contact in goal.contacts
        ]

    # -- communities, events and the owner ------------------------------------------

    def add_community(self, community: Community) -> Community:
        """Store a community."""
        _absent(self.communities_by_id, community.id, "community")
        self.communities_by_id[community.id] = community
        return community

    def get_community(self, community_id: CommunityId) -> Community:
        """The stored community."""
        return _get(self.communities_by_id, community_id, "community")

    def communities(self) -> Sequence[Community]:
        """Communities by id."""
        return [community for _, community in sorted(self.communities_by_id.items())]

    def add_event(self, event: Event) -> Event:
        """Store an event (its community, if any, stored)."""
        _absent(self.events_by_id, event.id, "event")
        if event.community is not None:
            _get(self.communities_by_id, event.community, "community", "reference")
        self.events_by_id[event.id] = event
        return event

    def get_event(self, event_id: EventId) -> Event:
        """The stored event."""
        return _get(self.events_by_id, event_id, "event")

    def events(self) -> Sequence[Event]:
        """Events by instant then id."""
        return sorted(self.events_by_id.values(), key=lambda e: (epoch_us(e.at), e.id))

    # -- dismissals -----------------------------------------------------------------

    def add_dismissal(self, dismissal: Dismissal) -> Dismissal:
        """Store a dismissal of a known contact's item, one per key."""
        if not isinstance(dismissal, Dismissal):
            raise ValidationError("dismissal", dismissal, "a Dismissal")
        if dismissal.key in self.dismissals_by_key:
            raise ConflictError.duplicate(
                "dismissal",
                "/".join(dismissal.key),
                message=f"the item {dismissal.key!r} is already dismissed",
            )
        _get(self.contacts_by_id, dismissal.contact, "contact", "reference")
        self.dismissals_by_key[dismissal.key] = dismissal
        return dismissal

    def remove_dismissal(self, dismissal: Dismissal) -> None:
        """Remove the dismissal with ``dismissal``'s key."""
        if not isinstance(dismissal, Dismissal):
            raise ValidationError("dismissal", dismissal, "a Dismissal")
        if dismissal.key not in self.dismissals_by_key:
            raise NotFoundError("dismissal", "/".join(dismissal.key))
        del self.dismissals_by_key[dismissal.key]

    def dismissals(self, *, contact: ContactId | None = None) -> Sequence[Dismissal]:
        """Dismissals by contact, reason and anchor; only ``contact``'s when given."""
        return [
            d
            for _, d in sorted(self.dismissals_by_key.items())
            if contact is None or d.contact == contact
        ]

    def get_settings(self) -> Settings:
        """The owner's settings."""
        settings: Settings = self.owner["settings"]
        return settings

    def set_settings(self, settings: Settings) -> None:
        """Replace the owner's settings."""
        if not isinstance(settings, Settings):
            raise ValidationError("settings", settings, "a Settings")
        self.owner["settings"] = settings

    def get_profile(self) -> Profile:
        """The owner's profile."""
        profile: Profile = self.owner["profile"]
        return profile

    def set_profile(self, profile: Profile) -> None:
        """Replace the owner's profile."""
        if not isinstance(profile, Profile):
            raise ValidationError("profile", profile, "a Profile")
        self.owner["profile"] = profile


def _drop_dismissals(table: dict[tuple[ContactId, str, str], Dismissal], person: str) -> None:
    for key in [k for k in table if k[0] == person]:
        del table[key]


def _get(table: Mapping[Any, R], key: Any, kind: str, role: NotFoundRole = "target") -> R:
    if isinstance(key, str) and key in table:
        return table[key]
    raise NotFoundError(kind, str(key), role=role)


def _absent(table: Mapping[Any, Any], key: str, kind: str) -> None:
    if key in table:
        raise ConflictError.duplicate(kind, key)
