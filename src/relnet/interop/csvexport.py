"""Contacts and follow-ups as CSV for spreadsheets, safe from formula injection.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula, so a contact named ``=HYPERLINK(…)`` could
run code when the file is opened. Every such cell is written with a leading ``'``,
which spreadsheets show as text (OWASP's advice). Several values in one cell (emails,
tags, …) are joined by `` ::: `` as in Google's exports; instants are ISO 8601.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from relnet.errors import ValidationError
from relnet.interop.frames import FOLLOW_UP_COLUMNS
from relnet.model import Contact
from relnet.policy.followup import FollowUp

__all__ = [
    "CONTACT_CSV_COLUMNS",
    "FOLLOW_UP_CSV_COLUMNS",
    "neutralize",
    "write_contacts_csv",
    "write_follow_ups_csv",
]

#: The columns of :func:`write_contacts_csv`.
CONTACT_CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "emails",
    "phones",
    "urls",
    "organization",
    "headline",
    "circle",
    "cadence",
    "status",
    "stage",
    "roles",
    "tags",
    "interests",
    "birthday",
    "timezone",
    "created_at",
    "how_met",
    "notes",
)

#: The columns of :func:`write_follow_ups_csv` (those of the follow-ups frame).
FOLLOW_UP_CSV_COLUMNS: tuple[str, ...] = FOLLOW_UP_COLUMNS

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_JOIN = " ::: "


def neutralize(cell: str) -> str:
    """``cell`` with a leading ``'`` if a spreadsheet would read it as a formula.

    >>> neutralize("=1+1"), neutralize("+44 20 7946 0958"), neutralize("Ada")
    ("'=1+1", "'+44 20 7946 0958", 'Ada')
    """
    return "'" + cell if cell.startswith(_RISKY) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset | set):
        return _JOIN.join(sorted(str(v) for v in value))
    if isinstance(value, tuple | list):
        return _JOIN.join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _write(records: Iterable[Any], columns: Sequence[str], file: Any, encoding: str) -> int:
    """Write a row per record, a cell per column from the record's attribute of that
    name (enums are ``StrEnum``s, so their cells are their values)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for record in records:
        writer.writerow([neutralize(_cell(getattr(record, name))) for name in columns])
        count += 1
    text = buffer.getvalue()
    if isinstance(file, str | os.PathLike):
        Path(file).write_text(text, encoding=encoding, newline="")
        return count
    write = getattr(file, "write", None)
    if not callable(write):
        raise ValidationError("file", file, "a path or a file open for writing")
    encoded = text.encode(encoding)
    binary = isinstance(file, io.BufferedIOBase | io.RawIOBase) or "b" in str(
        getattr(file, "mode", "")
    )
    if binary:
        write(encoded)
        return count
    try:
        write(text)
    except TypeError:
        write(encoded)
    return count


def write_contacts_csv(
    contacts: Iterable[Contact],
    file: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    encoding: str = "utf-8",
) -> int:
    """Write one row per contact (:data:`CONTACT_CSV_COLUMNS`) and return the row count.

    ``file`` is a path (written with ``encoding``; use ``"utf-8-sig"`` for Excel) or an
    open file, text or binary.
    """
    return _write(contacts, CONTACT_CSV_COLUMNS, file, encoding)


def write_follow_ups_csv(
    follow_ups: Iterable[FollowUp],
    file: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    encoding: str = "utf-8",
) -> int:
    """Write one row per follow-up (:data:`FOLLOW_UP_CSV_COLUMNS`) and return the row count.

    ``file`` is a path (written with ``encoding``) or an open file, text or binary.
    """
    return _write(follow_ups, FOLLOW_UP_CSV_COLUMNS, file, encoding)
