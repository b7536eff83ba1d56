"""The differences between SQLite and PostgreSQL that relnet's SQL text cares about, and
the rows a statement hands back, read by column name.

SQL is written once with ``:name`` parameters; :meth:`Dialect.render` turns it into the
driver's style, and the other fields fill in the few places where the engines differ.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

__all__ = ["Dialect", "Params", "Result", "statements"]


#: The parameters of one execution: by name (``:name``), or in the order of a table's
#: columns (``INSERT`` statements from :func:`relnet.adapters.sql.schema.insert_sql`).
Params = Mapping[str, Any] | Sequence[Any]


@attrs.frozen
class Dialect:
    """The differences between two SQL engines that relnet's queries care about."""

    #: The engine's name, for messages.
    name: str
    #: A 64-bit integer column type.
    int64: str
    #: The type of id columns: text compared by code point.
    key: str
    #: What ends a ``CREATE TABLE`` (``" STRICT"`` where supported).
    table_options: str
    #: ``{value}`` aggregated into a comma-separated text.
    concat: str
    #: A sub-select of the ids passed as the ``:ids`` parameter, as column ``id``.
    id_list: str
    #: How the ``:ids`` parameter is passed.
    pack_ids: Callable[[Sequence[str]], Any]
    #: Whether parameters are written ``%(name)s`` rather than ``:name``.
    pyformat: bool = False
    #: A statement that makes the current transaction wait for, then hold until it ends,
    #: a lock on the row of each contact in ``:ids``; None where one writer at a time
    #: holds the whole database (SQLite), so that no other transaction can interleave.
    lock_contacts: str | None = None
    #: A text column holding JSON, as the engine's JSON type.
    as_json: str = "{value}"
    #: A value inside JSON (``{dotted}``: ``a.b``, ``{commas}``: ``a,b``), as text,
    #: a number or NULL; a list comes as its JSON text. Not for free text (a NUL
    #: character may cut it short).
    json_value: str = "json_extract({value}, '$.{dotted}')"
    #: A value inside JSON as its JSON text, exact for any text; None if the engine
    #: has no way to give it.
    json_raw: str | None = "({value} -> '$.{dotted}')"
    #: What leads every key, with a trailing comma and space (``"network, "`` where many
    #: networks share the tables); empty where a database holds one network.
    scope: str = ""
    #: What follows ``AS`` in a common table expression that the engine must compute
    #: once, not copy into each place that reads its columns (``MATERIALIZED `` where
    #: the engine takes it; empty elsewhere).
    materialized: str = "MATERIALIZED "

    def json_field(self, value: str, *path: str, raw: bool = False) -> str:
        """The expression for ``path`` inside the JSON expression ``value`` (with
        ``raw``, as JSON text)."""
        template = self.json_raw if raw else self.json_value
        assert template is not None
        return template.format(value=value, dotted=".".join(path), commas=",".join(path))

    def ddl(self, sql: str, **parts: str) -> str:
        """A schema statement with the dialect's column types and table options (and
        any other ``{name}`` of ``parts``)."""
        return sql.format(int64=self.int64, key=self.key, table_options=self.table_options, **parts)

    def render(self, sql: str) -> str:
        """A query written with ``:name`` parameters, in the driver's parameter style."""
        return _render(self, sql)

    def in_ids(self, column: str) -> str:
        """A test that ``column`` is one of the ids passed as ``:ids``."""
        return f"{column} IN (SELECT id FROM ({self.id_list}) AS chosen)"


# Bounded by the number of distinct statements the store writes (a few dozen).
@functools.lru_cache(maxsize=512)
def _render(dialect: Dialect, sql: str) -> str:
    if not dialect.pyformat:
        return sql
    text = sql.replace("%", "%%")
    return re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", text)


def statements(script: str) -> list[str]:
    """The statements of a migration script (none contains a semicolon in a literal)."""
    return [part.strip() for part in script.split(";") if part.strip()]


class Result:
    """The rows of one statement, read by column name (the names come from the driver's
    description of the result, so a query's text alone says what each value is).

    Rows stay the driver's plain tuples: :meth:`values` picks the named columns of every
    row with one :func:`operator.itemgetter`, as fast as unpacking by position.
    """

    __slots__ = ("_index", "_rows", "columns")

    def __init__(self, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        #: The column names, in the order the statement returns them.
        self.columns = tuple(columns)
        self._index = {name: number for number, name in enumerate(self.columns)}
        self._rows = rows

    @classmethod
    def concat(cls, parts: Sequence[Result]) -> Result:
        """The rows of several results of one statement, one after the other."""
        if not parts:
            return cls((), [])
        rows: list[tuple[Any, ...]] = []
        for part in parts:
            rows += part._rows
        return cls(parts[0].columns, rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __bool__(self) -> bool:
        return bool(self._rows)

    def _positions(self, names: Sequence[str]) -> list[int]:
        try:
            return [self._index[name] for name in names]
        except KeyError as error:
            raise KeyError(f"no column {error} among {self.columns}") from None

    def values(self, *names: str) -> list[tuple[Any, ...]]:
        """Per row, the values of the columns ``names``, in that order."""
        if not self._rows:
            return []
        if len(names) == 1:
            return [(value,) for value in self.column(names[0])]
        positions = self._positions(names)
        if positions == list(range(len(self.columns))):
            # Every column, in the statement's order: the rows are those values.
            return list(self._rows)
        return list(map(operator.itemgetter(*positions), self._rows))

    def column(self, name: str) -> list[Any]:
        """The values of the column ``name``, one per row."""
        if not self._rows:  # an empty result of several chunks may not name its columns
            return []
        (position,) = self._positions([name])
        return [row[position] for row in self._rows]

    def first(self, name: str) -> Any:
        """The value of the column ``name`` in the first row (IndexError if none)."""
        (position,) = self._positions([name])
        return self._rows[0][position]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return self.columns == other.columns and self._rows == other._rows

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Result {self.columns} ({len(self._rows)} rows)>"
