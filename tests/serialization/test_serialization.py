"""Serialization: exact round trips (zones kept) and only ValidationError for bad input."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import (
    Cadence,
    Commitment,
    Community,
    Contact,
    ContactId,
    Event,
    Goal,
    InMemoryStore,
    Interaction,
    Profile,
    Settings,
    ValidationError,
)
from relnet.serialization import (
    DOCUMENT_VERSION,
    dump_store,
    dumps,
    format_instant,
    from_dict,
    load_store,
    loads,
    parse_instant,
    to_dict,
)
from relnet.testing import strategies as s

PEOPLE = ["ada", "bo", "cy"]


def same_zones(a: Any, b: Any) -> None:
    """Every instant of ``a`` has the zone name of the matching instant of ``b``."""
    for name in ("at", "created_at"):
        left, right = getattr(a, name, None), getattr(b, name, None)
        if left is not None:
            assert right is not None
            assert left.timezone_name == right.timezone_name
            assert left.isoformat() == right.isoformat()


values = st.one_of(
    s.contacts(),
    s.interactions(PEOPLE),
    s.commitments(PEOPLE),
    s.dismissals(PEOPLE),
    s.goals(PEOPLE),
    s.communities(),
    s.events(),
    s.settings(),
    s.profiles(),
    s.cadences(),
)


@given(values)
def test_to_dict_from_dict_round_trips(value: Any) -> None:
    back = from_dict(to_dict(value), type(value))
    assert back == value
    same_zones(back, value)


@given(values)
def test_dumps_loads_round_trips(value: Any) -> None:
    text = dumps(value)
    back = loads(text, type(value))
    assert back == value
    same_zones(back, value)
    assert dumps(back) == text


@given(s.instants())
def test_instants_keep_their_zone_name(instant: pendulum.DateTime) -> None:
    back = parse_instant(format_instant(instant))
    assert back == instant
    assert back.timezone_name == instant.timezone_name
    assert back.utcoffset() == instant.utcoffset()


def test_instant_format_is_fixed_width_and_names_the_zone() -> None:
    at = pendulum.datetime(2026, 11, 5, 10, tz="Europe/Paris")
    assert format_instant(at) == "2026-11-05T10:00:00.000000+01:00[Europe/Paris]"


@pytest.mark.parametrize("offset", [0, 3600, -16200])
def test_fixed_offsets_stay_fixed_offsets(offset: int) -> None:
    at = pendulum.datetime(2026, 1, 1, 12, tz=pendulum.FixedTimezone(offset))
    back = parse_instant(format_instant(at))
    assert back == at
    assert back.timezone_name == at.timezone_name
    assert back.utcoffset() == at.utcoffset()


def test_an_ambiguous_local_time_keeps_its_offset() -> None:
    # 01:30 happens twice in New York on 1 November 2026; the second is EST (-05:00).
    second = pendulum.datetime(2026, 11, 1, 6, 30, tz="UTC").in_timezone("America/New_York")
    back = parse_instant(format_instant(second))
    assert back == second
    assert back.utcoffset() == second.utcoffset()


def test_to_dict_is_plain_json_data() -> None:
    contact = Contact("Ada", circle="close", tags={"b", "a"}, cadence=Cadence.weeks(6))
    data = to_dict(contact)
    assert json.loads(json.dumps(data)) == data
    assert data["circle"] == "close"
    assert data["tags"] == ["a", "b"]
    assert data["cadence"] == {"count": 6, "unit": "week"}


@pytest.mark.parametrize(
    ("data", "cls", "field"),
    [
        ({"name": 5}, Contact, "name"),
        ({"name": "Ada", "circle": "bestie"}, Contact, "circle"),
        ({"name": "Ada", "surprise": 1}, Contact, ""),
        ({"name": "Ada", "created_at": "2026-01-01T00:00:00"}, Contact, "created_at"),
        ({"name": "Ada", "tags": "abc"}, Contact, "tags"),
        ({"name": "Ada", "tags": ["a", 3]}, Contact, "tags[1]"),
        ({"name": "Ada", "cadence": {"count": 0, "unit": "week"}}, Contact, "cadence.count"),
        ({"name": "Ada", "cadence": {"count": 1}}, Contact, "cadence.unit"),
        ({"name": "Ada", "version": True}, Contact, "version"),
        ({}, Contact, "name"),
        ([], Contact, ""),
        ({"participants": [], "at": "2026-01-01T00:00:00Z", "channel": "call"}, Interaction, ""),
        (
            {
                "participants": ["a"],
                "at": "2026-01-01T00:00:00+00:00[Mars/Base]",
                "channel": "call",
            },
            Interaction,
            "at",
        ),
        ({"title": "x", "weight": 2}, Goal, "weight"),
        ({"title": "x", "target": {"count": "3"}}, Goal, "target.count"),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else None,
)
def test_malformed_data_names_the_path(data: Any, cls: type, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(data, cls)
    if field:
        assert info.value.field == field


def _sample_store() -> InMemoryStore:
    store = InMemoryStore(
        settings=Settings("Europe/Paris", daily_capacity=3), profile=Profile(name="Me")
    )
    community = store.add_community(Community("PyData", id="pydata"))
    event = store.add_event(
        Event("PyData Paris", pendulum.datetime(2026, 3, 1, tz="Europe/Paris"), community="pydata")
    )
    ada = store.add_contact(Contact("Ada", id="ada", communities={community.id}))
    bo = store.add_contact(Contact("Bo", id="bo", introduced_by="ada", version=3))
    goal = store.add_goal(Goal("Mentor", id="g", contacts={ada.id}))
    store.add_interaction(
        Interaction(
            [ada.id, bo.id],
            pendulum.datetime(2026, 3, 1, 12, tz="Asia/Tokyo"),
            "event",
            event=event.id,
            goals={goal.id},
        )
    )
    store.add_commitment(Commitment(bo.id, "Send the paper", pendulum.date(2026, 3, 8)))
    return store


def test_a_store_round_trips_through_a_document() -> None:
    store = _sample_store()
    text = dump_store(store)
    document = json.loads(text)
    assert document["relnet"] == DOCUMENT_VERSION
    back = load_store(text)
    assert dump_store(back) == text
    assert back.get_contact(ContactId("bo")).version == 3
    assert back.get_settings() == store.get_settings()
    assert back.interactions()[0].at.timezone_name == "Asia/Tokyo"


@given(st.lists(s.contacts(), max_size=6, unique_by=lambda c: c.id), st.data())
def test_load_store_of_dump_store_reproduces_the_store(contacts: list[Contact], data: Any) -> None:
    store = InMemoryStore(settings=data.draw(s.settings()), profile=data.draw(s.profiles()))
    for contact in contacts:
        store.add_contact(contact)
    people = [c.id for c in contacts]
    if people:
        for interaction in data.draw(
            st.lists(s.interactions(people), max_size=8, unique_by=lambda i: i.id)
        ):
            store.add_interaction(interaction)
        for commitment in data.draw(
            st.lists(s.commitments(people), max_size=3, unique_by=lambda c: c.id)
        ):
            store.add_commitment(commitment)
        for goal in data.draw(st.lists(s.goals(people), max_size=3, unique_by=lambda g: g.id)):
            store.add_goal(goal)
    text = dump_store(store)
    back = load_store(text)
    assert dump_store(back) == text
    assert back.contacts() == store.contacts()
    assert back.interactions() == store.interactions()


def test_a_future_document_version_is_refused() -> None:
    document = json.loads(dump_store(_sample_store()))
    document["relnet"] = DOCUMENT_VERSION + 1
    with pytest.raises(ValidationError) as info:
        load_store(json.dumps(document))
    assert info.value.field == "relnet"
    assert "upgrade relnet" in str(info.value)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["contacts"][1].update(introduced_by="nobody"), "contact"),
        (lambda d: d["interactions"][0].update(participants=["ghost"]), "contact"),
        (lambda d: d["contacts"].append(dict(d["contacts"][0])), "id"),
        (lambda d: d["contacts"][0].update(name=""), "contacts[0].name"),
        (lambda d: d.update(extra=[]), "extra"),
        (lambda d: d.update(contacts={}), "contacts"),
        (lambda d: d.pop("relnet"), "relnet"),
    ],
    ids=[
        "dangling-introducer",
        "ghost-participant",
        "repeated-id",
        "blank-name",
        "unknown-key",
        "contacts-not-a-list",
        "no-version",
    ],
)
def test_broken_documents_are_refused_with_a_path(mutate: Any, field: str) -> None:
    document = json.loads(dump_store(_sample_store()))
    mutate(document)
    with pytest.raises(ValidationError) as info:
        load_store(json.dumps(document))
    assert info.value.field == field


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
targets = st.sampled_from(
    [Contact, Interaction, Commitment, Goal, Community, Event, Settings, Profile, Cadence]
)


@given(json_values, targets)
def test_arbitrary_json_raises_only_validation_error(data: Any, cls: type) -> None:
    with contextlib.suppress(ValidationError):
        from_dict(data, cls)


@given(st.text(max_size=200), targets)
def test_arbitrary_text_raises_only_validation_error(text: str, cls: type) -> None:
    with contextlib.suppress(ValidationError):
        loads(text, cls)


@given(json_values)
def test_arbitrary_documents_raise_only_validation_error(data: Any) -> None:
    with contextlib.suppress(ValidationError):
        load_store(json.dumps(data))


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "id",
                "circle",
                "tags",
                "created_at",
                "cadence",
                "birthday",
                "emails",
                "version",
            ]
        ),
        json_values,
    )
)
def test_contact_shaped_garbage_raises_only_validation_error(data: dict[str, Any]) -> None:
    document = {"relnet": 1, "contacts": [data]}
    with contextlib.suppress(ValidationError):
        load_store(json.dumps(document))


@given(s.instants())
def test_parsing_an_instant_agrees_with_pendulum_s_conversion(instant: pendulum.DateTime) -> None:
    """The fast reading of a zoned instant (after its zone is first met) is what
    pendulum's ``in_timezone`` gives: same instant, zone, fold and text."""
    import datetime as dt

    text = format_instant(instant)
    stamp, _, rest = text.partition("[")
    plain = pendulum.instance(dt.datetime.fromisoformat(stamp))
    expected = plain.in_timezone(rest[:-1]) if rest else plain
    for _ in range(2):  # the zone is read the first time, cached the second
        parsed = parse_instant(text)
        assert parsed == expected
        assert type(parsed) is pendulum.DateTime
        assert (parsed.fold, parsed.utcoffset()) == (expected.fold, expected.utcoffset())
        assert parsed.timezone_name == expected.timezone_name
        assert format_instant(parsed) == format_instant(expected) == text


@pytest.mark.parametrize("zone", ["Mars/Base", "+05:30", "europe/paris", "Europe/Paris "])
def test_an_unknown_zone_name_is_refused_naming_the_field_and_value(zone: str) -> None:
    text = f"2026-01-01T00:00:00+00:00[{zone}]"
    with pytest.raises(ValidationError) as caught:
        parse_instant(text, "at")
    assert (caught.value.field, caught.value.value) == ("at", text)
    assert "IANA" in caught.value.expected
