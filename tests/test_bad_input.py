"""The public API given bad input: a clear error naming field, value and expectation,
and nothing already stored lost or changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import (
    Commitment,
    Community,
    Contact,
    Event,
    Goal,
    InMemoryStore,
    Interaction,
    editing,
)
from relnet.adapters.jsonfile import JSONFileStore
from relnet.adapters.sqlite import SQLiteStore
from relnet.errors import ValidationError
from relnet.model import ContactId
from relnet.policy import Engine
from relnet.records import from_record
from relnet.serialization import dump_store, load_store
from relnet.storage import Store
from relnet.testing import snapshot
from relnet.testing.strategies import Network, networks

AT = pendulum.datetime(2024, 5, 1, 10, tz="Europe/Paris")


@pytest.fixture(params=["memory", "sqlite", "json"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made: Any
    if request.param == "memory":
        made = InMemoryStore()
    elif request.param == "sqlite":
        made = SQLiteStore(str(tmp_path / "network.db"))
    else:
        made = JSONFileStore(tmp_path / "network.json")
    made.add_contact(Contact("Ada Lovelace", id="ada", tags={"friend"}))
    made.add_contact(Contact("Bob Martin", id="bob"))
    made.add_interaction(Interaction(["ada"], AT.subtract(days=3), "meeting", id="i1"))
    yield made
    close = getattr(made, "close", None)
    if close is not None:
        close()


WRITES: dict[str, tuple[str, str]] = {
    "add_contact": ("contact", "Contact"),
    "update_contact": ("contact", "Contact"),
    "add_interaction": ("interaction", "Interaction"),
    "add_commitment": ("commitment", "Commitment"),
    "update_commitment": ("commitment", "Commitment"),
    "add_goal": ("goal", "Goal"),
    "update_goal": ("goal", "Goal"),
    "add_community": ("community", "Community"),
    "add_event": ("event", "Event"),
}


@pytest.mark.parametrize("method", sorted(WRITES))
@pytest.mark.parametrize("value", [None, {"name": "Ada", "id": "ada"}, "ada"], ids=repr)
def test_a_write_given_no_record_names_what_it_expected_and_changes_nothing(
    store: Store, method: str, value: object
) -> None:
    field, kind = WRITES[method]
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        getattr(store, method)(value)
    assert (caught.value.field, caught.value.value) == (field, value)
    assert kind in caught.value.expected
    assert snapshot(store) == before


@pytest.mark.parametrize("tag", [5, b"friend", ["friend"]], ids=repr)
def test_a_tag_that_is_not_a_string_is_refused_by_every_store(store: Store, tag: object) -> None:
    with pytest.raises(ValidationError) as caught:
        store.contacts(tag=tag)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("tag", tag)


@pytest.mark.parametrize(
    ("until", "today", "field"),
    [
        ("2024-06-01", dt.date(2024, 5, 1), "until"),
        (None, dt.date(2024, 5, 1), "until"),
        (dt.date(2024, 6, 1), "2024-05-01", "today"),
        (dt.date(2024, 6, 1), None, "today"),
    ],
)
def test_snoozing_with_what_is_not_a_date_names_it(
    store: Store, until: Any, today: Any, field: str
) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        editing.snooze_contact(store, ContactId("ada"), until, today=today)
    assert caught.value.field == field
    assert caught.value.expected == "a date"
    assert snapshot(store) == before


def test_snoozing_from_a_datetime_today_compares_days() -> None:
    store = InMemoryStore()
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    snoozed = editing.snooze_contact(
        store,
        ContactId("ada"),
        dt.date(2024, 5, 1),
        today=dt.datetime(2024, 5, 1, 18, tzinfo=dt.UTC),
    )
    assert snoozed.snoozed_until == pendulum.date(2024, 5, 1)


@pytest.mark.parametrize("which", ["target", "source"])
def test_restoring_from_or_into_what_is_not_a_store_names_it(store: Store, which: str) -> None:
    before = snapshot(store)
    given: dict[str, Any] = {"target": store, "source": store, which: {"contacts": []}}
    with pytest.raises(ValidationError) as caught:
        editing.restore(given["target"], given["source"])
    assert (caught.value.field, caught.value.expected) == (which, "a Store")
    assert snapshot(store) == before


RUNS: dict[str, Callable[[Engine, Store, pendulum.DateTime, str], object]] = {
    "agenda": lambda engine, store, now, _: engine.agenda(store, now=now),
    "follow_ups": lambda engine, store, now, _: engine.follow_ups(store, now=now),
    "explain": lambda engine, store, now, who: engine.explain(store, ContactId(who), now=now),
    "next_follow_up": lambda engine, store, now, who: engine.next_follow_up(
        store, ContactId(who), now=now
    ),
}


@pytest.mark.parametrize("run", sorted(RUNS))
@pytest.mark.parametrize(
    "now",
    [
        pendulum.datetime(9999, 12, 31, 23),
        pendulum.datetime(1, 1, 1, 1),
        pendulum.datetime(9999, 6, 1),
    ],
    ids=str,
)
def test_a_now_at_the_ends_of_the_calendar_is_refused_naming_it(
    store: Store, run: str, now: pendulum.DateTime
) -> None:
    with pytest.raises(ValidationError) as caught:
        RUNS[run](Engine(), store, now, "ada")
    assert (caught.value.field, caught.value.value) == ("now", now)


_EDGES = st.sampled_from(
    [
        pendulum.datetime(2, 1, 1, 0, tz="Pacific/Kiritimati"),
        pendulum.datetime(2, 1, 1, 0, tz="UTC"),
        pendulum.datetime(9997, 12, 31, 23, 59, tz="UTC"),
        pendulum.datetime(9997, 12, 31, 23, 59, tz="Etc/GMT+12"),
    ]
)


@given(network=networks(), now=_EDGES, run=st.sampled_from(sorted(RUNS)))
def test_at_the_first_and_last_years_it_takes_a_run_raises_only_validation_errors(
    network: Network, now: pendulum.DateTime, run: str
) -> None:
    """A run works there, or, when a cadence of years would leave the calendar, says so
    (never a bare ValueError or OverflowError from the date arithmetic)."""
    store = InMemoryStore()
    network.add_to(store)
    refused: ValidationError | None = None
    try:
        RUNS[run](Engine(), store, now, network.contacts[0].id)
    except ValidationError as error:
        refused = error
    assert refused is None or "years 1-9999" in refused.expected


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=15,
)


@given(
    record=_JSON,
    cls=st.sampled_from([Contact, Interaction, Commitment, Goal, Community, Event]),
)
def test_a_record_of_any_json_raises_only_validation_errors(record: Any, cls: type) -> None:
    refused: ValidationError | None = None
    try:
        from_record(record, cls)
    except ValidationError as error:
        refused = error
    if not isinstance(record, dict):
        assert refused is not None
        assert (refused.field, refused.expected) == ("", "a record (a JSON object)")


def test_a_store_document_read_as_text_may_start_with_a_bom(tmp_path: Path) -> None:
    """A file saved by Notepad starts with a BOM, which an open text file keeps."""
    store = InMemoryStore()
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    path = tmp_path / "network.json"
    path.write_text(dump_store(store), encoding="utf-8-sig")
    with path.open(encoding="utf-8") as text:
        assert snapshot(load_store(text)) == snapshot(store)
    assert snapshot(load_store(path)) == snapshot(store)
