"""The readers on files shaped like real exports (see tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from relnet.errors import ValidationError
from relnet.interop import merge_into
from relnet.interop.google import read_contacts
from relnet.interop.linkedin import read_connections
from relnet.interop.vcard import read_vcards
from relnet.model import Circle, MonthDay
from relnet.storage import InMemoryStore


def test_an_iphone_export_with_cr_cr_lf(data: Path) -> None:
    result = read_vcards(data / "vcard" / "iphone_crcrlf.vcf")
    chiamaka, karim = result.contacts
    assert chiamaka.emails == ("chiamaka@example.org",)
    assert chiamaka.urls == ("http://chiamaka.example",)
    assert chiamaka.notes == "Met at PyCon Africa; talk: Pipelines: what breaks"
    assert chiamaka.organization == "Lagos Data Collective"
    assert karim.birthday == MonthDay(3, 21)
    (photo,) = result.errors
    assert (photo.line_or_record, photo.field) == (1, "PHOTO")
    assert "value left out" in photo.message


def test_an_outlook_2_1_card(data: Path) -> None:
    result = read_vcards(data / "vcard" / "outlook21.vcf")
    (sofia,) = result.contacts
    assert sofia.organization == "Nordic Widgets, The"
    assert sofia.emails == ("sofia@nordic.example",)
    assert sofia.phones == ("+46 8 555 012 34",)
    assert sorted(e.field for e in result.errors) == ["ORG", "PROFILE"]


def test_an_android_junk_number_joins_nobody(data: Path) -> None:
    result = read_vcards(data / "vcard" / "android_junk_phone.vcf")
    assert len(result.contacts) == 7
    assert result.duplicates == ()
    assert all(len(c.phones) == 3 for c in result.contacts)


def test_google_s_outlook_csv(data: Path) -> None:
    result = read_contacts(data / "google" / "outlook.csv")
    mateo, number, ines = result.contacts
    assert mateo.name == "Dr. Mateo Rossi"
    assert mateo.emails == ("mateo@example.org", "m.rossi@lab.example")
    assert mateo.phones == ("+39 347 555 0199",)
    assert (mateo.organization, mateo.headline) == ("Lab, The", "Research Lead")
    assert mateo.urls == ("https://linkedin.com/in/mateo-rossi",)
    assert mateo.tags == {"Research"}
    assert mateo.notes == "Met at the EMBL course\nWants intros to data people"
    assert number.name == "+44 7700 900461"
    assert ines.tags == frozenset()
    (notice,) = result.notices
    assert "Department" in notice.message
    assert "Business City" in notice.message


def test_a_2018_linkedin_export(data: Path) -> None:
    result = read_connections(data / "linkedin" / "Connections_2018.csv")
    assert result.ok
    priya, tomas = result.contacts
    assert priya.created_at == pendulum.datetime(2018, 1, 8, tz="UTC")
    assert tomas.created_at == pendulum.datetime(2017, 12, 24, tz="UTC")
    assert [d.line_or_record for d in result.duplicates] == [7]
    assert priya.circle is Circle.ACQUAINTANCE


def test_a_linkedin_file_resaved_by_excel(data: Path) -> None:
    path = data / "linkedin" / "Connections_excel_cp1252.csv"
    with pytest.raises(ValidationError, match="line 2, byte 3 of the line"):
        read_connections(path)
    result = read_connections(path, encoding="cp1252")
    assert result.ok
    jose, zoe = result.contacts
    assert (jose.name, jose.organization) == ("José Núñez", "Café Müller, S.L.")
    assert jose.urls == ("https://linkedin.com/in/josé-núñez",)
    assert zoe.created_at == pendulum.datetime(2026, 1, 5, tz="UTC")


@pytest.mark.parametrize(
    ("reader", "path", "options"),
    [
        (read_vcards, "vcard/apple.vcf", {}),
        (read_vcards, "vcard/iphone_crcrlf.vcf", {}),
        (read_vcards, "vcard/outlook21.vcf", {}),
        (read_vcards, "vcard/android_junk_phone.vcf", {}),
        (read_vcards, "vcard/nokia21.vcf", {}),
        (read_contacts, "google/contacts.csv", {}),
        (read_contacts, "google/contacts_legacy.csv", {}),
        (read_contacts, "google/outlook.csv", {}),
        (read_connections, "linkedin/Connections.csv", {}),
        (read_connections, "linkedin/Connections_2018.csv", {}),
        (read_connections, "linkedin/Connections_excel_cp1252.csv", {"encoding": "cp1252"}),
    ],
)
def test_every_sample_imported_twice_changes_nothing(
    data: Path, reader: object, path: str, options: dict[str, str]
) -> None:
    store = InMemoryStore()
    merge_into(store, reader(data / path, **options))  # type: ignore[operator]
    before = store.contacts()
    again = merge_into(store, reader(data / path, **options))  # type: ignore[operator]
    assert again.added == again.merged == ()
    assert store.contacts() == before
