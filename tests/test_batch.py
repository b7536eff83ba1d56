"""A batch of agendas: many networks in worker processes, streamed, going on past a
failed network. On SQLite files in a folder, and on PostgreSQL schemas when
``RELNET_TEST_POSTGRES_DSN`` names a server."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pendulum
import pytest

from relnet import Engine, InMemoryStore, NotFoundError, Settings, StorageError, ValidationError
from relnet.adapters.sqlite import SQLiteStore
from relnet.batch import (
    AgendaResult,
    BatchError,
    PostgresSchemas,
    SQLiteFiles,
    agendas,
    postgres_networks,
    sqlite_networks,
)
from relnet.records import json_schema
from relnet.storage import Store
from relnet.synth import SyntheticNetwork, network

START = pendulum.datetime(2025, 6, 1, tz="Europe/London")
END = pendulum.datetime(2026, 3, 2, 7, tz="UTC")
DSN_VARIABLE = "RELNET_TEST_POSTGRES_DSN"


def networks(count: int) -> dict[str, SyntheticNetwork]:
    """Small networks by id, each different."""
    return {
        f"user{n}": network(30 + n, 200 + 10 * n, seed=n, start=START, end=END)
        for n in range(count)
    }


def expected(net: SyntheticNetwork) -> list[dict[str, Any]]:
    """The network's agenda computed in memory, as records."""
    return Engine().agenda(net.to_store(), now=END).to_records()


BATCH_RESULT = jsonschema.Draft202012Validator(json_schema("batch_result"))


def by_network(results: Iterator[AgendaResult]) -> dict[str, AgendaResult]:
    found: dict[str, AgendaResult] = {}
    for result in results:
        BATCH_RESULT.validate(result.to_record())
        assert result.network not in found, "each network is reported once"
        assert (result.agenda is None) != (result.error is None)
        found[result.network] = result
    return found


@pytest.fixture(scope="module")
def nets() -> dict[str, SyntheticNetwork]:
    return networks(4)


@pytest.fixture
def folder(tmp_path: Path, nets: dict[str, SyntheticNetwork]) -> Path:
    """A folder of SQLite files, one per network, and a damaged one."""
    for name, net in nets.items():
        with SQLiteStore(tmp_path / f"{name}.db") as store:
            net.load_into(store)
    (tmp_path / "damaged.db").write_bytes(b"not a database, " * 64)
    (tmp_path / "notes.txt").write_text("not a network\n")
    return tmp_path


def test_sqlite_files_in_worker_processes(folder: Path, nets: dict[str, SyntheticNetwork]) -> None:
    names = sqlite_networks(folder)
    assert names == ["damaged", "user0", "user1", "user2", "user3"]
    found = by_network(agendas(SQLiteFiles(folder), [*names, "missing"], now=END, workers=2))
    assert set(found) == {*names, "missing"}
    for name, net in nets.items():
        result = found[name]
        assert result.ok, result.error
        assert result.agenda is not None
        assert result.agenda.to_records() == expected(net)
        assert result.to_record()["agenda"]["items"] == expected(net)
    assert isinstance(found["damaged"].error, StorageError)
    missing = found["missing"].error
    assert isinstance(missing, NotFoundError)
    assert (missing.kind, missing.id) == ("network", "missing")
    assert found["missing"].to_record()["error"]["error"] == "not_found"
    assert not (folder / "missing.db").exists(), "a missing network is not created"


def test_in_process_and_in_workers_agree(folder: Path) -> None:
    names = sqlite_networks(folder)
    inline = by_network(agendas(SQLiteFiles(folder), names, now=END, workers=0))
    pooled = by_network(agendas(SQLiteFiles(folder), names, now=END, workers=3))
    assert {n: r.to_record() for n, r in inline.items()} == {
        n: r.to_record() for n, r in pooled.items()
    }


def in_memory(name: str) -> Store:
    """Networks built in the worker; some fail in ways that do not pickle, or kill it."""
    if name == "unpicklable":
        raise UnpicklableError(lambda: None)
    if name == "dies":
        os._exit(3)
    if name == "broken":
        raise LookupError(f"no network {name!r}")
    number = int(name.removeprefix("user"))
    return network(20, 100, seed=number, start=START, end=END).to_store()


class UnpicklableError(Exception):
    def __init__(self, what: Any) -> None:
        super().__init__("holds a lambda")
        self.what = what


def test_failures_are_reported_and_the_others_go_on() -> None:
    names = ["user1", "broken", "user2", "unpicklable", "dies", "user3", "user4"]
    found = by_network(agendas(in_memory, names, now=END, workers=2))
    assert set(found) == set(names)
    for name in ("user1", "user2", "user3", "user4"):
        assert found[name].ok
        expect = Engine().agenda(in_memory(name), now=END).to_records()
        agenda = found[name].agenda
        assert agenda is not None
        assert agenda.to_records() == expect
    broken = found["broken"].error
    assert isinstance(broken, LookupError)
    assert str(broken) == "no network 'broken'"
    assert found["broken"].to_record()["error"] == {
        "error": "exception",
        "message": "LookupError: no network 'broken'",
    }
    assert isinstance(found["unpicklable"].error, BatchError)
    assert "UnpicklableError: holds a lambda" in str(found["unpicklable"].error)
    died = found["dies"].error
    assert isinstance(died, BatchError)
    assert "died" in str(died)


