"""The synthetic network generator: deterministic, exact, valid, and showing everything."""

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

from relnet import (
    Channel,
    Circle,
    Direction,
    InMemoryStore,
    MonthDay,
    Party,
    Role,
    Stage,
    Status,
    ValidationError,
    Value,
)
from relnet.model import epoch_us
from relnet.serialization import dump_store, load_store
from relnet.testing import synth
from relnet.testing.synth import SyntheticNetwork, network

START = pendulum.datetime(2024, 1, 1, tz="Europe/London")
END = pendulum.datetime(2025, 6, 30, 18, tz="Europe/London")
SRC = Path(__file__).resolve().parent.parent / "src"


def make(contacts: int = 300, interactions: int = 3000, seed: int = 1) -> SyntheticNetwork:
    return network(contacts, interactions, seed=seed, start=START, end=END)


@pytest.fixture(scope="module")
def net() -> SyntheticNetwork:
    return make()


@pytest.fixture(scope="module")
def store(net: SyntheticNetwork) -> InMemoryStore:
    return net.to_store()


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
        "from relnet.testing.synth import network\n"
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
    assert zones.most_common(1)[0][0] == synth.OWNER_TIMEZONE
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


# -- realism: everything is there at moderate sizes ---------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_channel_direction_and_circle_appears(seed: int) -> None:
    generated = make(seed=seed)
    pairs = {(i.channel, i.direction) for i in generated.interactions}
    for channel in (Channel.EMAIL, Channel.MESSAGE, Channel.SOCIAL, Channel.INTRO):
        assert (channel, Direction.INBOUND) in pairs
        assert (channel, Direction.OUTBOUND) in pairs
    for channel in (Channel.MEETING, Channel.CALL, Channel.VIDEO, Channel.EVENT):
        assert (channel, Direction.MUTUAL) in pairs
    assert (Channel.NOTE, None) in pairs
    assert {c.circle for c in generated.contacts} == set(Circle)


def test_circles_follow_dunbar_layers(net: SyntheticNetwork) -> None:
    sizes = collections.Counter(c.circle for c in net.contacts)
    assert sizes[Circle.INNER] == 3
    assert sizes[Circle.CLOSE] == 9
    assert sizes[Circle.ACTIVE] == 30
    assert sizes[Circle.NETWORK] > sizes[Circle.ACQUAINTANCE] > sizes[Circle.ACTIVE]
    per_contact = collections.Counter(p for i in net.interactions for p in i.participants)
    by_circle = {
        circle: sum(per_contact[c.id] for c in net.contacts if c.circle is circle) / sizes[circle]
        for circle in Circle
    }
    assert by_circle[Circle.INNER] > by_circle[Circle.ACTIVE] > by_circle[Circle.ACQUAINTANCE]


def test_asks_replies_auto_replies_and_silence(net: SyntheticNetwork, store: InMemoryStore) -> None:
    interactions = net.interactions
    asks = [i for i in interactions if i.direction is Direction.OUTBOUND and i.expects_reply]
    assert asks
    assert any(i.auto_reply and i.direction is Direction.INBOUND for i in interactions)
    summaries = store.touch_summaries(now=END)
    assert any(s.open_asks >= 3 for s in summaries.values())
    assert any(s.pending_reply is not None for s in summaries.values())
    answered = sum(1 for s in summaries.values() if s.last_heard and s.last_reach)
    assert answered > len(net.contacts) // 4


def test_intros_both_ways(net: SyntheticNetwork) -> None:
    contacts = {c.id: c for c in net.contacts}
    inbound = [i for i in net.interactions if i.channel is Channel.INTRO and i.introduced_by]
    assert inbound
    for intro in inbound:
        assert intro.direction is Direction.INBOUND
        (person,) = intro.participants
        assert contacts[person].introduced_by == intro.introduced_by
    outbound = [
        i
        for i in net.interactions
        if i.channel is Channel.INTRO and i.direction is Direction.OUTBOUND
    ]
    assert outbound
    assert all(len(i.participants) == 2 for i in outbound)


def test_events_have_several_participants_and_exist(net: SyntheticNetwork) -> None:
    events = {e.id: e for e in net.events}
    at_events = [i for i in net.interactions if i.channel is Channel.EVENT]
    assert at_events
    assert all(i.event in events for i in at_events)
    assert all(i.at >= events[i.event].at for i in at_events if i.event)
    assert max(len(i.participants) for i in at_events) >= 3
    assert any(e.community is not None for e in net.events)


def test_value_flows_both_ways_and_mentors_advise(net: SyntheticNetwork) -> None:
    mentors = {c.id for c in net.contacts if Role.MENTOR in c.roles}
    assert mentors
    assert any(i.gave for i in net.interactions)
    assert any(i.received for i in net.interactions)
    assert any(
        Value.ADVICE in i.received and i.participants[0] in mentors for i in net.interactions
    )


def test_contacts_are_varied_and_readable(net: SyntheticNetwork) -> None:
    contacts = net.contacts
    assert all(" " in c.name and c.name.strip() == c.name for c in contacts)
    assert len({c.name for c in contacts}) > len(contacts) // 2
    roles = {role for c in contacts for role in c.roles}
    assert {Role.MENTOR, Role.MENTEE, Role.RECRUITER, Role.PEER, Role.FRIEND} <= roles
    statuses = collections.Counter(c.status for c in contacts)
    assert statuses[Status.ARCHIVED]
    assert statuses[Status.DO_NOT_CONTACT]
    assert statuses[Status.ACTIVE] > 0.9 * len(contacts)
    assert any(c.snoozed_until is not None for c in contacts)
    assert any(c.cadence is not None for c in contacts)
    for field in ("emails", "urls", "phones", "organization", "tags", "interests", "communities"):
        assert any(getattr(c, field) for c in contacts), field
    assert {c.stage for c in contacts} >= {Stage.TARGET, Stage.CONNECTED, Stage.ALLY}
    birthdays = [c.birthday for c in contacts if c.birthday is not None]
    assert pendulum.Date(1988, 2, 29) in birthdays
    assert any(isinstance(b, MonthDay) for b in birthdays)
    assert len({c.timezone for c in contacts}) >= 4


def test_goals_commitments_and_communities(net: SyntheticNetwork) -> None:
    goals = net.goals
    assert any(g.cadence for g in goals)
    assert any(g.target for g in goals)
    assert any(g.deadline for g in goals)
    assert any(g.contacts for g in goals)
    assert len({g.status for g in goals}) >= 3
    goal_ids = {g.id for g in goals}
    linked = [i for i in net.interactions if i.goals]
    assert linked
    assert all(i.goals <= goal_ids for i in linked)
    today = END.date()
    commitments = net.commitments
    assert {c.owed_by for c in commitments} == {Party.ME, Party.THEM}
    assert any(c.done_on is not None for c in commitments)
    assert any(c.is_open and c.due < today for c in commitments)  # overdue
    assert all(c.done_on is None or c.done_on <= today for c in commitments)
    assert any(c.target for c in net.communities)


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
    assert doctest.testmod(synth).failed == 0


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
