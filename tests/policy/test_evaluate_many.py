"""A rule that evaluates many contexts in one call (``evaluate_many``) answers, for
each, what ``evaluate`` yields for it alone; ``follow_ups`` is the same whether the
engine hands it many contexts at once or asks it contact by contact."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet import Engine
from relnet.errors import ValidationError
from relnet.model import Contact, MonthDay, Settings, TouchSummary
from relnet.policy import (
    Birthday,
    Candidate,
    Context,
    EvaluatesMany,
    KeepInTouch,
    RuleSet,
    default_rules,
    planning_of,
)
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_engine_quiet import contexts, lone_contexts, rule_sets, short_rule_sets
from tests.policy.test_planning import Counted, crowd, fact_store


def _keep_in_touch(rules: RuleSet) -> KeepInTouch:
    rule = rules.get("keep_in_touch")
    assert isinstance(rule, KeepInTouch)
    return rule


def _one_by_one(rule: Any, given: Sequence[Context]) -> list[tuple[Candidate, ...]]:
    return [tuple(rule.evaluate(context)) for context in given]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets(), st.booleans())
def test_keep_in_touch_many_at_once_equals_one_by_one(
    network: Network, rules: RuleSet, explaining: bool
) -> None:
    """On random networks (goals, open asks, planned meetings, contacts never touched)
    and random cadences, with every context twice so that what is shared is reused,
    and explained or not: the same candidates, in the same order."""
    rule = _keep_in_touch(rules)
    store = network.store()
    given = [attrs.evolve(c, explaining=explaining) for c in contexts(network, store)] * 2
    assert [tuple(found) for found in rule.evaluate_many(given)] == _one_by_one(rule, given)


@settings(max_examples=300)
@given(st.lists(lone_contexts(), min_size=1, max_size=6), short_rule_sets())
def test_keep_in_touch_many_at_once_equals_one_by_one_across_days_and_zones(
    given: list[Context], rules: RuleSet
) -> None:
    """Contexts of different days, zones, workdays and holidays in one call, at day
    boundaries and with short cadences: each gets what it gets alone."""
    rule = _keep_in_touch(rules)
    given = given + given[::-1]
    assert [tuple(found) for found in rule.evaluate_many(given)] == _one_by_one(rule, given)


def _birthday(rules: RuleSet) -> Birthday:
    rule = rules.get("birthday")
    assert isinstance(rule, Birthday)
    return rule


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets(), st.booleans())
def test_birthday_many_at_once_equals_one_by_one(
    network: Network, rules: RuleSet, explaining: bool
) -> None:
    """The birthday rule, on random networks and lead days, every context twice so that
    what is shared is reused: the same candidates, in the same order."""
    rule = _birthday(rules)
    store = network.store()
    given = [attrs.evolve(c, explaining=explaining) for c in contexts(network, store)] * 2
    assert [tuple(found) for found in rule.evaluate_many(given)] == _one_by_one(rule, given)


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(
            st.none()
            | st.integers(1, 12).flatmap(
                lambda month: st.builds(
                    MonthDay, st.just(month), st.integers(1, 29 if month == 2 else 30)
                )
            ),
            st.integers(0, 4 * 366),
            st.sampled_from(["UTC", "Pacific/Kiritimati", "America/Adak"]),
        ),
        min_size=1,
        max_size=8,
    ),
    st.integers(0, 40),
)
def test_birthday_many_at_once_equals_one_by_one_across_days_and_leap_years(
    rows: list[tuple[MonthDay | None, int, str]], lead_days: int
) -> None:
    """Birthdays on 29 February and at the ends of months, on days of leap and other
    years, in zones far apart, mixed in one call (each context once and again)."""
    rule = Birthday(lead_days=lead_days)
    given = []
    for birthday, days, zone in rows:
        now = pendulum.datetime(2027, 1, 1, 12, tz="UTC").add(days=days)
        contact = Contact("Ada Lovelace", id="ada", birthday=birthday)
        given.append(
            Context.build(
                contact, TouchSummary(contact=contact.id), settings=Settings(timezone=zone), now=now
            )
        )
    given = given + given[::-1]
    assert [tuple(found) for found in rule.evaluate_many(given)] == _one_by_one(rule, given)


class ManyCopy(Counted):
    """A user's own rule declaring ``evaluate_many`` (with the built-in's behind it),
    counting what it is asked one by one and many at once."""

    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.proposes = planning_of(rule).proposes
        self.at_once: list[int] = []

    def evaluate_many(self, given: Sequence[Context]) -> Sequence[Iterable[Candidate]]:
        self.at_once.append(len(given))
        found: Sequence[Iterable[Candidate]] = self.rule.evaluate_many(given)
        return found


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets())
def test_follow_ups_are_the_same_with_and_without_evaluate_many(
    network: Network, rules: RuleSet
) -> None:
    """The oracle for the engine's side: the built-in rules (keep-in-touch evaluating
    many at once), a user's rule declaring ``evaluate_many``, and the same rules with
    it hidden give the same follow-ups, in the same order, with the same texts."""
    store = fact_store(network)
    now = network.now
    hidden = [Counted(r) for r in rules]
    expected = Engine(rules=hidden, scoring=rules.scoring).follow_ups(store, now=now).items
    assert Engine(rules=rules).follow_ups(store, now=now).items == expected
    copies = [ManyCopy(r) if isinstance(r, EvaluatesMany) else r for r in rules]
    assert Engine(rules=copies, scoring=rules.scoring).follow_ups(store, now=now).items == expected


def test_the_engine_hands_many_contexts_at_once_to_a_rule_that_declares_it() -> None:
    """Forty people: keep-in-touch is handed all their contexts in one call and asked
    about none of them one by one; a rule without the declaration is asked one by one."""
    store, now = crowd()
    rules = default_rules()
    copies = [
        ManyCopy(r) if r.name == "keep_in_touch" else Counted(r) if r.name == "birthday" else r
        for r in rules
    ]
    expected = Engine(rules=rules).follow_ups(store, now=now)
    assert Engine(rules=copies, scoring=rules.scoring).follow_ups(store, now=now) == expected
    names = [r.name for r in rules]
    keep, birthday = copies[names.index("keep_in_touch")], copies[names.index("birthday")]
    assert isinstance(keep, ManyCopy)
    assert isinstance(birthday, Counted)
    everyone = len(store.contacts())
    assert keep.at_once == [everyone]
    assert keep.asked == []
    assert sorted(birthday.asked) == sorted(c.id for c in store.contacts())


class Short(ManyCopy):
    """A rule whose ``evaluate_many`` answers one context too few."""

    def evaluate_many(self, given: Sequence[Context]) -> Sequence[Iterable[Candidate]]:
        return list(super().evaluate_many(given))[:-1]


def test_an_answer_of_the_wrong_length_is_refused() -> None:
    store, now = crowd()
    rules = [Short(r) if r.name == "keep_in_touch" else r for r in default_rules()]
    with pytest.raises(ValidationError) as caught:
        Engine(rules=rules).follow_ups(store, now=now)
    assert "keep_in_touch" in str(caught.value)
    assert "one per context" in str(caught.value)


def test_a_subclass_that_changes_evaluate_loses_evaluate_many() -> None:
    class Louder(KeepInTouch):
        def evaluate(self, context: Context) -> Iterable[Candidate]:
            return super().evaluate(context)

    assert planning_of(KeepInTouch()).evaluate_many is not None
    assert planning_of(Louder()).evaluate_many is None
