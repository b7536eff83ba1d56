"""Concurrent writers of one network on shared tables lose no summary update: the
tests of ``test_postgres_writers`` again, each writer a store of one network (a
connection of its own) among other networks' rows, as a role bound by row-level
security."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import pytest

pytest.importorskip("psycopg")

from relnet.adapters.postgres import PostgresStore
from tests.adapters.test_postgres_shared import Server, server
from tests.adapters.test_postgres_writers import (
    test_a_held_transaction_does_not_hide_an_inbound_mail,
    test_crossed_transactions_end_in_a_retryable_conflict_and_lose_nothing,
    test_many_writers_on_hot_contacts_keep_summaries_exact,
)

__all__ = [
    "server",
    "test_a_held_transaction_does_not_hide_an_inbound_mail",
    "test_crossed_transactions_end_in_a_retryable_conflict_and_lose_nothing",
    "test_many_writers_on_hot_contacts_keep_summaries_exact",
]

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def open_store(server: Server) -> Iterator[Callable[[], PostgresStore]]:
    """Stores of one new network in the shared tables, each with a connection of its own."""
    network = f"writers-{secrets.token_hex(6)}"
    made: list[PostgresStore] = []

    def factory() -> PostgresStore:
        store = server.store(network)
        made.append(store)
        return store

    yield factory
    for store in made:
        store.close()
