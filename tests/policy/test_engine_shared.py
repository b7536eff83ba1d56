"""What one engine call shares between contacts gives each contact the values it
would get alone."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet import Engine
from relnet.errors import ValidationError
from relnet.policy import (
    Birthday,
    Candidate,
    Context,
    Cyclic,
    EvaluatesMany,
    KeepInTouch,
    Rule,
    RuleSet,
    Scoring,
    default_rules,
    planning_of,
)
from relnet.policy import engine as engine_module
from relnet.policy._visiting import MANY
from relnet.policy.scoring import ContactFactors, shared_factors
from relnet.policy.wording import (
    _details_in_full,
    _factor_names_in_full,
    headline,
    plain_words,
)
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_engine_quiet import contexts, rule_sets, short_rule_sets
from tests.policy.test_evaluate_many import ManyCopy
from tests.policy.test_planning import Undeclared, crowd, fact_store

scorings = st.builds(
    Scoring,
    goal_boost=st.floats(0, 2),
    reciprocity_days=st.integers(1, 400),
    reciprocity_boost=st.floats(0.5, 3),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), scorings)
def test_shared_factors_are_those_of_each_contact_alone(network: Network, scoring: Scoring) -> None:
    """Every contact's shared factors equal ``Scoring.factors`` of its context, each
    context asked twice so that the kept values are hit (goals, reciprocity owed and
    snoozed contacts included)."""
    store = network.store()
    found = list(contexts(network, store, include_snoozed=True))
    factors = shared_factors(scoring)
    for context in [*found, *found]:
        assert factors(context) == scoring.factors(context)


class OwnFactors(Scoring):
    """A user's scoring that changes the factors."""

    def factors(self, context: Context) -> ContactFactors:
        return super().factors(context)


def test_a_scoring_that_overrides_factors_is_asked_itself() -> None:
    """A subclass's own ``factors`` is the one called, for every contact."""
    scoring = OwnFactors()
    assert shared_factors(scoring) == scoring.factors


class FullCopy(ManyCopy):
    """A user's own rule declaring everything its built-in declares, ``evaluate_many``
    included, and keeping contacts on its built-in's cycle when that one does (what a
    dismissed catch-up moves to)."""

    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.reads_only_facts = planning_of(rule).reads_only_facts

    def __getattr__(self, name: str) -> Any:
        if name in ("quiet", "wakes", "wakes_any_day", "next_cycle"):
            return getattr(self.rule, name)
        raise AttributeError(name)


class PlainCyclic(Undeclared):
    """A rule that declares no shortcut, but keeps contacts on its rule's cycle (what a
    dismissed catch-up moves to is the rule's meaning, not a shortcut)."""

    def next_cycle(self, context: Context) -> dt.date | None:
        found: dt.date | None = self.rule.next_cycle(context)
        return found


def plain(rule: Rule) -> Undeclared:
    """``rule`` asked about every contact, one by one."""
    return PlainCyclic(rule) if isinstance(rule, Cyclic) else Undeclared(rule)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets(), st.data())
def test_the_agenda_is_the_same_with_and_without_evaluate_many(
    network: Network, rules: RuleSet, data: st.DataObject
) -> None:
    """The oracle for the agenda's chunks: with items dismissed days ago, snoozed
    contacts, several capacities (room for everyone included) and chunks of one to
    four contacts or of the engine's size, the built-in rules (keep-in-touch and
    birthdays evaluating many at once), a user's copies declaring ``evaluate_many``,
    and wrappers declaring nothing (every rule asked about every contact, one by one)
    give the same agenda, in the same order, with the same texts; the follow-ups
    too."""
    store = fact_store(network)
    for contact in network.contacts:
        if data.draw(st.booleans()):
            then = network.now.subtract(days=data.draw(st.integers(0, 40)))
            with contextlib.suppress(ValidationError):
                Engine(rules=rules).dismiss(store, contact.id, now=then)
    now = network.now
    full = Engine(rules=[plain(r) for r in rules], scoring=rules.scoring)
    copies = Engine(
        rules=[FullCopy(r) if isinstance(r, EvaluatesMany) else r for r in rules],
        scoring=rules.scoring,
    )
    size = data.draw(st.sampled_from([1, 2, 3, 4, MANY]))
    everyone = len(network.contacts)
    for capacity in (0, 1, 3, None, everyone):
        expected = full.agenda(store, now=now, capacity=capacity).items
        with mock.patch.object(engine_module, "MANY", size):
            assert Engine(rules=rules).agenda(store, now=now, capacity=capacity).items == expected
            assert copies.agenda(store, now=now, capacity=capacity).items == expected
    with mock.patch.object(engine_module, "MANY", size):
        assert Engine(rules=rules).follow_ups(store, now=now) == full.follow_ups(store, now=now)


