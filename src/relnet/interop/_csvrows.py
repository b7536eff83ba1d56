"""CSV rows with the line each starts on and its raw text, surviving malformed input."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = ["CsvError", "Row", "column_index", "read_rows", "sniff_delimiter", "split_multi"]


@attrs.frozen
class Row:
    """One CSV record: its cells, the 1-based line it starts on, and its text."""

    line: int
    cells: list[str]
    raw: str

    @property
    def blank(self) -> bool:
        """Whether every cell is empty or spaces."""
        return not any(cell.strip() for cell in self.cells)


@attrs.frozen
class CsvError:
    """A record the csv module could not read."""

    line: int
    message: str
    raw: str


def sniff_delimiter(text: str, *names: str) -> str:
    """The delimiter of a CSV ``text``: ``,``, ``;`` or a tab, read from its header.

    The header is the first of the first 30 lines that holds every one of ``names``
    (case-folded); the delimiter is the candidate it holds most of (``,`` on a tie or
    when no line holds them all).
    """
    for line in text.splitlines()[:30]:
        folded = line.casefold()
        if all(name in folded for name in names):
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: (counts[d], d == ","))
            return best if counts[best] else ","
    return ","


def read_rows(text: str, delimiter: str = ",") -> Iterator[Row | CsvError]:
    """The records of ``text`` in order, or a :class:`CsvError` for each unreadable one."""
    lines = list(io.StringIO(text, newline=""))
    if len(text) > csv.field_size_limit():
        # No cell is longer than the text: a long note (a pasted letter, an inline photo)
        # is read whole instead of failing and splitting its row into junk records. The
        # limit is the csv module's own, shared by the process, so it is only raised.
        csv.field_size_limit(len(text))
    reader = csv.reader(lines, delimiter=delimiter)
    # without a carriage return anywhere, every cell is already clean (_clean is a no-op)
    clean = _clean if "\r" in text else None
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield CsvError(previous + 1, f"unreadable CSV: {error}", _raw(lines, previous, reader))
            previous = reader.line_num
            continue
        if clean is not None:
            cells = [clean(cell) for cell in cells]
        yield Row(previous + 1, cells, _raw(lines, previous, reader))
        previous = reader.line_num


def _raw(lines: list[str], previous: int, reader: Any) -> str:
    end = max(int(reader.line_num), previous + 1)
    return "".join(lines[previous:end]).rstrip("\r\n")


def _clean(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def column_index(header: list[str]) -> dict[str, int]:
    """Column positions by name, compared stripped and case-folded (first one wins)."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(name.strip().casefold(), position)
    return index


def split_multi(cell: str, *more: str) -> list[str]:
    """The values of a cell holding several joined by ``:::`` (Google's separator).

    ``more`` are other separators to split on as well.
    """
    parts = [cell]
    for separator in (":::", *more):
        parts = [piece for part in parts for piece in part.split(separator)]
    return [part.strip() for part in parts if part.strip()]