def test_results_stream_before_every_network_is_done() -> None:
    """The first result comes while later networks are not even submitted."""
    given: list[str] = []

    def names() -> Iterator[str]:
        for n in range(40):
            given.append(f"user{n % 3}")
            yield f"user{n % 3}"

    results = agendas(in_memory, names(), now=END, workers=1)
    first = next(results)
    assert first.ok
    assert len(given) < 40
    results.close()  # type: ignore[attr-defined]


def test_bad_arguments_are_refused_before_anything_starts() -> None:
    with pytest.raises(ValidationError, match="now"):
        agendas(in_memory, ["user1"], now=pendulum.naive(2026, 1, 1))
    for workers in (-1, True, 1.5):
        with pytest.raises(ValidationError, match="workers"):
            agendas(in_memory, ["user1"], now=END, workers=workers)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="network"):
        SQLiteFiles("/nonexistent")("../etc/passwd")
    with pytest.raises(NotFoundError):
        sqlite_networks("/nonexistent/folder")


def test_an_in_memory_store_needs_no_closing() -> None:
    store = InMemoryStore()
    results = list(agendas(lambda _: store, ["a"], now=END, workers=0))
    assert results[0].ok
    assert results[0].agenda is not None
    assert len(results[0].agenda) == 0


# -- PostgreSQL ------------------------------------------------------------------------


@pytest.fixture
def dsn() -> str:
    value = os.environ.get(DSN_VARIABLE)
    if not value:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {DSN_VARIABLE} is not: the PostgreSQL tests must run")
        pytest.skip(f"PostgreSQL tests need {DSN_VARIABLE}")
    return value


@pytest.fixture
def pg_networks(dsn: str, nets: dict[str, SyntheticNetwork]) -> Iterator[dict[str, str]]:
    """Each network in a fresh schema; the schemas are dropped afterwards."""
    import psycopg

    from relnet.adapters.postgres import PostgresStore

    token = secrets.token_hex(4)
    schemas = {name: f"relnet_batch_{token}_{name}" for name in nets}
    try:
        for name, schema in schemas.items():
            with PostgresStore(dsn, schema=schema) as store:
                nets[name].load_into(store)
        yield schemas
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for schema in schemas.values():
                conn.execute(
                    psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                        psycopg.sql.Identifier(schema)
                    )
                )


@pytest.mark.postgres
def test_postgres_schemas_in_worker_processes(
    dsn: str, pg_networks: dict[str, str], nets: dict[str, SyntheticNetwork]
) -> None:
    found_schemas = postgres_networks(dsn)
    assert set(pg_networks.values()) <= set(found_schemas)
    missing = f"relnet_batch_{secrets.token_hex(4)}_missing"
    names = [*pg_networks.values(), missing, "bad'name"]
    found = by_network(agendas(PostgresSchemas(dsn), names, now=END, workers=2))
    assert set(found) == set(names)
    for name, schema in pg_networks.items():
        result = found[schema]
        assert result.ok, result.error
        assert result.agenda is not None
        assert result.agenda.to_records() == expected(nets[name])
    assert isinstance(found[missing].error, StorageError)
    assert isinstance(found["bad'name"].error, ValidationError)
    assert missing not in postgres_networks(dsn), "a missing network is not created"


@pytest.mark.postgres
def test_the_command_on_postgres_schemas(
    dsn: str, pg_networks: dict[str, str], nets: dict[str, SyntheticNetwork]
) -> None:
    import json

    from click.testing import CliRunner

    from relnet.cli import cli

    args = ["batch", "agendas", "--dsn", dsn, "--now", END.isoformat(), "--json"]
    for schema in [*pg_networks.values(), "relnet_batch_nowhere"]:
        args += ["--network", schema]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.stderr
    found = {line["network"]: line for line in map(json.loads, result.stdout.splitlines())}
    for name, schema in pg_networks.items():
        assert found[schema]["agenda"]["items"] == expected(nets[name])
    assert found["relnet_batch_nowhere"]["error"]["error"] == "storage"


def test_the_engine_given_is_the_one_the_workers_use() -> None:
    """An engine with settings of its own (here a zone and a capacity) reaches the workers."""
    engine = Engine(settings=Settings(timezone="Asia/Tokyo", daily_capacity=1))
    names = ["user1", "user2"]
    found = by_network(agendas(in_memory, names, now=END, workers=2, engine=engine))
    for name in names:
        agenda = found[name].agenda
        assert agenda is not None
        assert agenda.to_records() == engine.agenda(in_memory(name), now=END).to_records()
        assert agenda.today.isoformat() == "2026-03-02"
        assert sum(not item.must_do for item in agenda) <= 1
