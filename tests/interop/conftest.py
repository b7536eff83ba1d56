"""Shared helpers for the interop tests: sample files and follow-ups built by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest

from relnet import (
    Cadence,
    Channel,
    Circle,
    Commitment,
    Contact,
    Direction,
    Goal,
    GoalKind,
    InMemoryStore,
    Interaction,
    MonthDay,
    Party,
    Role,
    Settings,
    Target,
    Value,
)
from relnet.policy.followup import MUST_DO, Breakdown, FollowUp, Reason

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = pendulum.datetime(2026, 3, 1, 12, 0, tz="Europe/Paris")


@pytest.fixture
def data() -> Path:
    """The folder of sample files."""
    return DATA


def follow_up(**overrides: Any) -> FollowUp:
    """A follow-up for Ada with sensible values; any field can be overridden."""
    reason = Reason(overrides.pop("reason", Reason.THANK_YOU))
    due_at = overrides.pop("due_at", pendulum.datetime(2026, 3, 29, 8, 0, tz="UTC"))
    values: dict[str, Any] = {
        "contact": "ada",
        "name": "Ada Lovelace",
        "reason": reason,
        "must_do": reason in MUST_DO,
        "available_from": due_at.date().subtract(days=1),
        "due": due_at.date(),
        "due_at": due_at,
        "state": "due",
        "overdue_days": 0,
        "priority": 90.0,
        "breakdown": Breakdown(90.0),
        "factors": ("circle:network",),
        "text": f"Thank Ada Lovelace for the meeting; due {due_at.date()}.",
    }
    values.update(overrides)
    return FollowUp(**values)


@pytest.fixture
def make_follow_up() -> Callable[..., FollowUp]:
    """The :func:`follow_up` factory."""
    return follow_up


@pytest.fixture
def now() -> pendulum.DateTime:
    """The moment the sample network is looked at."""
    return NOW


@pytest.fixture
def network() -> InMemoryStore:
    """Four contacts, five interactions in several zones, two commitments and two goals."""
    return _sample_store()


def _sample_store() -> InMemoryStore:
    """Four contacts, five interactions in several zones, two commitments and a goal."""
    store = InMemoryStore(Settings(timezone="Europe/Paris"))
    store.add_contact(
        Contact(
            "Ada Lovelace",
            id="ada",
            circle=Circle.CLOSE,
            roles={Role.MENTOR},
            tags={"math", "poetry"},
            emails=("ada@example.org",),
            created_at=pendulum.datetime(2025, 6, 1, 9, 0, tz="Europe/London"),
            birthday=MonthDay(12, 10),
        )
    )
    store.add_contact(
        Contact(
            "Grace Hopper",
            id="grace",
            cadence=Cadence.weeks(6),
            created_at=pendulum.datetime(2025, 9, 1, 9, 0, tz="America/New_York"),
            birthday=pendulum.date(1906, 12, 9),
        )
    )
    store.add_contact(Contact("Alan Turing", id="alan", circle=Circle.ACQUAINTANCE))
    store.add_contact(Contact("Joan Clarke", id="joan", introduced_by="alan"))
    store.add_interaction(
        Interaction(
            ("ada",),
            pendulum.datetime(2025, 7, 1, 10, 0, tz="Europe/Paris"),
            Channel.MEETING,
            id="i1",
            summary="Coffee",
            topics={"engines"},
            received=(Value.ADVICE,),
        )
    )
    store.add_interaction(
        Interaction(
            ("ada", "grace"),
            pendulum.datetime(2025, 10, 15, 18, 30, tz="America/New_York"),
            Channel.EMAIL,
            direction=Direction.INBOUND,
            id="i2",
        )
    )
    store.add_interaction(
        Interaction(
            ("grace",),
            pendulum.datetime(2025, 10, 20, 9, 0, tz="Europe/Paris"),
            Channel.EMAIL,
            direction=Direction.OUTBOUND,
            id="i3",
        )
    )
    store.add_interaction(
        Interaction(
            ("grace",), pendulum.datetime(2026, 1, 5, 9, 0, tz="UTC"), Channel.NOTE, id="i4"
        )
    )
    store.add_interaction(
        Interaction(
            ("joan",),
            pendulum.datetime(2026, 2, 1, 9, 0, tz="Europe/Paris"),
            Channel.INTRO,
            direction=Direction.INBOUND,
            introduced_by="alan",
            id="i5",
        )
    )
    store.add_commitment(
        Commitment("ada", "Send the Bernoulli notes", pendulum.date(2026, 3, 5), id="c1")
    )
    store.add_commitment(
        Commitment(
            "grace",
            "Review my draft",
            pendulum.date(2026, 2, 1),
            owed_by=Party.THEM,
            done_on=pendulum.date(2026, 2, 3),
            id="c2",
        )
    )
    store.add_goal(
        Goal(
            "Six coffee chats",
            id="g1",
            kind=GoalKind.KNOWLEDGE,
            contacts={"ada", "grace"},
            weight=0.5,
            deadline=pendulum.date(2026, 6, 30),
            target=Target(6, channels={Channel.MEETING}, start=pendulum.date(2025, 6, 1)),
        )
    )
    store.add_goal(Goal("Be visible", id="g2"))
    return store
