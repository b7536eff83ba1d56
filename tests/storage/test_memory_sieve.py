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


@given(
    networks(),
    st.lists(
        st.tuples(
            st.sampled_from(["ask", "ask", "add", "remove"]),
            st.dictionaries(st.sampled_from(INSTANT_FIELDS), st.integers(-40, 10), max_size=3),
            st.sampled_from([-2 * 86_400, -3_600, -1, 0, 1, 3_600, 2 * 86_400]),
        ),
        max_size=12,
    ),
)
def test_the_sieve_kept_between_calls_is_that_of_a_fresh_look(
    network: Network, steps: list[tuple[str, dict[str, int], int]]
) -> None:
    """The answer the store keeps for the next call equals the reference at every step:
    the same sieve asked again at nearby instants (equal or not in the timeline), with
    interactions written and removed between the calls."""
    store = network.store()
    people = [c.id for c in network.contacts]
    asked: list[dict[str, int]] = [{"pending_reply": epoch_us(network.now) - 5 * DAY_US}]
    for number, (step, days_back, seconds) in enumerate(steps):
        now = network.now.add(seconds=seconds)
        if step == "add":
            store.add_interaction(
                Interaction(
                    [people[number % len(people)]],
                    now,
                    "email",
                    direction="inbound",
                    expects_reply=True,
                    id=f"step-{number}",
                )
            )
            continue
        if step == "remove":
            stored = store.interactions()
            if stored:
                store.remove_interaction(stored[number % len(stored)].id)
            continue
        now_us = epoch_us(now)
        fresh = {name: now_us - days * DAY_US for name, days in days_back.items()}
        for since in (asked[-1], *asked, fresh, fresh):
            every = store.touch_summaries(now=now)
            expected = {person: s for person, s in every.items() if passes(s, since)}
            assert dict(store.touch_summaries_since(now=now, since=since)) == expected
        asked.append(fresh)


def test_the_sieve_kept_is_dropped_by_a_write_after_now() -> None:
    """A meeting planned after ``now`` leaves ``now``'s place in the timeline as it was
    but changes the summary's next planned touch: the kept answer is not handed over."""
    now = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    store = InMemoryStore()
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    store.add_interaction(Interaction(["ada"], now.subtract(days=1), "email", direction="outbound"))
    since = {"next_planned": epoch_us(now)}
    assert store.touch_summaries_since(now=now, since=since) == {}
    store.add_interaction(Interaction(["ada"], now.add(days=1), "meeting"))
    assert set(store.touch_summaries_since(now=now, since=since)) == {"ada"}


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
