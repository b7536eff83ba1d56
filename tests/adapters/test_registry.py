"""relnet.adapters.registry: plain paths as before, URLs through the ``relnet.stores``
entry points, and ``create=False`` that makes and changes nothing."""

from __future__ import annotations

import importlib.metadata
import os
import secrets
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from relnet.adapters import registry
from relnet.adapters.jsonfile import JSONFileStore
from relnet.adapters.registry import (
    MissingStoreError,
    open_path,
    open_store,
    opener,
    schemes,
    split_url,
    url_path,
)
from relnet.adapters.sqlite import SQLiteStore
from relnet.errors import StorageError, ValidationError
from relnet.model import Contact
from relnet.storage import InMemoryStore, Store


def _close(store: Store) -> None:
    close = getattr(store, "close", None)
    if callable(close):
        close()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.db", SQLiteStore),
        ("a.sqlite", SQLiteStore),
        ("a.json", JSONFileStore),
        ("A.JSON", JSONFileStore),
    ],
)
def test_a_path_opens_by_its_suffix(tmp_path: Path, name: str, kind: type[Any]) -> None:
    store = open_store(tmp_path / name)
    try:
        assert type(store) is kind
    finally:
        _close(store)
    assert type(open_store(str(tmp_path / name), create=False)) is kind


@pytest.mark.parametrize("name", ["a.db", "a.json"])
def test_without_create_a_missing_or_empty_file_is_left_alone(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(MissingStoreError, match=f"no relnet store at {path}"):
        open_path(path, create=False)
    assert not path.exists()
    path.touch()
    with pytest.raises(MissingStoreError):
        open_store(path, create=False)
    assert path.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a directory"):
        open_store(tmp_path, create=False)


def test_missing_store_error_is_a_storage_error() -> None:
    assert issubclass(MissingStoreError, StorageError)


def test_sqlite_and_json_urls_name_files(tmp_path: Path) -> None:
    sqlite_url, json_url = f"sqlite://{tmp_path}/n.db", f"json://{tmp_path}/n.db.txt"
    for url, kind in ((sqlite_url, SQLiteStore), (json_url, JSONFileStore)):
        with pytest.raises(MissingStoreError):
            open_store(url, create=False)
        store = open_store(url)
        assert type(store) is kind
        store.add_contact(Contact("Ada", id="ada"))
        _close(store)
        again = open_store(url, create=False)
        assert [c.id for c in again.contacts()] == ["ada"]
        _close(again)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == [
        "n.db",
        "n.db.txt",
    ]


def test_a_sqlite_url_may_name_a_database_in_memory() -> None:
    store = open_store("sqlite://:memory:")
    try:
        assert isinstance(store, SQLiteStore)
        assert store.path == ":memory:"
    finally:
        _close(store)


def test_urls_split_into_scheme_and_rest() -> None:
    assert split_url("SQLite:///a/b.db") == ("sqlite", "/a/b.db")
    assert split_url("c:/Users/ada/relnet.db") is None
    assert split_url("relnet.db") is None
    assert split_url("postgresql://ada@h:5432/db?schema=x") == (
        "postgresql",
        "ada@h:5432/db?schema=x",
    )
    assert url_path("sqlite://relnet.db") == Path("relnet.db")
    assert url_path("json://~/n.json") == Path("~/n.json").expanduser()
    with pytest.raises(ValidationError, match="url") as caught:
        url_path("sqlite://")
    assert caught.value.field == "url"


def test_relnets_own_schemes_are_known() -> None:
    assert {"json", "postgres", "postgresql", "sqlite"} <= set(schemes())
    assert list(schemes()) == sorted(schemes())


def test_an_unknown_scheme_names_the_known_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        open_store("mongodb://localhost/relnet")
    assert caught.value.field == "url"
    assert caught.value.value == "mongodb://localhost/relnet"
    assert f"a URL of a known scheme ({', '.join(schemes())})" in caught.value.expected


class _Points:
    """Entry points as importlib.metadata would list them, plus some of a test's own."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, **extra: str) -> None:
        real = importlib.metadata.entry_points
        points = [
            EntryPoint(name, value, registry.ENTRY_POINT_GROUP) for name, value in extra.items()
        ]

        def listed(*, group: str) -> list[EntryPoint]:
            return [*real(group=group), *points]

        monkeypatch.setattr(importlib.metadata, "entry_points", listed)


OPENED: list[tuple[str, bool]] = []


def memory_opener(url: str, *, create: bool = True) -> Store:
    """A test's store opener: an empty in-memory store, recording how it was called."""
    OPENED.append((url, create))
    if not create:
        raise MissingStoreError(f"nothing at {url}")
    return InMemoryStore()


@pytest.fixture
def opened() -> Iterator[list[tuple[str, bool]]]:
    OPENED.clear()
    yield OPENED
    OPENED.clear()


def test_a_registered_scheme_gets_the_whole_url_and_create(
    monkeypatch: pytest.MonkeyPatch, opened: list[tuple[str, bool]]
) -> None:
    _Points(monkeypatch, mem=f"{__name__}:memory_opener")
    assert "mem" in schemes()
    assert isinstance(open_store("MEM://a/b?c=d"), InMemoryStore)
    with pytest.raises(MissingStoreError):
        open_store("mem://x", create=False)
    assert opened == [("MEM://a/b?c=d", True), ("mem://x", False)]
    assert opener("mem://y") is memory_opener


def test_an_entry_point_that_cannot_load_is_a_storage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _Points(monkeypatch, broken="relnet_no_such_package:open_url")
    with pytest.raises(StorageError, match=r"the store for broken:// \(relnet_no_such_package"):
        open_store("broken://x")


def test_relnets_schemes_work_without_its_entry_points(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """From a source tree whose metadata is missing, the built-in schemes still open."""
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda *, group: [])
    assert list(schemes()) == ["json", "postgres", "postgresql", "sqlite"]
    store = open_store(f"sqlite://{tmp_path}/n.db")
    assert isinstance(store, SQLiteStore)
    _close(store)


# -- PostgreSQL -----------------------------------------------------------------------


@pytest.fixture
def postgres_dsn() -> Iterator[tuple[str, str]]:
    """The test server's DSN and a new schema name, dropped afterwards."""
    dsn = os.environ.get("RELNET_TEST_POSTGRES_DSN")
    if not dsn:
        if os.environ.get("CI"):
            pytest.fail("CI is set but RELNET_TEST_POSTGRES_DSN is not")
        pytest.skip("PostgreSQL tests need RELNET_TEST_POSTGRES_DSN")
    import psycopg

    schema = f"relnet_reg_{secrets.token_hex(6)}"
    yield dsn, schema
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                psycopg.sql.Identifier(schema)
            )
        )


