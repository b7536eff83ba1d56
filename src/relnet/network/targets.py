"""Targets: the people you want to meet with the best way in, and the communities you
want to join with the people you already have there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from relnet.model import Community, ContactId, Stage
from relnet.network._common import instant, name_key
from relnet.network.communities import Member, members_of
from relnet.network.frames import FrameMixin
from relnet.network.paths import IntroPath, PathFinder
from relnet.storage import Store

__all__ = ["TargetCommunity", "TargetPerson", "TargetsReport", "targets"]


@attrs.frozen
class TargetPerson:
    """Someone you want to meet: the best path to them (``None`` when there is none)."""

    contact: ContactId
    name: str
    best: IntroPath | None
    paths: int

    def to_record(self) -> dict[str, Any]:
        """The target as a plain dict."""
        best = self.best
        return {
            "kind": "person",
            "id": self.contact,
            "name": self.name,
            "score": None if best is None else best.score,
            "ask": None if best is None else best.ask,
            "route": None if best is None else best.route,
            "paths": self.paths,
            "members": None,
            "explanation": "No path yet." if best is None else best.explanation,
        }


@attrs.frozen
class TargetCommunity:
    """A community you want to join, and the contacts you already have in it."""

    community: Community
    members: tuple[Member, ...]

    def to_record(self) -> dict[str, Any]:
        """The community as a plain dict."""
        names = ", ".join(m.name for m in self.members)
        return {
            "kind": "community",
            "id": self.community.id,
            "name": self.community.name,
            "score": None,
            "ask": self.members[0].contact if self.members else None,
            "route": None,
            "paths": None,
            "members": len(self.members),
            "explanation": f"You know {names}." if names else "You know nobody there yet.",
        }


@attrs.frozen
class TargetsReport(FrameMixin):
    """Target people (best path first) and target communities (most members first)."""

    people: tuple[TargetPerson, ...]
    communities: tuple[TargetCommunity, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One row per target person, then per target community, with a ``kind`` column."""
        return [p.to_record() for p in self.people] + [c.to_record() for c in self.communities]


def targets(store: Store, *, now: dt.datetime) -> TargetsReport:
    """Target people with their best intro path, and target communities with members.

    Target people are the reachable contacts at stage
    :attr:`~relnet.model.Stage.TARGET`; each gets :func:`~relnet.network.intro_paths`
    with the default ``max_hops`` (2). They come best path first (those without a path
    last), then by name and id. Target communities are those with ``target=True``; their
    members are the reachable contacts whose ``communities`` hold them, strongest tie
    first; communities come with the most members first, then by name and id.
    """
    moment = instant(now)
    finder = PathFinder(store, now=moment)
    people = []
    for contact in sorted(store.contacts(include_archived=False), key=name_key):
        if not contact.reachable or contact.stage is not Stage.TARGET:
            continue
        found = finder.paths(contact.id, 2)
        people.append(
            TargetPerson(contact.id, contact.name, found[0] if found else None, len(found))
        )
    people.sort(key=lambda p: (p.best is None, -(p.best.score if p.best else 0.0)))
    members = members_of(store, now=moment)
    groups = [TargetCommunity(c, members.get(c.id, ())) for c in store.communities() if c.target]
    groups.sort(key=lambda g: (-len(g.members), g.community.name.casefold(), g.community.id))
    return TargetsReport(tuple(people), tuple(groups))
