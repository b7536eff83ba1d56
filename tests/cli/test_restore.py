"""``relnet import json``: a dump merged back by id, or in place of everything."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from relnet.cli import cli
from relnet.serialization import dump_store, load_store
from tests.cli.conftest import NOW, Run, as_json, dump, failed, ok


def test_load_store_takes_text_a_path_or_a_file(tmp_path: Path) -> None:
    from relnet.storage import InMemoryStore

    source = InMemoryStore()
    text = dump_store(source)
    file = tmp_path / "dump.json"
    file.write_text(text, encoding="utf-8")
    for given in (text, text.encode(), file, io.StringIO(text), io.BytesIO(text.encode())):
        assert dump_store(load_store(given)) == text
    with pytest.raises(FileNotFoundError):
        load_store(tmp_path / "missing.json")


def test_export_then_import_restores_what_was_changed(
    run: Run, network: dict[str, str], db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    ok(run("export", "json", str(backup)))
    ok(run("edit", "Grace", "--org", "Navy"))
    ok(run("forget", "Alan", "--yes"))
    ok(run("add", "Zed Shaw"))
    report = as_json(run("import", "json", str(backup), "--json"))
    assert report["added"]["contacts"] == 1
    assert report["updated"]["contacts"] == 1
    assert report["unchanged"]["contacts"] == 2
    assert report["unchanged"]["interactions"] == 1
    people = {c["name"]: c for c in as_json(run("contacts", "--json"))}
    assert set(people) == {"Ada Lovelace", "Ada Yonath", "Grace Hopper", "Alan Turing", "Zed Shaw"}
    assert people["Grace Hopper"]["organization"] is None
    again = ok(run("import", "json", str(backup))).stdout
    assert again.startswith("Merged backup.json: 0 added, 0 updated, 6 unchanged.")


def test_dry_run_counts_and_writes_nothing(
    run: Run, network: dict[str, str], db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    ok(run("export", "json", str(backup)))
    ok(run("edit", "Grace", "--org", "Navy"))
    before = dump(db)
    text = ok(run("import", "json", str(backup), "--dry-run")).stdout
    assert text.startswith("Would merge backup.json: 0 added, 1 updated, 5 unchanged.")
    replacing = ok(run("import", "json", str(backup), "--replace", "--dry-run")).stdout
    assert replacing.startswith("Would replace 4 contacts, 1 interaction, 1 commitment with")
    assert dump(db) == before


def test_replace_asks_then_replaces_everything(
    run: Run, network: dict[str, str], db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    ok(run("export", "json", str(backup)))
    expected = dump(db)
    ok(run("add", "Zed Shaw"))
    ok(run("goal", "add", "Chats", "--target", "3", "--channel", "meeting"))
    ok(run("init", "--capacity", "9"))
    changed = dump(db)
    refused = run("import", "json", str(backup), "--replace", input="n\n")
    assert refused.exit_code == 2
    assert "not confirmed" in refused.stderr
    assert dump(db) == changed
    done = run("import", "json", str(backup), "--replace", input="y\n")
    assert done.exit_code == 0, done.stderr
    assert "Restored backup.json: 4 contacts" in done.stdout
    assert dump(db) == expected
    ok(run("add", "Zed Shaw"))
    ok(run("import", "json", str(backup), "--replace", "--yes"))
    assert dump(db) == expected


def test_import_into_a_new_database_takes_the_dump_whole(
    run: Run, network: dict[str, str], db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    ok(run("export", "json", str(backup)))
    expected = dump(db)
    other = tmp_path / "other.db"
    ok(run("--db", str(other), "import", "json", str(backup)))
    assert dump(other) == expected


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json", ["is not a relnet JSON document", "valid JSON"]),
        ('{"relnet": 99}', ["is not a relnet JSON document", "relnet"]),
        ('{"relnet": 1, "contacts": [{"name": ""}]}', ["contacts[0]"]),
    ],
)
def test_a_bad_dump_changes_nothing(
    run: Run, network: dict[str, str], db: Path, tmp_path: Path, content: str, words: list[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    before = dump(db)
    failed(run("import", "json", str(bad)), *words)
    failed(run("import", "json", str(bad), "--replace", "--yes"), *words)
    assert dump(db) == before


def test_replace_and_yes_belong_to_json(run: Run, network: dict[str, str], tmp_path: Path) -> None:
    file = tmp_path / "x.vcf"
    file.write_text("", encoding="utf-8")
    failed(run("import", "vcard", str(file), "--replace"), "for 'relnet import json' only")


def test_an_empty_file_is_not_made_a_database(run: Run, db: Path) -> None:
    db.write_bytes(b"")
    for command in (["contacts"], ["agenda"], ["health"], ["show", "Ada"]):
        failed(run(*command), "is an empty file, not a relnet database", "relnet init")
        assert db.read_bytes() == b""
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]
    ok(run("init", "--timezone", "Europe/Paris"))
    assert load_store(dump(db)).get_settings().timezone == "Europe/Paris"


def test_a_json_database_is_replaced_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    runner = CliRunner()
    db = tmp_path / "network.json"
    backup = tmp_path / "backup.json"

    def run(*args: str) -> Any:
        return runner.invoke(cli, ["--db", str(db), "--now", NOW, *args], catch_exceptions=False)

    assert run("init", "--timezone", "Europe/Paris").exit_code == 0
    assert run("add", "Ada Lovelace").exit_code == 0
    assert run("export", "json", str(backup)).exit_code == 0
    expected = dump(db)
    assert run("add", "Zed Shaw").exit_code == 0
    done = run("import", "json", str(backup), "--replace", "--yes")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("Restored backup.json: 1 contact (replacing 2 contacts).")
    assert dump(db) == expected
