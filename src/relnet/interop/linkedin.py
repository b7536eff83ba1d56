"""Read LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

The file starts with a few ``Notes:`` lines, then the header ``First Name,Last Name,URL,
Email Address,Company,Position,Connected On``; older exports lack some columns and some
copies have no preamble, so the header is found by looking for the row that holds
``First Name`` and ``Last Name``, and columns are read by name.

Each connection becomes a :class:`~relnet.model.Contact` tagged ``linkedin``, in the
``acquaintance`` circle (no cadence) unless ``circle=``/``cadence=`` say otherwise:
Company is the organization, Position the headline, the email (usually withheld) the
email, and the profile URL, in the normal form of
:func:`~relnet.identity.normalize_linkedin_url` (percent-escapes decoded), its only URL.
``Connected On`` becomes ``created_at``: midnight UTC on that date, since the file gives
no time or zone. Every format LinkedIn and spreadsheets have written is read, with
English month names whatever the machine's locale: ``15 Mar 2024`` (2019 on),
``1/8/18, 6:14 PM`` (2016–2018, month first), ``23-Apr-23`` and ``5-Jan-26`` (re-saved
by Excel) and ``2024-03-15``.

The delimiter is read from the header (some copies use ``;``). Each row's source key
(:attr:`~relnet.model.Contact.sources`) is its profile URL, else its email, else its
name, company and connection date, and its id is made from that key: the same file read
twice gives the same contacts, and imported twice changes nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

import pendulum

from relnet.identity import normalize_linkedin_url
from relnet.interop._builder import Defaults, ResultBuilder, is_email
from relnet.interop._csvrows import CsvError, Row, column_index, read_rows, sniff_delimiter
from relnet.interop._source import Source, decode, read_source
from relnet.interop.result import ImportResult
from relnet.model import Cadence, Circle

__all__ = ["parse_connected_on", "read_connections"]

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
    source: Source,
    *,
    tag: str | None = "linkedin",
    encoding: str | None = None,
    circle: Circle | str = Circle.ACQUAINTANCE,
    cadence: Cadence | None = None,
    tags: Iterable[str] = (),
) -> ImportResult:
    """Read a LinkedIn ``Connections.csv`` into contacts (see the module's notes).

    ``source`` is a path or an open file (text or binary); ``encoding`` reads a file
    that is not UTF-8 (``"cp1252"`` for one saved by Excel on Windows). Rows that
    cannot be read are reported in :attr:`ImportResult.errors` with their line numbers
    and the others kept; a person listed twice is merged and reported in
    ``duplicates``. Every contact gets ``tag`` (none when ``None``) and ``tags``, the
    circle ``circle`` and the cadence ``cadence``. Raises
    :class:`~relnet.errors.ValidationError` only if the bytes are not text (naming the
    line and byte offset of the first bad byte) or an argument is invalid.
    """
    text = decode(read_source(source), encoding)
    builder = ResultBuilder(
        "linkedin", Defaults(circle=circle, cadence=cadence, tags=tags, tag=tag)
    )
    header: dict[str, int] | None = None
    for row in read_rows(text, sniff_delimiter(text, "first name", "last name")):
        if isinstance(row, CsvError):
            builder.issue(row.line, "", f"{row.message}; row skipped", row.raw)
            continue
        if header is None:
            found = column_index(row.cells)
            if "first name" in found and "last name" in found:
                header = found
            continue
        if not row.blank and column_index(row.cells) != header:  # not a repeated header
            _connection(row, header, builder)
    if header is None:
        builder.issue(
            1, "", "no header row holding 'First Name' and 'Last Name' was found", text[:200]
        )
    return builder.result()


def _connection(row: Row, header: dict[str, int], builder: ResultBuilder) -> None:
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
    if "urls" in fields:
        identity: tuple[str, ...] = ("url", fields["urls"][0])
    elif "emails" in fields:
        identity = ("email", fields["emails"][0])
    else:
        connected = fields.get("created_at")
        when = connected.date().isoformat() if connected else cell("Connected On")
        identity = ("row", fields["name"], cell("Company"), when)
    builder.add(row.line, fields, _LABELS, row.raw, identity)


_MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{2}|\d{4})$")
_MONTH_DAY_YEAR = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,? +\d{1,2}:\d{2}(?::\d{2})? *(?:[AaPp][Mm])?)?$"
)


def _year(text: str) -> int:
    """A year of two digits is in 2000–2099 (LinkedIn was founded in 2003)."""
    return 2000 + int(text) if len(text) == 2 else int(text)


@functools.lru_cache(maxsize=4096)
def parse_connected_on(text: str) -> pendulum.DateTime | None:
    """A ``Connected On`` date as midnight UTC that day; None if it is not one.

    Reads ``15 Mar 2024``, ``1/8/18, 6:14 PM`` (month first; the time is dropped),
    ``23-Apr-23``, ``5-Jan-26`` and ``2024-03-15``.

    >>> parse_connected_on("3 Jan 2024")
    DateTime(2024, 1, 3, 0, 0, 0, tzinfo=Timezone('UTC'))
    >>> parse_connected_on("1/8/18, 6:14 PM")
    DateTime(2018, 1, 8, 0, 0, 0, tzinfo=Timezone('UTC'))
    >>> parse_connected_on("23-Apr-23")
    DateTime(2023, 4, 23, 0, 0, 0, tzinfo=Timezone('UTC'))
    """
    cleaned = " ".join(text.split())
    if _ISO_DATE.match(cleaned):
        year, month, day = (int(part) for part in cleaned.split("-"))
    elif found := _DAY_MONTH_YEAR.match(cleaned):
        month_number = _MONTHS.get(found[2][:3].casefold())
        if month_number is None or (len(found[2]) > 3 and not _full_month(found[2])):
            return None
        year, month, day = _year(found[3]), month_number, int(found[1])
    elif found := _MONTH_DAY_YEAR.match(cleaned):
        year, month, day = _year(found[3]), int(found[1]), int(found[2])
    else:
        return None
    try:
        return pendulum.datetime(year, month, day, tz="UTC")
    except ValueError:
        return None


_FULL_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "sept",
    ]
)


def _full_month(name: str) -> bool:
    return name.casefold() in _FULL_MONTHS


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
    (
        "Connected On",
        "created_at",
        parse_connected_on,
        "not a date like '15 Mar 2024', '1/8/18, 6:14 PM' or '23-Apr-23'",
    ),
)
