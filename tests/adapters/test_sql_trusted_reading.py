"""The SQL stores' trusted reading of contacts, interactions, commitments and goals
(``decode_trusted``): the record the checked reading (every converter) gives, field for
field, type for type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings

from relnet import Commitment, Contact, Goal, Interaction, StorageError
from relnet.adapters.sql import rows
from relnet.adapters.sql.rows import (
    _decode_checked,
    decode,
    decode_trusted,
    encode,
    encode_interaction,
    stored_instant,
)
from relnet.adapters.sqlite import SQLiteStore
from relnet.model import epoch_us
from relnet.model._check import EMPTY_SET
from relnet.model.instants import zone_name
from relnet.synth import network
from relnet.testing import strategies

IDS = ["ada", "grace", "alan"]
CONTACTS = strategies.contacts(introducers=IDS, communities=["club"], tags=["a", "b c"])
INTERACTIONS = strategies.interactions(IDS, goals=["g1", "g2"], events=["e1"])


def assert_same(trusted: Any, checked: Any) -> None:
    """Equal records whose every field holds a value of the same type (the one shared
    empty set where the checked reading has it)."""
    assert trusted is not None
    assert type(trusted) is type(checked)
    assert trusted == checked
    for field in attrs.fields(type(checked)):
        mine, theirs = getattr(trusted, field.name), getattr(checked, field.name)
        assert type(mine) is type(theirs), field.name
        assert mine == theirs, field.name
        if theirs is EMPTY_SET:
            assert mine is EMPTY_SET, field.name
        if isinstance(theirs, pendulum.DateTime):
            assert mine.timezone_name == theirs.timezone_name, field.name
    assert hash(trusted) == hash(checked)


@settings(max_examples=200, deadline=None)
@given(strategies.commitments(IDS))
def test_a_trusted_commitment_is_the_checked_one(commitment: Commitment) -> None:
    """Commitments are read on trust too (every open one serves each agenda)."""
    doc = encode(commitment)
    checked = _decode_checked(doc, Commitment, "commitment")
    assert checked == commitment
    assert_same(decode_trusted(doc, Commitment), checked)


@settings(max_examples=200, deadline=None)
@given(strategies.goals(IDS))
def test_a_trusted_goal_is_the_checked_one(goal: Goal) -> None:
    doc = encode(goal)
    checked = _decode_checked(doc, Goal, "goal")
    assert checked == goal
    assert_same(decode_trusted(doc, Goal), checked)


@settings(max_examples=200, deadline=None)
@given(CONTACTS)
def test_a_trusted_contact_is_the_checked_one(contact: Contact) -> None:
    doc = encode(contact)
    checked = _decode_checked(doc, Contact, "contact")
    assert checked == contact
    assert_same(decode_trusted(doc, Contact), checked)
    assert_same(decode(doc, Contact, "contact"), checked)


@settings(max_examples=200, deadline=None)
@given(INTERACTIONS)
def test_a_trusted_interaction_is_the_checked_one(interaction: Interaction) -> None:
    doc = encode_interaction(interaction)
    at = stored_instant(epoch_us(interaction.at), zone_name(interaction.at))
    checked = _decode_checked(doc, Interaction, "interaction", at=at)
    assert checked == interaction
    assert_same(decode_trusted(doc, Interaction, at=at), checked)


def test_a_store_reads_the_same_records_trusted_or_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The oracle on a generated network: every contact, interaction, commitment and
    goal a SQLite store reads is the one it reads with the trusted reading turned off."""
    net = network(
        60,
        600,
        seed=7,
        start=pendulum.datetime(2024, 1, 1, tz="Europe/London"),
        end=pendulum.datetime(2025, 6, 1, tz="Europe/London"),
    )
    with SQLiteStore(tmp_path / "net.sqlite") as store:
        net.load_into(store)

        def read() -> list[Any]:
            return [
                *store.contacts(),
                *store.interactions(),
                *store.commitments(),
                *store.goals(),
            ]

        trusted = read()
        monkeypatch.setattr(rows, "_TRUSTED", frozenset())
        checked = read()
    assert sum(isinstance(r, Contact) for r in trusted) == 60
    assert sum(isinstance(r, Interaction) for r in trusted) == 600
    assert any(isinstance(r, Commitment) for r in trusted)
    for mine, theirs in zip(trusted, checked, strict=True):
        assert_same(mine, theirs)


def _damaged(field: str, value: Any) -> str:
    data = json.loads(encode(Contact(name="Ada", id="ada", tags={"a"}, emails=["a@b.example"])))
    assert field in data
    data[field] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", 3),
        ("circle", "best"),
        ("tags", "a"),
        ("tags", [1]),
        ("roles", ["chef"]),
        ("emails", "a@b.example"),
        ("version", True),
        ("created_at", "yesterday"),
        ("organization", ""),
        ("id", None),
    ],
)
def test_a_whole_document_of_the_wrong_shape_is_refused_as_before(field: str, value: Any) -> None:
    """A document whose every field is there but one holds what the store never writes
    is not read on trust: the checked reading refuses it and names the damage (or, for
    an empty optional text, reads it as the converter does)."""
    doc = _damaged(field, value)
    assert decode_trusted(doc, Contact) is None
    if field == "organization":
        assert decode(doc, Contact, "contact").organization is None
        return
    with pytest.raises(StorageError, match="stored contact is damaged"):
        decode(doc, Contact, "contact")


def test_a_document_with_a_field_missing_or_unknown_takes_the_checked_reading() -> None:
    data = json.loads(encode(Contact(name="Ada", id="ada")))
    del data["notes"]
    assert decode_trusted(json.dumps(data), Contact) is None
    assert decode(json.dumps(data), Contact, "contact") == Contact(name="Ada", id="ada")
    data["notes"], data["colour"] = "", "blue"
    assert decode_trusted(json.dumps(data), Contact) is None
    with pytest.raises(StorageError, match="stored contact is damaged"):
        decode(json.dumps(data), Contact, "contact")


def test_the_cross_field_checks_still_run() -> None:
    """``__attrs_post_init__`` runs: a contact introduced by itself is not read on trust."""
    data = json.loads(encode(Contact(name="Ada", id="ada")))
    data["introduced_by"] = "ada"
    assert decode_trusted(json.dumps(data), Contact) is None
    with pytest.raises(StorageError, match="stored contact is damaged"):
        decode(json.dumps(data), Contact, "contact")
