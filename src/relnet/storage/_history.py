"""One contact's interactions in the in-memory store, and the fold of their summary.

:class:`History` is the per-contact list :class:`~relnet.storage.InMemoryStore` keeps:
its interactions in (instant, id) order, with the summary of a prefix of them kept
between calls, so that moving ``now`` later folds only the interactions it passes.
:func:`search` finds a place in such a list from its end first.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from relnet import model
from relnet.model import SummaryBuilder, TouchSummary, epoch_us
from relnet.model.summary import interaction_touches

__all__ = ["AFTER_ALL", "BEFORE_ALL", "History", "instant_of", "search"]


def instant_of(interaction: model.Interaction) -> int:
    """The instant of ``interaction``, in epoch microseconds."""
    return epoch_us(interaction.at)


def _key(interaction: model.Interaction) -> tuple[int, str]:
    """The (instant, id) an interaction is ordered by."""
    return (epoch_us(interaction.at), interaction.id)


def search(
    items: list[model.Interaction],
    probe: Any,
    key: Callable[[model.Interaction], Any],
    *,
    right: bool = False,
) -> int:
    """Where ``probe`` goes in ``items`` (sorted by ``key``), like ``bisect_left`` (or
    ``bisect_right``), searching back from the end first: recent instants, which most
    writes and queries are about, cost a few steps however long the history is."""
    high = len(items)
    step = 1
    low = high - step
    # Gallop back from the end while the probe goes before ``items[low]``.
    while low > 0 and (probe < key(items[low]) if right else probe <= key(items[low])):
        high, step = low, step * 2
        low = high - step
    low = max(low, 0)
    search = bisect.bisect_right if right else bisect.bisect_left
    return search(items, probe, low, high, key=key)


def _insort(
    items: list[model.Interaction], key: tuple[int, str], interaction: model.Interaction
) -> int:
    """Insert ``interaction`` in (instant, id) order; return its index."""
    index = search(items, key, _key)
    items.insert(index, interaction)
    return index


def _remove_sorted(items: list[model.Interaction], key: tuple[int, str]) -> int | None:
    """Remove the interaction with ``key``; return the index it had, or None."""
    index = search(items, key, _key)
    if index < len(items) and _key(items[index]) == key:
        del items[index]
        return index
    return None


#: Bounds of the instants a summary holds for: before and after every instant.
BEFORE_ALL = -(2**63)
AFTER_ALL = 2**63
_BEFORE_ALL, _AFTER_ALL = BEFORE_ALL, AFTER_ALL


class History(list[model.Interaction]):
    """One contact's interactions in (instant, id) order, and the fold of a prefix of them.

    ``summary`` folds the first ``folded`` interactions (None when an older interaction
    arrived or left and it must be folded again); those are exactly the ones at or
    before any ``now`` with ``low <= now < high``, for which ``current`` (``summary``
    with its ``next_planned``) is the answer. Moving ``now`` later folds only the
    interactions it passes.
    """

    __slots__ = ("current", "folded", "high", "low", "summary")

    def __init__(self, items: Iterable[model.Interaction] = ()) -> None:
        super().__init__(items)
        self.folded = 0
        self.summary: TouchSummary | None = None
        self.current: TouchSummary | None = None
        self.low = _BEFORE_ALL
        self.high = _AFTER_ALL

    def insert_key(self, key: tuple[int, str], interaction: model.Interaction) -> None:
        """Add ``interaction`` (whose key is ``key``) in order."""
        self._changed(_insort(self, key, interaction))

    def remove_key(self, key: tuple[int, str]) -> None:
        """Remove the interaction whose key is ``key``, if it is here."""
        index = _remove_sorted(self, key)
        if index is not None:
            self._changed(index)

    def _changed(self, index: int) -> None:
        self.current = None
        if index < self.folded:
            # The change falls inside the folded prefix: fold again when next asked.
            self.summary = None
            self.folded = 0
        self.low, self.high = _AFTER_ALL, _BEFORE_ALL  # no ``now`` is known to fit

    def as_of(self, person: model.ContactId, now: int) -> TouchSummary:
        """The summary as of ``now``: ``current`` when ``now`` is in its window."""
        current = self.current
        if current is not None and self.low <= now < self.high:
            return current
        return self.at(person, now)

    def at(self, person: model.ContactId, now: int) -> TouchSummary:
        """The summary as of ``now`` (epoch microseconds), folding what it takes."""
        summary = self.summary
        folded = self.folded
        position = search(self, now, instant_of, right=True)
        if summary is None or position < folded:
            builder, folded = SummaryBuilder(person), 0
        elif position > folded:
            builder = SummaryBuilder.resume(summary)
        else:
            builder = None
        if builder is not None:
            for interaction in self[folded:position]:
                at = epoch_us(interaction.at)
                for touch, is_introducer in interaction_touches(interaction):
                    if touch.contact == person:
                        builder.add(at, interaction.channel, touch, is_introducer)
            summary = self.summary = builder.freeze()
            self.folded = position
        assert summary is not None
        planned: int | None = None
        # The first later interaction that touches them (nearly always the next one),
        # read in place rather than from a copy of every later one.
        for index in range(position, len(self)):
            interaction = self[index]
            if any(touch.contact == person for touch in interaction.touches()):
                planned = epoch_us(interaction.at)
                break
        self.low = instant_of(self[position - 1]) if position else _BEFORE_ALL
        self.high = instant_of(self[position]) if position < len(self) else _AFTER_ALL
        self.current = summary if planned is None else attrs.evolve(summary, next_planned=planned)
        return self.current
