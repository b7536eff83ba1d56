"""Read a Google Contacts CSV export (contacts.google.com → Export → Google CSV).

Both headers Google has used are read, by column name: the current one (``First Name,
Middle Name, Last Name, …, Labels, E-mail 1 - Label, E-mail 1 - Value, …, Organization
Name, Organization Title, Birthday, Notes, Website 1 - Value``) and the older one
(``Name, Given Name, Additional Name, Family Name, …, Group Membership, E-mail 1 - Type,
E-mail 1 - Value, …, Organization 1 - Name, Organization 1 - Title``). A cell may hold
several values joined by ``" ::: "``; every one is kept.

Labels become tags. Google's system groups start with ``"* "``: ``* myContacts`` (every
contact has it) is dropped; the others keep their name without the prefix, lower-cased,
so ``* starred`` becomes the tag ``starred`` (and the old ``* Friends`` ``friends``).
A year-less birthday (``--12-10``) becomes a :class:`~relnet.model.MonthDay`.

Google's "Outlook CSV" export is read too (``First Name, Middle Name, Last Name, Title,
Suffix, …, E-mail Address, E-mail 2 Address, …, Mobile Phone, …, Job Title, Company, …,
Categories``): Title is the name's prefix, every ``… Phone``, pager and fax column a
phone, Company the organization, Job Title the headline, Categories the tags. Columns
that hold values but that relnet does not map are named in
:attr:`~relnet.interop.ImportResult.notices`. A row with only a phone number is kept,
named by the number, and reported.

Every contact is put in the ``acquaintance`` circle (no cadence) unless ``circle=`` or
``cadence=`` say otherwise. Each row's source key is its first email, else its name,
organization and first phone; its id is made from that key, so the same file read twice
gives the same contacts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from relnet.errors import ValidationError
from relnet.identity import normalize_linkedin_url
from relnet.interop._builder import SYSTEM_GROUPS, Defaults, ResultBuilder, is_email
from relnet.interop._csvrows import (
    CsvError,
    Row,
    column_index,
    read_rows,
    sniff_delimiter,
    split_multi,
)
from relnet.interop._source import Source, decode, read_source
from relnet.interop.result import ImportResult
from relnet.model import Cadence, Circle, parse_birthday

__all__ = ["read_contacts"]

_NAME_COLUMNS = ("name", "first name", "given name", "last name", "family name")
_NUMBERED = re.compile(r"^(e-mail|email|phone|website) (\d+) - value$")
_OUTLOOK_EMAIL = re.compile(r"^e-?mail(?: (\d+))? address$")
_OUTLOOK_PHONE = re.compile(r"(?:phone(?: \d+)?|pager|fax|callback|telephone|telex)$")
_OUTLOOK_WEB = ("web page", "personal web page")
#: The single columns the reader maps, in either layout.
_MAPPED = frozenset(
    {
        *_NAME_COLUMNS,
        "name prefix",
        "middle name",
        "additional name",
        "name suffix",
        "nickname",
        "file as",
        "organization name",
        "organization 1 - name",
        "organization title",
        "organization 1 - title",
        "birthday",
        "notes",
        "labels",
        "group membership",
        "title",
        "suffix",
        "job title",
        "company",
        "categories",
        *_OUTLOOK_WEB,
    }
)
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


def read_contacts(
    source: Source,
    *,
    tag: str | None = None,
    encoding: str | None = None,
    circle: Circle | str = Circle.ACQUAINTANCE,
    cadence: Cadence | None = None,
    tags: Iterable[str] = (),
) -> ImportResult:
    """Read a Google Contacts CSV into contacts (see the module's notes).

    ``source`` is a path or an open file (text or binary; UTF-8 with or without a BOM,
    or UTF-16 with one). Rows that cannot be read are reported in
    :attr:`ImportResult.errors` with their line numbers and the others kept; a person
    listed twice is merged and reported in ``duplicates``. ``tag`` (when given) and
    ``tags`` are added to every contact, which gets the circle ``circle`` and the
    cadence ``cadence``; ``encoding`` reads a file that is not UTF-8 or UTF-16. Raises
    :class:`~relnet.errors.ValidationError` only if the bytes are not text (naming the
    line and byte offset of the first bad byte) or an argument is invalid.
    """
    text = decode(read_source(source), encoding)
    builder = ResultBuilder("google", Defaults(circle=circle, cadence=cadence, tags=tags, tag=tag))
    header: _Header | None = None
    filled: set[int] = set()
    header_line = 1
    for row in read_rows(text, sniff_delimiter(text, "name")):
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
                    "not a Google Contacts header (no Name, First Name or Given Name column); "
                    "every column ignored: " + ", ".join(c.strip() for c in row.cells if c.strip()),
                    row.raw,
                )
                return builder.result()
            header_line = row.line
            continue
        if column_index(row.cells) != header.index:  # not a repeated header
            filled.update(i for i, cell in enumerate(row.cells) if cell.strip())
            _contact(row, header, builder)
    if header is None:
        builder.issue(1, "", "the file holds no header row", text[:200])
    else:
        ignored = header.ignored(filled)
        if ignored:
            builder.notice(
                header_line,
                "",
                f"{len(ignored)} column(s) with values are not read: " + ", ".join(ignored),
                ", ".join(ignored),
            )
    return builder.result()


class _Header:
    """Where each kind of value is in this file."""

    def __init__(self, cells: list[str]) -> None:
        self.cells = cells
        self.index = column_index(cells)
        self.is_google = any(name in self.index for name in _NAME_COLUMNS)
        self.outlook = "job title" in self.index or "e-mail address" in self.index
        self.numbered: dict[str, list[int]] = {"e-mail": [], "phone": [], "website": []}
        found: list[tuple[str, int, int]] = []
        for name, position in self.index.items():
            match = _NUMBERED.match(name)
            email = _OUTLOOK_EMAIL.match(name)
            if match:
                kind = "e-mail" if match[1] == "email" else match[1]
                found.append((kind, int(match[2]), position))
            elif email:
                found.append(("e-mail", int(email[1] or 1), position))
            elif _OUTLOOK_PHONE.search(name) and not name.endswith(" - type"):
                found.append(("phone", 0, position))
            elif name in _OUTLOOK_WEB:
                found.append(("website", 0, position))
        for kind, _, position in sorted(found):
            self.numbered[kind].append(position)
        self.mapped = {p for positions in self.numbered.values() for p in positions} | {
            position
            for name, position in self.index.items()
            if name in _MAPPED or name.endswith((" - type", " - label"))
        }

    def ignored(self, filled: set[int]) -> list[str]:
        """The names of the columns in ``filled`` that the reader does not map."""
        return [self.cells[p].strip() for p in sorted(filled - self.mapped) if p < len(self.cells)]

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
    outlook = header.outlook
    parts = [
        header.cell(row, "name prefix", *(("title",) if outlook else ())),
        header.cell(row, "first name", "given name"),
        header.cell(row, "middle name", "additional name"),
        header.cell(row, "last name", "family name"),
        header.cell(row, "name suffix", *(("suffix",) if outlook else ())),
    ]
    joined = " ".join(part for part in parts if part)
    if joined:
        return joined
    fallback = header.cell(
        row, "nickname", "file as", "organization name", "organization 1 - name", "company"
    )
    return split_multi(fallback)[0] if split_multi(fallback) else ""


def _tags(cell: str) -> set[str]:
    tags = set()
    for label in split_multi(cell, ";"):
        if label.casefold() in SYSTEM_GROUPS:
            continue
        if label.startswith("*"):
            group = label.lstrip("*").strip()
            if group.casefold() in SYSTEM_GROUPS or not group:
                continue
            tags.add(group.lower())
        else:
            tags.add(label)
    return tags


def _contact(row: Row, header: _Header, builder: ResultBuilder) -> None:
    name = _name(row, header)
    tags = _tags(header.cell(row, "labels", "group membership", "categories"))
    emails = []
    for email in header.values(row, "e-mail"):
        if is_email(email):
            emails.append(email)
        else:
            builder.issue(
                row.line, "E-mail", f"not an email address: {email!r}; value left out", row.raw
            )
    urls = [normalize_linkedin_url(url) or url for url in header.values(row, "website")]
    organizations = split_multi(
        header.cell(row, "organization name", "organization 1 - name", "company")
    )
    titles = split_multi(
        header.cell(row, "organization title", "organization 1 - title", "job title")
    )
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
    if not fields["name"] and fields["phones"]:
        fields["name"] = fields["phones"][0]
        builder.issue(
            row.line, "Name", "no name or email; kept, named by its phone number", row.raw
        )
    if not fields["name"]:
        builder.issue(
            row.line,
            "Name",
            "no name, nickname, organization, email or phone; row skipped",
            row.raw,
        )
        return
    if emails:
        identity: tuple[str, ...] = ("email", emails[0])
    else:
        phones = fields["phones"]
        identity = ("row", fields["name"], fields["organization"] or "", *phones[:1])
    builder.add(row.line, fields, _LABELS, row.raw, identity)