def _schemas(dsn: str, schema: str) -> int:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname = %s", [schema]
        ).fetchone()
    return int(row[0]) if row else 0


@pytest.mark.postgres
def test_a_postgresql_url_opens_its_schema_and_passes_libpq_options_on(
    postgres_dsn: tuple[str, str],
) -> None:
    from relnet.adapters.postgres import PostgresStore

    dsn, schema = postgres_dsn
    url = f"{dsn}{'&' if '?' in dsn else '?'}schema={schema}&application_name=relnet-test"
    with pytest.raises(MissingStoreError, match=f"no relnet store in PostgreSQL schema {schema}"):
        open_store(url, create=False)
    assert _schemas(dsn, schema) == 0
    store = open_store(url)
    try:
        assert isinstance(store, PostgresStore)
        assert store.schema == schema
        assert store._run("SELECT current_setting('application_name') AS name").first("name") == (
            "relnet-test"
        )
        store.add_contact(Contact("Ada", id="ada"))
    finally:
        _close(store)
    again = open_store(url.replace("postgresql://", "postgres://", 1), create=False)
    try:
        assert [c.id for c in again.contacts()] == ["ada"]
    finally:
        _close(again)


def test_a_postgresql_password_stays_out_of_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_holds_relnet", lambda dsn, schema: False)
    with pytest.raises(MissingStoreError) as caught:
        open_store("postgresql://ada:s3cret@db.example.org/crm?schema=x", create=False)
    assert "s3cret" not in str(caught.value)
    assert "ada:***@db.example.org" in str(caught.value)


def test_a_postgresql_server_that_is_not_there_is_a_retryable_storage_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StorageError, match="cannot connect to PostgreSQL") as caught:
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", create=False)
    assert caught.value.retryable
