"""The network views as commands, on the demo network."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from relnet import ContactId
from relnet.cli import cli
from relnet.serialization import load_store
from tests.cli.conftest import as_json, dump, failed, ok

NOW = "2026-03-02T10:00:00+01:00"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(
        cli, ["demo", "--db", str(path), "--now", NOW, "--timezone", "Europe/Paris"]
    )
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo database that the test may change."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    return copy


def relnet(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--now", NOW, *args])


def test_paths(db: Path) -> None:
    found = as_json(relnet(db, "paths", "Tom Becker", "--json"))
    routes = [p["route"] for p in found]
    assert "you → Tom Becker" in routes
    assert "you → Hannah Okafor → Tom Becker" in routes
    direct = as_json(relnet(db, "paths", "Tom Becker", "--hops", "0", "--json"))
    assert [p["via"] for p in direct] == [[]]
    text = ok(relnet(db, "paths", "Tom Becker")).stdout
    assert text.startswith("Paths to Tom Becker\n")


def test_targets(db: Path) -> None:
    records = as_json(relnet(db, "targets", "--json"))
    assert {r["kind"] for r in records} <= {"person", "community"}
    assert "Targets" in ok(relnet(db, "targets")).stdout


def test_ledger_with_someone_and_balances(db: Path) -> None:
    book = as_json(relnet(db, "ledger", "Elena Petrova", "--json"))
    assert book["received"] == {"advice": 2, "feedback": 1}
    assert [e["flow"] for e in book["entries"]] == ["received"] * 3
    assert book["offers"]
    balances = as_json(relnet(db, "ledger", "--json"))
    elena = next(b for b in balances if b["name"] == "Elena Petrova")
    assert elena["state"] == "owe"
    text = ok(relnet(db, "ledger", "Elena")).stdout
    assert "You gave 0×, received 3×." in text
    assert "Ideas to offer:" in text


def test_mentors(db: Path) -> None:
    report = as_json(relnet(db, "mentors", "--json"))
    elena = next(m for m in report["mentors"] if m["name"] == "Elena Petrova")
    assert elena["open_loop"] is True
    assert elena["loop_due"] == "2026-02-26"
    text = ok(relnet(db, "mentors")).stdout
    assert "Overdue: Elena Petrova gave you advice on 2026-02-05" in text


def test_stages_suggest_and_apply(db: Path) -> None:
    report = as_json(relnet(db, "stages", "--json"))
    omar = next(s for s in report["suggestions"] if s["name"] == "Omar Haddad")
    assert omar["suggested"] == "dormant"
    assert all(s["changed"] for s in report["suggestions"])
    everyone = as_json(relnet(db, "stages", "--all", "--json"))["suggestions"]
    assert len(everyone) > len(report["suggestions"])
    applied = as_json(relnet(db, "stages", "--apply", "--json"))
    assert applied["applied"] is True
    assert load_store(dump(db)).get_contact(ContactId("demo-omar")).stage.value == "dormant"
    assert as_json(relnet(db, "stages", "--json"))["suggestions"] == []


def test_communities_and_community_add(db: Path) -> None:
    records = as_json(relnet(db, "communities", "--json"))
    streaming = next(r for r in records if r["community"] == "demo-streaming")
    assert streaming["members"] == 1
    added = as_json(
        relnet(db, "community", "add", "Rust London", "--kind", "meetup", "--target",
               "--member", "Marcus Chen", "--json")
    )  # fmt: skip
    assert added["target"] is True
    stored = load_store(dump(db))
    assert added["id"] in stored.get_contact(ContactId("demo-marcus")).communities


def test_events_add_log_report_and_list(db: Path) -> None:
    added = as_json(
        relnet(db, "event", "add", "Data Council", "--at", "2026-02-20 09:00",
               "--community", "London Streaming", "--location", "Austin", "--json")
    )  # fmt: skip
    assert added["community"] == "demo-streaming"
    assert added["at"].startswith("2026-02-20T09:00:00.000000+01:00")
    logged = as_json(
        relnet(db, "event", "log", "Data Council", "Marcus Chen", "Lena Fischer",
               "--received", "advice", "--json")
    )  # fmt: skip
    assert logged["channel"] == "event"
    assert logged["participants"] == ["demo-marcus", "demo-lena"]
    report = as_json(relnet(db, "event", "report", "Data Council", "--json"))
    assert {m["name"] for m in report["met"]} == {"Marcus Chen", "Lena Fischer"}
    text = ok(relnet(db, "event", "report", "Data Council")).stdout
    assert text.startswith("Data Council (2026-02-20)")
    listed = as_json(relnet(db, "event", "list", "--json"))
    assert "Data Council" in [e["name"] for e in listed]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["paths", "Nobody"], ["no contact matches"]),
        (["paths", "Tom", "--hops", "-1"], ["--hops"]),
        (["event", "report", "Data Engineering"], ["matches 2 events", "use the id"]),
        (["event", "report", "Woodstock"], ["no event matches", "relnet event list"]),
        (["event", "log", "Data Engineering Summit", "Nobody"], ["no contact matches"]),
        (["event", "add", "Party", "--at", "someday"], ["--at"]),
        (["event", "add", "Party", "--at", "today 20:00", "--community", "Nope"],
         ["no community matches", "relnet communities"]),
        (["community", "add", "Club", "--member", "Nobody"], ["no contact matches"]),
        (["ledger", "Nobody"], ["no contact matches"]),
    ],
)  # fmt: skip
def test_bad_input_changes_nothing(db: Path, args: list[str], words: list[str]) -> None:
    before = dump(db)
    failed(relnet(db, *args), *words)
    assert dump(db) == before
