"""Reading Google Contacts CSV exports, current and older headers."""

from __future__ import annotations

import io
from pathlib import Path

import pendulum

from relnet.interop.google import read_contacts
from relnet.model import MonthDay


def test_current_header(data: Path) -> None:
    result = read_contacts(data / "google" / "contacts.csv")
    ada = result.contacts[0]
    assert ada.name == "Ada Lovelace"
    assert ada.emails == ("ada@example.org", "ada.lovelace@engines.example")
    assert ada.organization == "Analytical Engines, Ltd"
    assert ada.headline == "Countess"
    assert ada.birthday == pendulum.date(1815, 12, 10)
    assert ada.urls == ("https://linkedin.com/in/ada-lovelace",)
    assert ada.notes.startswith("Met at the Babbage salon.\nFollow up about")
    assert '"Note G"' in ada.notes


def test_several_values_in_a_cell_are_all_kept(data: Path) -> None:
    result = read_contacts(data / "google" / "contacts.csv")
    grace = next(c for c in result.contacts if "Hopper" in c.name)
    assert grace.name == "Rear Admiral Grace Brewster Hopper"
    assert grace.phones == ("+1 202-555-0100", "+1 202-555-0101")


def test_year_less_birthdays_are_month_days(data: Path) -> None:
    result = read_contacts(data / "google" / "contacts.csv")
    grace = next(c for c in result.contacts if "Hopper" in c.name)
    assert grace.birthday == MonthDay(12, 9)


def test_labels_become_tags_without_my_contacts(data: Path) -> None:
    result = read_contacts(data / "google" / "contacts.csv")
    tags = {c.name: c.tags for c in result.contacts}
    assert tags["Ada Lovelace"] == {"Mathematicians", "Poets", "starred"}
    assert tags["Rear Admiral Grace Brewster Hopper"] == {"Navy"}
    assert tags["Bletchley Park Trust"] == frozenset()


def test_a_contact_without_a_name_is_named_after_its_organization(data: Path) -> None:
    result = read_contacts(data / "google" / "contacts.csv")
    trust = next(c for c in result.contacts if c.emails == ("info@bletchley.example",))
    assert trust.name == "Bletchley Park Trust"


def test_bad_values_are_left_out_and_empty_rows_skipped(data: Path) -> None:
    result = read_contacts(data / "google" / "contacts.csv")
    problems = {(e.line_or_record, e.field) for e in result.errors}
    assert problems == {(7, "E-mail"), (7, "Birthday"), (8, "Name")}
    babbage = next(c for c in result.contacts if c.name == "Charles Babbage")
    assert (babbage.emails, babbage.birthday) == ((), None)


def test_the_same_person_twice_is_merged(data: Path) -> None:
    result = read_contacts(data / "google" / "contacts.csv")
    (duplicate,) = result.duplicates
    assert (duplicate.line_or_record, duplicate.duplicate_of) == (9, 2)
    assert duplicate.matched_on == "email ada@example.org"
    ada = result.contacts[0]
    assert ada.name == "Ada Lovelace"
    assert ada.phones == ("+44 20 7946 0958", "+44 20 7946 0999")
    assert "Poets" in ada.tags


def test_older_header_in_utf16(data: Path) -> None:
    result = read_contacts(data / "google" / "contacts_legacy.csv")
    assert result.ok
    alan, joan = result.contacts
    assert alan.name == "Alan Turing"
    assert alan.organization == "University of Manchester"
    assert alan.headline == "Reader"
    assert alan.tags == {"Cryptanalysts", "friends"}
    assert alan.phones == ("0044 161 555 0199",)
    assert alan.notes == "Enigma work.\nMorphogenesis paper."
    assert joan.name == "Joan Clarke"  # from Given Name and Family Name
    assert joan.birthday == MonthDay(6, 24)


def test_text_without_bom_and_with_lf() -> None:
    text = "First Name,Last Name,E-mail 1 - Value,Labels\nAda,Lovelace,ada@example.org,Friends\n"
    (ada,) = read_contacts(io.StringIO(text), tag="google").contacts
    assert ada.tags == {"Friends", "google"}
    assert ada.emails == ("ada@example.org",)


def test_a_file_that_is_not_a_google_export() -> None:
    result = read_contacts(io.StringIO("foo,bar\n1,2\n"))
    assert result.contacts == ()
    assert "not a Google Contacts header" in result.errors[0].message


def test_an_empty_file() -> None:
    result = read_contacts(io.BytesIO(b""))
    assert result.contacts == ()
    assert result.errors[0].message == "the file holds no header row"
