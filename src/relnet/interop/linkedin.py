"""Read LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

The file starts with a few ``Notes:`` lines, then the header ``First Name,Last Name,URL,
Email Address,Company,Position,Connected On``; older exports lack some columns and some
copies have no preamble, so the header is found by looking for the row that holds
``First Name`` and ``Last Name``, and columns are read by name.

Each connection becomes a :class:`~relnet.model.Contact` tagged ``linkedin``: Company
is the organization, Position the headline, the email (usually withheld) the email, and
the profile URL, in the normal form of
:func:`~relnet.interop.identity.normalize_linkedin_url`, its only URL, so the person
is recognised when the file is imported again. ``Connected On`` (``15 Mar 2024``,
English month names whatever the machine's locale) becomes ``created_at``: midnight UTC
on that date, since the file gives no time or zone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pendulum

from relnet.interop._builder import ResultBuilder, is_email
from relnet.interop._csvrows import CsvError, Row, column_index, read_rows
from relnet.interop._source import Source, decode, read_source
from relnet.interop.identity import normalize_linkedin_url
from relnet.interop.result import ImportResult

__all__ = ["read_connections"]

_LABELS = {
    "name": "First Name",
    "emails": "Email Address",
    "urls": "URL",
    "organization": "Company",
    "headline": "Position",
    "created_at": "Connected On",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_connections(
    source: Source, *, tag: str | None = "linkedin", encoding: str | None = None
) -> ImportResult:
    """Read a LinkedIn ``Connections.csv`` into contacts (see the module's notes).

    ``source`` is a path or an open file (text or binary). Rows that cannot be read
    are reported in :attr:`ImportResult.errors` with their line numbers and the others
    kept; a person listed twice is merged and reported in ``duplicates``. Every
    contact gets ``tag`` (none when ``None``). Raises
    :class:`~relnet.errors.ValidationError` only if the bytes are not text.
    """
    text = decode(read_source(source), encoding)
    builder = ResultBuilder()
    header: dict[str, int] | None = None
    for row in read_rows(text):
        if isinstance(row, CsvError):
            builder.issue(row.line, "", f"{row.message}; row skipped", row.raw)
            continue
        if header is None:
            found = column_index(row.cells)
            if "first name" in found and "last name" in found:
                header = found
            continue
        if not row.blank and column_index(row.cells) != header:  # not a repeated header
            _connection(row, header, builder, tag)
    if header is None:
        builder.issue(
            1, "", "no header row holding 'First Name' and 'Last Name' was found", text[:200]
        )
    return builder.result()


def _connection(row: Row, header: dict[str, int], builder: ResultBuilder, tag: str | None) -> None:
    def cell(name: str) -> str:
        position = header.get(name.casefold())
        if position is None or position >= len(row.cells):
            return ""
        return row.cells[position].strip()

    if len(row.cells) > len(header) and any(c.strip() for c in row.cells[len(header) :]):
        builder.issue(
            row.line,
            "",
            f"{len(row.cells)} cells for {len(header)} columns (an unquoted comma?); "
            "values read by position",
            row.raw,
        )
    fields: dict[str, Any] = {
        "name": " ".join(part for part in (cell("First Name"), cell("Last Name")) if part),
        "tags": {tag} if tag else set(),
        "organization": cell("Company") or None,
        "headline": cell("Position") or None,
    }
    for column, field, read, problem in _CHECKED:
        value = cell(column)
        if not value:
            continue
        parsed = read(value)
        if parsed is None:
            builder.issue(row.line, column, f"{problem}: {value!r}; value left out", row.raw)
        else:
            fields[field] = parsed
    if not fields["name"]:
        builder.issue(row.line, "First Name", "no first or last name; row skipped", row.raw)
        return
    builder.add(row.line, fields, _LABELS, row.raw)


def parse_connected_on(text: str) -> pendulum.DateTime | None:
    """``15 Mar 2024`` (or ``2024-03-15``) as midnight UTC that day; None if neither.

    >>> parse_connected_on("3 Jan 2024")
    DateTime(2024, 1, 3, 0, 0, 0, tzinfo=Timezone('UTC'))
    """
    cleaned = " ".join(text.split())
    try:
        if _ISO_DATE.match(cleaned):
            parsed = pendulum.from_format(cleaned, "YYYY-MM-DD", tz="UTC")
        else:
            parsed = pendulum.from_format(cleaned.title(), "D MMM YYYY", tz="UTC", locale="en")
    except ValueError:
        return None
    return pendulum.datetime(parsed.year, parsed.month, parsed.day, tz="UTC")


def _email(text: str) -> tuple[str] | None:
    return (text,) if is_email(text) else None


def _profile(text: str) -> tuple[str] | None:
    profile = normalize_linkedin_url(text)
    return None if profile is None else (profile,)


#: Columns whose value is checked: the column, the contact field, how to read the value
#: (None when it is not valid), and what a valid value looks like.
_CHECKED: tuple[tuple[str, str, Callable[[str], object | None], str], ...] = (
    ("Email Address", "emails", _email, "not an email address"),
    ("URL", "urls", _profile, "not a LinkedIn profile URL"),
    ("Connected On", "created_at", parse_connected_on, "not a date like '15 Mar 2024'"),
)
