"""Phase 2, gatherings: the communities people belong to and the events they meet at."""

from __future__ import annotations

import random

import attrs

from relnet.model import Community, CommunityId, Event, EventId
from relnet.synth._ids import make_id
from relnet.synth._vocabulary import COMMUNITIES, VENUES
from relnet.synth._window import Window

__all__ = ["Gatherings", "plan_gatherings"]


@attrs.frozen
class Gatherings:
    """Communities (the last one a target to join), each person's memberships, and the
    events in time order with the second each starts at."""

    communities: tuple[Community, ...]
    membership: tuple[tuple[CommunityId, ...], ...]
    events: tuple[Event, ...]
    event_times: tuple[int, ...]


def plan_gatherings(
    n: int, interactions: int, window: Window, rng: random.Random, salts: dict[str, int]
) -> Gatherings:
    """Communities sized to ``n`` people and events to ``interactions``, drawn from ``rng``."""
    count = min(len(COMMUNITIES), 3 + n // 1000)
    salt = salts["community"]
    ids = [CommunityId(make_id(i, salt)) for i in range(count)]
    communities = tuple(
        Community(
            name,
            kind=kind,
            url=url,
            tags=tags,
            target=index == count - 1,
            notes="Thinking of joining." if index == count - 1 else "",
            id=ids[index],
        )
        for index, (name, kind, url, tags) in enumerate(COMMUNITIES[:count])
    )
    membership = tuple(
        tuple(rng.sample(ids[:-1], rng.choice((1, 1, 2)))) if rng.random() < 0.12 else ()
        for _ in range(n)
    )
    events = []
    salt = salts["event"]
    for index in range(min(60, 2 + interactions // 2000)):
        ts = window.at_hour(window.uniform(rng), 18 * 3600)
        community = rng.randrange(count - 1)
        kind = ("meetup", "conference", "workshop", "social")[index % 4]
        venue = rng.choice(VENUES)
        if index % 5:
            name = f"{communities[community].name} {kind} #{index + 1}"
            host: CommunityId | None = ids[community]
        else:
            name = f"{venue} tech {kind} #{index + 1}"
            host = None
        event = Event(
            name,
            window.instant(ts),
            community=host,
            location=venue,
            id=EventId(make_id(index, salt)),
        )
        events.append((ts, event))
    events.sort(key=lambda item: (item[0], item[1].id))
    return Gatherings(
        communities=communities,
        membership=membership,
        events=tuple(event for _, event in events),
        event_times=tuple(ts for ts, _ in events),
    )
