"""The SQL stores' documents: the fast writer and reader agree with the serializer."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet import Commitment, Community, Contact, Event, Goal, Interaction, StorageError
from relnet.adapters.sql.rows import (
    _intro_touch_rows,
    contact_from_doc,
    decode,
    encode,
    encode_contact,
    encode_interaction,
    stored_instant,
    touch_rows,
)
from relnet.model import epoch_us
from relnet.model.instants import zone_name
from relnet.serialization import format_instant, from_dict, parse_instant, to_dict
from relnet.testing import strategies

IDS = ["ada", "grace", "alan"]
RECORDS: dict[type, st.SearchStrategy[Any]] = {
    Contact: strategies.contacts(introducers=IDS, communities=["club"], tags=["a", "b c"]),
    Interaction: strategies.interactions(IDS, goals=["g1", "g2"], events=["e1"]),
    Commitment: strategies.commitments(IDS),
    Goal: strategies.goals(IDS),
    Community: strategies.communities(),
    Event: strategies.events(["club"]),
}


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_the_fast_interaction_document_is_the_serializer_s(data: st.DataObject) -> None:
    """The bulk writer's document for an interaction is the serializer's, byte for byte."""
    interaction = data.draw(RECORDS[Interaction])
    assert encode_interaction(interaction) == encode(interaction, drop="at")
    evolved = attrs.evolve(interaction, summary='Zoë ✓ "quoted" \\ \n')
    assert encode_interaction(evolved) == encode(evolved, drop="at")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_fast_contact_document_is_the_serializer_s(data: st.DataObject) -> None:
    """The bulk writer's document for a contact is the serializer's, byte for byte."""
    contact = data.draw(RECORDS[Contact])
    assert encode_contact(contact) == encode(contact)
    evolved = attrs.evolve(
        contact,
        name='Zoë ✓ "quoted" \\ \n',
        notes="\u2028 \t",
        tags={"b", "a", "é", "B", '"'},
        aliases=("z", "a"),
    )
    assert encode_contact(evolved) == encode(evolved)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_trusted_contact_is_the_checked_one(data: st.DataObject) -> None:
    """A contact read from a document the store wrote, unchecked, is the checked one."""
    contact = data.draw(RECORDS[Contact])
    doc = encode_contact(contact)
    assert contact_from_doc(doc) == decode(doc, Contact, "contact") == contact
    assert encode_contact(contact_from_doc(doc)) == doc


@pytest.mark.parametrize(
    "doc",
    [
        '{"name": "Ada", "id": "ada"}',
        '{"name": "Ada", "id": "ada", "created_at": "yesterday"}',
        "[]",
    ],
)
def test_a_document_of_another_shape_is_read_the_checked_way(doc: str) -> None:
    if doc == '{"name": "Ada", "id": "ada"}':
        assert contact_from_doc(doc) == Contact("Ada", id="ada")
    else:
        with pytest.raises(StorageError):
            contact_from_doc(doc)


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_reading_a_document_gives_the_serializer_s_record(
    cls: type[object], data: st.DataObject
) -> None:
    """A stored document reads back as ``from_dict`` reads it: the same record."""
    record = data.draw(RECORDS[cls])
    read = decode(encode(record), cls, "record")
    assert read == from_dict(to_dict(record), cls) == record
    assert to_dict(read) == to_dict(record)


@pytest.mark.parametrize(
    "doc",
    [
        "not json",
        "[]",
        '{"name": "Ada", "id": "ada", "unknown": 1}',
        '{"name": "", "id": "ada"}',
        '{"name": "Ada", "id": "ada", "created_at": "yesterday"}',
        '{"name": "Ada", "id": "ada", "tags": "a"}',
        '{"name": "Ada", "id": "ada", "circle": "best"}',
        '{"name": "Ada", "id": "ada", "version": true}',
    ],
)
def test_a_damaged_document_is_a_storage_error(doc: str) -> None:
    with pytest.raises(StorageError, match="stored contact is damaged"):
        decode(doc, Contact, "contact")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_touch_rows_are_one_per_touch(data: st.DataObject) -> None:
    """The rows written for an interaction's touches are its touches, as the policy's
    table gives them, whatever the channel, direction and introducer."""
    interaction = data.draw(RECORDS[Interaction])
    assert touch_rows(interaction, 7) == _intro_touch_rows(interaction, 7)
    assert len(touch_rows(interaction, 7)) == len(interaction.touches())


@given(
    st.integers(-(10**9), 4 * 10**9).map(lambda s: s * 1_000_000 + 123),
    st.sampled_from(
        [
            *("Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"),
            *("+00:00", "-03:30", "+05:45", "+14:00"),
        ]
    ),
)
def test_stored_instants_read_back_in_their_zone(us: int, zone: str) -> None:
    """An instant read from (epoch µs, zone) is the one written: same instant, same wall
    clock (either side of a repeated hour), same zone."""
    read = stored_instant(us, zone)
    assert epoch_us(read) == us
    assert zone_name(read) == zone
    assert parse_instant(format_instant(read)) == read
    assert format_instant(parse_instant(format_instant(read))) == format_instant(read)
    assert read.timezone is not None  # a stored instant is aware
    assert read.isoformat() == read.in_timezone(read.timezone).isoformat()


def test_an_unknown_stored_zone_is_a_storage_error_naming_it() -> None:
    with pytest.raises(StorageError, match="Mars/Olympus_Mons"):
        stored_instant(0, "Mars/Olympus_Mons")
