"""A store's own write runs again when a concurrent transaction got in its way, and
only then: not for other conflicts, not inside a caller's transaction, not forever."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest

from relnet import Channel, ConflictError, Contact, Interaction
from relnet.adapters.sql import SQLStore
from tests.adapters.sql_stores import Factory, make_store

__all__ = ["make_store"]  # the fixture, run on each SQL engine

WHEN = pendulum.datetime(2026, 11, 20, 10, tz="UTC")


def failing_fold(store: SQLStore, failures: int, *, retryable: bool = True) -> list[int]:
    """Make the store's summary fold fail ``failures`` times, then work; count calls."""
    calls: list[int] = []
    fold = store._fold_in

    def flaky(interaction: Interaction) -> None:
        calls.append(1)
        fold(interaction)  # written, then undone by the rollback
        if len(calls) <= failures:
            raise ConflictError("a concurrent transaction got in the way", retryable=retryable)

    store._fold_in = flaky  # type: ignore[method-assign]
    return calls


def test_a_write_runs_again_and_leaves_nothing_of_the_failed_try(make_store: Factory) -> None:
    store = make_store()
    ada = store.add_contact(Contact("Ada Lovelace"))
    calls = failing_fold(store, 2)
    store.add_interaction(Interaction([ada.id], WHEN, Channel.CALL))
    assert len(calls) == 3
    assert len(store.interactions()) == 1
    assert store.touch_summaries(now=WHEN, contacts=[ada.id])[ada.id].touches == 1


def test_a_write_gives_up_after_its_retries(make_store: Factory) -> None:
    store = make_store()
    ada = store.add_contact(Contact("Ada Lovelace"))
    calls = failing_fold(store, 100)
    with pytest.raises(ConflictError) as raised:
        store.add_interaction(Interaction([ada.id], WHEN, Channel.CALL))
    assert raised.value.retryable
    assert len(calls) == 1 + store.retries
    assert store.interactions() == []


@pytest.mark.parametrize(
    ("retryable", "inside"), [(False, False), (True, True)], ids=["not-retryable", "inside"]
)
def test_no_retry_for_other_conflicts_or_inside_a_callers_transaction(
    make_store: Factory, retryable: bool, inside: bool
) -> None:
    store = make_store()
    ada = store.add_contact(Contact("Ada Lovelace"))
    calls = failing_fold(store, 1, retryable=retryable)
    interaction = Interaction([ada.id], WHEN, Channel.CALL)
    with pytest.raises(ConflictError):
        if inside:
            with store.transaction():
                store.add_interaction(interaction)
        else:
            store.add_interaction(interaction)
    assert len(calls) == 1
    assert store.interactions() == []


def test_every_write_of_the_store_is_retried() -> None:
    writes = [
        "add_contact", "update_contact", "forget", "add_interaction", "remove_interaction",
        "add_commitment", "update_commitment", "add_goal", "update_goal", "add_community",
        "add_event", "set_settings", "set_profile", "add_records",
    ]  # fmt: skip
    for name in writes:
        method: Any = getattr(SQLStore, name)
        assert method.__wrapped__ is not None, name
