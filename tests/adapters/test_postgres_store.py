"""PostgresStore: the store contract against a real PostgreSQL server.

Set ``RELNET_TEST_POSTGRES_DSN`` (``.ci/run`` starts a throwaway server and sets it).
Without it these tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator, Mapping

import pytest

pytest.importorskip("psycopg")

import attrs
import pendulum
import psycopg

from relnet import ConflictError, Contact, ContactId, Interaction, NotFoundError, StorageError
from relnet.adapters.postgres import PostgresStore
from relnet.adapters.sql import MIGRATIONS
from relnet.adapters.sql import store as sql_store
from relnet.model import summarize
from relnet.storage import Store
from relnet.testing import Reopen, StoreContract, StoreFactory

DSN_VARIABLE = "RELNET_TEST_POSTGRES_DSN"


def require_dsn(environ: Mapping[str, str]) -> str:
    """The DSN from ``environ``; without one, skip, or under CI fail, saying what to do."""
    value = environ.get(DSN_VARIABLE)
    if value:
        return value
    how = (
        f"set {DSN_VARIABLE} to a PostgreSQL database the tests may create schemas in, "
        f"e.g. {DSN_VARIABLE}=postgresql://postgres@127.0.0.1:54329/relnet_test "
        "(.ci/run starts a throwaway server and sets it)"
    )
    if environ.get("CI"):
        pytest.fail(f"CI is set but {DSN_VARIABLE} is not: the PostgreSQL tests must run; {how}")
    pytest.skip(f"PostgreSQL tests not run: {how}")


@pytest.fixture(scope="session")
def dsn() -> str:
    """The test server's DSN."""
    return require_dsn(os.environ)


@pytest.fixture
def schemas(dsn: str) -> Iterator[list[str]]:
    """Schema names to use; each is dropped after the test."""
    names: list[str] = []
    yield names
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name in names:
            conn.execute(
                psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                    psycopg.sql.Identifier(name)
                )
            )


def fresh_schema(schemas: list[str]) -> str:
    name = f"relnet_test_{secrets.token_hex(6)}"
    schemas.append(name)
    return name


@pytest.mark.postgres
class TestPostgresStore(StoreContract):
    """The contract, each store in a schema of its own."""

    max_examples = 10
    stateful_examples = 10

    @pytest.fixture
    def store_factory(self, dsn: str, schemas: list[str]) -> Iterator[StoreFactory]:
        made: list[PostgresStore] = []

        def factory() -> Store:
            store = PostgresStore(dsn, schema=fresh_schema(schemas))
            made.append(store)
            return store

        yield factory
        for store in made:
            store.close()

    @pytest.fixture
    def reopen(self, dsn: str) -> Reopen:
        def again(store: Store) -> Store:
            assert isinstance(store, PostgresStore)
            store.close()
            return PostgresStore(dsn, schema=store.schema)

        return again


AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")


def test_without_a_dsn_the_tests_skip_and_say_how() -> None:
    """No DSN outside CI: a skip whose message tells how to run the tests."""
    with pytest.raises(pytest.skip.Exception, match=DSN_VARIABLE):
        require_dsn({})


def test_without_a_dsn_under_ci_the_tests_fail() -> None:
    """No DSN under CI: a failure, never a silent skip."""
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_dsn({"CI": "1"})
    assert require_dsn({"CI": "1", DSN_VARIABLE: "postgresql://x"}) == "postgresql://x"


def test_psycopg_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without psycopg, making a store raises ImportError naming relnet[postgres]."""
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ImportError, match=r"relnet\[postgres\]"):
        PostgresStore("postgresql://localhost/none")


def test_an_unreachable_server_raises_storage_error() -> None:
    """A connection failure is a StorageError with the driver's error as its cause."""
    with pytest.raises(StorageError, match="cannot connect") as caught:
        PostgresStore("postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2")
    assert isinstance(caught.value.__cause__, psycopg.Error)


@pytest.mark.postgres
def test_schemas_keep_networks_apart(dsn: str, schemas: list[str]) -> None:
    """Two stores in two schemas of one database share nothing."""
    with (
        PostgresStore(dsn, schema=fresh_schema(schemas)) as one,
        PostgresStore(dsn, schema=fresh_schema(schemas)) as two,
    ):
        one.add_contact(Contact("Ada", id="ada"))
        assert list(two.contacts()) == []
        two.add_contact(Contact("Ada elsewhere", id="ada"))
        assert one.get_contact(ContactId("ada")).name == "Ada"


