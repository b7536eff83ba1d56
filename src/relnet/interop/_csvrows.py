"""CSV rows with the line each starts on and its raw text, surviving malformed input."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = ["CsvError", "Row", "column_index", "read_rows", "split_multi"]


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


def read_rows(text: str) -> Iterator[Row | CsvError]:
    """The records of ``text`` in order, or a :class:`CsvError` for each unreadable one."""
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(lines)
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
        yield Row(previous + 1, [_clean(cell) for cell in cells], _raw(lines, previous, reader))
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


def split_multi(cell: str) -> list[str]:
    """The values of a cell holding several joined by ``:::`` (Google's separator)."""
    return [part.strip() for part in cell.split(":::") if part.strip()]
