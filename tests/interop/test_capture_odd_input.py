"""The capture readers on what real files hold: odd line ends, BOMs, legacy encodings,
and any bytes at all (fuzzed): a result, or a ValidationError, never a crash."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytest.importorskip("recurring_ical_events")

from relnet.errors import ValidationError
from relnet.interop import calendar as calendar_module
from relnet.interop.calendar import read_calendar
from relnet.interop.capture import CaptureResult
from relnet.interop.linkedin import read_archive
from relnet.interop.mail import read_mail
from tests.interop.capture_archives import ME, ME_PROFILE, linkedin_files

UNTIL = dt.date(2030, 1, 1)

ICS_LINES = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    "BEGIN:VEVENT",
    "UID:lunch@example.org",
    "DTSTAMP:20240101T000000Z",
    "DTSTART:20240105T120000Z",
    "DTEND:20240105T130000Z",
    "SUMMARY:Déjeuner au café with Zoë, a long summary folded by the writer across",
    "  two lines",
    f"ORGANIZER;CN=Me:mailto:{ME}",
    "ATTENDEE;CN=Zoë Müller;PARTSTAT=ACCEPTED:mailto:zoe@example.org",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
]
ICS_FILES = {
    "crlf": "\r\n".join(ICS_LINES).encode("utf-8"),
    "lf": "\n".join(ICS_LINES).encode("utf-8"),
    "lone-cr": "\r".join(ICS_LINES).encode("utf-8"),
    "bom": b"\xef\xbb\xbf" + "\r\n".join(ICS_LINES).encode("utf-8"),
    "utf-16": "\r\n".join(ICS_LINES).encode("utf-16"),
    "windows-1252": "\r\n".join(ICS_LINES).encode("cp1252"),
    "latin-1-lf": "\n".join(ICS_LINES).encode("latin-1"),
}


def _seen(result: CaptureResult) -> tuple[object, ...]:
    return (
        result.errors,
        [(i.summary, i.at, i.channel, i.id) for i in result.interactions],
        [(c.name, c.emails) for c in result.contacts],
    )


@pytest.mark.parametrize("kind", sorted(ICS_FILES))
def test_a_calendar_reads_the_same_whatever_its_line_ends_and_encoding(
    tmp_path: Path, kind: str
) -> None:
    plain = tmp_path / "plain.ics"
    plain.write_bytes(ICS_FILES["crlf"])
    odd = tmp_path / f"{kind}.ics"
    odd.write_bytes(ICS_FILES[kind])
    expected = read_calendar(plain, me=ME, until=UNTIL)
    (lunch,) = expected.interactions
    assert (
        lunch.summary
        == "Déjeuner au café with Zoë, a long summary folded by the writer across two lines"
    )
    assert [c.name for c in expected.contacts] == ["Zoë Müller"]
    assert _seen(read_calendar(odd, me=ME, until=UNTIL)) == _seen(expected)


MAIL_LINES = [
    "From: Zoë Müller <zoe@example.org>",
    f"To: {ME}",
    "Date: Fri, 05 Jan 2024 10:00:00 +0100",
    "Subject: Déjeuner au café",
    "Message-ID: <lunch-1@example.org>",
    "",
    "The body.",
    "",
]


def _mail(end: str, encoding: str, *, mbox: bool) -> bytes:
    lines = (["From zoe@example.org Fri Jan  5 09:00:00 2024"] if mbox else []) + MAIL_LINES
    return end.join(lines).encode(encoding)


MAIL_FILES = {
    "crlf.eml": _mail("\r\n", "utf-8", mbox=False),
    "lf.eml": _mail("\n", "utf-8", mbox=False),
    "lone-cr.eml": _mail("\r", "utf-8", mbox=False),
    "bom.eml": b"\xef\xbb\xbf" + _mail("\r\n", "utf-8", mbox=False),
    "windows-1252.eml": _mail("\r\n", "cp1252", mbox=False),
    "crlf.mbox": _mail("\r\n", "utf-8", mbox=True),
    "bom.mbox": b"\xef\xbb\xbf" + _mail("\n", "utf-8", mbox=True),
    "latin-1.mbox": _mail("\n", "latin-1", mbox=True),
}


@pytest.mark.parametrize("name", sorted(MAIL_FILES))
def test_a_message_reads_the_same_whatever_its_line_ends_bom_and_raw_8_bit_headers(
    tmp_path: Path, name: str
) -> None:
    """Raw 8-bit headers break RFC 5322, but old mailers wrote Latin-1 names and
    subjects so: they are read as Windows-1252, not turned into replacement marks."""
    plain = tmp_path / "plain.mbox"
    plain.write_bytes(_mail("\n", "utf-8", mbox=True))
    odd = tmp_path / name
    odd.write_bytes(MAIL_FILES[name])
    expected = read_mail(plain, me=ME)
    (lunch,) = expected.interactions
    assert lunch.summary == "Déjeuner au café"
    assert [c.name for c in expected.contacts] == ["Zoë Müller"]
    assert _seen(read_mail(odd, me=ME)) == _seen(expected)


def test_the_first_message_of_an_mbox_that_starts_with_a_bom_is_read(tmp_path: Path) -> None:
    """mailbox sees no ``From`` line behind the BOM, and skipped the first message."""
    second = _mail("\n", "utf-8", mbox=True).replace(b"lunch-1", b"lunch-2")
    second = second.replace("Zoë Müller <zoe".encode(), b"Bob Martin <bob")
    path = tmp_path / "mail.mbox"
    path.write_bytes(b"\xef\xbb\xbf" + _mail("\n", "utf-8", mbox=True) + b"\n" + second)
    result = read_mail(path, me=ME)
    assert result.errors == ()
    assert [c.name for c in result.contacts] == ["Zoë Müller", "Bob Martin"]
    assert len(result.interactions) == 2


def _check(result: CaptureResult) -> None:
    assert isinstance(result, CaptureResult)
    for issue in result.errors:
        assert issue.where
        assert issue.message


_FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

_MAIL_PIECES = st.one_of(
    st.sampled_from(
        [
            b"From: Zo\xeb <zoe@example.org>",
            b"From: ",
            b"From: a@b.c, d@e.f",
            b"To: me@example.com",
            b"To: undisclosed-recipients:;",
            b'To: "unclosed <',
            b"Cc: ,,,",
            b"Date: Fri, 05 Jan 2024 10:00:00 +0100",
            b"Date: Fri, 99 Jan 2024 10:00:00 +9999",
            b"Date: yesterday",
            b"Subject: =?utf-8?q?=C3?=",
            b"Subject: =?x-unknown?b?AAAA?=",
            b"Message-ID: <m@x>",
            b"Message-ID:",
            b"List-Id: <\x80>",
            b"Auto-Submitted: \xff",
            b"From someone@example.org Fri Jan  5 09:00:00 2024",
            b"\xef\xbb\xbf",
            b" folded",
            b"",
        ]
    ),
    st.binary(max_size=30),
)


@_FUZZ
@given(
    pieces=st.lists(_MAIL_PIECES, max_size=12),
    end=st.sampled_from([b"\n", b"\r\n", b"\r"]),
    suffix=st.sampled_from([".eml", ".mbox"]),
)
def test_any_mail_file_gives_a_result_or_a_validation_error(
    pieces: list[bytes], end: bytes, suffix: str
) -> None:
    data = end.join(pieces)
    if suffix == ".mbox":
        data = b"From x@example.org Fri Jan  5 09:00:00 2024\n" + data
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"mail{suffix}"
        path.write_bytes(data)
        refused: ValidationError | None = None
        try:
            _check(read_mail(path, me=ME, known=lambda _: False))
        except ValidationError as error:
            refused = error
        assert refused is None or refused.field == "source"


_ICS_PIECES = st.one_of(
    st.sampled_from(
        [
            "BEGIN:VCALENDAR",
            "END:VCALENDAR",
            "BEGIN:VEVENT",
            "END:VEVENT",
            "UID:1",
            "DTSTART:20240101T100000Z",
            "DTSTART;VALUE=DATE:20240101",
            "DTSTART:x",
            "DTSTART;TZID=Nowhere/Zone:20240101T100000",
            "RRULE:FREQ=DAILY;COUNT=3",
            "RRULE:FREQ=FOO",
            "RDATE:x",
            "EXDATE:x",
            "RECURRENCE-ID:20240102T100000Z",
            "RECURRENCE-ID:x",
            f"ORGANIZER:mailto:{ME}",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.org",
            'ATTENDEE;CN="unclosed:mailto:bob@example.org',
            "STATUS:CANCELLED",
            "SUMMARY:Déjeuner",
            "DURATION:x",
            "BEGIN:VTIMEZONE",
            "END:VTIMEZONE",
            "TZOFFSETFROM:x",
            "X-WR-TIMEZONE:Nowhere",
            " folded",
        ]
    ),
    st.text(max_size=20),
)


@_FUZZ
@given(
    pieces=st.lists(_ICS_PIECES, max_size=16),
    end=st.sampled_from(["\r\n", "\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
)
def test_any_calendar_file_gives_a_result(pieces: list[str], end: str, encoding: str) -> None:
    data = end.join(pieces).encode(encoding, "replace")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calendar.ics"
        path.write_bytes(data)
        _check(read_calendar(path, me=ME, until=UNTIL))


@_FUZZ
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_calendar_give_a_result(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calendar.ics"
        path.write_bytes(data)
        _check(read_calendar(path, me=ME, until=UNTIL))


_HEADERS = {
    "messages.csv": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
    "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER",
    "Invitations.csv": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    "Recommendations_Given.csv": "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
    "Endorsement_Received_Info.csv": "Endorsement Date,Skill Name,Endorser First Name,"
    "Endorser Last Name,Endorser Public Url,Endorsement Status",
    "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
}
_CELLS = st.one_of(
    st.text(max_size=15),
    st.sampled_from(
        [
            "",
            ME_PROFILE,
            "https://www.linkedin.com/in/ada",
            f"https://www.linkedin.com/in/ada,{ME_PROFILE}",
            "http://[::1",
            "2024-01-01 10:00:00 UTC",
            "1/8/24, 6:14 PM",
            "OUTGOING",
            "INCOMING",
            "LinkedIn Member",
            "SPONSORED",
            "Zoë Müller",
        ]
    ),
)


@_FUZZ
@given(
    name=st.sampled_from(sorted(_HEADERS)),
    rows=st.lists(st.lists(_CELLS, max_size=11), max_size=5),
    end=st.sampled_from(["\r\n", "\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_any_linkedin_archive_file_gives_a_result(
    name: str, rows: list[list[str]], end: str, encoding: str
) -> None:
    out = io.StringIO()
    out.write(_HEADERS[name] + end)
    csv.writer(out, lineterminator=end).writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(out.getvalue().encode(encoding, "replace"))
        _check(read_archive(folder, me=ME_PROFILE))


@_FUZZ
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_linkedin_zip_give_a_validation_error_or_a_result(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Basic_LinkedInDataExport.zip"
        path.write_bytes(data)
        refused: ValidationError | None = None
        try:
            _check(read_archive(path, me=ME_PROFILE))
        except ValidationError as error:
            refused = error
        assert refused is None or refused.field == "source"


def _zipped_archive() -> bytes:
    """The archive deflated, as LinkedIn and every desktop zip tool write it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in linkedin_files().items():
            archive.writestr(name, data)
    return out.getvalue()


