"""Every contact's next item (``follow_ups``) asks a rule only about the contacts its
``wakes_any_day`` names, found in one pass over the summaries; the result is always
that of every rule asked about every contact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings

from relnet import Engine
from relnet.model import Settings as SettingsType
from relnet.policy import (
    Context,
    Proposal,
    RuleSet,
    Wake,
    WakefulAnyDay,
    default_rules,
    planning_of,
)
from relnet.policy.dates import LocalTime
from relnet.policy.planning import _goals_by_contact, _open_commitments, _woken_by
from relnet.storage import touch_summaries_of
from relnet.storage.sieve import passes
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_engine_quiet import contexts, lone_contexts, rule_sets, short_rule_sets
from tests.policy.test_planning import Counted, Undeclared, crowd, fact_store


class AnyDayCopy(Counted):
    """A user's own rule class declaring what a built-in declares for the follow-ups."""

    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.proposes = planning_of(rule).proposes
        self.declares = planning_of(rule).wakes_any_day is not None

    def __getattr__(self, name: str) -> Any:
        if name == "wakes_any_day" and self.__dict__.get("declares"):
            return self.rule.wakes_any_day
        raise AttributeError(name)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets())
def test_follow_ups_equal_full_evaluation(network: Network, rules: RuleSet) -> None:
    """The oracle: the built-in rules, user copies declaring the same, and wrappers
    that declare nothing (every rule asked about every contact) give the same
    follow-ups, in the same order, with the same texts; so does the agenda with room
    for everyone."""
    store = fact_store(network)
    now = network.now
    full = Engine(rules=[Undeclared(r) for r in rules], scoring=rules.scoring)
    expected = full.follow_ups(store, now=now).items
    assert Engine(rules=rules).follow_ups(store, now=now).items == expected
    copies = Engine(rules=[AnyDayCopy(r) for r in rules], scoring=rules.scoring)
    assert copies.follow_ups(store, now=now).items == expected
    everyone = len(network.contacts)
    unbounded = full.agenda(store, now=now, capacity=everyone).items
    assert Engine(rules=rules).agenda(store, now=now, capacity=everyone).items == unbounded


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets())
def test_every_contact_a_rule_proposes_for_wakes_it_on_any_day(
    network: Network, rules: RuleSet
) -> None:
    """Whenever a rule proposes something for a contact (available on any day), the
    contact is among those its ``wakes_any_day`` names, as the planner finds them."""
    store = network.store()
    summaries = touch_summaries_of(store, now=network.now)
    commitments = _open_commitments(store)
    goals = _goals_by_contact(store)
    for rule in rules:
        if not isinstance(rule, WakefulAnyDay):
            continue
        first = next(iter(contexts(network, store)), None)
        if first is None:
            return
        wake = rule.wakes_any_day(first.today, first.clock, first.settings)
        woken = _woken_by(wake, summaries, commitments, goals)
        for context in contexts(network, store):
            if any(isinstance(c, Proposal) for c in rule.evaluate(context)):
                assert context.contact.id in woken, rule.name


@settings(max_examples=300)
@given(lone_contexts(), short_rule_sets())
def test_any_day_wakes_are_sound_for_one_contact(context: Context, rules: RuleSet) -> None:
    """One contact, its summary drawn freely: a rule that proposes anything for it is
    woken by the summary (the reference :func:`relnet.storage.sieve.passes`)."""
    for rule in rules:
        if not isinstance(rule, WakefulAnyDay):
            continue
        wake = rule.wakes_any_day(context.today, context.clock, context.settings)
        assert isinstance(wake, Wake)
        proposed = any(isinstance(c, Proposal) for c in rule.evaluate(context))
        if proposed:
            assert passes(context.summary, wake.since) or wake.commitments, rule.name
            person = context.contact.id
            woken = _woken_by(wake, {person: context.summary}, {}, {})
            assert person in woken, rule.name


def test_a_declaring_rule_is_asked_only_about_the_contacts_it_names() -> None:
    """Forty people, one of whom waits for a reply: the reply rule is asked about that
    one only, the keep-in-touch rule (which declares nothing for any day) about all."""
    store, now = crowd()
    rules = default_rules()
    copies = [AnyDayCopy(rule) for rule in rules]
    expected = Engine(rules=rules).follow_ups(store, now=now)
    assert Engine(rules=copies, scoring=rules.scoring).follow_ups(store, now=now) == expected
    asked = {copy.name: sorted(copy.asked) for copy in copies}
    assert asked["reply_owed"] == ["p07"]
    assert asked["keep_in_touch"] == sorted(c.id for c in store.contacts())
    assert asked["intro_loop"] == []


def test_the_built_in_rules_declare_any_day_wakes_where_data_can_say() -> None:
    declared = {r.name for r in default_rules() if planning_of(r).wakes_any_day is not None}
    assert declared == {
        "reply_owed",
        "thank_you",
        "promise",
        "event_follow_up",
        "intro_loop",
        "mentor_loop",
        "nudge",
        "check_in",
    }
    promise = default_rules().get("promise")
    assert isinstance(promise, WakefulAnyDay)
    wake = promise.wakes_any_day(dt.date(2026, 1, 1), LocalTime("UTC"), SettingsType("UTC"))
    assert wake.promises_due_by == dt.date.max
