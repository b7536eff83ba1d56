"""What an oracle test compares between two ways of running the engine."""

from __future__ import annotations

import pendulum

from relnet import Engine
from relnet.model import ContactId
from relnet.storage import Store


def every_view(store: Store, now: pendulum.DateTime, people: list[ContactId]) -> list[object]:
    """The agenda, the follow-ups, and the explanation and next item of each of
    ``people``, as of ``now``."""
    engine = Engine()
    out: list[object] = [engine.agenda(store, now=now), engine.follow_ups(store, now=now)]
    for person in people:
        out.append(engine.explain(store, person, now=now))
        out.append(engine.next_follow_up(store, person, now=now))
    return out
