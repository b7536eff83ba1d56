"""touch_summaries_of: the store's own summaries and the folded history agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.model import Contact, ContactId, Interaction, TouchSummary, summarize
from relnet.storage import InMemoryStore, SummarySource, touch_summaries_of
from relnet.testing.strategies import Network, instants, networks


class _HistoryOnly:
    """A store that lists its records but computes no summaries (no SummarySource)."""

    def __init__(self, inner: InMemoryStore) -> None:
        self._inner = inner
        self.reads: list[str | None] = []

    def interactions(self, *, contact: ContactId | None = None, **window: Any) -> Any:
        self.reads.append(contact)
        return self._inner.interactions(contact=contact, **window)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("touch_summaries"):
            raise AttributeError(name)
        return getattr(self._inner, name)


def _stores(network: Network) -> tuple[InMemoryStore, _HistoryOnly]:
    store = InMemoryStore()
    network.add_to(store)
    return store, _HistoryOnly(store)


@given(
    networks(max_contacts=8, max_interactions=14, extras=False),
    instants(),
    st.data(),
)
def test_the_store_and_the_folded_history_give_equal_summaries(
    network: Network, now: pendulum.DateTime, data: st.DataObject
) -> None:
    native, folding = _stores(network)
    assert isinstance(native, SummarySource)
    assert not isinstance(folding, SummarySource)
    ids = [c.id for c in network.contacts]
    asked: Sequence[ContactId] | None = data.draw(
        st.none() | st.lists(st.sampled_from([*ids, ContactId("stranger")]), unique=True)
    )
    found = dict(touch_summaries_of(folding, asked, now=now))
    assert found == dict(touch_summaries_of(native, asked, now=now))
    assert set(found) == set(ids if asked is None else asked)
    reference = summarize(network.interactions, now=now, contacts=list(found))
    assert found == {person: reference[person] for person in found}


def _met(person: str, at: pendulum.DateTime) -> Interaction:
    return Interaction([person], at, "meeting")


def test_a_few_contacts_are_folded_from_their_own_histories() -> None:
    now = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    store = InMemoryStore()
    for person in ("ada", "bob", "cy", "dee", "eve"):
        store.add_contact(Contact(person.title(), id=person))
    store.add_interaction(_met("ada", now.subtract(days=3)))
    store.add_interaction(_met("bob", now.add(days=1)))
    folding = _HistoryOnly(store)
    ada, bob = ContactId("ada"), ContactId("bob")
    found = touch_summaries_of(folding, [ada, bob], now=now)
    assert folding.reads == [ada, bob]
    assert found[ada].touches == 1
    assert found[bob] == TouchSummary(bob, next_planned=found[bob].next_planned)
    folding.reads.clear()
    everyone = touch_summaries_of(folding, now=now)
    assert folding.reads == [None]
    assert sorted(everyone) == ["ada", "bob", "cy", "dee", "eve"]


def test_a_naive_now_is_refused_on_both_paths() -> None:
    store = InMemoryStore()
    for subject in (store, _HistoryOnly(store)):
        with pytest.raises(ValidationError, match="now"):
            touch_summaries_of(subject, [], now=dt.datetime(2026, 1, 1))
