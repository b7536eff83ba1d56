"""PostgresStore as a server uses it: shared through a connection pool, opened without
DDL under a role with only read and write rights, and recovering from a dropped
connection."""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator

import pendulum
import pytest

from relnet import Channel, Contact, Interaction, StorageError
from relnet.adapters import postgres
from relnet.adapters.postgres import PostgresStore

psycopg = pytest.importorskip("psycopg")
psycopg_pool = pytest.importorskip("psycopg_pool")

pytestmark = pytest.mark.postgres
WHEN = pendulum.datetime(2026, 11, 20, 10, tz="UTC")


@pytest.fixture
def dsn() -> str:
    value = os.environ.get("RELNET_TEST_POSTGRES_DSN")
    if not value:
        if os.environ.get("CI"):
            pytest.fail("CI is set but RELNET_TEST_POSTGRES_DSN is not")
        pytest.skip("PostgreSQL tests need RELNET_TEST_POSTGRES_DSN")
    return value


@pytest.fixture
def schema(dsn: str) -> Iterator[str]:
    name = f"relnet_server_{secrets.token_hex(6)}"
    yield name
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
            psycopg.sql.Identifier(name)))  # fmt: skip


def test_a_pooled_store_is_shared_by_threads(dsn: str, schema: str) -> None:
    with psycopg_pool.ConnectionPool(dsn, min_size=1, max_size=4, open=True) as pool:
        store = PostgresStore(pool, schema=schema)
        people = [store.add_contact(Contact(f"Person {n}")).id for n in range(4)]
        errors: list[BaseException] = []

        def write(person: str) -> None:
            try:
                for day in range(10):
                    with store.transaction():
                        store.add_interaction(
                            Interaction([person], WHEN.subtract(days=day), Channel.CALL)
                        )
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=write, args=(p,)) for p in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        summaries = store.touch_summaries(now=WHEN, contacts=people)
        assert [summaries[p].touches for p in people] == [10, 10, 10, 10]
        # Another store on the same pool, in another schema, keeps to its own.
        other = PostgresStore(pool, schema=schema + "_b")
        try:
            assert other.contacts() == []
            assert len(store.contacts()) == 4
        finally:
            other.close()
            with pool.connection() as conn:
                conn.execute(f"DROP SCHEMA {schema}_b CASCADE")


def test_a_dsn_store_refuses_another_thread(dsn: str, schema: str) -> None:
    store = PostgresStore(dsn, schema=schema)
    raised: list[BaseException] = []
    thread = threading.Thread(target=lambda: raised.extend(_error_of(store.contacts)))
    thread.start()
    thread.join(30)
    assert len(raised) == 1
    assert isinstance(raised[0], StorageError)
    assert "another thread" in str(raised[0])
    store.close()


def _error_of(call: object) -> list[BaseException]:
    try:
        call()  # type: ignore[operator]
    except BaseException as error:
        return [error]
    return []


def test_a_role_without_ddl_rights_opens_a_migrated_schema(dsn: str, schema: str) -> None:
    assert postgres.migrate(dsn, schema=schema) == postgres.migrate(dsn, schema=schema)
    role = f"relnet_rw_{secrets.token_hex(4)}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        admin.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}"
        )
    limited = psycopg.conninfo.make_conninfo(dsn, user=role)
    try:
        store = PostgresStore(limited, schema=schema, migrate=False)
        ada = store.add_contact(Contact("Ada Lovelace"))
        store.add_interaction(Interaction([ada.id], WHEN, Channel.CALL))
        assert store.touch_summaries(now=WHEN, contacts=[ada.id])[ada.id].touches == 1
        store.close()
        with pytest.raises(StorageError, match="migrate"):
            PostgresStore(limited, schema=schema + "_missing", migrate=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")


def is_closed(store: PostgresStore) -> bool:
    """``store.closed``, read afresh (a type checker would keep an earlier reading)."""
    return store.closed


def test_a_dropped_connection_is_replaced_on_the_next_call(dsn: str, schema: str) -> None:
    store = PostgresStore(dsn, schema=schema)
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    pid = store._run("SELECT pg_backend_pid() AS pid").first("pid")
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(StorageError) as dropped:
        store.contacts()
    assert dropped.value.retryable
    assert not is_closed(store)
    assert [c.id for c in store.contacts()] == ["ada"]  # on a new connection
    store.close()
    assert is_closed(store)
    with pytest.raises(StorageError, match="closed"):
        store.contacts()
