"""Every contact's next item and the agenda's every-contact pass take the contacts and
their summaries from a store that keeps them side by side
(:class:`~relnet.storage.ReachableSummaries`); the result is always the one read from
a listing and a mapping of summaries by id."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet import Channel, Direction, Engine, InMemoryStore, Interaction
from relnet.policy import RuleSet
from relnet.storage import ReachableSummaries
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_engine_quiet import rule_sets
from tests.policy.test_planning import Undeclared


class Hiding:
    """``inner`` without the abilities named in ``hidden``."""

    def __init__(self, inner: InMemoryStore, *hidden: str) -> None:
        self._inner = inner
        self._hidden = frozenset(hidden)

    def __getattr__(self, name: str) -> Any:
        if name in self._hidden:
            raise AttributeError(name)
        return getattr(self._inner, name)


#: Writes between two rounds: an answer awaited, a snooze lifted or set, a dismissal.
_WRITES = st.lists(st.sampled_from(["message", "snooze", "unsnooze", "dismiss"]), max_size=3)


def _write(store: InMemoryStore, network: Network, kind: str, step: int, engine: Engine) -> None:
    now = network.now
    reachable = store.contacts(include_archived=False)
    if not reachable:
        return
    person = reachable[step % len(reachable)]
    if kind == "message":
        store.add_interaction(
            Interaction(
                [person.id],
                now.subtract(hours=step + 1),
                Channel.EMAIL,
                direction=Direction.INBOUND,
                expects_reply=True,
                id=f"w{step:02d}",
            )
        )
    elif kind == "snooze":
        store.update_contact(attrs.evolve(person, snoozed_until=now.date().add(days=3)))
    elif kind == "unsnooze":
        store.update_contact(attrs.evolve(person, snoozed_until=None))
    else:
        item = engine.next_follow_up(store, person.id, now=now)
        if item is not None:
            engine.dismiss(store, person.id, now=now)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), rule_sets(), st.integers(0, 3), _WRITES)
def test_follow_ups_and_agenda_are_the_same_without_the_kept_summaries(
    network: Network, rules: RuleSet, small: int, writes: list[str]
) -> None:
    """The oracle: the same records in a store with the ability and in one that hides
    it (with and without a summary sieve), for the built-in rules and for rules that
    declare nothing (every contact asked by every rule); follow-ups, and the agenda of
    the settings' capacity, a small one and room for everyone, before and after writes."""
    store = network.store()
    assert isinstance(store, ReachableSummaries)
    pairs: list[tuple[Any, Any]] = [
        (store, Hiding(store, "reachable_summaries")),
        (
            Hiding(store, "touch_summaries_since"),
            Hiding(store, "touch_summaries_since", "reachable_summaries"),
        ),
    ]
    engines = [
        Engine(rules=rules),
        Engine(rules=[Undeclared(r) for r in rules], scoring=rules.scoring),
    ]
    everyone = len(network.contacts)
    now = network.now
    for round_ in range(2):
        for kept, listed in pairs:
            for engine in engines:
                assert (
                    engine.follow_ups(kept, now=now).items
                    == engine.follow_ups(listed, now=now).items
                )
                for capacity in (None, small, everyone):
                    assert (
                        engine.agenda(kept, now=now, capacity=capacity).items
                        == engine.agenda(listed, now=now, capacity=capacity).items
                    )
        if round_ == 0:
            for step, kind in enumerate(writes):
                _write(store, network, kind, step, engines[0])
