"""``relnet import`` of a contacts file imported before: the store's memo answers it,
with what reading and merging again would print."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from relnet import services
from relnet.adapters.sqlite import SQLiteStore
from tests.cli.conftest import Run, as_json, ok

ROWS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Linus,Torvalds,https://www.linkedin.com/in/linus,,Linux,Maintainer,05 Oct 2023\n"
    "Guido,van Rossum,,,Python,BDFL,3 Jan 2024\n"
    "Guido,van Rossum,,,Python,BDFL,3 Jan 2024\n"
    "Ada,Lovelace,,ada@example.org,Engines,Analyst,bad date\n"
)


def _memo(db: Path) -> str | None:
    with SQLiteStore(db) as store:
        return store.import_memo()


def _forget_memo(db: Path) -> None:
    with SQLiteStore(db) as store:
        store.remember_import(None)


def _twin(db: Path, tmp_path: Path) -> Path:
    """A copy of the database without its memo: it reads and merges the file again."""
    twin = tmp_path / "twin.db"
    with sqlite3.connect(db) as source, sqlite3.connect(twin) as target:
        source.backup(target)
    _forget_memo(twin)
    return twin


def _no_merge(*args: object, **kwargs: object) -> None:
    raise AssertionError("the memo should have answered")


def _import(run: Run, db: Path, source: Path, *extra: str) -> str:
    """``relnet import linkedin`` into ``db`` (the last ``--db`` given is the one used)."""
    result = run("--db", str(db), "import", "linkedin", str(source), *extra, "--json")
    return ok(result).stdout


def test_a_file_imported_again_prints_what_reading_it_again_prints(
    run: Run, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "Connections.csv"
    source.write_text(ROWS, encoding="utf-8")
    first = as_json(ok(run("import", "linkedin", str(source), "--json")))
    assert len(first["added"]) == 3
    assert first["rejected"] or first["warnings"]
    assert _memo(db) is not None
    twin = _twin(db, tmp_path)
    read_again = _import(run, twin, source)
    with monkeypatch.context() as patched:
        # The memo answers: nothing is matched or merged.
        patched.setattr(services, "merge_with_state", _no_merge)
        remembered = _import(run, db, source)
    assert remembered == read_again
    assert not as_json_text(remembered)["added"]
    assert len(as_json_text(remembered)["unchanged"]) == 3


def test_a_contact_edited_since_makes_the_import_read_the_file_again(
    run: Run, db: Path, tmp_path: Path
) -> None:
    source = tmp_path / "Connections.csv"
    source.write_text(ROWS, encoding="utf-8")
    ok(run("import", "linkedin", str(source), "--json"))
    ok(run("edit", "Linus Torvalds", "--org", "Kernel"))
    twin = _twin(db, tmp_path)
    assert _import(run, db, source) == _import(run, twin, source)


def test_other_options_are_another_import(run: Run, db: Path, tmp_path: Path) -> None:
    source = tmp_path / "Connections.csv"
    source.write_text(ROWS, encoding="utf-8")
    ok(run("import", "linkedin", str(source), "--json"))
    twin = _twin(db, tmp_path)
    tagged = _import(run, db, source, "--tag", "conf")
    assert tagged == _import(run, twin, source, "--tag", "conf")
    assert as_json_text(tagged)["merged"]


def as_json_text(text: str) -> dict[str, Any]:
    value = json.loads(text)
    assert isinstance(value, dict)
    return value
