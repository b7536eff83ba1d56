"""Small helpers to build hand-made networks for the network views' tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pendulum

from relnet.model import (
    Community,
    Contact,
    Event,
    Goal,
    Interaction,
    Profile,
    Settings,
)
from relnet.storage import InMemoryStore

NOW = pendulum.datetime(2026, 3, 1, 12, tz="UTC")
UTC = Settings(timezone="UTC")


def ago(days: float, hour: int | None = None) -> pendulum.DateTime:
    """An instant ``days`` before NOW (at ``hour`` o'clock when given)."""
    moment = NOW.subtract(seconds=int(days * 86_400))
    return moment if hour is None else moment.replace(hour=hour, minute=0, second=0)


def build(
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction] = (),
    *,
    communities: Iterable[Community] = (),
    events: Iterable[Event] = (),
    goals: Iterable[Goal] = (),
    settings: Settings = UTC,
    profile: Profile | None = None,
) -> InMemoryStore:
    """An in-memory store holding exactly these records."""
    return InMemoryStore.from_records(
        settings=settings,
        profile=profile,
        contacts=contacts,
        communities=communities,
        events=events,
        goals=goals,
        interactions=interactions,
    )


def meeting(people: Iterable[str], days: float, **kwargs: Any) -> Interaction:
    """A meeting with ``people`` ``days`` before NOW."""
    return Interaction(list(people), ago(days), "meeting", **kwargs)


def note(people: Iterable[str], days: float, **kwargs: Any) -> Interaction:
    """A note naming ``people`` ``days`` before NOW."""
    return Interaction(list(people), ago(days), "note", **kwargs)


def email(person: str, days: float, direction: str, **kwargs: Any) -> Interaction:
    """An email to or from ``person`` ``days`` before NOW."""
    return Interaction([person], ago(days), "email", direction=direction, **kwargs)
