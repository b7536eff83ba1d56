"""How a proposal becomes a priority: ``base × circle × goal × reciprocity × urgency``."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import attrs

from relnet.model import Circle
from relnet.policy import _convert, dates
from relnet.policy.circles import CIRCLE_MULTIPLIER
from relnet.policy.context import Context

__all__ = ["ContactFactors", "Scoring"]


@attrs.frozen
class Scoring:
    """The numbers that turn a proposal into a priority (the policy's defaults).

    ``multipliers`` per circle (a partial mapping is merged into the defaults);
    ``goal_boost``: the goal factor is ``1 + goal_boost × weight``; ``reciprocity_days``
    and ``reciprocity_boost``: the reciprocity factor when, over touches in that many
    days ending today, you received value more often than you gave it;
    ``urgency_days`` caps linear urgency (``1 + min(overdue, cap) / cap``) and
    ``urgency_ratio`` caps the cycle-relative one (``1 + log2(min(1 + overdue / cycle,
    ratio))``).

    ``reads_only_facts`` declares that :meth:`factors` reads of a contact only its
    :class:`~relnet.model.ContactView`; a subclass that overrides :meth:`factors`
    without restating it is taken to read more.
    """

    #: Whether :meth:`factors` reads only the ContactView of a contact.
    reads_only_facts: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = vars(cls)
        if "factors" in own and "reads_only_facts" not in own:
            cls.reads_only_facts = False

    multipliers: Mapping[Circle, float] = attrs.field(
        default=CIRCLE_MULTIPLIER, converter=_convert.multipliers
    )
    goal_boost: float = attrs.field(default=0.5, validator=_convert.non_negative("goal_boost"))
    reciprocity_days: int = attrs.field(
        default=365, validator=_convert.whole("reciprocity_days", 1)
    )
    reciprocity_boost: float = attrs.field(
        default=1.2, validator=_convert.positive("reciprocity_boost")
    )
    urgency_days: int = attrs.field(default=10, validator=_convert.whole("urgency_days", 1))
    urgency_ratio: float = attrs.field(
        default=8.0, validator=_convert.at_least_one("urgency_ratio")
    )

    def urgency(self, overdue_days: int, cycle: int | None) -> float:
        """The urgency factor for an item ``overdue_days`` late (``cycle``: see Proposal)."""
        if cycle is not None:
            return 1.0 + math.log2(min(1.0 + overdue_days / cycle, self.urgency_ratio))
        cap = self.urgency_days
        return 1.0 + min(overdue_days, cap) / cap

    def factors(self, context: Context) -> ContactFactors:
        """The factors that are the same for every item of the context's contact."""
        contact = context.contact
        circle = self.multipliers.get(contact.circle, 1.0)
        goals = context.active_goals
        goal = 1.0
        if goals:
            goal = 1.0 + self.goal_boost * max(g.weight for g in goals)
        owed = self._owed(context, None)
        return ContactFactors(circle, goal, self.reciprocity_boost if owed else 1.0, owed)

    def _owed(self, context: Context, starts: dict[dt.date, int] | None) -> bool:
        """Whether you received value from the contact more often than you gave it, in
        the window ending today (``starts``: the window's first instant per today, kept
        by :func:`shared_factors` for one call)."""
        summary = context.summary
        if not summary.received_at:
            return False
        today = context.today
        start = None if starts is None else starts.get(today)
        if start is None:
            start = context.clock.start_of(dates.add_days(today, 1 - self.reciprocity_days))
            if starts is not None:
                starts[today] = start
        return summary.received_since(start) > summary.gave_since(start)


def shared_urgency(scoring: Scoring) -> Callable[[int, int | None], float]:
    """``scoring.urgency``, for one engine call: each value worked out once per days
    overdue and cycle. A subclass that overrides ``urgency`` gets its own method,
    called for every item."""
    if type(scoring).urgency is not Scoring.urgency:
        return scoring.urgency
    full = scoring.urgency
    kept: dict[tuple[int, int | None], float] = {}

    def urgency(overdue_days: int, cycle: int | None) -> float:
        key = (overdue_days, cycle)
        found = kept.get(key)
        if found is None:
            found = kept[key] = full(overdue_days, cycle)
        return found

    return urgency


def shared_factors(scoring: Scoring) -> Callable[[Context], ContactFactors]:
    """``scoring.factors``, for one engine call: equal values, the common ones shared.

    When ``factors`` is :class:`Scoring`'s own, a contact with no active goal gets the
    one :class:`ContactFactors` of its circle and reciprocity, made once per call (and
    the reciprocity window's first instant once per day); contacts with active goals
    get :meth:`Scoring.factors`. A subclass that overrides ``factors`` gets its own
    method, called for every contact.
    """
    if type(scoring).factors is not Scoring.factors:
        return scoring.factors
    full = scoring.factors
    multipliers = scoring.multipliers
    boost = scoring.reciprocity_boost
    owed_of = scoring._owed
    kept: dict[tuple[Circle, bool], ContactFactors] = {}
    starts: dict[dt.date, int] = {}

    def factors(context: Context) -> ContactFactors:
        if context.active_goals:
            return full(context)
        circle = context.contact.circle
        owed = owed_of(context, starts)
        found = kept.get((circle, owed))
        if found is None:
            found = kept[circle, owed] = ContactFactors(
                multipliers.get(circle, 1.0), 1.0, boost if owed else 1.0, owed
            )
        return found

    return factors


@attrs.frozen
class ContactFactors:
    """The circle, goal and reciprocity factors of one contact."""

    circle: float
    goal: float
    reciprocity: float
    #: Whether you received value more often than you gave it, in the window.
    reciprocity_owed: bool = False
