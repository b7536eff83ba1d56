"""The words of a follow-up: the quick paths of :func:`relnet.policy.wording.details`
and :func:`~relnet.policy.wording.factor_names` for the common case (the rule's why,
how late, the circle alone) give what the full wording gives, on every scored item of
random networks with every rule in play (goals, value exchanged, snoozes, notes and
factors of the rules' own, received intros)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from relnet import Engine
from relnet.policy import RuleSet
from relnet.policy.wording import (
    Introduction,
    _details_in_full,
    _factor_names_in_full,
    details,
    factor_names,
)
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_engine_quiet import contexts, rule_sets

INTRODUCTIONS = (None, Introduction(), Introduction("Pat Lee"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets())
def test_the_quick_words_are_the_full_ones(network: Network, rules: RuleSet) -> None:
    store = network.store()
    engine = Engine(rules=rules)
    day = engine._day(store, network.now)
    for context in contexts(network, store, include_snoozed=True):
        for item in engine._candidates(day, context, None):
            assert factor_names(item) == _factor_names_in_full(item)
            for introduction in INTRODUCTIONS:
                assert details(item, introduction) == _details_in_full(item, introduction)
