"""``relnet import`` options, ``relnet duplicates`` and ``relnet merge``."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from tests.cli.conftest import Run, as_json, dump, failed, ok

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROWS = 'Ada,Lovelace,,,Engines,Poet,"1/8/18, 6:14 PM"\nAlan,Turing,,,,,5-Jan-26\n'


def _contacts(run: Run) -> dict[str, dict[str, object]]:
    return {c["name"]: c for c in as_json(run("contacts", "--json"))}


def test_importing_twice_adds_nobody_and_imports_are_acquaintances(
    run: Run, db: Path, tmp_path: Path
) -> None:
    source = tmp_path / "Connections.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    first = as_json(run("import", "linkedin", str(source), "--json"))
    assert len(first["added"]) == 2
    before = dump(db)
    again = as_json(run("import", "linkedin", str(source), "--json"))
    assert (again["added"], again["merged"], len(again["unchanged"])) == ([], [], 2)
    assert dump(db) == before
    people = _contacts(run)
    assert people["Ada Lovelace"]["circle"] == "acquaintance"
    assert people["Ada Lovelace"]["cadence"] is None


def test_circle_cadence_tags_and_encoding(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "Connections.csv"
    source.write_bytes((HEADER + "José,Núñez,,,Café,,23-Apr-23\n").encode("cp1252"))
    message = failed(run("import", "linkedin", str(source)), "line 2", "byte 3", "encoding")
    assert "cp1252" in message
    ok(
        run(
            "import",
            "linkedin",
            str(source),
            "--encoding",
            "cp1252",
            "--circle",
            "network",
            "--cadence",
            "every 6 months",
            "--tag",
            "conference",
            "--tag",
            "2023",
        )
    )
    jose = _contacts(run)["José Núñez"]
    assert jose["circle"] == "network"
    assert jose["cadence"] is not None
    assert sorted(cast(list[str], jose["tags"])) == ["2023", "conference"]


def test_ignored_columns_are_named(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "contacts.csv"
    source.write_text("First Name,Last Name,Shoe Size\nAda,Lovelace,38\n", encoding="utf-8")
    result = ok(run("import", "google", str(source)))
    assert "Shoe Size" in result.stdout
    report = as_json(run("import", "google", str(source), "--json"))
    assert "Shoe Size" in report["notices"][0]["message"]


def test_duplicates_then_merge(run: Run) -> None:
    ok(run("add", "Ada Lovelace", "--email", "ada@example.org"))
    ok(run("add", "Augusta Ada King", "--email", "ADA@example.org"))
    ok(run("add", "Alan Turing"))
    (group,) = as_json(run("duplicates", "--json"))
    assert [c["name"] for c in group["contacts"]] == ["Ada Lovelace", "Augusta Ada King"] or [
        c["name"] for c in group["contacts"]
    ] == ["Augusta Ada King", "Ada Lovelace"]
    assert group["confidence"] == 1.0
    assert "relnet merge" in ok(run("duplicates")).stdout
    merged = as_json(run("merge", "Ada Lovelace", "Augusta Ada King", "--json"))
    assert merged["aliases"] == ["Augusta Ada King"]
    assert "No duplicates" in ok(run("duplicates")).stdout
    assert sorted(_contacts(run)) == ["Ada Lovelace", "Alan Turing"]


def test_merging_someone_into_themselves_is_refused(run: Run) -> None:
    ok(run("add", "Ada Lovelace"))
    failed(run("merge", "Ada Lovelace", "Ada Lovelace"), "both kept and merged")


def test_sync_vdir(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "contacts"
    ok(run("add", "Ada Lovelace", "--email", "ada@example.org"))
    first = as_json(run("sync", "vdir", str(folder), "--json"))
    assert len(first["written"]) == 1
    (folder / "karim.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:karim\r\nFN:Karim Haddad\r\nEND:VCARD\r\n"
    )
    result = ok(run("sync", "vdir", str(folder)))
    assert "1 added" in result.stdout
    assert sorted(_contacts(run)) == ["Ada Lovelace", "Karim Haddad"]


def test_sync_vdir_where_no_folder_can_be_made(run: Run, tmp_path: Path, db: Path) -> None:
    ok(run("add", "Ada Lovelace"))
    before = dump(db)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    failed(
        run("sync", "vdir", str(blocker / "contacts")),
        f"FOLDER '{blocker / 'contacts'}': expected a folder",
    )
    failed(run("sync", "vdir", "/dev/null"), "FOLDER '/dev/null': expected a folder")
    failed(run("sync", "vdir", ""), "Invalid value for 'FOLDER'", "got ''")
    assert dump(db) == before


def test_sync_vdir_into_a_database_that_cannot_open_makes_no_folder(
    run: Run, tmp_path: Path, db: Path
) -> None:
    db.write_text("not a database", encoding="utf-8")
    folder = tmp_path / "contacts"
    result = run("sync", "vdir", str(folder))
    assert result.exit_code == 2
    assert not folder.exists()
