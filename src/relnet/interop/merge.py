"""Bringing imported contacts into a store without losing anything either side knows.

Who is who is decided by :func:`relnet.identity.match`: imported contacts are the same
person as a stored one when they share an id, a source key, an email address or a
profile URL, or a phone number *and* a compatible name (a number that more than two
people carry is not evidence). The two are combined field by field
(:func:`relnet.identity.combine`):

* emails, phones, URLs, tags, interests, roles, communities and source keys: the union
  (in the stored order, then the new ones), repeats recognised the way matching
  recognises them;
* optional values (organization, headline, time zone, birthday, creation time,
  cadence, …): the stored one when set, else the imported one; a year-less stored
  birthday takes the year of an imported one on the same day;
* notes: the imported text is appended on a new paragraph unless the stored notes
  already contain it, so merging the same file twice changes nothing;
* name, circle, status and stage: always the stored ones; an imported name that
  differs is kept among the contact's ``aliases``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import attrs

from relnet.identity import combine, match
from relnet.interop.result import ImportResult
from relnet.model import Contact, ContactId
from relnet.storage import Store, copy_records

__all__ = [
    "MergeReport",
    "merge_contacts",
    "merge_into",
    "MergeState",
    "merge_with_state",
    "report_again",
    "report_if_unchanged",
]

#: New contacts written per call of the store's bulk writer (one call for a file of
#: thousands: each call checks its batch and queries the store again).
_BULK = 10_000


@attrs.frozen
class MergeReport:
    """What :func:`merge_into` did: ids of the contacts added, merged and left unchanged.

    A stored contact matched by several imported ones is listed once: as merged if any
    of them changed it. ``ambiguous`` lists, for each imported person that matched
    several stored contacts, those contacts' ids (the first one got the merge; see
    :func:`relnet.identity.find_duplicates` and :func:`relnet.identity.merge_contacts`
    to join them).
    """

    added: tuple[ContactId, ...] = ()
    merged: tuple[ContactId, ...] = ()
    unchanged: tuple[ContactId, ...] = ()
    ambiguous: tuple[tuple[ContactId, ...], ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """``{"added": …, "merged": …, "unchanged": …}``."""
        return {
            "added": len(self.added),
            "merged": len(self.merged),
            "unchanged": len(self.unchanged),
        }

    def __str__(self) -> str:
        return ", ".join(f"{count} {what}" for what, count in self.counts.items())


def merge_contacts(stored: Contact, imported: Contact) -> Contact:
    """``stored`` completed with what ``imported`` adds (:func:`relnet.identity.combine`).

    The result keeps ``stored``'s id and version, so it can go straight to
    :meth:`relnet.storage.Store.update_contact`.
    """
    return combine(stored, imported)


def merge_into(
    store: Store,
    result: ImportResult | Iterable[Contact],
    *,
    advance: Callable[[int], None] | None = None,
) -> MergeReport:
    """Add the imported contacts to ``store``, merging those it already holds.

    The imported contacts are matched with the stored ones once, with
    :func:`relnet.identity.match`; each stored contact found is combined with its
    imported ones through :meth:`~relnet.storage.Store.update_contact`, so a contact
    changed concurrently raises :class:`~relnet.errors.ConflictError`. Imported people
    who match nobody are added (through the store's bulk writer when it has one).
    Everything happens in one ``store.transaction()``: on any error nothing is written
    and the error propagates. ``advance(n)``, when given,
    is called after each person is written with the number of imported contacts it
    took.
    """
    incoming = result.contacts if isinstance(result, ImportResult) else tuple(result)
    return merge_with_state(store, incoming, advance=advance).report


@attrs.frozen
class MergeState:
    """What :func:`merge_with_state` did: its report, every stored contact afterwards by
    id as the merge wrote it (versions aside: a store numbers them itself), and each
    imported person's positions in ``incoming`` with the id of the contact they went to,
    in the order of the groups."""

    report: MergeReport
    contacts: dict[ContactId, Contact]
    groups: tuple[tuple[tuple[int, ...], ContactId], ...]


def merge_with_state(
    store: Store, incoming: Sequence[Contact], *, advance: Callable[[int], None] | None = None
) -> MergeState:
    """:func:`merge_into` of ``incoming``, telling what it left (:class:`MergeState`)."""
    outcome: dict[ContactId, str] = {}
    went: list[tuple[tuple[int, ...], ContactId]] = []
    ambiguous: list[tuple[ContactId, ...]] = []
    with store.transaction():
        stored = {contact.id: contact for contact in store.contacts()}
        groups = match(incoming, stored.values())
        added: list[Contact] = []
        for group in groups:
            people = [incoming[p] for p in group.candidates]
            if not group.existing:
                new = people[0]
                for other in people[1:]:
                    new = combine(new, other)
                added.append(new)
                outcome[new.id] = "added"
                went.append((group.candidates, new.id))
            else:
                target = _target(group.existing, people)
                if len(group.existing) > 1:
                    ambiguous.append(group.existing)
                went.append((group.candidates, target))
                before = stored[target]
                after = before
                for other in people:
                    after = combine(after, other)
                if after == before:
                    outcome.setdefault(target, "unchanged")
                else:
                    stored[target] = store.update_contact(after)
                    if outcome.get(target) != "added":
                        outcome[target] = "merged"
            if advance is not None:
                advance(len(people))
        for start in range(0, len(added), _BULK):
            copy_records(store, contacts=added[start : start + _BULK])
    stored.update((contact.id, contact) for contact in added)
    return MergeState(_report(outcome, ambiguous), stored, tuple(went))


def _report(outcome: dict[ContactId, str], ambiguous: list[tuple[ContactId, ...]]) -> MergeReport:
    return MergeReport(
        added=tuple(k for k, v in outcome.items() if v == "added"),
        merged=tuple(k for k, v in outcome.items() if v == "merged"),
        unchanged=tuple(k for k, v in outcome.items() if v == "unchanged"),
        ambiguous=tuple(ambiguous),
    )


def report_if_unchanged(
    incoming: Sequence[Contact], stored: Iterable[Contact]
) -> MergeReport | None:
    """What :func:`merge_into` of ``incoming`` into a store holding exactly ``stored``
    would report, when that merge would write nothing and join no imported person with
    several stored contacts; None otherwise. Pure: writes nothing."""
    held = {contact.id: contact for contact in stored}
    unchanged: dict[ContactId, None] = {}
    for group in match(incoming, held.values()):
        if len(group.existing) != 1:
            return None  # a new person, or an ambiguous one: not answered here
        people = [incoming[p] for p in group.candidates]
        before = after = held[group.existing[0]]
        for other in people:
            after = combine(after, other)
        if after != before:
            return None
        unchanged[before.id] = None
    return MergeReport(unchanged=tuple(unchanged))


def report_again(incoming: Sequence[Contact], state: MergeState) -> MergeReport | None:
    """:func:`report_if_unchanged` of ``incoming`` and the contacts ``state`` left, where
    ``state`` is what merging ``incoming`` did.

    When no person joined several stored contacts, no contact on either side has a
    phone number and every imported one has a source key, the people are the groups
    ``state`` found (each imported contact shares a source key with the contact it went
    to, and that contact's keys are all keys of its group), so only the combining is
    done again, and not even that for a new contact that is the imported one itself
    (``combine(c, c)`` is ``c``).
    """
    contacts = state.contacts
    if (
        state.report.ambiguous
        or any(person.phones or not person.sources for person in incoming)
        or any(contact.phones for contact in contacts.values())
    ):
        return report_if_unchanged(incoming, contacts.values())
    unchanged: dict[ContactId, None] = {}
    for positions, target in state.groups:
        held = after = contacts[target]
        for position in positions:
            person = incoming[position]
            if person is not after:
                after = combine(after, person)
        if after != held:
            return None
        unchanged[target] = None
    return MergeReport(unchanged=tuple(unchanged))


def _target(existing: Sequence[ContactId], people: Sequence[Contact]) -> ContactId:
    """The stored contact an imported person goes to: the one with its id, else the first."""
    ids = {person.id for person in people}
    for contact_id in existing:
        if contact_id in ids:
            return contact_id
    return min(existing)