_ZIPPED = _zipped_archive()


@_FUZZ
@given(at=st.integers(0, len(_ZIPPED) - 1), mask=st.integers(1, 255))
def test_a_damaged_linkedin_zip_gives_a_validation_error_or_a_result(at: int, mask: int) -> None:
    """A flipped byte in a member's compressed data made zlib raise through the reader,
    and one in its flags asked for a password (RuntimeError)."""
    damaged = bytearray(_ZIPPED)
    damaged[at] ^= mask
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        path.write_bytes(bytes(damaged))
        refused: ValidationError | None = None
        try:
            _check(read_archive(path, me=ME_PROFILE))
        except ValidationError as error:
            refused = error
        assert refused is None or refused.field == "source"


def test_a_rule_repeating_every_second_is_cut_at_the_occurrence_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between 2024 and 2030 this rule has 190 million occurrences: reading them all
    took the reader's time and memory without end."""
    monkeypatch.setattr(calendar_module, "MAX_OCCURRENCES", 100)
    path = tmp_path / "storm.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:storm@example.org\r\n"
        "DTSTART:20240101T100000Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Storm\r\n"
        f"ORGANIZER:mailto:{ME}\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.org\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        newline="",
    )
    result = read_calendar(path, me=ME, until=UNTIL)
    assert len(result.interactions) == 100
    assert result.interactions[-1].at == dt.datetime(2024, 1, 1, 10, 1, 39, tzinfo=dt.UTC)
    (issue,) = result.errors
    assert (issue.where, issue.field) == ("storm.ics UID storm@example.org", "RRULE")
    assert "more than 100 occurrences before 2030-01-01" in issue.message


