"""Communities (associations, forums, meetups) and events where many people meet at once."""

from __future__ import annotations

import attrs
import pendulum

from relnet.model import _check
from relnet.model.enums import CommunityKind
from relnet.model.ids import CommunityId, EventId, new_id

__all__ = ["Community", "Event"]


def _new_community_id() -> CommunityId:
    return CommunityId(new_id())


def _new_event_id() -> EventId:
    return EventId(new_id())


@attrs.frozen
class Community:
    """A group you belong to or want to join: an association, a forum, a meetup."""

    name: str = attrs.field(converter=_check.text("name", blank=False))
    kind: CommunityKind = attrs.field(
        default=CommunityKind.OTHER, kw_only=True, converter=_check.member(CommunityKind, "kind")
    )
    url: str | None = attrs.field(default=None, kw_only=True, converter=_check.optional_text("url"))
    tags: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_check.strings("tags")
    )
    target: bool = attrs.field(default=False, kw_only=True, converter=_check.boolean("target"))
    notes: str = attrs.field(default="", kw_only=True, converter=_check.text("notes"))
    id: CommunityId = attrs.field(
        factory=_new_community_id, kw_only=True, converter=_check.identifier("id")
    )


@attrs.frozen
class Event:
    """A conference, workshop or meetup: a time and place where several people were met."""

    name: str = attrs.field(converter=_check.text("name", blank=False))
    at: pendulum.DateTime = attrs.field(converter=_check.instant("at"))
    community: CommunityId | None = attrs.field(
        default=None, kw_only=True, converter=_check.optional_identifier("community")
    )
    location: str = attrs.field(default="", kw_only=True, converter=_check.text("location"))
    id: EventId = attrs.field(factory=_new_event_id, kw_only=True, converter=_check.identifier("id"))
