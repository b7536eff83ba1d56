"""Records by id in sorted runs: the in-memory store's table of its interactions.

A dictionary of a hundred thousand records holds about 38 bytes for each (its hash
table is kept at most two thirds full, and doubles as it grows); :class:`ById` holds
about 8: the records in id order, in runs of at most ``2 * ById.LOAD`` each, with the last
id of every run beside them. A look-up bisects the last ids, then the one run (both
in C, by the id of each probed record), so it costs a few steps however many records
there are, and a write moves at most one run's items.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, MutableMapping, ValuesView
from itertools import chain, pairwise
from operator import attrgetter
from typing import Any, Protocol, TypeVar

__all__ = ["ById", "RepeatedIdError"]

_ID = attrgetter("id")
_MISSING: Any = object()


class RepeatedIdError(ValueError):
    """Two records given to :class:`ById` at once have the same ``id``."""

    def __init__(self, ident: str) -> None:
        super().__init__(f"the id {ident!r} appears twice")
        self.id = ident


class _Record(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Record)


class ById(MutableMapping[str, R]):
    """A mapping from each record's ``id`` to the record, kept in id order.

    Built from records whose ids differ (:class:`RepeatedIdError` otherwise); every key
    written must be its record's ``id`` (a :class:`ValueError` otherwise). Keys that
    are not strings are never found, as in a dictionary of string keys. Iteration is in
    id order (as Python sorts strings), not in the order of insertion.
    """

    #: The length of each run built at once; a run that grows past twice this is split.
    LOAD = 1000

    __slots__ = ("_hint", "_lasts", "_runs", "_size")

    def __init__(self, records: Iterable[R] = ()) -> None:
        ordered = sorted(records, key=_ID)
        for before, after in pairwise(ordered):
            if before.id == after.id:
                raise RepeatedIdError(after.id)
        load = self.LOAD
        self._runs: list[list[R]] = [
            ordered[start : start + load] for start in range(0, len(ordered), load)
        ]
        self._lasts: list[str] = [run[-1].id for run in self._runs]
        self._size = len(ordered)
        # Where the key last asked for by ``in`` and not found goes, until the next
        # write: the store asks before it adds, and the add then need not search again.
        self._hint: tuple[str, int, int] | None = None

    def _find(self, key: Any) -> tuple[int, int, bool]:
        """The run ``key`` is in or goes in, its place there, and whether it is there."""
        lasts = self._lasts
        try:
            index = bisect_left(lasts, key)
        except TypeError:  # not a string: never a key
            return len(lasts), 0, False
        if index == len(lasts):
            return index, 0, False
        run = self._runs[index]
        place = bisect_left(run, key, key=_ID)
        return index, place, run[place].id == key

    def __getitem__(self, key: str) -> R:
        index, place, found = self._find(key)
        if not found:
            raise KeyError(key)
        return self._runs[index][place]

    def get(self, key: str, default: Any = None) -> Any:
        index, place, found = self._find(key)
        return self._runs[index][place] if found else default

    def __contains__(self, key: object) -> bool:
        # ``_find``, inline: the store asks it before every write.
        probe: Any = key
        lasts = self._lasts
        try:
            index = bisect_left(lasts, probe)
        except TypeError:
            return False
        if index == len(lasts):
            self._hint = (probe, index, 0)
            return False
        run = self._runs[index]
        place = bisect_left(run, probe, key=_ID)
        if run[place].id == probe:
            return True
        self._hint = (probe, index, place)
        return False

    def __setitem__(self, key: str, record: R) -> None:
        if record.id != key:
            raise ValueError(f"the key {key!r} is not the id of its record {record!r}")
        hint = self._hint
        if hint is not None and hint[0] is key:  # just asked by ``in``: not there
            _, index, place = hint
            found = False
        else:
            index, place, found = self._find(key)
        self._hint = None
        runs = self._runs
        if found:
            runs[index][place] = record
            return
        self._size += 1
        if index == len(runs):  # after every id: at the end of the last run
            if not runs:
                runs.append([record])
                self._lasts.append(key)
                return
            index -= 1
            run = runs[index]
            run.append(record)
            self._lasts[index] = key
        else:
            run = runs[index]
            run.insert(place, record)
        if len(run) > 2 * self.LOAD:
            half = len(run) // 2
            runs[index : index + 1] = [run[:half], run[half:]]
            self._lasts.insert(index, run[half - 1].id)

    def __delitem__(self, key: str) -> None:
        index, place, found = self._find(key)
        if not found:
            raise KeyError(key)
        self._hint = None
        run = self._runs[index]
        del run[place]
        self._size -= 1
        if not run:
            del self._runs[index]
            del self._lasts[index]
        elif place == len(run):
            self._lasts[index] = run[-1].id

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        index, place, found = self._find(key)
        if not found:
            if default is _MISSING:
                raise KeyError(key)
            return default
        record = self._runs[index][place]
        del self[key]
        return record

    def __iter__(self) -> Iterator[str]:
        return map(_ID, chain.from_iterable(self._runs))

    def __len__(self) -> int:
        return self._size

    def values(self) -> ValuesView[R]:
        return _Values(self)

    def _records(self) -> Iterator[R]:
        return chain.from_iterable(self._runs)

    def __repr__(self) -> str:
        return f"<ById: {self._size} records in {len(self._runs)} runs>"


class _Values(ValuesView[R]):
    """The records of a :class:`ById`, in id order, read run by run."""

    _mapping: ById[R]

    def __iter__(self) -> Iterator[R]:
        return self._mapping._records()
