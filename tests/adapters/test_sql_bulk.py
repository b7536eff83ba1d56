"""The SQL stores' bulk writer: ``add_records`` stores exactly what ``add_*`` does, or nothing."""

from __future__ import annotations

from contextlib import closing
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet import (
    Channel,
    Commitment,
    CommitmentId,
    ConflictError,
    Contact,
    ContactId,
    Direction,
    Event,
    Interaction,
    NotFoundError,
    ValidationError,
)
from relnet.adapters.sql import SQLStore
from relnet.adapters.sql.schema import COLUMNS
from relnet.storage import copy_records
from relnet.storage.copy import introducers_first
from relnet.synth import network
from relnet.testing import snapshot, strategies
from relnet.testing.strategies import Network
from tests.adapters.sql_stores import Factory, make_store

__all__ = ["make_store"]  # the fixture, run on each SQL engine

AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")


def rows(store: SQLStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the bulk writer fills, in a canonical order."""
    return {
        table: sorted(
            store._run(f"SELECT {', '.join(columns)} FROM {table}").values(*columns), key=repr
        )
        for table, columns in COLUMNS.items()
    }


def bulk(store: SQLStore, net: Network, *, reverse: bool = False) -> None:
    """Add ``net`` with ``add_records`` (contacts in reverse order when asked)."""
    if net.settings is not None:
        store.set_settings(net.settings)
    if net.profile is not None:
        store.set_profile(net.profile)
    store.add_records(
        communities=net.communities,
        events=net.events,
        contacts=net.contacts[::-1] if reverse else net.contacts,
        goals=net.goals,
        interactions=net.interactions,
        commitments=net.commitments,
    )


def one_by_one(store: SQLStore, net: Network) -> None:
    """Add ``net`` record by record with the ``add_*`` methods, in one transaction."""
    with store.transaction():
        if net.settings is not None:
            store.set_settings(net.settings)
        if net.profile is not None:
            store.set_profile(net.profile)
        for community in net.communities:
            store.add_community(community)
        for event in net.events:
            store.add_event(event)
        for contact in introducers_first(net.contacts):
            store.add_contact(contact)
        for goal in net.goals:
            store.add_goal(goal)
        for interaction in net.interactions:
            store.add_interaction(interaction)
        for commitment in net.commitments:
            store.add_commitment(commitment)


def base(store: SQLStore) -> None:
    """Two contacts, one interaction and one event to refer to."""
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    store.add_contact(Contact("Grace Hopper", id="grace"))
    store.add_event(Event("Meetup", AT, id="meetup"))
    store.add_interaction(Interaction(["ada"], AT, Channel.CALL, id="call"))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(net=strategies.networks(extras=True), reverse=st.booleans())
def test_bulk_rows_are_the_rows_of_one_by_one(
    make_store: Factory, net: Network, reverse: bool
) -> None:
    """Every table holds the same rows whether records went in one by one or in bulk,
    contacts in either order (introducers after those they introduced, too)."""
    with closing(make_store()) as one, closing(make_store()) as many:
        one_by_one(one, net)
        bulk(many, net, reverse=reverse)
        assert rows(many) == rows(one)
        assert snapshot(many) == snapshot(one)


def test_a_synthetic_network_in_bulk_equals_one_by_one(make_store: Factory) -> None:
    """A realistic network: the stores agree on everything observable."""
    net = network(
        40,
        300,
        seed=3,
        start=pendulum.datetime(2025, 1, 1, tz="Europe/London"),
        end=pendulum.datetime(2025, 12, 1, tz="Europe/London"),
    )
    one, many = make_store(), make_store()
    one_by_one(
        one,
        Network(
            settings=net.settings,
            profile=net.profile,
            communities=net.communities,
            events=net.events,
            contacts=net.contacts,
            goals=net.goals,
            interactions=net.interactions,
            commitments=net.commitments,
        ),
    )
    net.load_into(many)  # copy_records: the store's bulk writer
    assert rows(many) == rows(one)
    assert snapshot(many) == snapshot(one)


def test_copy_records_uses_the_bulk_writer(
    make_store: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """copy_records hands a SQL store every record in one add_records call."""
    store = make_store()
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(store, "add_records", lambda **given: calls.append(given))
    copy_records(store, contacts=[Contact("Ada Lovelace", id="ada")])
    assert [[c.id for c in call["contacts"]] for call in calls] == [["ada"]]


def test_bulk_adds_to_a_store_that_holds_records(make_store: Factory) -> None:
    """New records may name records stored before the call."""
    store = make_store()
    base(store)
    store.add_records(
        contacts=[Contact("Alan Turing", id="alan", introduced_by="ada")],
        interactions=[Interaction(["alan", "grace"], AT, Channel.EVENT, event="meetup", id="talk")],
        commitments=[Commitment("grace", "send the slides", AT.date(), id="slides")],
    )
    assert store.get_contact(ContactId("alan")).introduced_by == "ada"
    assert [i.id for i in store.interactions(contact=ContactId("grace"))] == ["talk"]
    assert store.get_commitment(CommitmentId("slides")).contact == "grace"


CONFLICTS: list[tuple[str, dict[str, Any]]] = [
    ("stored contact", {"contacts": [Contact("Ada again", id="ada")]}),
    ("stored interaction", {"interactions": [Interaction(["ada"], AT, Channel.CALL, id="call")]}),
    (
        "interaction given twice",
        {
            "interactions": [
                Interaction(["ada"], AT, Channel.CALL, id="twice"),
                Interaction(["grace"], AT, Channel.VIDEO, id="twice"),
            ]
        },
    ),
    ("stored event", {"events": [Event("Another", AT, id="meetup")]}),
]


@pytest.mark.parametrize(("case", "records"), CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_a_repeated_id_is_a_conflict_and_nothing_is_written(
    make_store: Factory, case: str, records: dict[str, Any]
) -> None:
    store = make_store()
    base(store)
    before = rows(store)
    given: dict[str, list[Any]] = {"contacts": [Contact("Someone New", id="new")]}
    for key, more in records.items():
        given[key] = given.get(key, []) + more
    with pytest.raises(ConflictError):
        store.add_records(**given)
    assert rows(store) == before


MISSING: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "interaction participant",
        {"interactions": [Interaction(["nobody"], AT, Channel.CALL, id="x")]},
        "contact",
        "nobody",
    ),
    (
        "interaction goal",
        {"interactions": [Interaction(["ada"], AT, Channel.CALL, goals=["g"], id="x")]},
        "goal",
        "g",
    ),
    (
        "interaction event",
        {"interactions": [Interaction(["ada"], AT, Channel.EVENT, event="party", id="x")]},
        "event",
        "party",
    ),
    (
        "introducer",
        {
            "interactions": [
                Interaction(
                    ["ada"],
                    AT,
                    Channel.INTRO,
                    direction=Direction.INBOUND,
                    introduced_by="ghost",
                    id="x",
                )
            ]
        },
        "contact",
        "ghost",
    ),
    (
        "contact introducer",
        {"contacts": [Contact("Alan Turing", id="alan", introduced_by="ghost")]},
        "contact",
        "ghost",
    ),
    (
        "contact community",
        {"contacts": [Contact("Alan Turing", id="alan", communities=["club"])]},
        "community",
        "club",
    ),
    (
        "event community",
        {"events": [Event("Gala", AT, community="club", id="gala")]},
        "community",
        "club",
    ),
    (
        "commitment contact",
        {"commitments": [Commitment("ghost", "write", AT.date(), id="k")]},
        "contact",
        "ghost",
    ),
]


@pytest.mark.parametrize(
    ("case", "records", "kind", "missing"), MISSING, ids=[m[0] for m in MISSING]
)
def test_a_dangling_reference_is_not_found_and_nothing_is_written(
    make_store: Factory, case: str, records: dict[str, Any], kind: str, missing: str
) -> None:
    store = make_store()
    base(store)
    before = rows(store)
    given: dict[str, list[Any]] = {"contacts": [Contact("Someone New", id="new")]}
    for key, more in records.items():
        given[key] = given.get(key, []) + more
    with pytest.raises(NotFoundError) as raised:
        store.add_records(**given)
    assert (raised.value.kind, raised.value.id) == (kind, missing)
    assert rows(store) == before


def test_a_record_of_the_wrong_kind_is_refused(make_store: Factory) -> None:
    store = make_store()
    with pytest.raises(ValidationError) as raised:
        store.add_records(contacts=[Interaction(["ada"], AT, Channel.CALL)])  # type: ignore[list-item]
    assert raised.value.field == "contact"
    assert rows(store) == {table: [] for table in COLUMNS}
