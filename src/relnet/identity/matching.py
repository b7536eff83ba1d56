"""Matching: records grouped into people with a union-find over their keys.

Strong keys (:func:`~relnet.identity.strong_keys`) join records outright; a shared
phone number joins them only with compatible names, and a number more than
:data:`SHARED_PHONE_LIMIT` people of one side carry is ignored. :func:`match` is the
function every capture calls (see :mod:`relnet.identity`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import attrs

from relnet.identity.keys import _phone_tail, names_compatible, profile_key
from relnet.model import Contact, ContactId

__all__ = ["MatchGroup", "match"]

#: A phone number carried by more people than this on one side is not evidence.
SHARED_PHONE_LIMIT = 2


class _Sets:
    """Union-find over the integers 0..n-1 (path halving, union by smaller root)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def roots(self) -> list[int]:
        """Every item's root, in one pass (a parent is never after its child)."""
        out = self.parent[:]
        for item, parent in enumerate(out):
            out[item] = out[parent]
        return out

    def union(self, first: int, second: int) -> bool:
        a, b = self.find(first), self.find(second)
        if a == b:
            return False
        if b < a:
            a, b = b, a
        self.parent[b] = a
        return True


def _join_strong(records: Sequence[Contact], sets: _Sets, evidence: dict[int, list[str]]) -> None:
    """Join the records sharing a strong key (:func:`strong_keys`, in its order)."""
    owner: dict[str, int] = {}
    claim = owner.setdefault
    union = sets.union
    for position, record in enumerate(records):
        # strong_keys(record), written out: this loop runs once per contact of a store
        keys = ["email " + email.strip().casefold() for email in record.emails]
        if record.urls:
            keys += ["url " + key for key in map(profile_key, record.urls) if key is not None]
        keys.append("id " + record.id)
        if record.sources:
            keys += ["source " + source for source in sorted(record.sources)]
        for key in keys:
            other = claim(key, position)
            if other != position and union(other, position):
                evidence[position].append(key)


def _join_phones(
    records: Sequence[Contact],
    sets: _Sets,
    sides: Sequence[range],
    evidence: dict[int, list[str]],
) -> None:
    """Join people sharing a phone number and a compatible name (see the module).

    People are compared whole (every name and alias of the records already joined), and
    the shared numbers are counted again after each round of joins, until nothing more
    joins: joins only ever add names and remove people, so this reaches the one
    smallest stable grouping, whatever the order of the records.
    """
    on_sides = [_phone_holders(records, side) for side in sides]
    find = sets.find
    holders = on_sides[0]
    if len(on_sides) > 1:
        holders = dict(holders)
        for on_side in on_sides[1:]:
            for key, positions in on_side.items():
                mine = holders.get(key)
                holders[key] = positions if mine is None else mine + positions
    shared = {k: v for k, v in holders.items() if len(v) > 1 and len({find(p) for p in v}) > 1}
    if not shared:
        return
    names = _names_by_person(records, sets, {find(p) for v in shared.values() for p in v})
    while True:
        ignored = _ignored(on_sides, shared, names, find)
        joined = False
        for key, positions in shared.items():
            if key not in ignored:
                joined |= _join_holders(key, positions, sets, names, evidence)
        if not joined:
            return


def _phone_holders(records: Sequence[Contact], side: range) -> dict[str, list[int]]:
    holders: dict[str, list[int]] = defaultdict(list)
    for position in side:
        phones = records[position].phones
        if not phones:
            continue
        if len(phones) == 1:
            key = _phone_tail(phones[0])
            if key is not None:
                holders[key].append(position)
            continue
        for key in {k for k in map(_phone_tail, phones) if k is not None}:
            holders[key].append(position)
    return holders


def _ignored(
    on_sides: list[dict[str, list[int]]],
    shared: dict[str, list[int]],
    names: dict[int, list[str]],
    find: Callable[[int], int],
) -> set[str]:
    """The shared numbers that more than two people of one side carry."""
    ignored = set()
    for on_side in on_sides:
        for key in shared:
            positions = on_side.get(key, ())
            if len(positions) <= SHARED_PHONE_LIMIT:
                continue
            people = {find(p) for p in positions}
            crowded = len(people) > SHARED_PHONE_LIMIT
            if crowded and _people(names, people) > SHARED_PHONE_LIMIT:
                ignored.add(key)
    return ignored


