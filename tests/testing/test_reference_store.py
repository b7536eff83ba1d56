"""The contract's oracle: the naive reference store passes the contract it anchors, and
shares nothing with InMemoryStore."""

from __future__ import annotations

import ast
import inspect

import pendulum
import pytest

from relnet import Channel, Contact, ContactId, Direction, InMemoryStore, Interaction
from relnet.model import summarize
from relnet.testing import ReferenceStore, StoreContract, StoreFactory, reference


class TestReferenceStore(StoreContract):
    """The reference store keeps nothing across restarts."""

    durable = False
    max_examples = 20
    stateful_examples = 10

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        return ReferenceStore


def test_the_reference_imports_no_store_implementation() -> None:
    tree = ast.parse(inspect.getsource(reference))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    }
    assert not any(name.startswith(("relnet.storage", "relnet.adapters")) for name in imported)


def test_summaries_are_the_fold_of_the_whole_history() -> None:
    now = pendulum.datetime(2025, 3, 1, tz="Europe/London")
    stores = (ReferenceStore(), InMemoryStore())
    for store in stores:
        store.add_contact(Contact("Ada", id="ada"))
        store.add_contact(Contact("Bo", id="bo"))
        store.add_interaction(
            Interaction(["ada"], now.subtract(days=3), Channel.EMAIL, direction=Direction.INBOUND)
        )
    ref, memory = stores
    expected = summarize(ref.interactions(), now=now, contacts=[ContactId("ada"), ContactId("bo")])
    assert dict(ref.touch_summaries(now=now)) == dict(expected)
    assert dict(memory.touch_summaries(now=now)) == dict(expected)
