"""The store contract, run against InMemoryStore (its oracle is the naive ReferenceStore)."""

from __future__ import annotations

import pytest

from relnet.storage import InMemoryStore
from relnet.testing import StoreContract, StoreFactory


class TestInMemoryStore(StoreContract):
    """InMemoryStore keeps nothing across restarts."""

    durable = False
    max_examples = 30
    stateful_examples = 30

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        return InMemoryStore
