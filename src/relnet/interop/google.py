"""Read a Google Contacts CSV export (contacts.google.com → Export → Google CSV).

Both headers Google has used are read, by column name: the current one (``First Name,
Middle Name, Last Name, …, Labels, E-mail 1 - Label, E-mail 1 - Value, …, Organization
Name, Organization Title, Birthday, Notes, Website 1 - Value``) and the older one
(``Name, Given Name, Additional Name, Family Name, …, Group Membership, E-mail 1 - Type,
E-mail 1 - Value, …, Organization 1 - Name, Organization 1 - Title``). A cell may hold
several values joined by `` ::: ``; every one is kept.

Labels become tags. Google's system groups start with ``* ``: ``* myContacts`` (every
contact has it) is dropped; the others keep their name without the prefix, lower-cased,
so ``* starred`` becomes the tag ``starred`` (and the old ``* Friends`` ``friends``).
A year-less birthday (``--12-10``) becomes a :class:`~relnet.model.MonthDay`.
"""

from __future__ import annotations

import re
from typing import Any

from relnet.errors import ValidationError
from relnet.interop._builder import ResultBuilder, is_email
from relnet.interop._csvrows import CsvError, Row, column_index, read_rows, split_multi
from relnet.interop._source import Source, decode, read_source
from relnet.interop.identity import normalize_linkedin_url
from relnet.interop.result import ImportResult
from relnet.model import parse_birthday

__all__ = ["read_contacts"]

_NAME_COLUMNS = ("name", "first name", "given name", "last name", "family name")
_NUMBERED = re.compile(r"^(e-mail|email|phone|website) (\d+) - value$")
_LABELS = {
    "name": "Name",
    "emails": "E-mail",
    "phones": "Phone",
    "urls": "Website",
    "organization": "Organization Name",
    "headline": "Organization Title",
    "birthday": "Birthday",
    "notes": "Notes",
    "tags": "Labels",
}
_DROPPED_GROUPS = frozenset({"mycontacts", "my contacts"})


def read_contacts(
    source: Source, *, tag: str | None = None, encoding: str | None = None
) -> ImportResult:
    """Read a Google Contacts CSV into contacts (see the module's notes).

    ``source`` is a path or an open file (text or binary; UTF-8 with or without a BOM,
    or UTF-16 with one). Rows that cannot be read are reported in
    :attr:`ImportResult.errors` with their line numbers and the others kept; a person
    listed twice is merged and reported in ``duplicates``. ``tag``, when given, is added
    to every contact. Raises :class:`~relnet.errors.ValidationError` only if the bytes
    are not text.
    """
    text = decode(read_source(source), encoding)
    builder = ResultBuilder()
    header: _Header | None = None
    for row in read_rows(text):
        if isinstance(row, CsvError):
            builder.issue(row.line, "", f"{row.message}; row skipped", row.raw)
            continue
        if row.blank:
            continue
        if header is None:
            header = _Header(row.cells)
            if not header.is_google:
                builder.issue(
                    row.line,
                    "",
                    "not a Google Contacts header (no Name, First Name or Given Name column)",
                    row.raw,
                )
                return builder.result()
            continue
        if column_index(row.cells) != header.index:  # not a repeated header
            _contact(row, header, builder, tag)
    if header is None:
        builder.issue(1, "", "the file holds no header row", text[:200])
    return builder.result()


class _Header:
    """Where each kind of value is in this file."""

    def __init__(self, cells: list[str]) -> None:
        self.index = column_index(cells)
        self.is_google = any(name in self.index for name in _NAME_COLUMNS)
        self.numbered: dict[str, list[int]] = {"e-mail": [], "phone": [], "website": []}
        found: list[tuple[str, int, int]] = []
        for name, position in self.index.items():
            match = _NUMBERED.match(name)
            if match:
                kind = "e-mail" if match[1] == "email" else match[1]
                found.append((kind, int(match[2]), position))
        for kind, _, position in sorted(found):
            self.numbered[kind].append(position)

    def cell(self, row: Row, *names: str) -> str:
        """The first non-empty cell among the columns ``names``."""
        for name in names:
            position = self.index.get(name)
            if position is not None and position < len(row.cells) and row.cells[position].strip():
                return row.cells[position].strip()
        return ""

    def values(self, row: Row, kind: str) -> list[str]:
        """Every value in the numbered ``kind`` columns, cells split on ``:::``."""
        out: list[str] = []
        for position in self.numbered[kind]:
            if position < len(row.cells):
                out.extend(split_multi(row.cells[position]))
        return out


def _name(row: Row, header: _Header) -> str:
    full = header.cell(row, "name")
    if full:
        return full
    parts = [
        header.cell(row, "name prefix"),
        header.cell(row, "first name", "given name"),
        header.cell(row, "middle name", "additional name"),
        header.cell(row, "last name", "family name"),
        header.cell(row, "name suffix"),
    ]
    joined = " ".join(part for part in parts if part)
    if joined:
        return joined
    fallback = header.cell(row, "nickname", "file as", "organization name", "organization 1 - name")
    return split_multi(fallback)[0] if split_multi(fallback) else ""


def _tags(cell: str) -> set[str]:
    tags = set()
    for label in split_multi(cell):
        if label.startswith("*"):
            group = label.lstrip("*").strip()
            if group.casefold() in _DROPPED_GROUPS or not group:
                continue
            tags.add(group.lower())
        else:
            tags.add(label)
    return tags


def _contact(row: Row, header: _Header, builder: ResultBuilder, tag: str | None) -> None:
    name = _name(row, header)
    tags = _tags(header.cell(row, "labels", "group membership"))
    if tag:
        tags.add(tag)
    emails = []
    for email in header.values(row, "e-mail"):
        if is_email(email):
            emails.append(email)
        else:
            builder.issue(
                row.line, "E-mail", f"not an email address: {email!r}; value left out", row.raw
            )
    urls = [normalize_linkedin_url(url) or url for url in header.values(row, "website")]
    organizations = split_multi(header.cell(row, "organization name", "organization 1 - name"))
    titles = split_multi(header.cell(row, "organization title", "organization 1 - title"))
    fields: dict[str, Any] = {
        "name": name,
        "tags": tags,
        "emails": emails,
        "phones": header.values(row, "phone"),
        "urls": urls,
        "organization": organizations[0] if organizations else None,
        "headline": titles[0] if titles else None,
        "notes": header.cell(row, "notes"),
    }
    birthday = header.cell(row, "birthday")
    if birthday:
        try:
            fields["birthday"] = parse_birthday(birthday)
        except ValidationError as error:
            builder.issue(row.line, "Birthday", f"{error}; value left out", row.raw)
    if not fields["name"] and emails:
        fields["name"] = emails[0]
    if not fields["name"]:
        builder.issue(
            row.line, "Name", "no name, nickname, organization or email; row skipped", row.raw
        )
        return
    builder.add(row.line, fields, _LABELS, row.raw)
