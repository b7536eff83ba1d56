"""The SQL stores' contact facts, and the agenda built from them."""

from __future__ import annotations

from contextlib import closing

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings

from relnet import Contact, Engine, StorageError
from relnet.adapters.sql import SQLStore
from relnet.adapters.sqlite import SQLITE, SQLiteStore
from relnet.policy import health
from relnet.storage import ContactFacts, FactSource
from relnet.synth import network
from relnet.testing import strategies
from relnet.testing.strategies import Network
from tests.adapters.sql_stores import Factory, make_store
from tests.policy.test_engine_properties import Network as EngineNetwork
from tests.policy.test_engine_properties import networks as engine_networks

__all__ = ["make_store"]  # the fixture, run on each SQL engine

SLOW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SLOW
@given(strategies.networks(max_contacts=8, max_interactions=0))
def test_facts_are_those_of_the_reachable_contacts(make_store: Factory, net: Network) -> None:
    """Every reachable contact's facts, in id order, equal to the contact's own."""
    with closing(make_store()) as store:
        net.add_to(store)
        assert isinstance(store, FactSource)
        facts = store.contact_facts()
        expected = [ContactFacts.of(c) for c in store.contacts(include_archived=False)]
        assert facts == expected
        assert [f.reachable for f in facts] == [True] * len(facts)


@SLOW
@given(strategies.networks(max_contacts=8, max_interactions=6))
def test_facts_of_every_contact_serve_health(make_store: Factory, net: Network) -> None:
    """With ``reachable_only=False``, the facts of every contact, archived and
    do-not-contact ones too, equal to the contacts' own; health from them is health
    from the contacts."""
    now = pendulum.datetime(2026, 6, 1, 12, tz="UTC")
    with closing(make_store()) as store:
        net.add_to(store)
        assert isinstance(store, SQLStore)
        everyone = store.contacts()
        facts = store.contact_facts(reachable_only=False)
        assert facts == [ContactFacts.of(c) for c in everyone]
        assert [f.stage for f in facts] == [c.stage for c in everyone]
        expected = health(store, now=now, contacts=everyone)
        found = health(store, now=now, contacts=facts)
        assert found.states == expected.states
        assert found.snoozed == expected.snoozed
        assert found.to_records() == expected.to_records()


@SLOW
@given(engine_networks())
def test_the_agenda_from_facts_is_the_agenda_from_contacts(
    make_store: Factory, net: EngineNetwork
) -> None:
    """A SQL store's agenda (built from facts) equals the in-memory store's (built from
    whole contacts): same items, order and texts."""
    with closing(make_store()) as store:
        store.set_settings(net.settings)
        store.add_records(
            contacts=net.contacts,
            goals=net.goals,
            interactions=net.interactions,
            commitments=net.commitments,
        )
        expected = Engine().agenda(net.store(), now=net.now)
        assert Engine().agenda(store, now=net.now).items == expected.items


def test_a_synthetic_network_s_agenda_is_the_same_in_sql(make_store: Factory) -> None:
    net = network(
        60,
        600,
        seed=11,
        start=pendulum.datetime(2025, 1, 1, tz="Europe/London"),
        end=pendulum.datetime(2025, 12, 1, tz="Europe/London"),
    )
    store = make_store()
    net.load_into(store)
    now = net.end.subtract(days=10)
    memory = Engine().agenda(net.to_store(), now=now)
    assert Engine().agenda(store, now=now).items == memory.items
    assert Engine().agenda(store, now=now, capacity=1000).items == (
        Engine().agenda(net.to_store(), now=now, capacity=1000).items
    )


def test_a_damaged_contact_document_is_a_storage_error(make_store: Factory) -> None:
    store = make_store()
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    store._run(store.dialect.render("UPDATE contacts SET doc = :doc"), {"doc": '{"name": 3}'})
    with pytest.raises(StorageError, match="stored contact is damaged"):
        store.contact_facts()


@SLOW
@given(strategies.networks(max_contacts=8, max_interactions=0))
def test_facts_read_from_documents_in_python_are_the_same(net: Network) -> None:
    """Without JSON text extraction in the engine (old SQLite, PostgreSQL), the
    documents are read in Python: the same facts."""
    with closing(SQLiteStore(":memory:")) as store:
        net.add_to(store)
        in_sql = store.contact_facts()
        store.dialect = attrs.evolve(SQLITE, json_raw=None)
        assert store.contact_facts() == in_sql
