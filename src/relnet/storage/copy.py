"""Moving whole networks between stores.

>>> from relnet import Contact, InMemoryStore
>>> from relnet.storage import copy_store
>>> source = InMemoryStore()
>>> _ = source.add_contact(Contact("Bo", id="bo", introduced_by=None))
>>> _ = source.add_contact(Contact("Ada", id="ada", introduced_by="bo"))
>>> target = InMemoryStore()
>>> copy_store(source, target)
>>> [c.id for c in target.contacts()]
['ada', 'bo']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, TypedDict, Unpack, runtime_checkable

from relnet.model import Commitment, Community, Contact, Event, Goal, Interaction, Profile, Settings
from relnet.storage.protocol import Store

__all__ = ["BulkWriter", "Records", "copy_records", "copy_store", "record_collections"]


class Records(TypedDict, total=False):
    """The collections of records one bulk call takes, each left out when empty (the
    keywords of :meth:`BulkWriter.add_records` and :func:`copy_records`)."""

    communities: Iterable[Community]
    events: Iterable[Event]
    contacts: Iterable[Contact]
    goals: Iterable[Goal]
    interactions: Iterable[Interaction]
    commitments: Iterable[Commitment]


def record_collections(records: Records) -> dict[str, Iterable[Any]]:
    """Every collection of :class:`Records` by name, in their order, empty where left out.

    Raises TypeError for a name that is not one, as an unknown keyword would.
    """
    unknown = sorted(records.keys() - Records.__optional_keys__)
    if unknown:
        raise TypeError(f"unexpected record collections: {', '.join(unknown)}")
    given: Mapping[str, Iterable[Any]] = records  # type: ignore[assignment]
    return {name: given.get(name, ()) for name in Records.__annotations__}


@runtime_checkable
class BulkWriter(Protocol):
    """A store that adds many records at once faster than one ``add_*`` at a time (the
    SQL stores). :func:`copy_records` uses it when the target has it."""

    def add_records(self, **records: Unpack[Records]) -> None:
        """Add the records in one transaction, as their ``add_*`` methods would, in any
        order (a record may name one given later in the same call). Raises what the
        ``add_*`` methods raise, and then nothing has been written."""


def copy_records(
    target: Store,
    *,
    settings: Settings | None = None,
    profile: Profile | None = None,
    **records: Unpack[Records],
) -> None:
    """Add records to ``target`` in one transaction, each after what it refers to.

    Communities and events come first, then contacts (every introducer before the
    people they introduced), goals, interactions and commitments; a store with a bulk
    writer (:class:`BulkWriter`) takes them all in one call. Raises what the store's
    ``add_*`` methods raise, and then nothing has been written.
    """
    given = record_collections(records)
    with target.transaction():
        if settings is not None:
            target.set_settings(settings)
        if profile is not None:
            target.set_profile(profile)
        if isinstance(target, BulkWriter):
            target.add_records(**records)
            return
        for community in given["communities"]:
            target.add_community(community)
        for event in given["events"]:
            target.add_event(event)
        for contact in introducers_first(given["contacts"]):
            target.add_contact(contact)
        for goal in given["goals"]:
            target.add_goal(goal)
        for interaction in given["interactions"]:
            target.add_interaction(interaction)
        for commitment in given["commitments"]:
            target.add_commitment(commitment)


def copy_store(source: Store, target: Store) -> None:
    """Copy everything ``source`` holds, settings, profile and dismissals included,
    into ``target``, in one transaction."""
    with target.transaction():
        _copy_all(source, target)
        for dismissal in source.dismissals():
            target.add_dismissal(dismissal)


def _copy_all(source: Store, target: Store) -> None:
    copy_records(
        target,
        settings=source.get_settings(),
        profile=source.get_profile(),
        communities=source.communities(),
        events=source.events(),
        contacts=source.contacts(),
        goals=source.goals(),
        interactions=source.interactions(),
        commitments=source.commitments(),
    )


def introducers_first(contacts: Iterable[Contact]) -> list[Contact]:
    """``contacts`` reordered so that each introducer comes before those they introduced.

    The order is otherwise kept; an introducer missing from ``contacts`` is left to the
    store to check.
    """
    pending = list(contacts)
    by_id = {contact.id: contact for contact in pending}
    placed: set[str] = set()
    ordered: list[Contact] = []
    for contact in pending:
        chain = []
        current: Contact | None = contact
        # Walk up the introducers not yet placed; the walk stops at a repeat, so a
        # cycle of introductions cannot loop forever (the store will refuse it).
        while current is not None and current.id not in placed and current not in chain:
            chain.append(current)
            introducer = current.introduced_by
            current = by_id.get(introducer) if introducer is not None else None
        for item in reversed(chain):
            placed.add(item.id)
            ordered.append(item)
    return ordered
