"""Files written by the release before dismissals (SQLite schema version 4, JSON
document version 1, kept under ``tests/data/release``) open, migrate and keep
everything, and then keep dismissals."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pendulum

from relnet import Dismissal, InMemoryStore, Settings
from relnet.adapters.jsonfile import JSONFileStore
from relnet.adapters.sql import MIGRATIONS
from relnet.adapters.sqlite import SQLiteStore
from relnet.model import summarize
from relnet.serialization import DOCUMENT_VERSION, dump_store, load_store
from relnet.storage import Store
from relnet.synth import network
from relnet.testing import snapshot

RELEASE = Path(__file__).resolve().parents[1] / "data" / "release"
SQLITE_V4 = RELEASE / "network-v4.sqlite"
JSON_V1 = RELEASE / "network-v1.json"
NOW = pendulum.datetime(2026, 1, 15, 9, tz="Europe/London")
DISMISSED = pendulum.datetime(2026, 1, 15, 10, 30, 0, 250000, tz="Asia/Kathmandu")


def written_then() -> InMemoryStore:
    """The network the fixture files hold, as that release wrote it (the same
    synthetic network, settings included)."""
    net = network(
        24,
        160,
        seed=13,
        start=pendulum.datetime(2025, 1, 1, tz="Europe/London"),
        end=pendulum.datetime(2026, 1, 1, tz="Europe/London"),
    )
    store = net.to_store()
    store.set_settings(Settings(timezone="Europe/London", daily_capacity=7))
    return store


def check_everything_kept(store: Store) -> None:
    """Every record, listing and touch summary of the release's network, no dismissal."""
    expected = written_then()
    assert snapshot(store) == snapshot(expected)
    assert list(store.dismissals()) == []
    assert len(store.contacts()) == 24
    assert len(store.interactions()) == 160
    history = store.interactions()
    summaries = getattr(store, "touch_summaries", None)
    if summaries is not None:
        assert summaries(now=NOW) == summarize(
            history, now=NOW, contacts=[c.id for c in store.contacts()]
        )


def dismissal_of(store: Store) -> Dismissal:
    first = store.contacts()[0]
    return Dismissal(first.id, "keep_in_touch", "never", DISMISSED)


def test_the_fixtures_are_today_s_release_files() -> None:
    """The SQLite file is at schema version 4 without a dismissals table; the JSON
    document is version 1 without dismissals."""
    conn = sqlite3.connect(SQLITE_V4)
    try:
        assert conn.execute("SELECT version FROM schema_version").fetchone() == (4,)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert "dismissals" not in tables
        assert "contacts" in tables
    finally:
        conn.close()
    document = json.loads(JSON_V1.read_text(encoding="utf-8"))
    assert document["relnet"] == 1
    assert "dismissals" not in document


def test_a_version_4_sqlite_file_migrates_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "network.sqlite"
    shutil.copyfile(SQLITE_V4, path)
    with SQLiteStore(path) as store:
        version = store._run("SELECT version FROM schema_version").first("version")
        assert version == len(MIGRATIONS) >= 5
        check_everything_kept(store)
        kept = store.add_dismissal(dismissal_of(store))
    with SQLiteStore(path) as again:
        assert list(again.dismissals()) == [kept]
        assert again.dismissals()[0].at.timezone_name == "Asia/Kathmandu"
        again.forget(kept.contact)
        assert list(again.dismissals()) == []


def test_a_version_1_json_document_migrates_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "network.json"
    shutil.copyfile(JSON_V1, path)
    with JSONFileStore(path) as store:
        check_everything_kept(store)
    # Opening upgraded the file, which now says so and holds no dismissal yet.
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["relnet"] == DOCUMENT_VERSION == 2
    assert document["dismissals"] == []
    with JSONFileStore(path) as store:
        check_everything_kept(store)
        kept = store.add_dismissal(dismissal_of(store))
    with JSONFileStore(path) as again:
        assert list(again.dismissals()) == [kept]
    assert json.loads(path.read_text(encoding="utf-8"))["dismissals"][0]["anchor"] == "never"


def test_a_version_1_document_loads_with_no_dismissals() -> None:
    loaded = load_store(JSON_V1.read_text(encoding="utf-8"))
    check_everything_kept(loaded)
    again = load_store(dump_store(loaded))
    assert snapshot(again) == snapshot(loaded)


def test_the_two_release_files_hold_the_same_network(tmp_path: Path) -> None:
    """Both fixtures came from one network: migrated, they list the same records."""
    sqlite_path, json_path = tmp_path / "n.sqlite", tmp_path / "n.json"
    shutil.copyfile(SQLITE_V4, sqlite_path)
    shutil.copyfile(JSON_V1, json_path)
    with SQLiteStore(sqlite_path) as one, JSONFileStore(json_path) as other:
        assert snapshot(one) == snapshot(other)
