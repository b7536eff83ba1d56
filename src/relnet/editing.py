"""Seeing, changing, undoing and restoring records: what ``relnet show``, ``edit``,
``archive``, ``forget``, ``history``, ``unlog``, ``unsnooze``, ``goal status``,
``community remove``, ``promise edit`` and ``import json`` do, callable without the
command line.

Each function takes an open store (and ``now`` or ``today`` where time matters), does
its writes in one transaction, and returns what it stored or found. Nothing here reads
the clock, the environment or a file. Errors are relnet's own: NotFoundError for an
unknown id, ConflictError when a record changed since it was read, ValidationError for
a refused value (its ``field`` names the record's field).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs
import pendulum

from relnet.errors import ConflictError, NotFoundError, ValidationError
from relnet.model import (
    Channel,
    Commitment,
    CommitmentId,
    CommunityId,
    Contact,
    ContactId,
    ContactStatus,
    Goal,
    GoalId,
    GoalStatus,
    Interaction,
    InteractionId,
    Party,
)
from relnet.model.instants import as_pendulum
from relnet.network import Ledger, ledger
from relnet.policy import Engine, FollowUp
from relnet.storage import Store
from relnet.storage.copy import introducers_first

K = TypeVar("K", bound=str)
R = TypeVar("R")
S = TypeVar("S", Contact, Goal)

__all__ = [
    "EDITABLE",
    "LISTS",
    "ContactCard",
    "RestoreReport",
    "cancel_promise",
    "contact_card",
    "edit_contact",
    "edit_promise",
    "forget_contact",
    "history",
    "leave_community",
    "restore",
    "set_goal_status",
    "set_status",
    "snooze_contact",
    "unlog",
    "unsnooze",
]

#: The contact fields :func:`edit_contact` sets to a new value.
EDITABLE = frozenset(
    {
        "name",
        "circle",
        "cadence",
        "urls",
        "organization",
        "headline",
        "birthday",
        "stage",
        "timezone",
        "notes",
        "how_met",
    }
)

#: The contact fields that hold several values, to which :func:`edit_contact` adds and
#: from which it removes.
LISTS = frozenset({"emails", "phones", "urls", "tags", "interests", "roles"})


@attrs.frozen
class ContactCard:
    """One person at a glance: the contact, their next item, their last interactions
    (newest first), their open promises both ways and the ledger of value exchanged."""

    contact: Contact
    next: FollowUp | None
    recent: tuple[Interaction, ...]
    mine: tuple[Commitment, ...]
    theirs: tuple[Commitment, ...]
    ledger: Ledger
    introduced_by: Contact | None = None


def contact_card(
    store: Store,
    contact_id: ContactId,
    *,
    now: dt.datetime,
    last: int = 5,
    engine: Engine | None = None,
) -> ContactCard:
    """The card of ``contact_id`` as of ``now``: see :class:`ContactCard`.

    ``last`` interactions (up to ``now``) are kept. Raises NotFoundError.
    """
    contact = store.get_contact(contact_id)
    chosen = Engine() if engine is None else engine
    upcoming = chosen.next_follow_up(store, contact.id, now=now)
    moment = as_pendulum(now)
    past = [i for i in store.interactions(contact=contact.id) if i.at <= moment]
    recent = tuple(reversed(past[-last:])) if last > 0 else ()
    promises = store.commitments(contact=contact.id, open_only=True)
    introducer = None
    if contact.introduced_by is not None:
        try:
            introducer = store.get_contact(contact.introduced_by)
        except NotFoundError:
            introducer = None
    return ContactCard(
        contact=contact,
        next=upcoming,
        recent=recent,
        mine=tuple(c for c in promises if c.owed_by is Party.ME),
        theirs=tuple(c for c in promises if c.owed_by is Party.THEM),
        ledger=ledger(store, contact.id, now=now),
        introduced_by=introducer,
    )


def _merged(
    current: Sequence[Any] | frozenset[Any],
    field: str,
    added: Iterable[Any],
    removed: Iterable[Any],
) -> Any:
    """``current`` with ``added`` appended (no repeats) and ``removed`` taken out; taking
    out a value that is not there is refused."""
    values = list(current)
    for value in removed:
        matches = [v for v in values if _same(v, value)]
        if not matches:
            shown = ", ".join(str(getattr(v, "value", v)) for v in values) or "none"
            raise ValidationError(field, value, f"one of the contact's {field} ({shown})")
        values = [v for v in values if not _same(v, value)]
    for value in added:
        if not any(_same(v, value) for v in values):
            values.append(value)
    return frozenset(values) if isinstance(current, frozenset) else tuple(values)


def _same(stored: Any, given: Any) -> bool:
    left = str(getattr(stored, "value", stored)).strip().casefold()
    right = str(getattr(given, "value", given)).strip().casefold()
    return left == right


def edit_contact(
    store: Store,
    contact_id: ContactId,
    *,
    values: Mapping[str, Any] | None = None,
    add: Mapping[str, Iterable[Any]] | None = None,
    remove: Mapping[str, Iterable[Any]] | None = None,
    version: int | None = None,
) -> Contact:
    """Change a contact in one transaction and return the stored contact.

    ``values`` sets fields of :data:`EDITABLE` (``None`` clears an optional one);
    ``add`` and ``remove`` change fields of :data:`LISTS`. With ``version``, the change
    applies only to that version of the contact (as read earlier): a contact changed
    since raises ConflictError, and so does a concurrent update the store detects.
    Raises NotFoundError for an unknown id and ValidationError for a refused value or
    an unknown field; then nothing is written.
    """
    given = dict(values or {})
    adding = {k: list(v) for k, v in (add or {}).items()}
    removing = {k: list(v) for k, v in (remove or {}).items()}
    for field in given:
        if field not in EDITABLE:
            raise ValidationError(field, given[field], f"a field to edit ({_listed(EDITABLE)})")
    for field in (*adding, *removing):
        if field not in LISTS:
            raise ValidationError(field, None, f"a field with several values ({_listed(LISTS)})")
    with store.transaction():
        contact = store.get_contact(contact_id)
        if version is not None and contact.version != version:
            raise ConflictError(
                f"the contact {contact.id} changed since it was read (version "
                f"{version}, now {contact.version}); read it again and retry"
            )
        changes: dict[str, Any] = dict(given)
        for field in sorted(set(adding) | set(removing)):
            current = changes.get(field, getattr(contact, field))
            changes[field] = _merged(current, field, adding.get(field, ()), removing.get(field, ()))
        updated = attrs.evolve(contact, **changes)
        return store.update_contact(updated)


def _removed(store: Store, get: Callable[[K], R], remove: Callable[[K], object], key: K) -> R:
    """The record ``get`` finds at ``key``, as it was before ``remove`` took it out, in
    one transaction."""
    with store.transaction():
        found = get(key)
        remove(key)
        return found


def _set_status(
    store: Store, get: Callable[[K], S], update: Callable[[S], S], key: K, status: Any
) -> S:
    """The record at ``key`` with ``status``, updated in one transaction only when that
    changes it (``status`` is checked by the record's converter)."""
    with store.transaction():
        record = get(key)
        changed = attrs.evolve(record, status=status)
        if changed.status is record.status:
            return record
        return update(changed)


def _listed(names: Iterable[str]) -> str:
    return ", ".join(sorted(names))


def set_status(store: Store, contact_id: ContactId, status: ContactStatus | str) -> Contact:
    """Archive a contact, mark them do-not-contact, or make them active again.

    Returns the stored contact. Raises NotFoundError, and ValidationError for an
    unknown status.
    """
    return _set_status(store, store.get_contact, store.update_contact, contact_id, status)


def forget_contact(store: Store, contact_id: ContactId) -> Contact:
    """Erase a person and everything about them (:meth:`Store.forget`); returns the
    contact as it was. Raises NotFoundError."""
    return _removed(store, store.get_contact, store.forget, contact_id)


def snooze_contact(
    store: Store, contact_id: ContactId, until: dt.date, *, today: dt.date
) -> Contact:
    """Keep a contact off the agenda until ``until`` (the first day they come back).

    A day before ``today`` raises ValidationError (a snooze into the past does nothing),
    and so does an ``until`` or ``today`` that is not a date.
    """
    day, first = _day(until, "until"), _day(today, "today")
    if day < first:
        raise ValidationError(
            "snoozed_until", day, f"a day from today ({first.isoformat()}) on, not a past one"
        )
    with store.transaction():
        contact = store.get_contact(contact_id)
        return store.update_contact(attrs.evolve(contact, snoozed_until=day))


def _day(value: Any, field: str) -> pendulum.Date:
    if not isinstance(value, dt.date):
        raise ValidationError(field, value, "a date")
    return pendulum.Date(value.year, value.month, value.day)


def unsnooze(store: Store, contact_id: ContactId) -> Contact:
    """Bring a snoozed contact back to the agenda now; returns the stored contact (the
    same, unchanged, when they were not snoozed). Raises NotFoundError."""
    with store.transaction():
        contact = store.get_contact(contact_id)
        if contact.snoozed_until is None:
            return contact
        return store.update_contact(attrs.evolve(contact, snoozed_until=None))


def history(
    store: Store,
    contact_id: ContactId | None = None,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    channel: Channel | str | None = None,
) -> list[Interaction]:
    """Interactions, newest first: with ``contact_id`` (as participant or introducer)
    when given, from ``since`` and before ``until``, on ``channel`` only when given.

    Raises NotFoundError for an unknown contact, ValidationError for an unknown channel.
    """
    if contact_id is not None:
        store.get_contact(contact_id)
    wanted = None if channel is None else _channel(channel)
    found = store.interactions(contact=contact_id, since=since, until=until)
    return [i for i in reversed(found) if wanted is None or i.channel is wanted]


def _channel(value: Channel | str) -> Channel:
    try:
        return Channel(str(getattr(value, "value", value)).lower())
    except ValueError:
        raise ValidationError("channel", value, f"a channel ({_listed(Channel)})") from None


def unlog(store: Store, interaction_id: InteractionId) -> Interaction:
    """Remove an interaction logged by mistake; returns it as it was. Summaries follow.
    Raises NotFoundError."""
    return _removed(store, store.get_interaction, store.remove_interaction, interaction_id)


def set_goal_status(store: Store, goal_id: GoalId, status: GoalStatus | str) -> Goal:
    """Mark a goal achieved, paused, abandoned or active again; returns the stored goal.
    Raises NotFoundError, and ValidationError for an unknown status."""
    return _set_status(store, store.get_goal, store.update_goal, goal_id, status)


def leave_community(
    store: Store, community_id: CommunityId, contact_ids: Sequence[ContactId]
) -> list[Contact]:
    """Take people out of a community, in one transaction; returns those who were in it
    (the others are left as they were). Raises NotFoundError for an unknown community
    or contact."""
    with store.transaction():
        community = store.get_community(community_id)
        left = []
        for contact_id in dict.fromkeys(contact_ids):
            contact = store.get_contact(contact_id)
            if community.id in contact.communities:
                stored = store.update_contact(
                    attrs.evolve(contact, communities=contact.communities - {community.id})
                )
                left.append(stored)
        return left


def edit_promise(
    store: Store,
    commitment_id: CommitmentId,
    *,
    what: str | None = None,
    due: dt.date | None = None,
    owed_by: Party | str | None = None,
    reopen: bool = False,
) -> Commitment:
    """Change a promise's text, due day or who owes it (``reopen`` makes a kept promise
    open again); returns the stored promise. Raises NotFoundError and ValidationError."""
    with store.transaction():
        commitment = store.get_commitment(commitment_id)
        changes: dict[str, Any] = {}
        if what is not None:
            changes["what"] = what
        if due is not None:
            changes["due"] = due
        if owed_by is not None:
            changes["owed_by"] = owed_by
        if reopen:
            changes["done_on"] = None
        if not changes:
            return commitment
        return store.update_commitment(attrs.evolve(commitment, **changes))


def cancel_promise(store: Store, commitment_id: CommitmentId) -> Commitment:
    """Remove a promise cancelled or recorded by mistake; returns it as it was.
    Raises NotFoundError."""
    return _removed(store, store.get_commitment, store.remove_commitment, commitment_id)


@attrs.frozen
class RestoreReport:
    """What :func:`restore` did (or, with ``dry_run``, would do), per kind of record:
    how many were ``added``, ``updated`` (same id, different content), ``unchanged``
    and ``kept`` (communities and events that differ, which a store cannot update, so
    the stored one is kept)."""

    added: Mapping[str, int]
    updated: Mapping[str, int]
    unchanged: Mapping[str, int]
    kept: Mapping[str, int]

    def total(self, part: str) -> int:
        """The count of all kinds for ``part`` (``"added"``, ``"updated"``...)."""
        counts: Mapping[str, int] = getattr(self, part)
        return sum(counts.values())

    def to_record(self) -> dict[str, dict[str, int]]:
        """The report as plain data."""
        return {
            "added": dict(self.added),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "kept": dict(self.kept),
        }


KINDS = ("communities", "events", "contacts", "goals", "interactions", "commitments")


class _RollbackError(Exception):
    """Raised inside a dry run's transaction so that nothing it wrote is kept."""


def restore(target: Store, source: Store, *, dry_run: bool = False) -> RestoreReport:
    """Merge everything ``source`` holds into ``target`` by id, in one transaction.

    A record whose id is new is added; one whose id is stored with other content
    replaces it (a contact keeps the stored version count); communities and events
    cannot be updated, so the stored one is kept and counted as ``kept``. Settings and
    the profile are left as stored. With ``dry_run`` nothing is written and the report
    says what would be. Raises what the store's writes raise, and then nothing is
    written.
    """
    for field, value in (("target", target), ("source", source)):
        if not isinstance(value, Store):
            raise ValidationError(field, value, "a Store")
    counts: dict[str, dict[str, int]] = {
        part: dict.fromkeys(KINDS, 0) for part in ("added", "updated", "unchanged", "kept")
    }
    try:
        with target.transaction():
            for kind, (stored, given, add, update) in _plan(target, source).items():
                for record in given:
                    had = stored.get(record.id)
                    if had is None:
                        add(record)
                        part = "added"
                    elif _restored(record, had) == had:
                        part = "unchanged"
                    elif update is None:
                        part = "kept"
                    else:
                        update(_restored(record, had))
                        part = "updated"
                    counts[part][kind] += 1
            if dry_run:
                raise _RollbackError
    except _RollbackError:
        pass
    return RestoreReport(**counts)


def _restored(record: Any, stored: Any) -> Any:
    """``record`` as it would be stored over ``stored`` (a contact keeps the version)."""
    if isinstance(record, Contact):
        return attrs.evolve(record, version=stored.version)
    return record


def _replace_interaction(target: Store) -> Callable[[Interaction], Any]:
    def replace(interaction: Interaction) -> None:
        target.remove_interaction(interaction.id)
        target.add_interaction(interaction)

    return replace


def _plan(
    target: Store, source: Store
) -> dict[str, tuple[dict[Any, Any], Sequence[Any], Callable[[Any], Any], Any]]:
    """For each kind, in the order records refer to each other: what ``target`` holds
    by id, what ``source`` gives, and how to add and to update one (None: cannot)."""
    return {
        "communities": (
            {c.id: c for c in target.communities()},
            source.communities(),
            target.add_community,
            None,
        ),
        "events": ({e.id: e for e in target.events()}, source.events(), target.add_event, None),
        "contacts": (
            {c.id: c for c in target.contacts()},
            introducers_first(source.contacts()),
            target.add_contact,
            target.update_contact,
        ),
        "goals": (
            {g.id: g for g in target.goals()},
            source.goals(),
            target.add_goal,
            target.update_goal,
        ),
        "interactions": (
            {i.id: i for i in target.interactions()},
            source.interactions(),
            target.add_interaction,
            _replace_interaction(target),
        ),
        "commitments": (
            {c.id: c for c in target.commitments()},
            source.commitments(),
            target.add_commitment,
            target.update_commitment,
        ),
    }
