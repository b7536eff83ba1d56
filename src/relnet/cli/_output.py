"""Writing results: a rich table on a terminal, aligned plain text when piped, JSON on request.

Everything a command prints goes through an :class:`Output`, so that ``--json`` prints
valid JSON and nothing else, and piped output carries no colours or box drawing.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeVar

import attrs
import pendulum

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["CELL_WIDTH", "WRAPPED_WIDTH", "Column", "Output", "clip", "jsonable"]

#: The widest a cell of a column that does not wrap gets; longer text ends in "…".
CELL_WIDTH = 40


#: The widest a cell of a wrapping column gets in plain text (unless it is the last).
WRAPPED_WIDTH = 80


def clip(text: str, width: int = CELL_WIDTH) -> str:
    """``text`` cut to ``width`` characters, the last one an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


T = TypeVar("T")


@attrs.frozen
class Column:
    """A table column: its header, how to justify it, and whether it may wrap."""

    header: str
    justify: str = "left"
    wrap: bool = False
    style: str | None = None


def jsonable(value: Any) -> Any:
    """``value`` with every relnet or pendulum value turned into JSON-ready data."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        from relnet.serialization import format_instant

        return format_instant(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(jsonable(key)): jsonable(item) for key, item in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((jsonable(item) for item in value), key=str)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if attrs.has(type(value)):
        from relnet.serialization import to_dict

        try:
            return jsonable(to_dict(value))
        except Exception:
            return jsonable(attrs.asdict(value, recurse=False))
    return str(value)


def _may_be_terminal(stream: IO[str]) -> bool:
    """False when rich would say ``stream`` is no terminal, found without importing rich:
    no ``TTY_COMPATIBLE=1`` nor ``FORCE_COLOR`` in the environment, and not a tty."""
    if os.environ.get("TTY_COMPATIBLE", "") == "1" or os.environ.get("FORCE_COLOR") is not None:
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return False if isatty is None else bool(isatty())
    except ValueError:  # a closed stream
        return False


class Output:
    """Where a command's results go (standard output unless a test gives a stream).

    Rich is imported only for a stream that may be a terminal: piped output, the
    common case of scripts, is written as plain text without it.
    """

    def __init__(self, *, as_json: bool = False, stream: IO[str] | None = None) -> None:
        self.as_json = as_json
        self.stream = stream if stream is not None else sys.stdout
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The rich console writing to the stream (made on first use)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False, soft_wrap=False)
        return self._console

    @property
    def terminal(self) -> bool:
        """Whether output goes to a terminal (rich tables and colours) or a pipe."""
        return _may_be_terminal(self.stream) and self.console.is_terminal

    def json(self, data: Any) -> None:
        """Print ``data`` as indented JSON (the only output in ``--json`` mode)."""
        text = json.dumps(jsonable(data), ensure_ascii=False, indent=2, allow_nan=False)
        self.stream.write(text + "\n")
        self.stream.flush()

    def line(self, text: str = "", *, style: str | None = None) -> None:
        """Print one line of text (styled on a terminal); nothing in ``--json`` mode."""
        if self.as_json:
            return
        if self.terminal:
            from rich.markup import escape

            self.console.print(escape(text), style=style)
        else:
            self.stream.write(text + "\n")

    def heading(self, text: str) -> None:
        """Print a section heading."""
        self.line(text, style="bold")

    def fields(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Print ``label: value`` lines, labels aligned."""
        items = [(label, value) for label, value in pairs if value]
        if not items:
            return
        width = max(len(label) for label, _ in items)
        if not self.terminal or self.as_json:
            for label, value in items:
                self.line(f"{label.ljust(width)}  {value}")
            return
        from rich.markup import escape

        for label, value in items:
            self.console.print(f"[dim]{escape(label.ljust(width))}[/dim]  {escape(value)}")

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        title: str | None = None,
        empty: str = "Nothing to show.",
    ) -> None:
        """Print rows under column headers: a rich table on a terminal, aligned text else."""
        if self.as_json:
            return
        if not rows:
            if title:
                self.heading(title)
            self.line(empty, style="dim")
            return
        if self.terminal:
            from rich.markup import escape
            from rich.table import Table

            table = Table(title=title, title_justify="left", title_style="bold", expand=False)
            for column in columns:
                table.add_column(
                    column.header,
                    justify=column.justify,  # type: ignore[arg-type]
                    no_wrap=not column.wrap,
                    overflow="fold" if column.wrap else "ellipsis",
                    style=column.style,
                    max_width=None if column.wrap else CELL_WIDTH,
                )
            for row in rows:
                table.add_row(*(escape(cell) for cell in row))
            self.console.print(table)
            return
        if title:
            self.stream.write(title + "\n")
        last = len(columns) - 1
        limits = [
            None if i == last and c.wrap else WRAPPED_WIDTH if c.wrap else CELL_WIDTH
            for i, c in enumerate(columns)
        ]
        # Column by column (a listing may have ten thousand rows): clipped, then padded.
        padded = []
        for index, column in enumerate(columns):
            limit = limits[index]
            cells = [row[index] for row in rows]
            if limit:
                cells = [c if len(c) <= limit else c[: limit - 1] + "…" for c in cells]
            width = max(len(column.header), *map(len, cells))
            pad = str.rjust if column.justify == "right" else str.ljust
            padded.append([pad(column.header, width), *(pad(c, width) for c in cells)])
        lines = ["  ".join(parts).rstrip() for parts in zip(*padded, strict=True)]
        self.stream.write("\n".join(lines) + "\n")

    def listing(
        self,
        items: Iterable[T],
        fields: Sequence[tuple[Column, Callable[[T], str]]],
        *,
        title: str | None = None,
        empty: str = "Nothing to show.",
    ) -> None:
        """Print one row an item: each field is a column and the function giving its cell."""
        rows = [[cell(item) for _, cell in fields] for item in items]
        self.table([column for column, _ in fields], rows, title=title, empty=empty)


def local_time(instant: dt.datetime, zone: str) -> str:
    """``2026-03-02 15:00`` in ``zone``."""
    moment = pendulum.instance(instant).in_timezone(zone)
    # What format("YYYY-MM-DD HH:mm") gives, without loading pendulum's locales.
    day = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    return f"{day} {moment.hour:02d}:{moment.minute:02d}"
