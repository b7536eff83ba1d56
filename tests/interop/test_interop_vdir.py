"""Two-way sync with a vdir, on its own and with vdirsyncer and khard."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pendulum
import pytest

from relnet import Contact, InMemoryStore
from relnet.adapters.sqlite import SQLiteStore
from relnet.errors import ValidationError
from relnet.interop.vdir import sync
from relnet.model import Circle, ContactId, ContactStatus

NOW = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
KARIM = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nN:Haddad;Karim;;;\r\nFN:Karim Haddad\r\n"
    "TEL;TYPE=CELL:+33 6 55 55 01 23\r\nADR;TYPE=HOME:;;1 Rue X;Paris;;75001;France\r\n"
    "item1.X-ABLabel:custom\r\nEND:VCARD\r\n"
)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "contacts"
    made.mkdir()
    return made


def test_each_contact_gets_a_card_and_a_second_sync_changes_nothing(folder: Path) -> None:
    store = InMemoryStore()
    store.add_contact(Contact("Ada Lovelace", id="ada", emails=("ada@example.org",)))
    store.add_contact(Contact("Gone", id="gone", status="archived"))
    report = sync(store, folder, now=NOW)
    assert report.written == ("ada.vcf",)
    assert b"UID:ada" in (folder / "ada.vcf").read_bytes()
    files, contacts = _files(folder), store.contacts()
    again = sync(store, folder, now=NOW)
    assert (again.added, again.updated, again.written) == ((), (), ())
    assert _files(folder) == files
    assert store.contacts() == contacts


def test_a_new_card_becomes_a_contact_and_is_left_as_written(folder: Path) -> None:
    (folder / "phone-1.vcf").write_text(KARIM, encoding="utf-8", newline="")
    store = InMemoryStore()
    report = sync(store, folder, now=NOW)
    assert report.added == ("phone-1",)
    karim = store.get_contact(ContactId("phone-1"))
    assert (karim.name, karim.phones, karim.circle) == (
        "Karim Haddad",
        ("+33 6 55 55 01 23",),
        Circle.ACQUAINTANCE,
    )
    assert karim.created_at == NOW
    assert (folder / "phone-1.vcf").read_bytes() == KARIM.encode()


def test_a_new_card_of_someone_known_completes_them(folder: Path) -> None:
    store = InMemoryStore()
    store.add_contact(Contact("Karim", id="karim", phones=("+33 6 55 55 01 23",)))
    (folder / "phone-1.vcf").write_text(KARIM, encoding="utf-8", newline="")
    report = sync(store, folder, now=NOW)
    assert report.added == ()
    assert [c.id for c in store.contacts()] == ["karim"]
    assert report.written == ("phone-1.vcf",)
    assert b"ADR;TYPE=HOME" in (folder / "phone-1.vcf").read_bytes()


def test_changes_flow_both_ways_keeping_what_relnet_does_not_model(folder: Path) -> None:
    (folder / "phone-1.vcf").write_text(KARIM, encoding="utf-8", newline="")
    store = InMemoryStore()
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    sync(store, folder, now=NOW)
    card = folder / "phone-1.vcf"
    card.write_bytes(card.read_bytes().replace(b"FN:Karim Haddad", b"FN:Karim Haddad-Benali"))
    ada = store.get_contact(ContactId("ada"))
    store.update_contact(attrs.evolve(ada, organization="Analytical Engines"))
    report = sync(store, folder, now=NOW)
    assert report.updated == ("phone-1",)
    assert report.written == ("ada.vcf",)
    assert store.get_contact(ContactId("phone-1")).name == "Karim Haddad-Benali"
    assert b"ORG:Analytical Engines" in (folder / "ada.vcf").read_bytes()
    karim = store.get_contact(ContactId("phone-1"))
    store.update_contact(attrs.evolve(karim, headline="Chef"))
    sync(store, folder, now=NOW)
    written = card.read_bytes()
    for kept in (
        b"ADR;TYPE=HOME:;;1 Rue X",
        b"X-ABLABEL:custom",
        b"TEL;TYPE=CELL:",
        b"UID:phone-1",
    ):
        assert kept in written
    assert b"TITLE:Chef" in written
    assert sorted(_files(folder)) == ["ada.vcf", "phone-1.vcf"]  # no .tmp left


def test_both_sides_changed_lists_are_united_and_the_card_wins(folder: Path) -> None:
    (folder / "phone-1.vcf").write_text(KARIM, encoding="utf-8", newline="")
    store = InMemoryStore()
    sync(store, folder, now=NOW)
    karim = store.get_contact(ContactId("phone-1"))
    store.update_contact(
        attrs.evolve(karim, emails=("karim@example.org",), headline="Cook", organization="Bistro")
    )
    card = folder / "phone-1.vcf"
    card.write_bytes(card.read_bytes().replace(b"END:VCARD", b"TITLE:Chef\r\nEND:VCARD"))
    report = sync(store, folder, now=NOW)
    assert report.conflicts == ("phone-1",)
    merged = store.get_contact(ContactId("phone-1"))
    assert (merged.headline, merged.organization, merged.emails) == (
        "Chef",
        "Bistro",
        ("karim@example.org",),
    )
    assert b"EMAIL;TYPE=INTERNET:karim@example.org" in card.read_bytes()
    assert sync(store, folder, now=NOW).written == ()


def test_a_deleted_card_archives_its_contact(folder: Path) -> None:
    store = InMemoryStore()
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    sync(store, folder, now=NOW)
    (folder / "ada.vcf").unlink()
    report = sync(store, folder, now=NOW)
    assert report.archived == ("ada",)
    assert store.get_contact(ContactId("ada")).status is ContactStatus.ARCHIVED
    assert sync(store, folder, now=NOW).written == ()


def test_an_unreadable_card_is_reported_and_left_alone(folder: Path) -> None:
    (folder / "junk.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n")
    report = sync(InMemoryStore(), folder, now=NOW)
    (error,) = report.errors
    assert error.field == "junk.vcf"
    assert (folder / "junk.vcf").read_bytes() == b"BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"


def test_a_naive_now_and_a_missing_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="now"):
        sync(InMemoryStore(), tmp_path, now=NOW.naive())
    with pytest.raises(NotADirectoryError):
        sync(InMemoryStore(), tmp_path / "nowhere", now=NOW)


def test_the_sync_state_lives_in_the_store(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "relnet.db"
    with SQLiteStore(path) as store:
        store.add_contact(Contact("Ada Lovelace", id="ada"))
        sync(store, folder, now=NOW)
    with SQLiteStore(path) as store:
        report = sync(store, folder, now=NOW)
        assert (report.added, report.written) == ((), ())


# -- with the tools that use vdirs --------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name, path=os.path.dirname(sys.executable)) or shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (pip install {name})")
        pytest.skip(f"{name} is not installed")
    return found


def test_vdirsyncer_and_khard_see_what_relnet_writes(tmp_path: Path) -> None:
    vdirsyncer, khard = _tool("vdirsyncer"), _tool("khard")
    mine, server, status = tmp_path / "relnet", tmp_path / "server", tmp_path / "status"
    for made in (mine, server, status):
        made.mkdir()
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(
        f'[general]\nstatus_path = "{status}/"\n\n'
        '[pair contacts]\na = "mine"\nb = "server"\ncollections = null\n\n'
        f'[storage mine]\ntype = "filesystem"\npath = "{mine}/"\nfileext = ".vcf"\n\n'
        f'[storage server]\ntype = "filesystem"\npath = "{server}/"\nfileext = ".vcf"\n',
        encoding="utf-8",
    )

    def vds(*args: str) -> None:
        subprocess.run(
            [vdirsyncer, "-c", str(config), *args],
            check=True,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )

    store = InMemoryStore()
    store.add_contact(Contact("Ada Lovelace", id="ada", emails=("ada@example.org",)))
    sync(store, mine, now=NOW)
    (server / "phone-1.vcf").write_text(KARIM, encoding="utf-8", newline="")
    vds("discover")
    vds("sync")
    assert sorted(p.name for p in server.iterdir()) == ["ada.vcf", "phone-1.vcf"]
    assert sync(store, mine, now=NOW).added == ("phone-1",)
    ada = store.get_contact(ContactId("ada"))
    store.update_contact(attrs.evolve(ada, organization="Analytical Engines"))
    assert sync(store, mine, now=NOW).written == ("ada.vcf",)
    vds("sync")
    assert b"ORG:Analytical Engines" in (server / "ada.vcf").read_bytes()
    card = server / "phone-1.vcf"
    edited = card.read_bytes().replace(b"FN:Karim Haddad", b"FN:Karim Haddad-Benali")
    card.write_bytes(edited.replace(b"N:Haddad;", b"N:Haddad-Benali;"))
    vds("sync")
    assert sync(store, mine, now=NOW).updated == ("phone-1",)
    assert store.get_contact(ContactId("phone-1")).name == "Karim Haddad-Benali"

    khard_config = tmp_path / "khard.conf"
    khard_config.write_text(
        f"[addressbooks]\n[[relnet]]\npath = {mine}/\n\n"
        "[general]\ndefault_action = list\neditor = /bin/true\nmerge_editor = /bin/true\n",
        encoding="utf-8",
    )
    listed = subprocess.run(
        [khard, "-c", str(khard_config), "list"],
        check=True,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    ).stdout
    assert "Ada Lovelace" in listed
    assert "Karim Haddad-Benali" in listed
    assert "ada@example.org" in listed
