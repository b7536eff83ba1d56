"""Read LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data),
and capture the whole archive with :func:`read_archive`.

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
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pendulum

from relnet.errors import ValidationError
from relnet.identity import normalize_linkedin_url
from relnet.interop._builder import Defaults, ResultBuilder, is_email
from relnet.interop._csvrows import CsvError, Row, column_index, read_rows, sniff_delimiter
from relnet.interop._source import Source, decode, read_source
from relnet.interop.capture import (
    CaptureIssue,
    CaptureResult,
    Collected,
    CreateMode,
    Owner,
    stable_id,
)
from relnet.interop.result import ImportResult
from relnet.model import (
    Cadence,
    Channel,
    Circle,
    ContactId,
    Direction,
    Interaction,
    InteractionId,
    Value,
)

__all__ = ["parse_archive_time", "parse_connected_on", "read_archive", "read_connections"]

_LABELS = {
    "name": "First Name",
    "emails": "Email Address",
    "urls": "URL",
    "organization": "Company",
    "headline": "Position",
    "created_at": "Connected On",
}
#: The columns read, by name as written here and as compared.
_FOLDED = {name: name.casefold() for name in (*_LABELS.values(), "Last Name")}
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
    first = 0
    for row in read_rows(text, sniff_delimiter(text, "first name", "last name")):
        if isinstance(row, CsvError):
            builder.issue(row.line, "", f"{row.message}; row skipped", row.raw)
            continue
        if header is None:
            found = column_index(row.cells)
            if "first name" in found and "last name" in found:
                header = found
                first = found["first name"]
            continue
        if not row.blank and not _repeats(row.cells, header, first):
            _connection(row, header, builder)
    if header is None:
        builder.issue(
            1, "", "no header row holding 'First Name' and 'Last Name' was found", text[:200]
        )
    return builder.result()


def _repeats(cells: list[str], header: dict[str, int], first: int) -> bool:
    """Whether ``cells`` are the header again (its ``First Name`` cell checked first)."""
    return (
        first < len(cells)
        and cells[first].strip().casefold() == "first name"
        and column_index(cells) == header
    )


def _connection(row: Row, header: dict[str, int], builder: ResultBuilder) -> None:
    cells = row.cells
    count = len(cells)

    def cell(name: str) -> str:
        position = header.get(_FOLDED[name])
        if position is None or position >= count:
            return ""
        return cells[position].strip()

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


_ARCHIVE_FILES = (
    "connections.csv",
    "messages.csv",
    "invitations.csv",
    "recommendations_given.csv",
    "recommendations_received.csv",
    "endorsement_given_info.csv",
    "endorsement_received_info.csv",
)
_WHEN_FORMATS = (
    "YYYY-MM-DD HH:mm:ss",
    "YYYY/MM/DD HH:mm:ss",
    "M/D/YY, h:mm A",
    "MM/DD/YY, hh:mm A",
    "M/D/YYYY, h:mm A",
    "YYYY-MM-DD",
)
_MEMBER = "linkedin member"


def parse_archive_time(text: str) -> pendulum.DateTime | None:
    """A time as the LinkedIn archive writes it (in UTC), or None when it is not one.

    >>> parse_archive_time("2026-01-01 10:00:00 UTC")
    DateTime(2026, 1, 1, 10, 0, 0, tzinfo=Timezone('UTC'))
    >>> parse_archive_time("1/8/24, 6:14 PM")
    DateTime(2024, 1, 8, 18, 14, 0, tzinfo=Timezone('UTC'))
    """
    cleaned = " ".join(text.split()).removesuffix(" UTC")
    for form in _WHEN_FORMATS:
        try:
            return pendulum.from_format(cleaned, form, tz="UTC", locale="en")
        except ValueError:
            continue
    return parse_connected_on(cleaned)


def _archive_files(path: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    if path.is_dir():
        for file in sorted(path.rglob("*")):
            name = file.name.casefold()
            if name in _ARCHIVE_FILES and file.is_file() and name not in found:
                found[name] = file.read_bytes()
        return found
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename.rsplit("/", 1)[-1].casefold()
                if name in _ARCHIVE_FILES and name not in found:
                    found[name] = archive.read(info)
    except (
        zipfile.BadZipFile,
        OSError,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        # a damaged member (zlib, EOF), a compression zipfile lacks, or a password (Runtime)
        raise ValidationError(
            "source", str(path), f"LinkedIn's export zip or its folder ({error})"
        ) from None
    return found


class _Table:
    """One CSV file of the archive, read by column name."""

    def __init__(self, name: str, text: str, needed: tuple[str, ...]) -> None:
        self.name = name
        self.rows: list[Row] = []
        self.header: dict[str, int] | None = None
        self.problems: list[tuple[int, str]] = []
        for row in read_rows(text):
            if isinstance(row, CsvError):
                self.problems.append((row.line, row.message))
                continue
            if self.header is None:
                found = column_index(row.cells)
                if all(column.casefold() in found for column in needed):
                    self.header = found
                continue
            if not row.blank:
                self.rows.append(row)

    def cell(self, row: Row, column: str) -> str:
        assert self.header is not None
        position = self.header.get(column.casefold())
        if position is None or position >= len(row.cells):
            return ""
        return row.cells[position].strip()


class _Archive(Collected):
    def __init__(self, owner: Owner) -> None:
        super().__init__(owner)
        self.by_name: dict[str, ContactId] = {}

    def issue(self, where: str, field: str, message: str) -> None:
        self.errors.append(CaptureIssue(where, field, message))

    def table(self, files: dict[str, bytes], name: str, needed: tuple[str, ...]) -> _Table | None:
        data = files.get(name.casefold())
        if data is None:
            return None
        try:
            text = decode(data)
        except ValidationError as error:
            self.issue(name, "", f"{error}; file skipped")
            return None
        table = _Table(name, text, needed)
        for line, message in table.problems:
            self.issue(f"{name} line {line}", "", f"{message}; row skipped")
        if table.header is None:
            self.issue(name, "", f"no header row with {', '.join(needed)}; file skipped")
            return None
        return table

    def person(self, url: str, name: str) -> ContactId | None:
        if not url or name.strip().casefold() == _MEMBER:
            return None
        profile = normalize_linkedin_url(url)
        if profile is None or self.owner.is_profile(profile):
            return None
        return self.people.profile(profile, name)

    def by_full_name(self, first: str, last: str) -> ContactId:
        name = " ".join(part for part in (first, last) if part)
        known = self.by_name.get(" ".join(name.casefold().split()))
        return known if known is not None else self.people.named(name)

    def add(self, key: str, build: Callable[[], Interaction], where: str) -> None:
        if key in self.seen:
            self.skipped["duplicate"] += 1
            return
        self.seen.add(key)
        try:
            self.interactions.append(build())
        except ValidationError as error:
            self.issue(where, error.field, f"{error}; row skipped")

    def connections(self, files: dict[str, bytes]) -> None:
        data = files.get("connections.csv")
        if data is None:
            return
        try:
            result = read_connections(io.BytesIO(data))
        except ValidationError as error:
            self.issue("Connections.csv", "", f"{error}; file skipped")
            return
        for problem in result.errors:
            self.issue(
                f"Connections.csv line {problem.line_or_record}", problem.field, problem.message
            )
        for contact in result.contacts:
            person = self.people.known(contact)
            self.by_name.setdefault(" ".join(contact.name.casefold().split()), person)

    def messages(self, files: dict[str, bytes]) -> None:
        table = self.table(files, "messages.csv", ("CONVERSATION ID", "FROM", "DATE"))
        if table is None:
            if "messages.csv" not in files:
                self.issue("messages.csv", "", "not in the archive; no messages read")
            return
        members: dict[str, list[ContactId]] = {}
        for row in table.rows:
            conversation = table.cell(row, "CONVERSATION ID")
            people = members.setdefault(conversation, [])
            if table.cell(row, "FOLDER").casefold() == "sponsored":
                continue
            names = [n.strip() for n in table.cell(row, "TO").split(",")]
            urls = [u.strip() for u in table.cell(row, "RECIPIENT PROFILE URLS").split(",")]
            sender = self.person(table.cell(row, "SENDER PROFILE URL"), table.cell(row, "FROM"))
            if sender is not None:
                people.append(sender)
            for position, url in enumerate(urls):
                name = names[position] if len(names) == len(urls) else ""
                found = self.person(url, name)
                if found is not None:
                    people.append(found)
        for row in table.rows:
            self.message(
                table, row, list(dict.fromkeys(members[table.cell(row, "CONVERSATION ID")]))
            )

    def message(self, table: _Table, row: Row, everyone: list[ContactId]) -> None:
        where = f"messages.csv line {row.line}"
        sender_url = table.cell(row, "SENDER PROFILE URL")
        if table.cell(row, "FOLDER").casefold() == "sponsored":
            self.skipped["sponsored"] += 1
            return
        if table.cell(row, "FROM").casefold() == _MEMBER or not sender_url:
            self.skipped["LinkedIn Member"] += 1
            return
        when = parse_archive_time(table.cell(row, "DATE"))
        if when is None:
            self.issue(where, "DATE", f"not a time: {table.cell(row, 'DATE')!r}; row skipped")
            return
        outbound = self.owner.is_profile(sender_url)
        if not everyone:
            self.skipped["nobody else"] += 1
            return
        group = len(everyone) > 1
        if outbound or group:
            people = everyone
        else:
            sender = self.person(sender_url, table.cell(row, "FROM"))
            people = [sender] if sender is not None else everyone
        conversation = table.cell(row, "CONVERSATION ID")
        summary = table.cell(row, "SUBJECT") or table.cell(row, "CONVERSATION TITLE")
        extra: dict[str, Any] = {} if outbound or not group else {"expects_reply": False}
        self.add(
            f"message {conversation} {when.isoformat()} {sender_url}",
            lambda: Interaction(
                people,
                when,
                Channel.MESSAGE,
                direction=Direction.OUTBOUND if outbound else Direction.INBOUND,
                summary=" ".join(summary.split())[:300],
                id=InteractionId(stable_id("li", conversation, when.isoformat(), sender_url)),
                **extra,
            ),
            where,
        )

    def invitations(self, files: dict[str, bytes]) -> None:
        table = self.table(files, "Invitations.csv", ("Direction", "Sent At"))
        if table is None:
            return
        for row in table.rows:
            where = f"Invitations.csv line {row.line}"
            outgoing = table.cell(row, "Direction").upper() == "OUTGOING"
            column, name = (
                ("inviteeProfileUrl", "To") if outgoing else ("inviterProfileUrl", "From")
            )
            url = table.cell(row, column)
            when = parse_archive_time(table.cell(row, "Sent At"))
            other = self.person(url, table.cell(row, name))
            if when is None or other is None:
                field = "Sent At" if when is None else column
                self.issue(where, field, "no time or no profile URL; row skipped")
                continue
            self.add(
                f"invitation {url} {when.isoformat()}",
                functools.partial(
                    Interaction,
                    [other],
                    when,
                    Channel.SOCIAL,
                    direction=Direction.OUTBOUND if outgoing else Direction.INBOUND,
                    expects_reply=False,
                    summary="Invitation to connect",
                    id=InteractionId(stable_id("li-invitation", url, when.isoformat())),
                ),
                where,
            )

    def dated_rows(
        self, files: dict[str, bytes], name: str, date: str, needed: tuple[str, ...]
    ) -> Iterator[tuple[_Table, Row, pendulum.DateTime]]:
        """The rows of the table ``name`` (with the columns ``needed``) whose column
        ``date`` is a time, each with it; a row without one is an issue and skipped."""
        table = self.table(files, name, needed)
        if table is None:
            return
        for row in table.rows:
            when = parse_archive_time(table.cell(row, date))
            if when is None:
                self.issue(f"{name} line {row.line}", date, "not a time; row skipped")
                continue
            yield table, row, when

    def recommendations(self, files: dict[str, bytes], name: str, *, given: bool) -> None:
        for table, row, when in self.dated_rows(
            files, name, "Creation Date", ("First Name", "Last Name", "Creation Date")
        ):
            person = self.by_full_name(table.cell(row, "First Name"), table.cell(row, "Last Name"))
            self.value(name, row.line, person, when, "Recommendation", given=given)

    def endorsements(self, files: dict[str, bytes], name: str, *, given: bool) -> None:
        who = "Endorsee" if given else "Endorser"
        for table, row, when in self.dated_rows(
            files, name, "Endorsement Date", ("Endorsement Date", f"{who} First Name")
        ):
            first, last = table.cell(row, f"{who} First Name"), table.cell(row, f"{who} Last Name")
            person = self.person(
                table.cell(row, f"{who} Public Url"), f"{first} {last}".strip()
            ) or self.by_full_name(first, last)
            skill = table.cell(row, "Skill Name")
            self.value(name, row.line, person, when, f"Endorsement: {skill}", given=given)

    def value(
        self,
        name: str,
        line: int,
        person: ContactId,
        when: pendulum.DateTime,
        summary: str,
        *,
        given: bool,
    ) -> None:
        key = f"{name} {person} {when.isoformat()} {summary}"
        self.add(
            key,
            lambda: Interaction(
                [person],
                when,
                Channel.SOCIAL,
                direction=Direction.OUTBOUND if given else Direction.INBOUND,
                expects_reply=False,
                gave=(Value.ENDORSEMENT,) if given else (),
                received=() if given else (Value.ENDORSEMENT,),
                summary=summary,
                id=InteractionId(stable_id("li-value", key)),
            ),
            f"{name} line {line}",
        )


def read_archive(
    source: str | Path,
    *,
    me: Iterable[str] | str | None = None,
    create: CreateMode = "contacted",
) -> CaptureResult:
    """Read LinkedIn's data archive (the export zip, or the folder it unpacks to).

    ``Connections.csv`` gives contacts (see :func:`read_connections`); ``messages.csv``
    messages, one interaction each, outbound when the sender's profile URL is yours (a
    group conversation's message is one interaction with all its other people, and
    expects no reply); ``Invitations.csv`` invitations to connect, with their
    direction; ``Recommendations_Given.csv``, ``Recommendations_Received.csv``,
    ``Endorsement_Given_Info.csv`` and ``Endorsement_Received_Info.csv`` endorsements
    given and received, for the reciprocity ledger. Messages from "LinkedIn Member"
    (a closed account) and sponsored messages are skipped and counted. Columns are
    found by header name; a file that is absent is simply absent (a missing
    ``messages.csv`` is reported). Message bodies are never read.

    ``me`` must hold your LinkedIn profile URL. Raises
    :class:`~relnet.errors.ValidationError` when it does not, or when ``source`` is
    neither a zip nor a folder holding any of these files; a row or file that cannot be
    read is reported in the result's ``errors`` and the rest read.
    """
    owner = Owner(me)
    if not owner.profiles:
        raise ValidationError("me", me, "your LinkedIn profile URL among your addresses")
    path = Path(source)
    if not path.exists():
        raise ValidationError("source", str(source), "LinkedIn's export zip or its folder")
    files = _archive_files(path)
    if not files:
        raise ValidationError(
            "source", str(source), "LinkedIn's export, holding Connections.csv or messages.csv"
        )
    archive = _Archive(owner)
    archive.connections(files)
    archive.messages(files)
    archive.invitations(files)
    archive.recommendations(files, "Recommendations_Given.csv", given=True)
    archive.recommendations(files, "Recommendations_Received.csv", given=False)
    archive.endorsements(files, "Endorsement_Given_Info.csv", given=True)
    archive.endorsements(files, "Endorsement_Received_Info.csv", given=False)
    return archive.result(create)
