"""Something that happened between you and one or more contacts, and what it means for each.

An interaction's *touches* say, per contact, how it counts (see "Touches" in the policy):
a meeting touches every participant as a mutual conversation; an inbound email asks each
participant's sender for a reply; an intro someone made touches the person you met and,
as having given you something, the introducer; a note or an auto-reply touches nobody.
"""

from __future__ import annotations

from typing import Any, cast

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import _check, _fields
from relnet.model.enums import Channel, Direction, Value
from relnet.model.ids import ContactId, EventId, GoalId, InteractionId, new_id
from relnet.model.records import record_of

__all__ = ["Interaction", "Touch"]


def _new_interaction_id() -> InteractionId:
    return InteractionId(new_id())


def _participants(value: Any) -> tuple[ContactId, ...]:
    if isinstance(value, str):
        value = (value,)
    if isinstance(value, bytes | dict) or not hasattr(value, "__iter__"):
        raise ValidationError("participants", value, "a non-empty sequence of contact ids")
    people = tuple(dict.fromkeys(value))
    if not people:
        raise ValidationError("participants", value, "at least one contact id")
    for person in people:
        _check.check_id(person, "participants")
    return people


@attrs.frozen
class Touch:
    """What one interaction means for one contact."""

    contact: ContactId
    direction: Direction
    expects_reply: bool
    gave: tuple[Value, ...] = ()
    received: tuple[Value, ...] = ()


def _interaction_channel(value: Any) -> Channel:
    return _check.member(value, Channel, "channel")


def _interaction_direction(value: Any) -> Direction | None:
    return _check.optional_member(value, Direction, "direction")


def _interaction_expects_reply(value: Any) -> bool | None:
    return _check.optional_boolean(value, "expects_reply")


def _interaction_auto_reply(value: Any) -> bool:
    return _check.boolean(value, "auto_reply")


def _interaction_gave(value: Any) -> tuple[Value, ...]:
    return _check.member_tuple(value, Value, "gave")


def _interaction_received(value: Any) -> tuple[Value, ...]:
    return _check.member_tuple(value, Value, "received")


def _interaction_summary(value: Any) -> str:
    return _check.text(value, "summary")


def _interaction_topics(value: Any) -> frozenset[str]:
    return _check.strings(value, "topics")


def _interaction_goals(value: Any) -> frozenset[GoalId]:
    # GoalId is a str at run time: the checked set is already the value.
    return cast(frozenset[GoalId], _check.identifiers(value, "goals"))


def _interaction_event(value: Any) -> EventId | None:
    found = _check.optional_identifier(value, "event")
    return None if found is None else EventId(found)


@attrs.frozen(weakref_slot=False)  # a million of them: no slot for weak references
class Interaction:
    """A meeting, call, message, intro, event or note with one or more contacts.

    ``direction`` defaults to mutual for meetings, calls, videos and events; emails,
    messages, social posts and intros need ``inbound`` or ``outbound``; notes have none.
    ``expects_reply`` defaults to true for inbound mail and intros you received, false
    otherwise (set it on an outbound message to make it an *ask*). For an intro someone
    made, ``participants`` are the people you were introduced to and ``introduced_by`` the
    introducer.
    """

    participants: tuple[ContactId, ...] = attrs.field(converter=_participants)
    at: pendulum.DateTime = attrs.field(converter=_fields.at)
    channel: Channel = attrs.field(converter=_interaction_channel)
    direction: Direction | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_interaction_direction,
    )
    expects_reply: bool | None = attrs.field(
        default=None, kw_only=True, converter=_interaction_expects_reply
    )
    auto_reply: bool = attrs.field(default=False, kw_only=True, converter=_interaction_auto_reply)
    gave: tuple[Value, ...] = attrs.field(default=(), kw_only=True, converter=_interaction_gave)
    received: tuple[Value, ...] = attrs.field(
        default=(), kw_only=True, converter=_interaction_received
    )
    introduced_by: ContactId | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_fields.introduced_by,
    )
    summary: str = attrs.field(default="", kw_only=True, converter=_interaction_summary)
    topics: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_interaction_topics
    )
    goals: frozenset[GoalId] = attrs.field(
        default=frozenset(), kw_only=True, converter=_interaction_goals
    )
    event: EventId | None = attrs.field(default=None, kw_only=True, converter=_interaction_event)
    id: InteractionId = attrs.field(
        factory=_new_interaction_id, kw_only=True, converter=_fields.record_id
    )

    def __attrs_post_init__(self) -> None:
        channel, direction = self.channel, self.direction
        if channel.is_sync:
            if direction not in (None, Direction.MUTUAL):
                raise ValidationError(
                    "direction", direction, f"mutual (or unset) for channel {channel.value}"
                )
            direction = Direction.MUTUAL
        elif channel is Channel.NOTE:
            if direction is not None:
                raise ValidationError("direction", direction, "no direction for a note")
        elif direction not in (Direction.INBOUND, Direction.OUTBOUND):
            raise ValidationError(
                "direction", direction, f"inbound or outbound for channel {channel.value}"
            )
        object.__setattr__(self, "direction", direction)
        if self.expects_reply is None:
            default = direction is Direction.INBOUND and channel is not Channel.NOTE
            object.__setattr__(self, "expects_reply", default)
        if self.introduced_by is not None:
            if channel is not Channel.INTRO or direction is not Direction.INBOUND:
                raise ValidationError(
                    "introduced_by",
                    self.introduced_by,
                    "None unless the interaction is an inbound intro",
                )
            if self.introduced_by in self.participants:
                raise ValidationError(
                    "introduced_by", self.introduced_by, "someone other than the participants"
                )

    @property
    def contacts(self) -> tuple[ContactId, ...]:
        """Everyone the interaction names: the participants and any introducer."""
        if self.introduced_by is None:
            return self.participants
        return (*self.participants, self.introduced_by)

    def to_records(self) -> dict[str, Any]:
        """The same as :meth:`to_record`: the interaction as a plain dict for JSON (every
        result an app returns answers ``to_records()``)."""
        return self.to_record()

    def to_record(self) -> dict[str, Any]:
        """The interaction as a plain dict for JSON: every field by name, ``at`` as a
        standard ISO 8601 instant with ``at_zone`` beside it (see
        :mod:`relnet.model.records`)."""
        return record_of(self)

    def touches(self) -> tuple[Touch, ...]:
        """What the interaction means for each contact it concerns (the policy's table)."""
        if self.auto_reply or self.channel is Channel.NOTE:
            return ()
        direction = self.direction
        assert direction is not None  # set for every channel but notes
        expects = bool(self.expects_reply) and direction is not Direction.MUTUAL
        if self.channel is Channel.INTRO:
            if direction is Direction.INBOUND:
                met = tuple(
                    Touch(person, Direction.INBOUND, expects) for person in self.participants
                )
                if self.introduced_by is None:
                    return met
                gift = self.received or (Value.INTRO,)
                return (*met, Touch(self.introduced_by, Direction.INBOUND, False, (), gift))
            gift = self.gave or (Value.INTRO,)
            return tuple(
                Touch(person, Direction.OUTBOUND, False, gift, ()) for person in self.participants
            )
        return tuple(
            Touch(person, direction, expects, self.gave, self.received)
            for person in self.participants
        )
