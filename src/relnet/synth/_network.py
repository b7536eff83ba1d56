"""The generated network and the entry point that runs the phases in order."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import Commitment, Community, Contact, Event, Goal, Interaction, Profile, Settings
from relnet.storage import InMemoryStore, Store, copy_records
from relnet.synth._episodes import play
from relnet.synth._gatherings import plan_gatherings
from relnet.synth._goals import plan_goals
from relnet.synth._ids import draw_salts, make_id
from relnet.synth._people import plan_people
from relnet.synth._records import build_commitments, build_contacts, profile, settings
from relnet.synth._schedule import plan_schedule
from relnet.synth._window import window

__all__ = ["SyntheticNetwork", "network"]


@attrs.frozen(repr=False)
class SyntheticNetwork:
    """A generated network: every record of one owner, ready to load into a store.

    ``contacts`` come in dependency order (everyone's introducer before them),
    ``interactions`` in time order (by instant, then id), ``events`` in time order.
    ``start`` and ``end`` are the bounds given to :func:`network`; every interaction falls
    between them, so ``end`` is a natural ``now``.
    """

    seed: int
    start: pendulum.DateTime
    end: pendulum.DateTime
    settings: Settings
    profile: Profile
    contacts: tuple[Contact, ...]
    communities: tuple[Community, ...]
    events: tuple[Event, ...]
    goals: tuple[Goal, ...]
    interactions: tuple[Interaction, ...]
    commitments: tuple[Commitment, ...]

    def to_store(self) -> InMemoryStore:
        """A new :class:`~relnet.storage.InMemoryStore` holding the whole network."""
        return InMemoryStore.from_records(**self._records())

    def load_into(self, store: Store) -> None:
        """Add everything to ``store`` through the Store protocol, in one transaction.

        Records go in dependency order (communities, events, contacts with introducers
        first, goals, interactions, commitments), so any conforming store accepts them.
        """
        copy_records(store, **self._records())

    def _records(self) -> dict[str, Any]:
        """Everything in the network, by the keywords of ``from_records`` and
        ``copy_records``."""
        return {
            "settings": self.settings,
            "profile": self.profile,
            "communities": self.communities,
            "events": self.events,
            "contacts": self.contacts,
            "goals": self.goals,
            "interactions": self.interactions,
            "commitments": self.commitments,
        }

    def __repr__(self) -> str:
        return (
            f"<SyntheticNetwork seed={self.seed}: {len(self.contacts)} contacts, "
            f"{len(self.interactions)} interactions, {len(self.commitments)} commitments, "
            f"{len(self.goals)} goals, {len(self.events)} events, "
            f"{self.start.isoformat()} to {self.end.isoformat()}>"
        )


def network(
    contacts: int,
    interactions: int,
    *,
    seed: int,
    start: dt.datetime,
    end: dt.datetime,
) -> SyntheticNetwork:
    """Generate a network of ``contacts`` people and exactly ``interactions`` interactions.

    Interactions fall between ``start`` and ``end`` inclusive (aware instants, in 1971 or
    later, ``end`` not before ``start``). The same arguments give equal networks, ids
    included; another ``seed`` gives another network. Raises
    :class:`~relnet.errors.ValidationError` for bad arguments, including interactions
    asked for without any contact to have them with.
    """
    for field, value in (("contacts", contacts), ("interactions", interactions)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(field, value, "a whole number of at least 0")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValidationError("seed", seed, "an integer")
    if interactions and not contacts:
        raise ValidationError("contacts", contacts, "at least 1 when interactions are asked for")
    span = window(start, end)
    # One random stream; the phases draw from it in this order, each its own decisions.
    rng = random.Random(seed)
    salts = draw_salts(rng)
    cid = tuple(make_id(i, salts["contact"]) for i in range(contacts))
    people = plan_people(contacts, rng)
    gatherings = plan_gatherings(contacts, interactions, span, rng, salts)
    goals = plan_goals(people, span, cid, salts["goal"])
    schedule = plan_schedule(span, rng)
    history = play(
        interactions,
        people=people,
        gatherings=gatherings,
        goals=goals,
        schedule=schedule,
        cid=cid,
        salt=salts["interaction"],
        rng=rng,
    )
    return SyntheticNetwork(
        seed=seed,
        start=_pendulum(start),
        end=_pendulum(end),
        settings=settings(span),
        profile=profile(),
        contacts=build_contacts(rng, span, people, gatherings.membership, history, cid),
        communities=gatherings.communities,
        events=gatherings.events,
        goals=goals.goals,
        interactions=history.interactions,
        commitments=build_commitments(rng, span, people, history, cid, salts["commitment"]),
    )


def _pendulum(value: dt.datetime) -> pendulum.DateTime:
    return value if isinstance(value, pendulum.DateTime) else pendulum.instance(value)
