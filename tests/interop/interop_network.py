"""A small network used by the frame and plot tests."""

from __future__ import annotations

import pendulum

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

NOW = pendulum.datetime(2026, 3, 1, 12, 0, tz="Europe/Paris")


def sample_store() -> InMemoryStore:
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