def test_the_agenda_s_chunk_is_evaluated_before_the_planner_asks_for_room() -> None:
    """Forty people, one of them owed a reply and a day's capacity of one: the must-do
    item fills the day, so keep-in-touch is handed no one beyond the contacts woken
    for must-do items (the chunk waiting when the planner asks how much room is left
    counts)."""
    store, now = crowd()
    rules = default_rules()
    copies = [FullCopy(r) if r.name == "keep_in_touch" else r for r in rules]
    keep = copies[[r.name for r in rules].index("keep_in_touch")]
    assert isinstance(keep, FullCopy)
    engine = Engine(rules=copies, scoring=rules.scoring)
    agenda = engine.agenda(store, now=now)
    assert agenda == Engine(rules=rules).agenda(store, now=now)
    assert [item.contact for item in agenda.items] == ["p07"]
    assert sum(keep.at_once) <= 1
    # A month later, with room for everyone, every contact's catch-up is worked out
    # many at once.
    keep.at_once.clear()
    later = now.add(days=40)
    assert engine.agenda(store, now=later, capacity=40) == Engine(rules=rules).agenda(
        store, now=later, capacity=40
    )
    assert sum(keep.at_once) == 40
    assert keep.asked == []


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), short_rule_sets(), st.lists(st.integers(1, 5), min_size=1), st.booleans())
def test_a_call_s_evaluator_equals_one_by_one_across_its_chunks(
    network: Network, rules: RuleSet, sizes: list[int], explaining: bool
) -> None:
    """Keep-in-touch and birthdays: one ``many_evaluator()`` fed the contexts in chunks
    of random sizes (each context twice, the second round with copies of the settings,
    so that what is kept is met again and by other objects) answers what ``evaluate``
    yields for each context alone."""
    store = network.store()
    found = [attrs.evolve(c, explaining=explaining) for c in contexts(network, store)]
    again = [attrs.evolve(c, settings=attrs.evolve(c.settings, daily_capacity=7)) for c in found]
    given = found + again
    for name in ("keep_in_touch", "birthday"):
        rule = rules.get(name)
        assert isinstance(rule, EvaluatesMany)
        evaluate = rule.many_evaluator()  # type: ignore[attr-defined]
        answers: list[tuple[Candidate, ...]] = []
        start, turn = 0, 0
        while start < len(given):
            size = sizes[turn % len(sizes)]
            chunk = given[start : start + size]
            answers.extend(tuple(a) for a in evaluate(chunk))
            start, turn = start + size, turn + 1
        assert answers == [tuple(rule.evaluate(c)) for c in given]


def test_planning_reads_a_call_s_evaluator_only_beside_evaluate_many() -> None:
    """The built-in rules that evaluate many have one; a subclass that changes
    ``evaluate_many`` loses it unless it restates it; one without ``evaluate_many``
    has no use for it."""

    class Other(KeepInTouch):
        def evaluate_many(self, contexts: Sequence[Context]) -> list[Iterable[Candidate]]:
            return [tuple(self.evaluate(c)) for c in contexts]

    class Lone:
        name = "lone"

        def evaluate(self, context: Context) -> Iterable[Candidate]:
            return ()

        def many_evaluator(self) -> object:
            raise AssertionError("never asked")

    assert planning_of(KeepInTouch()).many_evaluator is not None
    assert planning_of(Birthday()).many_evaluator is not None
    assert planning_of(Other()).evaluate_many is not None
    assert planning_of(Other()).many_evaluator is None
    assert planning_of(Lone()).many_evaluator is None


class Careless(FullCopy):
    """A rule whose ``many_evaluator`` makes something that is not a function."""

    def many_evaluator(self) -> object:
        return "not a function"


def test_a_call_s_evaluator_that_is_not_a_function_is_refused() -> None:
    store, now = crowd()
    rules = [Careless(r) if r.name == "keep_in_touch" else r for r in default_rules()]
    with pytest.raises(ValidationError) as caught:
        Engine(rules=rules).follow_ups(store, now=now)
    assert "keep_in_touch" in str(caught.value)
    assert "many_evaluator" in str(caught.value)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets())
def test_the_plain_words_are_the_full_ones(network: Network, rules: RuleSet) -> None:
    """Every scored item of random networks with every rule in play (goals, value
    exchanged, snoozes, notes and factors of the rules' own): the words made in one go,
    when made, are the headline, details and factor names of the full wording."""
    store = network.store()
    engine = Engine(rules=rules)
    day = engine._day(store, network.now)
    for context in contexts(network, store, include_snoozed=True):
        for item in engine._candidates(day, context, None):
            words = plain_words(item)
            if words is not None:
                assert words == (
                    headline(item, None),
                    _details_in_full(item, None),
                    _factor_names_in_full(item),
                )
