"""What networking is for: goals with measurable targets, deadlines and weights."""

from __future__ import annotations

from typing import Any, cast

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import _check, _fields
from relnet.model.cadence import Cadence
from relnet.model.enums import Channel, GoalKind, GoalStatus, TargetMeasure
from relnet.model.ids import ContactId, GoalId, new_id

__all__ = ["Goal", "Target"]


def _new_goal_id() -> GoalId:
    return GoalId(new_id())


def _target_count(value: Any) -> int:
    return _check.integer(value, "target.count", minimum=1)


def _target_measure(value: Any) -> TargetMeasure:
    return _check.member(value, TargetMeasure, "target.measure")


def _target_channels(value: Any) -> frozenset[Channel]:
    return _check.members(value, Channel, "target.channels")


def _target_tag(value: Any) -> str | None:
    return _check.optional_text(value, "target.tag")


def _target_start(value: Any) -> pendulum.Date | None:
    return _check.optional_date(value, "target.start")


@attrs.frozen
class Target:
    """A measurable target: ``count`` of ``measure`` from ``start`` to the goal's deadline.

    ``measure`` counts interactions (of ``channels``, all when empty) with the goal's
    contacts or contacts tagged ``tag``; new contacts (created in the window, with
    ``tag`` when set); or interactions in which you gave something.
    """

    count: int = attrs.field(converter=_target_count)
    measure: TargetMeasure = attrs.field(
        default=TargetMeasure.INTERACTIONS,
        converter=_target_measure,
    )
    channels: frozenset[Channel] = attrs.field(default=frozenset(), converter=_target_channels)
    tag: str | None = attrs.field(default=None, converter=_target_tag)
    start: pendulum.Date | None = attrs.field(default=None, converter=_target_start)


def _goal_title(value: Any) -> str:
    return _check.text(value, "title", blank=False)


def _goal_kind(value: Any) -> GoalKind:
    return _check.member(value, GoalKind, "kind")


def _goal_contacts(value: Any) -> frozenset[ContactId]:
    return cast(frozenset[ContactId], _check.identifiers(value, "contacts"))


def _goal_weight(value: Any) -> float:
    return _check.fraction(value, "weight")


def _goal_status(value: Any) -> GoalStatus:
    return _check.member(value, GoalStatus, "status")


def _goal_deadline(value: Any) -> pendulum.Date | None:
    return _check.optional_date(value, "deadline")


def _goal_target(value: Any) -> Target | None:
    return _check.optional_instance_of(value, Target, "target", "a Target or None")


@attrs.frozen
class Goal:
    """A networking goal: "6 coffee chats with data engineers by 31 March".

    ``weight`` in (0, 1] says how much it matters: contacts linked to an active goal get
    a priority boost of ``1 + 0.5 × weight``. A goal's ``cadence`` applies to each of its
    contacts while the goal is active.
    """

    title: str = attrs.field(converter=_goal_title)
    kind: GoalKind = attrs.field(default=GoalKind.OTHER, kw_only=True, converter=_goal_kind)
    contacts: frozenset[ContactId] = attrs.field(
        default=frozenset(), kw_only=True, converter=_goal_contacts
    )
    weight: float = attrs.field(default=1.0, kw_only=True, converter=_goal_weight)
    status: GoalStatus = attrs.field(
        default=GoalStatus.ACTIVE,
        kw_only=True,
        converter=_goal_status,
    )
    deadline: pendulum.Date | None = attrs.field(
        default=None, kw_only=True, converter=_goal_deadline
    )
    cadence: Cadence | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_fields.cadence,
    )
    target: Target | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_goal_target,
    )
    id: GoalId = attrs.field(factory=_new_goal_id, kw_only=True, converter=_fields.record_id)

    def __attrs_post_init__(self) -> None:
        start = None if self.target is None else self.target.start
        if start is not None and self.deadline is not None and start > self.deadline:
            raise ValidationError(
                "target.start", start, f"a date on or before the deadline {self.deadline}"
            )

    def is_active_on(self, day: pendulum.Date) -> bool:
        """Active, and the deadline unset or not yet passed on ``day``."""
        return self.status is GoalStatus.ACTIVE and (self.deadline is None or day <= self.deadline)
