"""InMemoryStore.touch_summaries_since: exactly the summaries that pass the sieve."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Contact, Interaction
from relnet.errors import ValidationError
from relnet.model import epoch_us
from relnet.storage import InMemoryStore, SummarySieve
from relnet.storage.sieve import INSTANT_FIELDS, passes
from tests.policy.test_engine_properties import Network, networks

DAY_US = 86_400_000_000


@given(
    networks(),
    st.dictionaries(st.sampled_from(INSTANT_FIELDS), st.integers(-400, 60), max_size=4),
    st.integers(-30, 30),
)
def test_the_sieve_keeps_exactly_the_summaries_that_pass(
    network: Network, days_back: dict[str, int], shift: int
) -> None:
    store = network.store()
    assert isinstance(store, SummarySieve)
    now = network.now.add(days=shift)
    now_us = epoch_us(now)
    since = {name: now_us - days * DAY_US for name, days in days_back.items()}
    every = store.touch_summaries(now=now)
    expected = {person: s for person, s in every.items() if passes(s, since)}
    assert dict(store.touch_summaries_since(now=now, since=since)) == expected


def test_the_sieve_follows_writes_and_rollbacks() -> None:
    now = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    store = InMemoryStore()
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    since = {"pending_reply": epoch_us(now.subtract(days=3))}
    assert store.touch_summaries_since(now=now, since=since) == {}
    ask = Interaction(
        ["ada"], now.subtract(days=1), "email", direction="inbound", expects_reply=True
    )
    with pytest.raises(RuntimeError), store.transaction():
        store.add_interaction(ask)
        assert set(store.touch_summaries_since(now=now, since=since)) == {"ada"}
        raise RuntimeError("abandon")
    assert store.touch_summaries_since(now=now, since=since) == {}
    store.add_interaction(ask)
    assert set(store.touch_summaries_since(now=now, since=since)) == {"ada"}
    store.add_interaction(
        Interaction(["ada"], now.subtract(hours=1), "email", direction="outbound")
    )
    assert store.touch_summaries_since(now=now, since=since) == {}


def test_a_bad_sieve_is_refused() -> None:
    store = InMemoryStore()
    with pytest.raises(ValidationError) as caught:
        store.touch_summaries_since(now=pendulum.datetime(2026, 3, 2, tz="UTC"), since={"nope": 1})
    assert caught.value.field == "since"
