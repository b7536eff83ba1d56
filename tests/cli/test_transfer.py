"""``relnet import`` and ``relnet export``: files in and out, whole or not at all."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from relnet import ContactId
from relnet.cli import transfer
from relnet.serialization import load_store
from tests.cli.conftest import Run, as_json, dump, failed, ok

LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Linus,Torvalds,https://www.linkedin.com/in/linus,,Linux Foundation,Fellow,05 Oct 2023\n"
    'Guido,van Rossum,https://www.linkedin.com/in/guido,,Microsoft,"Engineer, Python",3 Jan 2024\n'
    ",,https://www.linkedin.com/in/nobody,,,,\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@example.org,Analytical,Poet,15 Mar 2024\n"
    "Margaret,Hamilton,https://www.linkedin.com/in/mh,not-an-email,NASA,Director,1 Feb 2024\n"
)

GOOGLE = (
    "First Name,Middle Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Organization Name,Birthday\n"
    "Barbara,,Liskov,* myContacts ::: Friends,Work,barbara@example.org,Mobile,+1 555 0100,"
    "MIT,--11-07\n"
    "Ken,,Thompson,* myContacts,Home,ken@example.org,,,Google,1943-02-04\n"
)

VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Radia Perlman\r\nN:Perlman;Radia;;;\r\n"
    "EMAIL;TYPE=INTERNET:radia@example.org\r\nORG:Dell\r\nBDAY:1951-12-18\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Donald Knuth\r\nN:Knuth;Donald;;;\r\nEND:VCARD\r\n"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "linkedin": tmp_path / "Connections.csv",
        "google": tmp_path / "contacts.csv",
        "vcard": tmp_path / "contacts.vcf",
    }
    paths["linkedin"].write_text(LINKEDIN, encoding="utf-8")
    paths["google"].write_text(GOOGLE, encoding="utf-8")
    paths["vcard"].write_text(VCARDS, encoding="utf-8")
    return paths


def test_import_linkedin_adds_merges_and_reports(
    run: Run, network: dict[str, str], files: dict[str, Path], db: Path
) -> None:
    report = as_json(run("import", "linkedin", str(files["linkedin"]), "--json"))
    assert report["read"] == 4
    assert len(report["added"]) == 3
    assert report["merged"] == [network["Ada"]]  # matched on ada@example.org
    assert [r["line"] for r in report["rejected"]] == [7]
    assert [(w["line"], w["field"]) for w in report["warnings"]] == [(9, "Email Address")]
    stored = load_store(dump(db))
    names = {c.name for c in stored.contacts()}
    assert {"Linus Torvalds", "Guido van Rossum", "Margaret Hamilton"} <= names
    guido = next(c for c in stored.contacts() if c.name == "Guido van Rossum")
    assert guido.headline == "Engineer, Python"
    assert "linkedin" in guido.tags
    ada = stored.get_contact(ContactId(network["Ada"]))
    assert any(url.endswith("linkedin.com/in/ada") for url in ada.urls)


def test_import_text_summary(run: Run, network: dict[str, str], files: dict[str, Path]) -> None:
    out = ok(run("import", "linkedin", str(files["linkedin"]))).stdout
    lines = out.splitlines()
    assert lines[0] == (
        "Imported Connections.csv (LinkedIn connections): 4 people — 3 added, 1 merged, "
        "0 unchanged; 1 rejected (line 7)."
    )
    assert any(
        line.strip().startswith("line 7, First Name: no first or last name") for line in lines
    )
    assert any("line 9, Email Address: not an email address" in line for line in lines)


def test_importing_twice_changes_nothing_the_second_time(
    run: Run, network: dict[str, str], files: dict[str, Path]
) -> None:
    ok(run("import", "linkedin", str(files["linkedin"])))
    again = as_json(run("import", "linkedin", str(files["linkedin"]), "--json"))
    assert again["added"] == []
    assert again["merged"] == []
    assert len(again["unchanged"]) == 4


def test_import_google_and_vcard(
    run: Run, network: dict[str, str], files: dict[str, Path], db: Path
) -> None:
    google = as_json(run("import", "google", str(files["google"]), "--tag", "gmail", "--json"))
    assert len(google["added"]) == 2
    cards = as_json(run("import", "vcard", str(files["vcard"]), "--json"))
    assert len(cards["added"]) == 2
    stored = load_store(dump(db))
    barbara = next(c for c in stored.contacts() if c.name == "Barbara Liskov")
    assert "gmail" in barbara.tags
    assert str(barbara.birthday) == "--11-07"
    radia = next(c for c in stored.contacts() if c.name == "Radia Perlman")
    assert radia.emails == ("radia@example.org",)


def test_import_into_a_new_database(run: Run, files: dict[str, Path], db: Path) -> None:
    ok(run("import", "vcard", str(files["vcard"])))
    assert len(load_store(dump(db)).contacts()) == 2


def test_dry_run_writes_nothing(
    run: Run, network: dict[str, str], files: dict[str, Path], db: Path
) -> None:
    before = dump(db)
    report = as_json(run("import", "linkedin", str(files["linkedin"]), "--dry-run", "--json"))
    assert report["read"] == 4
    assert (len(report["added"]), len(report["merged"])) == (3, 1)
    text = ok(run("import", "linkedin", str(files["linkedin"]), "--dry-run")).stdout
    assert "would add 3, merge 1, leave 0 unchanged; nothing written" in text
    assert (
        "nothing written" in ok(run("import", "google", str(files["google"]), "--dry-run")).stdout
    )
    assert dump(db) == before
    done = as_json(run("import", "linkedin", str(files["linkedin"]), "--json"))
    assert (len(done["added"]), len(done["merged"])) == (3, 1)


def test_dry_run_without_a_database_makes_none(run: Run, files: dict[str, Path], db: Path) -> None:
    text = ok(run("import", "vcard", str(files["vcard"]), "--dry-run")).stdout
    assert "would add 2" in text
    assert not db.exists()


def test_strict_imports_nothing_when_a_row_is_bad(
    run: Run, network: dict[str, str], files: dict[str, Path], db: Path
) -> None:
    before = dump(db)
    failed(run("import", "linkedin", str(files["linkedin"]), "--strict"), "--strict", "line 7")
    assert dump(db) == before


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("linkedin", "hello,world\n1,2\n"),
        ("linkedin", ""),
        ("google", "Something,Else\nx,y\n"),
        ("vcard", "this is not a vCard\n"),
    ],
)
def test_a_malformed_file_is_an_error_and_writes_nothing(
    run: Run, network: dict[str, str], db: Path, tmp_path: Path, kind: str, content: str
) -> None:
    source = tmp_path / "bad.txt"
    source.write_text(content, encoding="utf-8")
    before = dump(db)
    failed(run("import", kind, str(source)), str(source), "could be read")
    assert dump(db) == before


def test_binary_garbage_is_refused(
    run: Run, network: dict[str, str], db: Path, tmp_path: Path
) -> None:
    source = tmp_path / "photo.csv"
    source.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x80\x81\x82")
    before = dump(db)
    failed(run("import", "linkedin", str(source)))
    assert dump(db) == before


def test_export_json_is_the_store_document(
    run: Run, network: dict[str, str], db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "backup.json"
    report = as_json(run("export", "json", str(target), "--json"))
    assert report["count"] == 4
    assert target.read_text(encoding="utf-8").rstrip("\n") == dump(db)
    assert len(load_store(target.read_text(encoding="utf-8")).contacts()) == 4


def test_export_to_standard_output(run: Run, network: dict[str, str], db: Path) -> None:
    result = ok(run("export", "json", "-"))
    assert json.loads(result.stdout)["relnet"] == 2


def test_export_vcard_round_trips_through_import(
    run: Run, network: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "out.vcf"
    assert ok(run("export", "vcard", str(target))).stdout == f"Wrote 4 contacts to {target}.\n"
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 4
    assert "Ada Lovelace" in text
    again = as_json(run("import", "vcard", str(target), "--json"))
    assert again["added"] == []


def test_export_csv_contacts_and_follow_ups(
    run: Run, network: dict[str, str], tmp_path: Path
) -> None:
    people = tmp_path / "people.csv"
    ok(run("export", "csv", str(people), "--tag", "python"))
    rows = list(csv.DictReader(io.StringIO(people.read_text(encoding="utf-8"))))
    assert {r["name"] for r in rows} == {"Ada Lovelace", "Grace Hopper"}
    follow = tmp_path / "follow.csv"
    ok(run("export", "csv", str(follow), "--follow-ups", "--agenda"))
    items = list(csv.DictReader(io.StringIO(follow.read_text(encoding="utf-8"))))
    assert [(i["name"], i["reason"]) for i in items] == [("Ada Lovelace", "keep_in_touch")]


def test_export_ics(run: Run, network: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "relnet.ics"
    ok(run("export", "ics", str(target)))
    data = target.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR")
    assert data.count(b"BEGIN:VEVENT") == len(as_json(run("agenda", "--all", "--json"))["items"])
    ok(run("export", "ics", str(target), "--agenda"))
    assert target.read_bytes().count(b"BEGIN:VEVENT") == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["vcard", "--follow-ups"], "--follow-ups does not apply to 'relnet export vcard'"),
        (["json", "--follow-ups"], "--follow-ups does not apply to 'relnet export json'"),
        (
            ["csv", "--agenda"],
            "--agenda does not apply to 'relnet export csv' without --follow-ups",
        ),
        (["vcard", "--agenda"], "--agenda does not apply to 'relnet export vcard'"),
        (["json", "--agenda"], "--agenda does not apply to 'relnet export json'"),
        (["ics", "--tag", "python"], "--tag does not apply to 'relnet export ics'"),
        (["json", "--tag", "python"], "--tag does not apply to 'relnet export json'"),
        (
            ["csv", "--follow-ups", "--tag", "python"],
            "--tag does not apply to 'relnet export csv --follow-ups'",
        ),
    ],
)
def test_an_export_option_that_would_do_nothing_is_refused(
    run: Run, network: dict[str, str], tmp_path: Path, args: list[str], words: str
) -> None:
    target = tmp_path / "out"
    failed(run("export", args[0], str(target), *args[1:]), words)
    assert not target.exists()


def test_an_export_to_an_empty_file_name_is_refused(
    run: Run, network: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    failed(run("export", "csv", ""), "Invalid value for 'FILE'", "got ''")
    failed(run("export", "csv", " "), "Invalid value for 'FILE'", "got ' '")
    assert list(tmp_path.iterdir()) == [tmp_path / "relnet.db"]


def test_import_on_a_terminal_shows_progress_and_the_same_summary(
    run: Run, network: dict[str, str], files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setattr(transfer, "CHUNK", 1)
    result = run("import", "linkedin", str(files["linkedin"]))
    assert result.exit_code == 0, result.stderr
    assert "3 added, 1 merged" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_missing_extra_is_named(
    run: Run, network: dict[str, str], files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(kind: str) -> object:
        raise ImportError("vCard support needs vobject: pip install 'relnet[vcard]'")

    monkeypatch.setattr(transfer, "_reader", missing)
    result = run("import", "vcard", str(files["vcard"]))
    assert result.exit_code == 2
    assert result.stderr == (
        "relnet: error: vCard support needs vobject: pip install 'relnet[vcard]'\n"
    )
