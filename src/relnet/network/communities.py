"""Communities: whom you know in each, how active you are there, when you last went.

A contact is a member of a community when its ``communities`` hold the community's id.
You *attended* an event when at least one interaction is linked to it (``event=``), as
:func:`~relnet.network.log_event` records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from relnet.model import (
    Community,
    CommunityId,
    Contact,
    ContactId,
    Event,
    EventId,
    TouchSummary,
    epoch_us,
)
from relnet.network._common import (
    DAY_US,
    FieldsRecord,
    instant,
    local_instant,
    name_key,
    past_interactions,
)
from relnet.network.frames import FrameMixin
from relnet.policy.strength import tie_strength
from relnet.storage import Store, touch_summaries_of

__all__ = ["ACTIVITY_DAYS", "CommunityReport", "Member", "communities_report", "members_of"]

#: The window, in days up to ``now``, in which touches with members count as activity.
ACTIVITY_DAYS = 90


@attrs.frozen
class Member(FieldsRecord):
    """A contact in a community, with your tie strength to them and their stage."""

    contact: ContactId
    name: str
    strength: float
    stage: str


def members_of(
    store: Store, *, now: dt.datetime, contacts: list[Contact] | None = None
) -> Mapping[CommunityId, tuple[Member, ...]]:
    """The reachable members of every community, strongest tie first (then name, id)."""
    moment = instant(now)
    settings = store.get_settings()
    people = [c for c in (contacts or store.contacts(include_archived=False)) if c.reachable]
    found = touch_summaries_of(store, [c.id for c in people], now=moment)
    out: dict[CommunityId, list[tuple[tuple[float, str, str], Member]]] = {}
    for person in people:
        if not person.communities:
            continue
        summary = found.get(person.id) or TouchSummary(person.id)
        strength = tie_strength(person, summary, now=moment, settings=settings)
        member = Member(person.id, person.name, strength, person.stage.value)
        key = (-strength, *name_key(person))
        for community in person.communities:
            out.setdefault(community, []).append((key, member))
    return {c: tuple(m for _, m in sorted(rows, key=lambda r: r[0])) for c, rows in out.items()}


@attrs.frozen
class CommunityReport(FrameMixin):
    """One community: members you know, recent activity with them, last event attended.

    ``touches`` counts touches with members in the :data:`ACTIVITY_DAYS` days up to
    ``now`` (a meeting with two members counts two); ``active_members`` how many members
    those touches reached; ``last_event`` the latest of its events you attended, at or
    before ``now``, and ``events_attended`` how many you attended in all.
    """

    community: Community
    members: tuple[Member, ...]
    touches: int
    active_members: int
    last_event: Event | None
    events_attended: int
    timezone: str = "UTC"

    def to_record(self) -> dict[str, Any]:
        """The community as one plain dict."""
        last = self.last_event
        return {
            "community": self.community.id,
            "name": self.community.name,
            "kind": self.community.kind.value,
            "target": self.community.target,
            "members": len(self.members),
            "touches": self.touches,
            "active_members": self.active_members,
            "last_event": None if last is None else last.name,
            "last_event_at": None if last is None else local_instant(last.at, self.timezone),
            "events_attended": self.events_attended,
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One row per member, with the community's id and name."""
        return [
            {"community": self.community.id, "community_name": self.community.name}
            | member.to_record()
            for member in self.members
        ]


def communities_report(store: Store, *, now: dt.datetime) -> list[CommunityReport]:
    """Every community with its members, activity and last attendance.

    Members are the reachable contacts whose ``communities`` hold it (archived and
    do-not-contact people are left out). Communities come most active first: more
    touches, then name (case-insensitive), then id.
    """
    moment = instant(now)
    now_us = epoch_us(moment)
    zone = store.get_settings().timezone
    members = members_of(store, now=moment)
    start_us = now_us - ACTIVITY_DAYS * DAY_US
    history = past_interactions(store, now_us)
    touched: dict[ContactId, int] = {}
    attended: set[EventId] = set()
    for interaction in history:
        if interaction.event is not None:
            attended.add(interaction.event)
        if epoch_us(interaction.at) > start_us:
            for touch in interaction.touches():
                touched[touch.contact] = touched.get(touch.contact, 0) + 1
    events_by_community: dict[CommunityId, list[Event]] = {}
    for event in store.events():
        if event.community is not None and event.id in attended and event.at <= moment:
            events_by_community.setdefault(event.community, []).append(event)
    reports = []
    for community in store.communities():
        people = members.get(community.id, ())
        counts = [touched.get(m.contact, 0) for m in people]
        went = sorted(
            events_by_community.get(community.id, []), key=lambda e: (epoch_us(e.at), e.id)
        )
        reports.append(
            CommunityReport(
                community=community,
                members=people,
                touches=sum(counts),
                active_members=sum(1 for n in counts if n),
                last_event=went[-1] if went else None,
                events_attended=len(went),
                timezone=zone,
            )
        )
    reports.sort(key=lambda r: (-r.touches, r.community.name.casefold(), r.community.id))
    return reports
