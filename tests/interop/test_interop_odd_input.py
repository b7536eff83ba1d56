"""The readers on input real users hand them: long cells, odd line ends and encodings."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest

from relnet import InMemoryStore
from relnet.interop.google import read_contacts
from relnet.interop.linkedin import read_connections
from relnet.interop.vcard import read_vcards
from relnet.interop.vdir import sync


@pytest.fixture
def default_field_limit() -> Iterator[None]:
    """The csv module's default field limit, whatever an earlier test raised it to."""
    before = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(before)


@pytest.mark.usefixtures("default_field_limit")
def test_a_note_longer_than_the_csv_module_s_field_limit_is_read_whole() -> None:
    note = "Met at the conference.\r\n" * 8_000  # 192,000 characters, line breaks inside
    text = (
        "First Name,Last Name,Notes,E-mail 1 - Value\r\n"
        f'Ada,Lovelace,"{note}",ada@example.org\r\n'
        "Bob,Martin,short,bob@example.org\r\n"
    )
    result = read_contacts(io.StringIO(text))
    assert result.errors == ()
    assert [c.name for c in result.contacts] == ["Ada Lovelace", "Bob Martin"]
    assert result.contacts[0].notes == note.replace("\r\n", "\n").strip()


@pytest.mark.usefixtures("default_field_limit")
def test_a_long_cell_in_a_linkedin_file_joins_no_one_else() -> None:
    position = "Engineer " * 20_000
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        f'Ada,Lovelace,https://www.linkedin.com/in/ada,,Acme,"{position}",15 Mar 2024\r\n'
        "Bob,Martin,https://www.linkedin.com/in/bob,,Acme,CTO,16 Mar 2024\r\n"
    )
    result = read_connections(io.StringIO(text))
    assert result.errors == ()
    assert [c.name for c in result.contacts] == ["Ada Lovelace", "Bob Martin"]


GOOGLE_ROWS = [
    "First Name,Last Name,Notes,E-mail 1 - Value,Labels",
    'Zoë,Müller,"line one\r\nline two, with comma ""quoted""",zoe@example.org,'
    "* myContacts ::: Friends",
    "Bob,Martin,,bob@example.org,",
]


def _google(end: str, encoding: str = "utf-8", *, bom: bytes = b"", separator: str = ",") -> bytes:
    rows = [row.replace("\r\n", end) for row in GOOGLE_ROWS]
    if separator != ",":
        rows = [
            row.replace(",", separator).replace(f"line two{separator}", "line two,") for row in rows
        ]
    return bom + (end.join(rows) + end).encode(encoding)


GOOGLE_FILES: dict[str, tuple[bytes, dict[str, Any]]] = {
    "excel-utf8-bom-crlf": (_google("\r\n", bom=b"\xef\xbb\xbf"), {}),
    "lf": (_google("\n"), {}),
    "lone-cr": (_google("\r"), {}),
    "utf-16": (_google("\r\n", "utf-16"), {}),
    "excel-windows-1252-semicolons": (
        _google("\r\n", "cp1252", separator=";"),
        {"encoding": "cp1252"},
    ),
}


@pytest.mark.parametrize("kind", sorted(GOOGLE_FILES))
def test_a_google_csv_reads_the_same_whatever_excel_or_the_line_ends_made_of_it(
    kind: str,
) -> None:
    data, options = GOOGLE_FILES[kind]
    result = read_contacts(io.BytesIO(data), **options)
    assert result.errors == ()
    assert [(c.name, c.emails, c.notes, c.tags) for c in result.contacts] == [
        (
            "Zoë Müller",
            ("zoe@example.org",),
            'line one\nline two, with comma "quoted"',
            {"Friends"},
        ),
        ("Bob Martin", ("bob@example.org",), "", frozenset()),
    ]


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "lone-cr"])
def test_a_linkedin_file_reads_the_same_whatever_its_line_ends(end: str) -> None:
    rows = [
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        'Zoë,Müller,https://www.linkedin.com/in/zoe,,"Acme, Inc.",CTO,15 Mar 2024',
        "Bob,Martin,https://www.linkedin.com/in/bob,,Acme,CEO,16 Mar 2024",
    ]
    result = read_connections(io.BytesIO(b"\xef\xbb\xbf" + end.join(rows).encode("utf-8")))
    assert result.errors == ()
    assert [(c.name, c.organization) for c in result.contacts] == [
        ("Zoë Müller", "Acme, Inc."),
        ("Bob Martin", "Acme"),
    ]


CARD = [
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:Zoë Müller",
    "N:Müller;Zoë;;;",
    "EMAIL;TYPE=INTERNET:zoe@example.org",
    "NOTE:Met at the café\\, in Zürich",
    "END:VCARD",
    "",
]
CARD_FILES: dict[str, tuple[bytes, dict[str, Any]]] = {
    "crlf": ("\r\n".join(CARD).encode("utf-8"), {}),
    "lf": ("\n".join(CARD).encode("utf-8"), {}),
    "lone-cr": ("\r".join(CARD).encode("utf-8"), {}),
    "bom": (b"\xef\xbb\xbf" + "\r\n".join(CARD).encode("utf-8"), {}),
    "utf-16": ("\r\n".join(CARD).encode("utf-16"), {}),
    "windows-1252": ("\r\n".join(CARD).encode("cp1252"), {"encoding": "cp1252"}),
}


@pytest.mark.parametrize("kind", sorted(CARD_FILES))
def test_a_vcard_reads_the_same_whatever_its_line_ends_and_encoding(kind: str) -> None:
    data, options = CARD_FILES[kind]
    result = read_vcards(io.BytesIO(data), **options)
    assert result.errors == ()
    assert [(c.name, c.emails, c.notes) for c in result.contacts] == [
        ("Zoë Müller", ("zoe@example.org",), "Met at the café, in Zürich")
    ]


def test_a_card_that_is_not_utf8_in_a_vdir_is_reported_and_the_rest_synced(
    tmp_path: Path,
) -> None:
    latin = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Müller\r\nEND:VCARD\r\n".encode("latin-1")
    (tmp_path / "zoe.vcf").write_bytes(latin)
    (tmp_path / "bob.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Martin\r\nEMAIL:bob@example.org\r\nEND:VCARD\r\n"
    )
    store = InMemoryStore()
    report = sync(store, tmp_path, now=pendulum.datetime(2026, 3, 2, 9))
    (error,) = report.errors
    assert error.field == "zoe.vcf"
    assert "byte 0xeb at line 3" in error.message
    assert [c.name for c in store.contacts()] == ["Bob Martin"]
    assert (tmp_path / "zoe.vcf").read_bytes() == latin
