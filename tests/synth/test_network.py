"""The synthetic generator's output: deterministic, exact, loadable, in time order."""

from __future__ import annotations

import collections
import datetime as dt
import doctest
import gc
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import relnet.synth
from relnet import InMemoryStore, ValidationError
from relnet.model import epoch_us
from relnet.serialization import dump_store, load_store
from relnet.synth import OWNER_TIMEZONE, SyntheticNetwork, network
from tests.synth.networks import END, START, make

SRC = Path(__file__).resolve().parents[2] / "src"


# -- determinism and counts -----------------------------------------------------------


def test_same_arguments_give_equal_networks_ids_included(net: SyntheticNetwork) -> None:
    again = make()
    assert again == net
    assert [c.id for c in again.contacts] == [c.id for c in net.contacts]
    assert [i.id for i in again.interactions] == [i.id for i in net.interactions]


def test_another_seed_gives_another_network(net: SyntheticNetwork) -> None:
    other = make(seed=2)
    assert other != net
    assert {c.id for c in other.contacts}.isdisjoint({c.id for c in net.contacts})
    assert [i.channel for i in other.interactions] != [i.channel for i in net.interactions]


def test_output_does_not_depend_on_string_hashing() -> None:
    code = (
        "import hashlib, pendulum\n"
        "from relnet.serialization import dump_store\n"
        "from relnet.synth import network\n"
        "net = network(60, 500, seed=5, start=pendulum.datetime(2024, 1, 1, tz='UTC'),\n"
        "              end=pendulum.datetime(2024, 12, 31, tz='UTC'))\n"
        "print(hashlib.sha256(dump_store(net.to_store()).encode()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(SRC)}
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        digests.add(result.stdout.strip())
    here = network(
        60,
        500,
        seed=5,
        start=pendulum.datetime(2024, 1, 1, tz="UTC"),
        end=pendulum.datetime(2024, 12, 31, tz="UTC"),
    )
    digests.add(hashlib.sha256(dump_store(here.to_store()).encode()).hexdigest())
    assert len(digests) == 1


@pytest.mark.parametrize(("contacts", "interactions"), [(0, 0), (1, 0), (1, 1), (7, 50), (500, 0)])
def test_exact_counts(contacts: int, interactions: int) -> None:
    generated = make(contacts, interactions)
    assert len(generated.contacts) == contacts
    assert len(generated.interactions) == interactions
    assert len(generated.goals) == 6
    assert generated.communities
    assert generated.events


def test_ids_are_unique_per_kind(net: SyntheticNetwork) -> None:
    for records in (net.contacts, net.interactions, net.commitments, net.goals, net.events):
        ids = [record.id for record in records]
        assert len(ids) == len(set(ids))
        assert all(len(i) == 16 and int(i, 16) >= 0 for i in ids)


# -- referential integrity and loading ----------------------------------------------------


def test_to_store_holds_everything(net: SyntheticNetwork, store: InMemoryStore) -> None:
    assert len(store.contacts()) == len(net.contacts)
    assert list(store.interactions()) == list(net.interactions)
    assert store.get_settings() == net.settings
    assert store.get_profile() == net.profile
    assert len(store.commitments()) == len(net.commitments)
    assert list(store.events()) == list(net.events)


def test_load_into_gives_the_same_store_as_to_store(net: SyntheticNetwork) -> None:
    loaded = InMemoryStore()
    net.load_into(loaded)
    assert dump_store(loaded) == dump_store(net.to_store())


def test_the_network_survives_a_json_round_trip(store: InMemoryStore) -> None:
    text = dump_store(store)
    assert dump_store(load_store(text)) == text


def test_load_into_adds_introducers_first(net: SyntheticNetwork) -> None:
    seen: set[str] = set()
    introduced = 0
    for contact in net.contacts:
        if contact.introduced_by is not None:
            introduced += 1
            assert contact.introduced_by in seen
        seen.add(contact.id)
    assert introduced > 0


def test_load_into_is_one_transaction() -> None:
    generated = make(20, 100)
    target = InMemoryStore()
    target.add_contact(generated.contacts[-1])  # the last contact will clash
    with pytest.raises(Exception, match="already exists"):
        generated.load_into(target)
    assert [c.id for c in target.contacts()] == [generated.contacts[-1].id]
    assert not target.interactions()
    assert not target.communities()


# -- time ---------------------------------------------------------------------------------


def test_interactions_are_in_time_order_within_the_window(net: SyntheticNetwork) -> None:
    keys = [(epoch_us(i.at), i.id) for i in net.interactions]
    assert keys == sorted(keys)
    assert keys[0][0] >= epoch_us(START)
    assert keys[-1][0] <= epoch_us(END)
    assert net.start == START
    assert net.end == END


def test_instants_are_aware_pendulum_values_in_several_named_zones(net: SyntheticNetwork) -> None:
    zones = collections.Counter(i.at.timezone_name for i in net.interactions)
    assert all(isinstance(i.at, pendulum.DateTime) for i in net.interactions)
    assert zones.most_common(1)[0][0] == OWNER_TIMEZONE
    assert "UTC" in zones
    assert len(zones) >= 4


def test_interactions_are_bursty(net: SyntheticNetwork) -> None:
    weeks = collections.Counter(epoch_us(i.at) // (7 * 86400 * 10**6) for i in net.interactions)
    busiest, quietest = max(weeks.values()), min(weeks.values())
    assert busiest >= 3 * quietest


def test_contacts_were_created_before_their_first_interaction(
    net: SyntheticNetwork, store: InMemoryStore
) -> None:
    for contact in net.contacts:
        assert contact.created_at is not None
        assert contact.created_at <= END
        history = store.interactions(contact=contact.id)
        if history:
            assert contact.created_at < history[0].at


# -- arguments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"contacts": -1}, "contacts"),
        ({"contacts": True}, "contacts"),
        ({"interactions": "10"}, "interactions"),
        ({"seed": 1.5}, "seed"),
        ({"contacts": 0, "interactions": 3}, "contacts"),
        ({"start": dt.datetime(2024, 1, 1)}, "start"),
        ({"end": "2025-01-01"}, "end"),
        ({"end": START.subtract(days=1)}, "end"),
        ({"start": pendulum.datetime(1969, 1, 1)}, "start"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {
        "contacts": 5,
        "interactions": 5,
        "seed": 0,
        "start": START,
        "end": END,
    }
    arguments.update(kwargs)
    with pytest.raises(ValidationError) as raised:
        network(**arguments)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_the_garbage_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    make(10, 20).to_store()
    assert gc.isenabled()
    gc.disable()
    try:
        make(10, 20).to_store()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_module_examples() -> None:
    assert doctest.testmod(relnet.synth).failed == 0


# -- properties ---------------------------------------------------------------------------

ZONES = ("Europe/London", "UTC", "America/New_York", "Asia/Tokyo", "Australia/Sydney")


@given(
    contacts=st.integers(0, 12),
    interactions=st.integers(0, 60),
    seed=st.integers(-(2**70), 2**70),
    start=st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2060, 1, 1)),
    zone=st.sampled_from(ZONES),
    span=st.integers(0, 4 * 365 * 86400),
)
def test_generation_never_fails_and_stays_in_bounds(
    contacts: int, interactions: int, seed: int, start: dt.datetime, zone: str, span: int
) -> None:
    if not contacts:
        interactions = 0
    begin = pendulum.instance(start, tz=zone)
    finish = begin.add(seconds=span)
    generated = network(contacts, interactions, seed=seed, start=begin, end=finish)
    assert len(generated.contacts) == contacts
    assert len(generated.interactions) == interactions
    low, high = epoch_us(generated.start), epoch_us(generated.end)
    assert epoch_us(begin) <= low <= high <= epoch_us(finish)
    keys = [(epoch_us(i.at), i.id) for i in generated.interactions]
    assert keys == sorted(keys)
    assert all(low <= at <= high for at, _ in keys)
    store = generated.to_store()
    assert len(store.interactions()) == interactions
    assert generated == network(contacts, interactions, seed=seed, start=begin, end=finish)
