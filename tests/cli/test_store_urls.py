"""``--db`` and ``$RELNET_DB`` as store URLs: opened through relnet.adapters.registry, made
only by commands that create, and an unknown scheme refused as a usage error."""

from __future__ import annotations

import gc
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from relnet.adapters.jsonfile import JSONFileStore
from relnet.adapters.registry import schemes
from relnet.adapters.sqlite import SQLiteStore
from relnet.cli import cli
from relnet.cli._collector import importing
from relnet.cli._session import CliError, Session
from relnet.model import Contact
from tests.cli.conftest import NOW, ZONE


@pytest.fixture
def relnet(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("RELNET_DB", raising=False)
    monkeypatch.setenv("TZ", ZONE)
    runner = CliRunner()

    def invoke(db: str, *args: str) -> Result:
        return runner.invoke(cli, ["--db", db, "--now", NOW, *args], catch_exceptions=False)

    return invoke


def test_a_sqlite_url_names_the_same_file_as_its_path(relnet: Any, tmp_path: Path) -> None:
    """A write command makes the file; reading commands and the plain path see it."""
    path = tmp_path / "network.db"
    url = f"sqlite://{path}"
    added = relnet(url, "add", "Ada Lovelace", "--circle", "close")
    assert added.exit_code == 0, added.stderr
    logged = relnet(url, "log", "Ada", "--channel", "meeting", "--at", "yesterday 15:00")
    assert logged.exit_code == 0, logged.stderr
    agenda = relnet(url, "agenda", "--json")
    assert agenda.exit_code == 0, agenda.stderr
    assert [i["name"] for i in json.loads(agenda.stdout)["items"]] == ["Ada Lovelace"]
    with SQLiteStore(path) as store:
        assert [c.name for c in store.contacts()] == ["Ada Lovelace"]
        assert store.get_settings().timezone == ZONE
    assert relnet(str(path), "agenda", "--json").stdout == agenda.stdout


def test_a_json_url_keeps_a_json_document_whatever_its_suffix(relnet: Any, tmp_path: Path) -> None:
    path = tmp_path / "network.db"
    assert relnet(f"json://{path}", "add", "Grace Hopper").exit_code == 0
    assert json.loads(path.read_text(encoding="utf-8"))["contacts"][0]["name"] == "Grace Hopper"
    with JSONFileStore(path) as store:
        assert [c.name for c in store.contacts()] == ["Grace Hopper"]


@pytest.mark.parametrize("scheme", ["sqlite", "json"])
def test_a_reading_command_makes_no_store_at_a_url(
    relnet: Any, tmp_path: Path, scheme: str
) -> None:
    """Missing: exit status 2, a line saying so and how to make one, and no file."""
    url = f"{scheme}://{tmp_path}/network.db"
    for command in (["agenda"], ["contacts"], ["export", "json", str(tmp_path / "out.json")]):
        done = relnet(url, *command)
        assert done.exit_code == 2, (command, done.stderr)
        assert f"no relnet store at {tmp_path}/network.db" in done.stderr
        assert f"relnet init --db {url}" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_reading_command_refuses_an_empty_file_at_a_url(relnet: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    done = relnet(f"sqlite://{empty}", "agenda")
    assert done.exit_code == 2
    assert "no relnet store at" in done.stderr
    assert empty.read_bytes() == b""


def test_init_reports_the_url_and_whether_it_made_the_store(relnet: Any, tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/network.db"
    first = relnet(url, "init", "--json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["created"] is True
    assert json.loads(first.stdout)["database"] == url
    again = relnet(url, "init", "--json")
    assert json.loads(again.stdout)["created"] is False


def test_relnet_db_may_be_a_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "network.json"
    monkeypatch.setenv("RELNET_DB", f"json://{path}")
    monkeypatch.setenv("TZ", ZONE)
    runner = CliRunner()
    added = runner.invoke(cli, ["--now", NOW, "add", "Ada Lovelace"], catch_exceptions=False)
    assert added.exit_code == 0, added.stderr
    assert path.is_file()
    people = runner.invoke(cli, ["--now", NOW, "contacts", "--json"], catch_exceptions=False)
    assert "Ada Lovelace" in people.stdout


def test_an_unknown_scheme_is_a_usage_error_listing_the_known_ones(
    relnet: Any, tmp_path: Path
) -> None:
    known = ", ".join(schemes())
    done = relnet(f"mongodb://{tmp_path}/x", "add", "Ada")
    assert done.exit_code == 2
    assert done.stdout == ""
    assert "Invalid value for '--db'" in done.stderr
    assert "unknown database scheme 'mongodb'" in done.stderr
    assert f"known schemes: {known}" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_scheme_in_relnet_db_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELNET_DB", "mongodb://localhost/relnet")
    done = CliRunner().invoke(cli, ["agenda"], catch_exceptions=False)
    assert done.exit_code == 2
    assert "unknown database scheme 'mongodb'" in done.stderr


def test_a_command_that_needs_a_file_says_so_for_a_url(relnet: Any, tmp_path: Path) -> None:
    """import json --replace rewrites a file: a store at a URL is refused, unchanged."""
    url = f"sqlite://{tmp_path}/network.db"
    assert relnet(url, "add", "Ada Lovelace").exit_code == 0
    dump = tmp_path / "dump.json"
    assert relnet(url, "export", "json", str(dump)).exit_code == 0
    done = relnet(url, "import", "json", str(dump), "--replace", "--yes")
    assert done.exit_code == 2
    assert "--replace rewrites a database file" in done.stderr


def test_a_dump_restored_into_a_new_store_at_a_url(relnet: Any, tmp_path: Path) -> None:
    source = f"sqlite://{tmp_path}/a.db"
    assert relnet(source, "add", "Ada Lovelace").exit_code == 0
    dump = tmp_path / "dump.json"
    assert relnet(source, "export", "json", str(dump)).exit_code == 0
    target = f"json://{tmp_path}/b.json"
    restored = relnet(target, "import", "json", str(dump))
    assert restored.exit_code == 0, restored.stderr
    people = relnet(target, "contacts", "--json")
    assert [p["name"] for p in json.loads(people.stdout)] == ["Ada Lovelace"]


def test_a_failed_command_removes_the_store_it_made_at_a_url(tmp_path: Path) -> None:
    """The files of a store made at a URL (FileBacked) go again when the command fails."""
    path = tmp_path / "network.db"
    state = Session(db=f"sqlite://{path}", environ={})
    with pytest.raises(RuntimeError, match="failed"), state.open(create=True) as store:
        store.add_contact(Contact("Ada Lovelace"))
        assert path.exists()
        raise RuntimeError("failed")
    assert list(tmp_path.iterdir()) == []


def test_the_collector_pauses_while_the_store_is_open_and_is_as_it_was_after(
    tmp_path: Path,
) -> None:
    state = Session(db=tmp_path / "network.db", environ={})
    assert gc.isenabled()
    with state.open(create=True):
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="failed"), state.open() as store:
        assert not gc.isenabled()
        store.add_contact(Contact("Ada Lovelace"))
        raise RuntimeError("failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with state.open():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_imports_run_without_the_collector_and_what_they_made_is_frozen() -> None:
    frozen = gc.get_freeze_count()
    try:
        with importing():
            assert not gc.isenabled()
            kept = [object() for _ in range(3)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()


def test_session_location_keeps_a_url_and_expands_a_path(tmp_path: Path) -> None:
    assert Session(db="sqlite:///srv/relnet.db", environ={}).location() == "sqlite:///srv/relnet.db"
    home = Session(db=Path("~/relnet.db"), environ={"HOME": str(tmp_path)}).location()
    assert isinstance(home, Path)
    assert home.name == "relnet.db"
    with pytest.raises(CliError, match="needs a database file"):
        Session(db="sqlite:///srv/relnet.db", environ={}).db_path()


# -- PostgreSQL -----------------------------------------------------------------------


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A postgresql:// URL naming a new schema, dropped afterwards."""
    dsn = os.environ.get("RELNET_TEST_POSTGRES_DSN")
    if not dsn:
        if os.environ.get("CI"):
            pytest.fail("CI is set but RELNET_TEST_POSTGRES_DSN is not")
        pytest.skip("PostgreSQL tests need RELNET_TEST_POSTGRES_DSN")
    import psycopg

    schema = f"relnet_url_{secrets.token_hex(6)}"
    separator = "&" if "?" in dsn else "?"
    yield f"{dsn}{separator}schema={schema}&connect_timeout=10"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                psycopg.sql.Identifier(schema)
            )
        )


def _schema_exists(dsn_url: str) -> bool:
    import psycopg

    base, _, query = dsn_url.partition("?")
    schema = dict(part.split("=", 1) for part in query.split("&"))["schema"]
    with psycopg.connect(base, autocommit=True) as conn:
        return bool(
            conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema]).fetchone()
        )


@pytest.mark.postgres
def test_a_postgresql_url_keeps_the_network_in_its_schema(relnet: Any, postgres_url: str) -> None:
    """Reading first: refused, no schema made. Then add makes it; agenda reads it."""
    missing = relnet(postgres_url, "agenda")
    assert missing.exit_code == 2
    assert "no relnet store in PostgreSQL schema relnet_url_" in missing.stderr
    assert not _schema_exists(postgres_url)
    assert relnet(postgres_url, "add", "Ada Lovelace", "--circle", "close").exit_code == 0
    logged = relnet(postgres_url, "log", "Ada", "--channel", "meeting", "--at", "yesterday 15:00")
    assert logged.exit_code == 0, logged.stderr
    agenda = relnet(postgres_url, "agenda")
    assert agenda.exit_code == 0, agenda.stderr
    assert agenda.stdout.startswith("Agenda for 2026-03-02: 1 follow-up\n")
    postgres = postgres_url.replace("postgresql://", "postgres://", 1)
    assert relnet(postgres, "agenda").stdout == agenda.stdout


@pytest.mark.parametrize(
    "url",
    [
        "mongodb://ada:s3cret@db.example.org/relnet",
        "postgresql://ada:s3cret@127.0.0.1:1/relnet?connect_timeout=2",
    ],
)
def test_a_password_in_the_url_stays_out_of_errors(relnet: Any, url: str) -> None:
    pytest.importorskip("psycopg")
    done = relnet(url, "agenda")
    assert done.exit_code == 2
    assert "s3cret" not in done.stderr
    assert done.stderr.startswith("relnet: error: ")
