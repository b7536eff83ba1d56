"""Properties of the network views on random networks.

Paths never pass through archived or do-not-contact people nor the target; every score
lies in [0, 1]; the search returns exactly the best paths a brute-force enumeration
finds; and no view depends on the order in which records were added.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from typing import Any
from unittest import mock

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet.network.paths as paths_module
from relnet import EventId
from relnet.model import (
    Community,
    Contact,
    ContactId,
    Event,
    Interaction,
    TouchSummary,
    Value,
)
from relnet.network import (
    PATH_LIMIT,
    communities_report,
    contact_link,
    event_report,
    givers_and_takers,
    intro_paths,
    ledger,
    mentorship,
    offers,
    suggest_stages,
    targets,
)
from relnet.policy import tie_strength
from relnet.storage import InMemoryStore
from tests.network.builders import NOW, UTC, ago

COMMUNITIES = [Community("K1", id="k1"), Community("K2", id="k2", target=True)]
EVENTS = [Event("Meetup", ago(40), community="k1", id="ev")]
CHANNELS = ["meeting", "note", "event", "email-out", "email-in", "intro-in", "intro-out"]


@attrs.frozen
class Network:
    """The records of a random network, as lists in a given order."""

    contacts: tuple[Contact, ...]
    interactions: tuple[Interaction, ...]

    def store(self, seed: int | None = None) -> InMemoryStore:
        """A store holding the records, added in an order shuffled by ``seed``."""
        contacts, interactions = list(self.contacts), list(self.interactions)
        communities, events = list(COMMUNITIES), list(EVENTS)
        if seed is not None:
            shuffle = random.Random(seed).shuffle
            for records in (contacts, interactions, communities, events):
                shuffle(records)
        return InMemoryStore.from_records(
            settings=UTC,
            contacts=contacts,
            communities=communities,
            events=events,
            interactions=interactions,
        )


@st.composite
def networks(draw: st.DrawFn) -> Network:
    size = draw(st.integers(2, 7))
    ids = [f"c{n}" for n in range(size)]
    contacts = []
    for n, cid in enumerate(ids):
        contacts.append(
            Contact(
                f"Person {draw(st.sampled_from('ABCDE'))}",
                id=cid,
                status=draw(st.sampled_from(["active", "active", "archived", "do_not_contact"])),
                stage=draw(st.sampled_from(["target", "target", "connected", "engaged", "ally"])),
                circle=draw(st.sampled_from(["inner", "close", "active", "network"])),
                organization=draw(st.sampled_from([None, "Acme", " acme", "Globex"])),
                communities=draw(st.frozensets(st.sampled_from(["k1", "k2"]))),
                introduced_by=draw(st.none() | st.sampled_from(ids[:n])) if n else None,
                roles=draw(st.frozensets(st.sampled_from(["mentor", "mentee"]))),
                interests=draw(st.frozensets(st.sampled_from(["python", "chess"]))),
            )
        )
    interactions = []
    for n in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(CHANNELS))
        people = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        when = ago(draw(st.integers(-30, 1200)), hour=draw(st.integers(0, 23)))
        values: dict[str, Any] = {
            "gave": draw(st.lists(st.sampled_from(list(Value)), max_size=1)),
            "received": draw(st.lists(st.sampled_from(list(Value)), max_size=1)),
            "id": f"i{n:02}",
        }
        others = [c for c in ids if c not in people]
        if kind == "intro-in" and others:
            interaction = Interaction(
                people,
                when,
                "intro",
                direction="inbound",
                introduced_by=draw(st.sampled_from(others)),
                **values,
            )
        elif kind.startswith(("intro", "email")):
            channel, _, way = kind.partition("-")
            direction = "inbound" if way == "in" else "outbound"
            interaction = Interaction(people, when, channel, direction=direction, **values)
        elif kind == "event":
            interaction = Interaction(people, when, "event", event="ev", **values)
        else:
            interaction = Interaction(people, when, kind, **values)
        interactions.append(interaction)
    return Network(tuple(contacts), tuple(interactions))


def brute_force(
    store: InMemoryStore, target: ContactId, max_hops: int, limit: int = PATH_LIMIT
) -> list[tuple[Any, ...]]:
    """Every path, scored the slow way: (via, score) for the best ``limit``."""
    people = {c.id: c for c in store.contacts()}
    if not people[target].reachable:
        return []
    found = store.touch_summaries(now=NOW)

    def known(cid: ContactId) -> bool:
        summary = found.get(cid) or TouchSummary(cid)
        return people[cid].reachable and (summary.touches > 0 or people[cid].stage != "target")

    def tie(cid: ContactId) -> float:
        summary = found.get(cid) or TouchSummary(cid)
        return tie_strength(people[cid], summary, now=NOW, settings=UTC)

    middle = [c for c in people if c != target and people[c].reachable]
    rows = []
    for hops in range(max_hops + 1):
        for via in itertools.permutations(middle, hops):
            chain = (*via, target)
            if not known(chain[0]):
                continue
            score = tie(chain[0])
            for a, b in itertools.pairwise(chain):
                link = contact_link(store, a, b, now=NOW)
                if link is None:
                    break
                score *= link.strength
            else:
                rows.append(((-min(1.0, max(0.0, score)), len(via), via), via))
    rows.sort(key=lambda row: row[0])
    return [(via, -key[0]) for key, via in rows[:limit]]


@settings(max_examples=40)
@given(networks(), st.integers(0, 3), st.data())
def test_paths_are_safe_bounded_sorted_and_complete(
    network: Network, max_hops: int, data: st.DataObject
) -> None:
    store = network.store()
    target = data.draw(st.sampled_from([c.id for c in network.contacts]))
    paths = intro_paths(store, target, now=NOW, max_hops=max_hops)
    people = {c.id: c for c in network.contacts}
    for path in paths:
        assert path.target == target
        assert target not in path.via
        assert len(set(path.via)) == len(path.via) <= max_hops
        for cid in path.via:
            assert people[cid].reachable, f"{cid} is {people[cid].status}"
        assert 0.0 <= path.score <= 1.0
        assert all(0.0 <= link.strength <= 1.0 for link in path.links)
        assert math.isclose(path.score, math.prod(link.strength for link in path.links))
        assert len(path.links) == len(path.via) + 1
    keys = [(-p.score, len(p.via), p.via) for p in paths]
    assert keys == sorted(keys)
    assert [(p.via, p.score) for p in paths] == brute_force(store, target, max_hops)


@settings(max_examples=60)
@given(networks(), st.integers(1, 3), st.integers(1, 4), st.data())
def test_the_pruned_search_keeps_exactly_the_best_paths(
    network: Network, max_hops: int, limit: int, data: st.DataObject
) -> None:
    """With a small limit the search prunes; it must still find the brute-force best."""
    store = network.store()
    target = data.draw(st.sampled_from([c.id for c in network.contacts]))
    with mock.patch.object(paths_module, "PATH_LIMIT", limit):
        paths = intro_paths(store, target, now=NOW, max_hops=max_hops)
    assert len(paths) <= limit
    assert [(p.via, p.score) for p in paths] == brute_force(store, target, max_hops, limit)


def views(store: InMemoryStore) -> dict[str, Any]:
    """Every view of the store as plain records."""
    ids = [c.id for c in store.contacts()]
    return {
        "paths": {c: [p.to_record() for p in intro_paths(store, c, now=NOW)] for c in ids},
        "targets": targets(store, now=NOW).to_records(),
        "event": event_report(store, EventId("ev"), now=NOW).to_records(),
        "communities": [r.to_record() for r in communities_report(store, now=NOW)],
        "ledgers": {c: ledger(store, c, now=NOW).to_records() for c in ids},
        "balances": [b.to_record() for b in givers_and_takers(store, now=NOW)],
        "offers": {c: offers(store, c, now=NOW) for c in ids},
        "mentorship": mentorship(store, now=NOW).to_records(),
        "stages": [s.to_record() for s in suggest_stages(store, now=NOW)],
    }


@settings(max_examples=25)
@given(networks(), st.integers(0, 2**32 - 1))
def test_views_do_not_depend_on_the_order_records_were_added(network: Network, seed: int) -> None:
    assert views(network.store(seed)) == views(network.store())


@settings(max_examples=25)
@given(networks())
def test_every_score_is_in_the_unit_interval(network: Network) -> None:
    store = network.store()
    report = targets(store, now=NOW)
    for person in report.people:
        assert person.best is None or 0.0 <= person.best.score <= 1.0
    for group in report.communities:
        assert all(0.0 <= m.strength <= 1.0 for m in group.members)
    ids: Sequence[ContactId] = [c.id for c in network.contacts]
    for a, b in itertools.combinations(ids, 2):
        link = contact_link(store, a, b, now=NOW)
        assert link is None or 0.0 <= link.strength <= 1.0
