"""What networking is for: goals with measurable targets, deadlines and weights."""

from __future__ import annotations

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import _check
from relnet.model.cadence import Cadence
from relnet.model.enums import Channel, GoalKind, GoalStatus, TargetMeasure
from relnet.model.ids import ContactId, GoalId, new_id

__all__ = ["Goal", "Target"]


def _new_goal_id() -> GoalId:
    return GoalId(new_id())


@attrs.frozen
class Target:
    """A measurable target: ``count`` of ``measure`` from ``start`` to the goal's deadline.

    ``measure`` counts interactions (of ``channels``, all when empty) with the goal's
    contacts or contacts tagged ``tag``; new contacts (created in the window, with
    ``tag`` when set); or interactions in which you gave something.
    """

    count: int = attrs.field(converter=_check.integer("target.count", minimum=1))
    measure: TargetMeasure = attrs.field(
        default=TargetMeasure.INTERACTIONS,
        converter=_check.member(TargetMeasure, "target.measure"),
    )
    channels: frozenset[Channel] = attrs.field(
        default=frozenset(), converter=_check.members(Channel, "target.channels")
    )
    tag: str | None = attrs.field(default=None, converter=_check.optional_text("target.tag"))
    start: pendulum.Date | None = attrs.field(
        default=None, converter=_check.optional_date("target.start")
    )


@attrs.frozen
class Goal:
    """A networking goal: "6 coffee chats with data engineers by 31 March".

    ``weight`` in (0, 1] says how much it matters: contacts linked to an active goal get
    a priority boost of ``1 + 0.5 × weight``. A goal's ``cadence`` applies to each of its
    contacts while the goal is active.
    """

    title: str = attrs.field(converter=_check.text("title", blank=False))
    kind: GoalKind = attrs.field(
        default=GoalKind.OTHER, kw_only=True, converter=_check.member(GoalKind, "kind")
    )
    contacts: frozenset[ContactId] = attrs.field(
        default=frozenset(), kw_only=True, converter=_check.identifiers("contacts")
    )
    weight: float = attrs.field(default=1.0, kw_only=True, converter=_check.fraction("weight"))
    status: GoalStatus = attrs.field(
        default=GoalStatus.ACTIVE, kw_only=True, converter=_check.member(GoalStatus, "status")
    )
    deadline: pendulum.Date | None = attrs.field(
        default=None, kw_only=True, converter=_check.optional_date("deadline")
    )
    cadence: Cadence | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_check.optional_instance_of(Cadence, "cadence", "a Cadence or None"),
    )
    target: Target | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_check.optional_instance_of(Target, "target", "a Target or None"),
    )
    id: GoalId = attrs.field(factory=_new_goal_id, kw_only=True, converter=_check.identifier("id"))

    def __attrs_post_init__(self) -> None:
        target = self.target
        if target is not None and target.start is not None and self.deadline is not None:
            if target.start > self.deadline:
                raise ValidationError(
                    "target.start", target.start, f"a date on or before the deadline {self.deadline}"
                )

    def is_active_on(self, day: pendulum.Date) -> bool:
        """Active, and the deadline unset or not yet passed on ``day``."""
        return self.status is GoalStatus.ACTIVE and (self.deadline is None or day <= self.deadline)