@pytest.mark.postgres
def test_another_applications_schema_is_refused(dsn: str, schemas: list[str]) -> None:
    """A schema holding tables of its own is not taken for an empty store."""
    name = fresh_schema(schemas)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("CREATE SCHEMA {}").format(psycopg.sql.Identifier(name)))
        conn.execute(
            psycopg.sql.SQL("CREATE TABLE {}.notes (body text)").format(
                psycopg.sql.Identifier(name)
            )
        )
    with pytest.raises(StorageError, match=r"not a relnet store.*notes"):
        PostgresStore(dsn, schema=name)


@pytest.mark.postgres
def test_a_schema_from_a_newer_relnet_is_refused(dsn: str, schemas: list[str]) -> None:
    """A schema version beyond this release's migrations raises StorageError."""
    name = fresh_schema(schemas)
    with PostgresStore(dsn, schema=name) as store:
        assert store._run("SELECT version FROM schema_version").first("version") == len(MIGRATIONS)
        store._run("UPDATE schema_version SET version = 99")
    with pytest.raises(StorageError, match=r"schema version 99.*newer relnet"):
        PostgresStore(dsn, schema=name)


@pytest.mark.postgres
def test_driver_errors_map_to_relnet_errors(dsn: str, schemas: list[str]) -> None:
    """Unique and foreign-key violations become ConflictError and NotFoundError (naming
    the kind and id), anything else StorageError, each with the driver's error chained."""
    with PostgresStore(dsn, schema=fresh_schema(schemas)) as store:
        store.add_contact(Contact("Ada", id="ada"))
        with pytest.raises(ConflictError) as conflict:
            store._run("INSERT INTO contacts (id, version, active, doc) VALUES ('ada', 0, 1, '')")
        assert isinstance(conflict.value.__cause__, psycopg.errors.UniqueViolation)
        with pytest.raises(NotFoundError) as missing:
            store._run("INSERT INTO goal_contacts (goal_id, contact_id) VALUES ('no-goal', 'ada')")
        assert (missing.value.kind, missing.value.id) == ("goal", "no-goal")
        with pytest.raises(StorageError) as other:
            store._run("SELECT * FROM no_such_table")
        assert isinstance(other.value.__cause__, psycopg.Error)
        assert [c.id for c in store.contacts()] == ["ada"]


@pytest.mark.postgres
def test_concurrent_updates_conflict(dsn: str, schemas: list[str]) -> None:
    """Two connections updating the same contact from the same read: the second loses."""
    name = fresh_schema(schemas)
    with PostgresStore(dsn, schema=name) as one, PostgresStore(dsn, schema=name) as two:
        one.add_contact(Contact("Ada", id="ada"))
        read_by_one, read_by_two = (
            one.get_contact(ContactId("ada")),
            two.get_contact(ContactId("ada")),
        )
        one.update_contact(attrs.evolve(read_by_one, notes="one"))
        with pytest.raises(ConflictError):
            two.update_contact(attrs.evolve(read_by_two, notes="two"))
        assert two.get_contact(ContactId("ada")).notes == "one"


@pytest.mark.postgres
def test_summaries_are_computed_without_reading_interactions(
    dsn: str, schemas: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """touch_summaries comes from SQL over the touches table, not from decoded records."""
    with PostgresStore(dsn, schema=fresh_schema(schemas)) as store:
        store.add_contact(Contact("Ada", id="ada"))
        store.add_interaction(Interaction(["ada"], AT, "email", direction="inbound"))
        store.add_interaction(Interaction(["ada"], AT.add(days=1), "call", received=["advice"]))
        now = AT.add(days=3)
        expected = summarize(store.interactions(), now=now, contacts=[ContactId("ada")])

        def refuse(*args: object) -> None:
            raise AssertionError("an interaction was decoded")

        monkeypatch.setattr(sql_store, "_interactions", refuse)
        assert dict(store.touch_summaries(now=now)) == dict(expected)
