"""The readers on input real users hand them: long cells, odd line ends and encodings."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest

from relnet.interop.google import read_contacts
from relnet.interop.linkedin import read_connections


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
