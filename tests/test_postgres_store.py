"""PostgresStore: the store contract against a real PostgreSQL server.

Set ``RELNET_TEST_POSTGRES_DSN`` (``.ci/run`` starts a throwaway server and sets it).
Without it these tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest

from relnet.adapters.postgres import PostgresStore
from relnet.storage import Store
from relnet.testing import Reopen, StoreContract, StoreFactory

pytestmark = pytest.mark.postgres

DSN_VARIABLE = "RELNET_TEST_POSTGRES_DSN"


@pytest.fixture(scope="session")
def dsn() -> str:
    """The test server's DSN; skip (or, under CI, fail) without one."""
    value = os.environ.get(DSN_VARIABLE)
    if value:
        return value
    how = (
        f"set {DSN_VARIABLE} to a PostgreSQL database the tests may create schemas in, "
        f"e.g. {DSN_VARIABLE}=postgresql://postgres@127.0.0.1:54329/relnet_test "
        "(.ci/run starts a throwaway server and sets it)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {DSN_VARIABLE} is not: the PostgreSQL tests must run; {how}")
    pytest.skip(f"PostgreSQL tests not run: {how}")


@pytest.fixture
def schemas(dsn: str) -> Iterator[list[str]]:
    """Schema names to use; each is dropped after the test."""
    names: list[str] = []
    yield names
    import psycopg

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