@_FUZZ
@given(
    frequency=st.sampled_from(["HOURLY", "MINUTELY", "DAILY;BYHOUR=9,17"]),
    interval=st.integers(1, 90),
    count=st.integers(1, 60),
    since_hours=st.integers(-48, 200),
    span_hours=st.integers(1, 400),
)
# Through the spring gap: the 02:30 start does not exist in Paris on 2024-03-31.
@example(frequency="HOURLY", interval=1, count=5, since_hours=0, span_hours=4)
def test_a_frequent_rule_walked_in_order_gives_the_occurrences_between_the_bounds(
    frequency: str, interval: int, count: int, since_hours: int, span_hours: int
) -> None:
    """Rules that repeat more than daily are walked in order (to stop at the limit):
    they give the occurrences the plain search between ``since`` and ``until`` gives."""
    import icalendar
    import recurring_ical_events

    first = dt.datetime(2024, 3, 30, 22, 30, tzinfo=dt.UTC)
    since = first + dt.timedelta(hours=since_hours)
    until = since + dt.timedelta(hours=span_hours)
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:often@example.org\r\n"
        "DTSTART;TZID=Europe/Paris:20240330T233000\r\n"
        f"RRULE:FREQ={frequency};INTERVAL={interval};COUNT={count}\r\n"
        f"SUMMARY:Often\r\nORGANIZER:mailto:{ME}\r\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.org\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    # An hourly start in the spring gap (02:30 on 2024-03-31 in Paris) is read as the
    # standard library reads it, at the instant of the next hour's start; the capture
    # keeps each instant of a series once. Instants are compared in UTC: two times of
    # one zone compare by their wall clocks.
    expected = sorted(
        {
            occurrence["DTSTART"].dt.astimezone(dt.UTC)
            for occurrence in recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(
                since, until
            )
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "often.ics"
        path.write_text(text, newline="")
        result = read_calendar(path, me=ME, since=since, until=until)
    assert result.errors == ()
    assert sorted(i.at.astimezone(dt.UTC) for i in result.interactions) == expected
