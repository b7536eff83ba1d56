"""Reading LinkedIn's Connections.csv."""

from __future__ import annotations

import io
from pathlib import Path

import pendulum
import pytest

from relnet.interop.linkedin import parse_connected_on, read_connections


def test_reads_the_current_export_with_preamble_bom_and_crlf(data: Path) -> None:
    result = read_connections(data / "linkedin" / "Connections.csv")
    names = [c.name for c in result.contacts]
    assert names == [
        "Ada Lovelace",
        "Grace Hopper",
        "Alan Turing",
        "José García Márquez",
        "Katherine Johnson",
        "Margaret Hamilton",
    ]
    ada = result.contacts[0]
    assert ada.organization == "Analytical Engines, Ltd"  # a quoted comma
    assert ada.headline == "Countess, Mathematician"
    assert ada.urls == ("https://linkedin.com/in/ada-lovelace",)
    assert ada.emails == ()
    assert ada.tags == frozenset({"linkedin"})
    assert ada.created_at == pendulum.datetime(2024, 3, 15, tz="UTC")
    assert ada.created_at.timezone_name == "UTC"
    # The header is on line 4 (after "Notes:", the notice and a blank line).
    assert result.origins[0] == 5


def test_profile_urls_are_normalised(data: Path) -> None:
    result = read_connections(data / "linkedin" / "Connections.csv")
    urls = {c.name: c.urls for c in result.contacts}
    assert urls["Grace Hopper"] == ("https://linkedin.com/in/gracehopper",)
    assert urls["Alan Turing"] == ("https://linkedin.com/in/alan-turing",)
    assert urls["José García Márquez"] == ("https://linkedin.com/in/josé-garcía",)


def test_bad_rows_are_reported_by_line_and_good_ones_kept(data: Path) -> None:
    result = read_connections(data / "linkedin" / "Connections.csv")
    problems = {(e.line_or_record, e.field) for e in result.errors}
    assert problems == {(10, "First Name"), (11, "Connected On")}
    nameless = next(e for e in result.errors if e.line_or_record == 10)
    assert "skipped" in nameless.message
    assert "unknown-member" in nameless.raw
    margaret = next(c for c in result.contacts if c.name == "Margaret Hamilton")
    assert margaret.created_at is None
    assert margaret.organization == "Hamilton Technologies"


def test_a_person_listed_twice_is_one_contact(data: Path) -> None:
    result = read_connections(data / "linkedin" / "Connections.csv")
    assert [c.name for c in result.contacts].count("Grace Hopper") == 1
    (duplicate,) = result.duplicates
    assert duplicate.line_or_record == 12
    assert duplicate.duplicate_of == 6
    assert duplicate.matched_on == "url https://linkedin.com/in/gracehopper"
    grace = next(c for c in result.contacts if c.name == "Grace Hopper")
    assert grace.emails == ("grace@navy.example",)


def test_paths_text_files_and_binary_files_read_the_same(data: Path) -> None:
    path = data / "linkedin" / "Connections.csv"
    by_path = read_connections(str(path))
    with path.open("rb") as binary:
        by_bytes = read_connections(binary)
    with path.open(encoding="utf-8-sig", newline="") as text:
        by_text = read_connections(text)
    for other in (by_bytes, by_text):
        assert [c.name for c in other.contacts] == [c.name for c in by_path.contacts]
        assert [c.urls for c in other.contacts] == [c.urls for c in by_path.contacts]
        assert other.errors == by_path.errors


def test_older_exports_without_url_position_or_date(data: Path) -> None:
    result = read_connections(data / "linkedin" / "Connections_2019.csv")
    assert result.ok
    knuth = result.contacts[2]
    assert knuth.name == "Donald Knuth"
    assert knuth.organization == "Stanford, CS Department"
    assert knuth.emails == ("knuth@stanford.example",)
    assert knuth.headline is None
    assert knuth.created_at is None
    assert knuth.urls == ()


def test_a_shortened_preamble(data: Path) -> None:
    result = read_connections(data / "linkedin" / "Connections_short_preamble.csv")
    assert [c.name for c in result.contacts] == ["Frances Allen"]
    assert result.origins == (3,)


def test_no_preamble_and_columns_in_another_order() -> None:
    text = "Company,Last Name,First Name\r\nACME,Doe,Jane\r\n"
    result = read_connections(io.StringIO(text))
    (jane,) = result.contacts
    assert (jane.name, jane.organization) == ("Jane Doe", "ACME")


def test_a_file_without_header_is_one_error() -> None:
    result = read_connections(io.StringIO("Name,Email\nAda,ada@example.org\n"))
    assert result.contacts == ()
    (issue,) = result.errors
    assert "First Name" in issue.message


def test_the_tag_can_be_changed_or_dropped() -> None:
    text = "First Name,Last Name\nAda,Lovelace\n"
    assert read_connections(io.StringIO(text), tag="work").contacts[0].tags == {"work"}
    assert read_connections(io.StringIO(text), tag=None).contacts[0].tags == frozenset()


def test_extra_cells_are_reported_and_the_row_kept() -> None:
    text = "First Name,Last Name,Company\nAda,Lovelace,Analytical,Engines\n"
    result = read_connections(io.StringIO(text))
    assert [c.organization for c in result.contacts] == ["Analytical"]
    assert "4 cells for 3 columns" in result.errors[0].message


def test_a_bad_url_or_email_is_left_out() -> None:
    text = (
        "First Name,Last Name,URL,Email Address\n"
        "Ada,Lovelace,https://example.org/ada,not an email\n"
    )
    result = read_connections(io.StringIO(text))
    (ada,) = result.contacts
    assert (ada.urls, ada.emails) == ((), ())
    assert {e.field for e in result.errors} == {"URL", "Email Address"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 Mar 2024", (2024, 3, 15)),
        ("05 Oct 2023", (2023, 10, 5)),
        ("3 Jan 2024", (2024, 1, 3)),
        ("3 JAN 2024", (2024, 1, 3)),
        ("2024-03-15", (2024, 3, 15)),
        ("29 Feb 2024", (2024, 2, 29)),
    ],
)
def test_connected_on_is_midnight_utc(text: str, expected: tuple[int, int, int]) -> None:
    assert parse_connected_on(text) == pendulum.datetime(*expected, tz="UTC")


@pytest.mark.parametrize("text", ["", "Yesterday", "29 Feb 2023", "15 Mär 2024", "15/03/2024"])
def test_unreadable_dates_are_none(text: str) -> None:
    assert parse_connected_on(text) is None


def test_a_repeated_header_is_not_a_person() -> None:
    text = "First Name,Last Name\nAda,Lovelace\nFirst Name,Last Name\nGrace,Hopper\n"
    result = read_connections(io.StringIO(text))
    assert [c.name for c in result.contacts] == ["Ada Lovelace", "Grace Hopper"]
    assert result.ok