def _join_holders(
    key: str,
    positions: list[int],
    sets: _Sets,
    names: dict[int, list[str]],
    evidence: dict[int, list[str]],
) -> bool:
    """Join the holders of the number ``key`` whose names are compatible."""
    find = sets.find
    joined = False
    roots = list(dict.fromkeys(find(p) for p in positions))
    for index, first in enumerate(roots):
        for second in roots[index + 1 :]:
            one, two = find(first), find(second)
            if one == two or not _compatible(names[one], names[two]):
                continue
            sets.union(one, two)
            names[find(one)] = names[one] + names[two]
            evidence[max(first, second)].append(f"phone {key} and name")
            joined = True
    return joined


def _names_by_person(
    records: Sequence[Contact], sets: _Sets, wanted: set[int]
) -> dict[int, list[str]]:
    """Every name and alias of the people whose roots are ``wanted``."""
    names: dict[int, list[str]] = defaultdict(list)
    for position, root in enumerate(sets.roots()):
        if root in wanted:
            record = records[position]
            names[root].extend((record.name, *record.aliases))
    return names


def _compatible(first: list[str], second: list[str]) -> bool:
    return any(names_compatible(one, two) for one in first for two in second)


def _people(names: dict[int, list[str]], people: Iterable[int]) -> int:
    """How many people ``people`` are at least: the groups that compatible names join."""
    holders = sorted(people)
    sets = _Sets(len(holders))
    for index, first in enumerate(holders):
        for other, second in enumerate(holders[index + 1 :], start=index + 1):
            if _compatible(names[first], names[second]):
                sets.union(index, other)
    return len({sets.find(index) for index in range(len(holders))})


# -- matching records with stored contacts ---------------------------------------------


@attrs.frozen
class MatchGroup:
    """One person among the records matched: which candidates, and which stored contacts.

    ``candidates`` are positions in the ``candidates`` given to :func:`match`, in
    order; ``existing`` the ids of the stored contacts that are the same person (none:
    a new person; several: the store already held duplicates, which
    :func:`find_duplicates` also reports); ``evidence`` the keys that joined them.
    """

    candidates: tuple[int, ...]
    existing: tuple[ContactId, ...]
    evidence: tuple[str, ...]


def match(candidates: Sequence[Contact], existing: Iterable[Contact]) -> list[MatchGroup]:
    """Group ``candidates`` (records from one source) into people, with the stored ones.

    Every candidate is in exactly one group; groups come in the order of their first
    candidate. The grouping is closed and independent of order (see the module); a
    phone number carried by more than two people among the candidates, or among the
    existing contacts, is not used. Pure: reads only its arguments.
    """
    stored = list(existing)
    records: list[Contact] = [*candidates, *stored]
    size = len(candidates)
    sets = _Sets(len(records))
    evidence: dict[int, list[str]] = defaultdict(list)
    _join_strong(records, sets, evidence)
    _join_phones(records, sets, (range(size), range(size, len(records))), evidence)
    groups: dict[int, list[int]] = {}
    for position, root in enumerate(sets.roots()):
        groups.setdefault(root, []).append(position)
    out = []
    for members in sorted(groups.values(), key=lambda m: m[0]):
        if members[0] >= size:
            continue  # stored contacts that no candidate concerns
        if len(members) == 1 and members[0] not in evidence:  # one record: nothing joined
            out.append(MatchGroup(candidates=(members[0],), existing=(), evidence=()))
            continue
        out.append(
            MatchGroup(
                candidates=tuple(p for p in members if p < size),
                existing=tuple(records[p].id for p in members if p >= size),
                evidence=tuple(dict.fromkeys(k for p in members for k in evidence.get(p, ()))),
            )
        )
    return out
