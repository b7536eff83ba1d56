"""Equal small collections of one in-memory store's records, kept once."""

from __future__ import annotations

from typing import Any

from relnet import model
from relnet.model import Role, Value

__all__ = ["Shared"]


#: The set and tuple fields of the numerous records, with the one type of item each holds.
_SHARED_FIELDS: dict[type, tuple[tuple[str, type], ...]] = {
    model.Interaction: (
        ("participants", str),
        ("topics", str),
        ("goals", str),
        ("gave", Value),
        ("received", Value),
    ),
    model.Contact: (("roles", Role), ("tags", str), ("interests", str), ("communities", str)),
}


class Shared:
    """Equal small collections of one store's records, kept once.

    A million interactions mostly carry the same few topic sets, value tuples and
    one-person participant tuples: each record that enters the store has those
    fields swapped for an equal collection the store already holds (the records are
    frozen values, so the swap changes nothing but memory). Only collections of up to
    ``SIZE`` items all of exactly the field's item type are shared, so a set of
    strings never stands in for an equal set of string-enum members. At most
    ``LIMIT`` collections of each item type are kept, so unusual data cannot grow it
    without end.
    """

    SIZE = 4
    LIMIT = 1 << 18

    __slots__ = ("_kept",)

    def __init__(self) -> None:
        # By item type, since equal sets of str and of a StrEnum compare equal.
        self._kept: dict[type, dict[Any, Any]] = {}

    def share(self, record: Any) -> None:
        """Swap ``record``'s small collections for the equal ones kept before."""
        fields = _SHARED_FIELDS.get(type(record))
        if fields is None:
            return
        for name, kind in fields:
            value = getattr(record, name)
            if not value or len(value) > self.SIZE:
                continue  # empties are shared already (one empty frozenset, one ())
            for item in value:
                if type(item) is not kind:
                    break
            else:
                self._swap(record, name, kind, value)

    def _swap(self, record: Any, name: str, kind: type, value: Any) -> None:
        kept = self._kept.get(kind)
        if kept is None:
            kept = self._kept[kind] = {}
        found = kept.get(value)
        if found is None:
            if len(kept) < self.LIMIT:
                kept[value] = value
        elif found is not value:
            object.__setattr__(record, name, found)
