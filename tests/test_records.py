"""One JSON shape for apps: every result's record, its instants and zones, and the
JSON Schema that describes them, checked against real records of a generated network."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from typing import Any

import jsonschema
import pendulum
import pytest

from relnet import (
    ConflictError,
    Contact,
    Engine,
    Interaction,
    NotFoundError,
    StorageError,
    ValidationError,
)
from relnet.records import KINDS, from_record, json_schema
from relnet.serialization import from_dict
from relnet.synth import network

START = pendulum.datetime(2025, 1, 1, tz="Europe/London")
END = pendulum.datetime(2026, 3, 1, 9, tz="Europe/London")


@pytest.fixture(scope="module")
def net() -> Any:
    return network(60, 600, seed=19, start=START, end=END)


def check(kind: str, record: Any) -> None:
    """``record`` passes the schema of ``kind`` and survives a JSON round trip."""
    validator = jsonschema.Draft202012Validator(
        json_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(record)
    assert json.loads(json.dumps(record, allow_nan=False)) == record


def same_instant(text: str, zone: str, instant: dt.datetime) -> None:
    """A standard ISO string that Python reads back as the instant, and its zone."""
    parsed = dt.datetime.fromisoformat(text)
    assert parsed.timestamp() == instant.timestamp()
    assert parsed.utcoffset() == instant.utcoffset()
    assert zone == pendulum.instance(instant).timezone_name
    assert "[" not in text


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())
    for kind in KINDS:
        jsonschema.Draft202012Validator.check_schema(json_schema(kind))
    with pytest.raises(ValueError, match="kind: expected one of contact"):
        json_schema("gossip")
    changed = json_schema()
    changed["$defs"].clear()
    assert json_schema()["$defs"], "each call returns a fresh schema"


def test_contact_and_interaction_records(net: Any) -> None:
    for contact in net.contacts:
        record = contact.to_record()
        assert contact.to_records() == record
        check("contact", record)
        if contact.created_at is not None:
            same_instant(record["created_at"], record["created_at_zone"], contact.created_at)
    for interaction in net.interactions:
        record = interaction.to_record()
        assert interaction.to_records() == record
        check("interaction", record)
        same_instant(record["at"], record["at_zone"], interaction.at)
    zones = {i.to_record()["at_zone"] for i in net.interactions}
    assert len(zones) > 1, "the network spans several zones"


def test_a_record_reads_back_into_an_equal_value() -> None:
    at = pendulum.datetime(2026, 11, 5, 10, tz="Europe/Paris")
    interaction = Interaction(["ada"], at, "email", direction="inbound", topics={"b", "a"})
    record = interaction.to_record()
    assert record["at"] == "2026-11-05T10:00:00+01:00"
    assert record["at_zone"] == "Europe/Paris"
    assert record["topics"] == ["a", "b"]
    # The JSON shape keeps what is needed to rebuild the value exactly.
    instant = pendulum.instance(dt.datetime.fromisoformat(record["at"])).in_timezone(
        record["at_zone"]
    )
    rebuilt = Interaction(
        record["participants"],
        instant,
        record["channel"],
        direction=record["direction"],
        topics=record["topics"],
        id=record["id"],
    )
    assert rebuilt == interaction
    fixed = Contact(
        "Ada", created_at=pendulum.datetime(2026, 1, 1, tz=pendulum.FixedTimezone(19800))
    )
    assert fixed.to_record()["created_at_zone"] == "+05:30"
    assert Contact("Bo").to_record()["created_at"] is None


def test_agenda_follow_up_and_explanation_records(net: Any) -> None:
    store = net.to_store()
    engine = Engine()
    agenda = engine.agenda(store, now=END)
    assert len(agenda) > 0
    whole = agenda.to_record()
    check("agenda", whole)
    same_instant(whole["now"], whole["now_zone"], END)
    assert whole["today"] == "2026-03-01"
    assert whole["items"] == agenda.to_records()
    for item, record in zip(agenda, agenda.to_records(), strict=True):
        check("follow_up", record)
        assert record == item.to_record() == item.to_records()
        same_instant(record["due_at"], record["due_at_zone"], item.due_at)
        assert record["text"] == item.text
    explained = 0
    for contact in net.contacts[:40]:
        explanation = engine.explain(store, contact.id, now=END)
        record = explanation.to_record()
        assert explanation.to_records() == record
        check("explanation", record)
        assert record["text"] == explanation.text == str(explanation)
        assert record["contact"] == contact.id
        assert len(record["considered"]) == len(explanation.considered)
        explained += record["follow_up"] is not None
    assert explained > 0


def test_error_records() -> None:
    errors: list[Exception] = [
        ConflictError("taken", kind="contact", id="ada", reason="duplicate"),
        ConflictError("raced", retryable=True),
        NotFoundError("contact", "ada"),
        NotFoundError("goal", "g", role="reference"),
        StorageError("gone", retryable=True),
    ]
    with pytest.raises(ValidationError) as caught:
        from_dict({"name": "", "circle": "best"}, Contact)
    errors.append(caught.value)
    records = [e.to_record() for e in errors]  # type: ignore[attr-defined]
    for record in records:
        check("error", record)
    assert records[0] == {
        "error": "conflict",
        "message": "taken",
        "kind": "contact",
        "id": "ada",
        "reason": "duplicate",
        "retryable": False,
    }
    assert records[1]["reason"] == "concurrent_write"
    assert records[1]["retryable"] is True
    assert records[3]["role"] == "reference"
    assert [p["field"] for p in records[-1]["problems"]] == ["name", "circle"]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert copy.to_record() == error.to_record()  # type: ignore[attr-defined]


def test_records_read_back_into_equal_values(net: Any) -> None:
    for contact in net.contacts:
        back = from_record(contact.to_record(), Contact)
        assert back == contact
        if contact.created_at is not None:
            assert back.created_at is not None
            assert back.created_at.timezone_name == contact.created_at.timezone_name
    for interaction in net.interactions:
        back_i = from_record(json.loads(json.dumps(interaction.to_record())), Interaction)
        assert back_i == interaction
        assert back_i.at.timezone_name == interaction.at.timezone_name


def test_a_bad_record_from_a_client_names_every_problem() -> None:
    sent = {
        "participants": [],
        "at": "2026-11-05T10:00:00+01:00",
        "at_zone": "Mars/Olympus",
        "channel": "pigeon",
    }
    with pytest.raises(ValidationError) as caught:
        from_record(sent, Interaction)
    assert [p.field for p in caught.value.problems] == ["participants", "at", "channel"]
    without_zone = from_record(
        {"participants": ["ada"], "at": "2026-11-05T10:00:00+01:00", "channel": "call"}, Interaction
    )
    assert without_zone.at.utcoffset() == dt.timedelta(hours=1)
