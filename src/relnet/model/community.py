"""Communities (associations, forums, meetups) and events where many people meet at once."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from relnet.model import _check, _fields
from relnet.model.enums import CommunityKind
from relnet.model.ids import CommunityId, EventId, new_id

__all__ = ["Community", "Event"]


def _new_community_id() -> CommunityId:
    return CommunityId(new_id())


def _new_event_id() -> EventId:
    return EventId(new_id())


def _name(value: Any) -> str:
    """A community's or an event's name: text, not blank."""
    return _check.text(value, "name", blank=False)


def _community_kind(value: Any) -> CommunityKind:
    return _check.member(value, CommunityKind, "kind")


def _community_url(value: Any) -> str | None:
    return _check.optional_text(value, "url")


def _community_target(value: Any) -> bool:
    return _check.boolean(value, "target")


@attrs.frozen
class Community:
    """A group you belong to or want to join: an association, a forum, a meetup."""

    name: str = attrs.field(converter=_name)
    kind: CommunityKind = attrs.field(
        default=CommunityKind.OTHER,
        kw_only=True,
        converter=_community_kind,
    )
    url: str | None = attrs.field(default=None, kw_only=True, converter=_community_url)
    tags: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_fields.tags)
    target: bool = attrs.field(default=False, kw_only=True, converter=_community_target)
    notes: str = attrs.field(default="", kw_only=True, converter=_fields.notes)
    id: CommunityId = attrs.field(
        factory=_new_community_id, kw_only=True, converter=_fields.record_id
    )


def _event_community(value: Any) -> CommunityId | None:
    found = _check.optional_identifier(value, "community")
    return None if found is None else CommunityId(found)


def _event_location(value: Any) -> str:
    return _check.text(value, "location")


@attrs.frozen
class Event:
    """A conference, workshop or meetup: a time and place where several people were met."""

    name: str = attrs.field(converter=_name)
    at: pendulum.DateTime = attrs.field(converter=_fields.at)
    community: CommunityId | None = attrs.field(
        default=None, kw_only=True, converter=_event_community
    )
    location: str = attrs.field(default="", kw_only=True, converter=_event_location)
    id: EventId = attrs.field(factory=_new_event_id, kw_only=True, converter=_fields.record_id)
