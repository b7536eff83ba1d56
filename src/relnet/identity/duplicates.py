"""Dedupe inside a store: :func:`find_duplicates` and :func:`merge_contacts`."""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Iterable

import attrs

from relnet.errors import ValidationError
from relnet.identity.combining import combine
from relnet.identity.keys import _name_words
from relnet.identity.matching import _join_phones, _join_strong, _Sets
from relnet.model import Contact, ContactId
from relnet.storage import Store

__all__ = ["DuplicateGroup", "find_duplicates", "merge_contacts"]

_BY_ID = operator.attrgetter("id")


#: The confidence of a group joined by ids, sources, emails or profile URLs alone.
STRONG = 1.0
#: The confidence of a group that needs a shared phone number with compatible names.
PHONE_AND_NAME = 0.8
#: The confidence of a group that needs the same full name (two words or more).
SAME_NAME = 0.5


@attrs.frozen
class DuplicateGroup:
    """Contacts of one store that look like one person.

    ``contacts`` are in id order; ``evidence`` the keys that joined them (``email …``,
    ``url …``, ``source …``, ``phone … and name``, ``name …``); ``confidence`` 1.0 when
    strong keys alone join them, 0.8 when a shared phone with compatible names is
    needed, 0.5 when only the same full name is.
    """

    contacts: tuple[Contact, ...]
    evidence: tuple[str, ...]
    confidence: float


def find_duplicates(store: Store) -> list[DuplicateGroup]:
    """The groups of ``store``'s contacts that look like one person, surest first.

    Read-only. Within one confidence, groups come in the order of their first id.
    """
    contacts = sorted(store.contacts(), key=_BY_ID)
    size = len(contacts)
    sets = _Sets(size)
    evidence: dict[int, list[str]] = defaultdict(list)
    _join_strong(contacts, sets, evidence)
    strong = sets.roots()
    _join_phones(contacts, sets, (range(size),), evidence)
    phone = sets.roots()
    by_name: dict[str, int] = {}
    keys: dict[str, str | None] = {}  # each name's key, worked out once
    for position, contact in enumerate(contacts):
        name = contact.name
        key = keys.get(name, "")
        if key == "":
            words = _name_words(name)
            key = keys[name] = " ".join(sorted(words)) if len(words) > 1 else None
        if key is None:
            continue
        other = by_name.setdefault(key, position)
        if other != position and sets.union(other, position):
            evidence[position].append(f"name {key}")
    roots = sets.roots()
    counts = Counter(roots)
    groups: dict[int, list[int]] = defaultdict(list)
    for position, root in enumerate(roots):
        if counts[root] > 1:
            groups[root].append(position)
    out = []
    for members in groups.values():
        if len({strong[p] for p in members}) == 1:
            confidence = STRONG
        elif len({phone[p] for p in members}) == 1:
            confidence = PHONE_AND_NAME
        else:
            confidence = SAME_NAME
        out.append(
            DuplicateGroup(
                contacts=tuple(contacts[p] for p in members),
                evidence=tuple(dict.fromkeys(k for p in members for k in evidence.get(p, ()))),
                confidence=confidence,
            )
        )
    out.sort(key=lambda g: (-g.confidence, g.contacts[0].id))
    return out


def merge_contacts(store: Store, keep: ContactId, *others: ContactId) -> Contact:
    """Merge the contacts ``others`` into ``keep``, in one transaction; returns the result.

    The fields are united (:func:`combine`, the absorbed names kept as aliases), and
    every reference to the others moves to ``keep``: interactions' participants and
    introducers, commitments, goals and other contacts' ``introduced_by``. Then the
    others are removed. Raises NotFoundError for an unknown id and ValidationError when
    ``keep`` is among ``others``; on any error nothing is written.
    """
    absorbed = tuple(dict.fromkeys(others))
    if keep in absorbed:
        raise ValidationError("others", keep, "contacts other than the one kept")
    gone = frozenset(absorbed)
    with store.transaction():
        kept = store.get_contact(keep)
        for other in absorbed:
            kept = combine(kept, store.get_contact(other))
        if kept.introduced_by in gone:
            kept = attrs.evolve(kept, introduced_by=None)
        kept = store.update_contact(kept)
        _move_references(store, keep, gone)
        for other in absorbed:
            store.forget(other)
        return store.get_contact(keep)


def _swap(ids: Iterable[ContactId], keep: ContactId, gone: frozenset[ContactId]) -> list[ContactId]:
    return list(dict.fromkeys(keep if i in gone else i for i in ids))


def _move_references(store: Store, keep: ContactId, gone: frozenset[ContactId]) -> None:
    seen: set[str] = set()
    for other in sorted(gone):
        for interaction in store.interactions(contact=other):
            if interaction.id in seen:
                continue
            seen.add(interaction.id)
            participants = _swap(interaction.participants, keep, gone)
            introducer = interaction.introduced_by
            if introducer in gone:
                introducer = keep
            if introducer in participants:
                introducer = None
            store.remove_interaction(interaction.id)
            store.add_interaction(
                attrs.evolve(interaction, participants=participants, introduced_by=introducer)
            )
        for commitment in store.commitments(contact=other):
            store.update_commitment(attrs.evolve(commitment, contact=keep))
        for goal in store.goals(contact=other):
            current = store.get_goal(goal.id)
            store.update_goal(attrs.evolve(current, contacts=_swap(current.contacts, keep, gone)))
    for contact in store.contacts():
        if contact.introduced_by in gone and contact.id not in gone:
            introducer = None if contact.id == keep else keep
            store.update_contact(attrs.evolve(contact, introduced_by=introducer))
