"""``Engine.counted_agenda``: the agenda, and exactly how many more contacts have an item
available today (the agenda of unbounded capacity, less this one)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet import Engine, InMemoryStore, Store
from relnet.adapters.sqlite import SQLiteStore
from relnet.errors import ValidationError
from relnet.policy import RuleSet
from relnet.synth import network as synthetic
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_engine_quiet import rule_sets
from tests.policy.test_planning import Undeclared, fact_store

#: More than any test network has contacts.
UNBOUNDED = 1_000_000


def check(engine: Engine, store: Store, now: pendulum.DateTime, capacity: int | None) -> None:
    """The oracle: the agenda of ``capacity``, and the unbounded agenda's length less it."""
    items, waiting = engine.counted_agenda(store, now=now, capacity=capacity)
    expected = engine.agenda(store, now=now, capacity=capacity)
    assert items == expected
    everything = engine.agenda(store, now=now, capacity=UNBOUNDED)
    assert waiting == len(everything) - len(expected)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets(), st.none() | st.integers(0, 6), st.data())
def test_the_count_is_the_unbounded_agenda_s_length_less_the_agenda_s(
    network: Network, rules: RuleSet, capacity: int | None, data: st.DataObject
) -> None:
    """With the planner's shortcuts (a store that sieves summaries and lists facts),
    with none (undeclared rules), and with dismissals (contacts asked by every rule)."""
    store = fact_store(network)
    for contact in network.contacts:
        if data.draw(st.booleans()):
            then = network.now.subtract(days=data.draw(st.integers(0, 40)))
            with contextlib.suppress(ValidationError):  # nothing to dismiss
                Engine(rules=rules).dismiss(store, contact.id, now=then)
    check(Engine(rules=rules), store, network.now, capacity)
    undeclared = Engine(rules=[Undeclared(r) for r in rules], scoring=rules.scoring)
    check(undeclared, store, network.now, capacity)


def test_a_generated_network_in_sqlite_is_counted_exactly_at_every_capacity(
    tmp_path: Path,
) -> None:
    start = pendulum.datetime(2024, 1, 1, tz="Europe/London")
    end = pendulum.datetime(2025, 6, 1, tz="Europe/London")
    net = synthetic(300, 3000, seed=11, start=start, end=end)
    with SQLiteStore(tmp_path / "net.sqlite") as store:
        net.load_into(store)
        now = end.subtract(days=10)
        engine = Engine()
        everything = len(engine.agenda(store, now=now, capacity=UNBOUNDED))
        must = sum(1 for item in engine.agenda(store, now=now, capacity=0) if item.must_do)
        assert 0 < must < everything  # both branches: a full day, and room to spare
        for capacity in (None, 0, 1, must, must + 1, must + 7, everything, everything + 3):
            check(engine, store, now, capacity)


@pytest.mark.parametrize("bad", [-1, True, 1.5])
def test_a_bad_capacity_is_refused_as_the_agenda_refuses_it(bad: object) -> None:
    now = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
    with pytest.raises(ValidationError, match="capacity"):
        Engine().counted_agenda(InMemoryStore(), now=now, capacity=bad)  # type: ignore[arg-type]
