"""The SQL stores' contact facts, and the agenda built from them."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given

from relnet import Contact, Engine, StorageError, ValidationError
from relnet.adapters.sql import SQLStore
from relnet.adapters.sql.facts import (
    EVERY_CONTACT,
    FACT_COLUMNS,
    FIELDS_INDEX,
    StoredFacts,
    _facts,
    _name_from_json,
    facts_from_fields,
    facts_query,
    listed_query,
)
from relnet.adapters.sql.schema import MIGRATIONS
from relnet.adapters.sqlite import SQLITE, SQLiteStore
from relnet.model import ContactId
from relnet.policy import health
from relnet.policy._abouts import _names
from relnet.storage import ContactFacts, FactSource
from relnet.synth import network
from relnet.testing import strategies
from relnet.testing.strategies import Network
from tests.adapters.sql_stores import SLOW, Factory, loaded, make_store
from tests.adapters.test_sql_indexes import INDEXES as LATER_INDEXES
from tests.policy.test_engine_properties import Network as EngineNetwork
from tests.policy.test_engine_properties import networks as engine_networks

__all__ = ["make_store"]  # the fixture, run on each SQL engine


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
    with closing(loaded(make_store, net)) as store:
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


def test_facts_keep_the_added_instant_as_text_until_asked(make_store: Factory) -> None:
    added = pendulum.datetime(2026, 3, 1, 9, 30, tz="Europe/Paris")
    snoozed = pendulum.date(2026, 4, 1)
    store = make_store()
    store.add_contact(Contact("Ada Lovelace", id="ada", created_at=added, snoozed_until=snoozed))
    (facts,) = store.contact_facts()
    assert isinstance(facts, StoredFacts)
    assert facts.created_at == added
    assert facts.created_at is facts.created_at  # parsed once
    unsnoozed = store.contact_facts()[0].without_snooze()
    assert type(unsnoozed) is StoredFacts
    assert unsnoozed.snoozed_until is None
    assert unsnoozed.created_at == added


def test_a_damaged_added_instant_names_its_field_when_asked(make_store: Factory) -> None:
    store = make_store()
    store.add_contact(Contact("Ada Lovelace", id="ada", created_at=pendulum.now("UTC")))
    doc = json.loads(str(store._run("SELECT doc FROM contacts").first("doc")))
    doc["created_at"] = "last tuesday"
    store._run(store.dialect.render("UPDATE contacts SET doc = :doc"), {"doc": json.dumps(doc)})
    (facts,) = store.contact_facts()
    assert facts.name == "Ada Lovelace"
    with pytest.raises(ValidationError) as raised:
        _ = facts.created_at
    assert raised.value.field == "created_at"
    assert raised.value.value == "last tuesday"


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


def _plan(store: SQLiteStore, sql: str, **params: object) -> str:
    rows = store._run(f"EXPLAIN QUERY PLAN {sql}", params).column("detail")
    return " ".join(str(detail) for detail in rows)


def test_facts_and_lists_read_the_index_of_the_fields(tmp_path: Path) -> None:
    """Every query that reads contacts' fields by the database is served by the index
    of those fields (``contacts_fields``), built by the same expressions."""
    with SQLiteStore(tmp_path / "network.db") as store:
        store.add_contact(Contact("Ada Lovelace", id="ada"))
        for where in ("active = 1", EVERY_CONTACT, f"active = 1 AND {SQLITE.in_ids('id')}"):
            plan = _plan(store, facts_query(SQLITE, where), ids='["ada"]')
            assert f"INDEX {FIELDS_INDEX}" in plan, (where, plan)
        for clause in (f"WHERE c.{EVERY_CONTACT}", "WHERE c.active = 1"):
            plan = _plan(store, listed_query(SQLITE, clause))
            assert f"INDEX {FIELDS_INDEX}" in plan, (clause, plan)


@SLOW
@given(strategies.networks(max_contacts=8, max_interactions=0))
def test_facts_and_lists_from_the_index_are_those_of_the_documents(net: Network) -> None:
    """The oracle of the index of the fields: the facts (reachable or all, by id or
    not) and the lists read with it equal those read with the index dropped, and
    those read from the documents in Python."""
    with closing(SQLiteStore(":memory:")) as store:
        net.add_to(store)
        ids = [c.id for c in store.contacts()][::2]

        def reads() -> list[object]:
            return [
                store.contact_facts(),
                store.contact_facts(reachable_only=False),
                store.contact_facts(ids),
                store.contact_facts(ids, reachable_only=False),
                store.listed_contacts(),
                store.listed_contacts(include_archived=False),
            ]

        indexed = reads()
        store._run(f"DROP INDEX {FIELDS_INDEX}")
        assert reads() == indexed
        store.dialect = attrs.evolve(SQLITE, json_raw=None)
        assert reads() == indexed
        assert indexed[1] == [ContactFacts.of(c) for c in store.contacts()]


@SLOW
@given(strategies.networks(max_contacts=8, max_interactions=0))
def test_facts_made_in_one_loop_are_those_of_each_row(net: Network) -> None:
    """The oracle of ``facts_from_fields``'s loop: the facts of each row made one at a
    time by ``_facts`` (the checked path)."""
    with closing(SQLiteStore(":memory:")) as store:
        net.add_to(store)
        result = store._run(facts_query(SQLITE, EVERY_CONTACT))
        one_by_one = [
            _facts(person, _name_from_json(name), *rest)
            for person, name, *rest in result.values("id", *FACT_COLUMNS)
        ]
        made = facts_from_fields(result)
        assert made == one_by_one
        assert [f.created_at for f in made] == [f.created_at for f in one_by_one]


def _as_version_6(store: SQLiteStore) -> None:
    """What version 6 held: everything but the index of the fields (and the indexes of
    later versions)."""
    for index in (FIELDS_INDEX, *LATER_INDEXES):
        store._run(f"DROP INDEX {index}")
    store._run("UPDATE schema_version SET version = 6")


def test_a_version_6_file_gains_the_index_of_the_fields(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    with SQLiteStore(path) as old:
        old.add_contact(Contact("Ada Lovelace", id="ada", circle="close"))
        _as_version_6(old)
    with SQLiteStore(path) as store:
        assert store._run("SELECT version FROM schema_version").first("version") == len(MIGRATIONS)
        indexes = store._run("SELECT name FROM sqlite_master WHERE type = 'index'").column("name")
        assert FIELDS_INDEX in indexes
        assert store.contact_facts() == [ContactFacts.of(store.get_contact(ContactId("ada")))]


@pytest.mark.parametrize("name", ['"quoted"', "back\\slash", "nul\x00here", "\\", '"'])
def test_names_that_look_like_json_text_are_read_exactly(tmp_path: Path, name: str) -> None:
    with SQLiteStore(tmp_path / "network.db") as store:
        store.add_contact(Contact(name, id="odd"))
        (facts,) = store.contact_facts()
        assert facts.name == name
        (row,) = store.listed_contacts()
        assert row.name == name


def test_a_document_that_is_not_json_is_indexed_and_read_as_damaged(tmp_path: Path) -> None:
    """The index of the fields never refuses a row: a file holding a document that is
    not JSON still gains the index, and reading the facts names the damage."""
    path = tmp_path / "v6.db"
    with SQLiteStore(path) as old:
        old.add_contact(Contact("Ada Lovelace", id="ada"))
        _as_version_6(old)
        old._run("UPDATE contacts SET doc = 'not json'")
    with SQLiteStore(path) as store:
        with pytest.raises(StorageError, match="stored contact is damaged"):
            store.contact_facts()
        with pytest.raises(StorageError, match="stored contact is damaged"):
            store.listed_contacts()


@SLOW
@given(strategies.networks(max_contacts=8, max_interactions=0))
def test_introducers_are_named_from_facts_without_listing_every_contact(
    net: Network,
) -> None:
    """The names of introducers, unreachable ones too, come from one ``contact_facts``
    call of a SQL store (no ``contacts()`` listing of the whole network); the oracle
    is each contact's own name."""
    with closing(SQLiteStore(":memory:")) as store:
        net.add_to(store)
        everyone = {c.id: c.name for c in store.contacts()}

        def refused(**_: object) -> list[Contact]:
            raise AssertionError("every contact listed for a few names")

        store.contacts = refused  # type: ignore[method-assign]
        assert _names(store, set(everyone)) == everyone
        assert _names(store, set(list(everyone)[:1])) == dict(list(everyone.items())[:1])


def test_a_store_whose_facts_leave_out_the_unreachable_names_them_from_its_contacts() -> None:
    """A fact source without ``reachable_only`` (a store of another package): the
    unreachable are named from one listing of the contacts."""

    class Facts:
        def __init__(self, store: SQLiteStore) -> None:
            self.store = store

        def contact_facts(self, contacts: list[ContactId] | None = None) -> list[ContactFacts]:
            return list(self.store.contact_facts(contacts))

        def contacts(self) -> list[Contact]:
            return list(self.store.contacts())

    with closing(SQLiteStore(":memory:")) as store:
        store.add_contact(Contact("Ada Lovelace", id="ada", status="archived"))
        store.add_contact(Contact("Grace Hopper", id="grace"))
        found = _names(Facts(store), {ContactId("ada"), ContactId("grace")})  # type: ignore[arg-type]
        assert found == {"ada": "Ada Lovelace", "grace": "Grace Hopper"}
