"""The agenda's sieve: rules' ``wakes`` never leave out a contact they have something for,
and asking a store for only the woken contacts changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet import Commitment, Contact, Engine, InMemoryStore, Interaction, Settings
from relnet.errors import ValidationError
from relnet.model import ContactId, Party, TouchSummary
from relnet.policy import Context, Promise, Proposal, RuleSet
from relnet.policy.dates import LocalTime
from relnet.policy.rule import Wake, planning_of
from relnet.storage import SummarySource
from relnet.storage.sieve import passes
from tests.policy.engine_helpers import PlainStore
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_engine_quiet import contexts, lone_contexts, rule_sets, short_rule_sets


def woken(wake: Wake, context: Context) -> bool:
    """Whether ``context``'s contact wakes a rule whose ``wakes`` gave ``wake``."""
    if passes(context.summary, wake.since):
        return True
    if wake.commitments and context.commitments:
        return True
    if wake.goals and context.goals:
        return True
    by = wake.promises_due_by
    return by is not None and any(
        c.owed_by is Party.ME and c.due <= by for c in context.commitments
    )


def available_today(rule: Any, context: Context) -> bool:
    return any(
        isinstance(c, Proposal) and c.available_from <= context.today
        for c in rule.evaluate(context)
    )


@given(networks(), rule_sets())
def test_every_contact_a_rule_has_something_for_wakes_it(network: Network, rules: RuleSet) -> None:
    store = network.store()
    for context in contexts(network, store):
        for rule in rules:
            wakeful = planning_of(rule).wakes
            if wakeful is None:
                continue
            wake = wakeful.wakes(context.today, context.clock, context.settings)
            if available_today(rule, context):
                assert woken(wake, context), (rule.name, context.contact.id)


@settings(max_examples=400)
@given(lone_contexts(), short_rule_sets())
def test_wakes_hold_at_the_day_boundaries(context: Context, rules: RuleSet) -> None:
    """Summary instants on every side of the rules' first and last days."""
    for rule in rules:
        wakeful = planning_of(rule).wakes
        if wakeful is not None:
            wake = wakeful.wakes(context.today, context.clock, context.settings)
            if available_today(rule, context):
                assert woken(wake, context), rule.name


class SummariesOnly(PlainStore):
    """A store that computes summaries but cannot sieve them."""

    def touch_summaries(self, **kwargs: Any) -> Mapping[ContactId, TouchSummary]:
        inner = self._inner
        assert isinstance(inner, SummarySource)
        return inner.touch_summaries(**kwargs)


@given(networks(), rule_sets(), st.none() | st.integers(0, 12))
def test_the_agenda_is_the_same_whether_or_not_the_store_sieves(
    network: Network, rules: RuleSet, capacity: int | None
) -> None:
    """Same items, order and texts from the sieving store, one with summaries only, and
    one with only the Store protocol; with room for optional items and without."""
    store = network.store()
    engine = Engine(rules=rules)
    sieved = engine.agenda(store, now=network.now, capacity=capacity)
    for other in (SummariesOnly(store), PlainStore(store)):
        assert engine.agenda(other, now=network.now, capacity=capacity).items == sieved.items


def test_a_contact_outside_the_sieve_still_gets_an_optional_item_when_there_is_room() -> None:
    now = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
    store = InMemoryStore(Settings(timezone="Europe/London", daily_capacity=2))
    store.add_contact(Contact("Ada Lovelace", id="ada", circle="close"))
    store.add_contact(Contact("Grace Hopper", id="grace", circle="close"))
    store.add_interaction(
        Interaction(["ada"], now.subtract(days=1), "email", direction="inbound", expects_reply=True)
    )
    store.add_interaction(Interaction(["grace"], now.subtract(days=60), "call"))
    agenda = Engine().agenda(store, now=now)
    assert [(i.contact, i.reason.value, i.must_do) for i in agenda] == [
        ("ada", "reply_owed", True),
        ("grace", "keep_in_touch", False),
    ]
    assert [i.contact for i in Engine().agenda(store, now=now, capacity=1)] == ["ada"]


def test_promises_wake_the_rule_from_their_lead_day() -> None:
    """A promise due after tomorrow waits (lead of one day); one due tomorrow is on."""
    now = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    store = InMemoryStore(Settings(timezone="UTC", daily_capacity=0))
    for person, days in (("ada", 1), ("grace", 2), ("alan", -3)):
        store.add_contact(Contact(person.title(), id=person, circle="network"))
        store.add_commitment(Commitment(person, "send the deck", now.date().add(days=days)))
    store.add_commitment(
        Commitment("grace", "send theirs", now.date(), owed_by="them", id="theirs")
    )
    wake = Promise().wakes(now.date(), LocalTime("UTC"), store.get_settings())
    assert wake == Wake(promises_due_by=dt.date(2026, 3, 3))
    agenda = Engine().agenda(store, now=now)
    assert [(i.contact, i.reason.value) for i in agenda] == [
        ("alan", "promise"),
        ("ada", "promise"),
    ]


def test_a_rule_whose_wakes_returns_something_else_is_named() -> None:
    class Odd:
        name = "odd"

        def quiet(self, today: Any, clock: Any, settings: Any) -> Any:
            return lambda *args: False

        def wakes(self, today: Any, clock: Any, settings: Any) -> Any:
            return {"pending_reply": 0}

        def evaluate(self, context: Context) -> Any:
            return ()

    store = InMemoryStore()
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    with pytest.raises(ValidationError, match="rule 'odd' wakes"):
        Engine(rules=[Odd()]).agenda(store, now=pendulum.datetime(2026, 3, 2, tz="UTC"))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"since": {"name": 1}}, "since"),
        ({"since": {"pending_reply": "soon"}}, "since['pending_reply']"),
        ({"since": {"pending_reply": True}}, "since['pending_reply']"),
        ({"since": ["pending_reply"]}, "since"),
        ({"promises_due_by": "2026-03-02"}, "promises_due_by"),
        ({"promises_due_by": dt.datetime(2026, 3, 2, tzinfo=dt.UTC)}, "promises_due_by"),
    ],
    ids=["unknown-field", "text-bound", "bool-bound", "not-a-mapping", "text-day", "datetime"],
)
def test_a_bad_wake_names_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Wake(**fields)
    assert caught.value.field == field
