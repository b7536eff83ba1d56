"""What a rule sees of one contact: a :class:`Context`."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum

from relnet.model import (
    Cadence,
    Commitment,
    ContactView,
    Goal,
    GoalStatus,
    Party,
    Settings,
    TouchSummary,
    epoch_us,
)
from relnet.model._check import to_instant
from relnet.policy import dates
from relnet.policy.dates import LocalTime

__all__ = ["SOON_DAYS", "Context"]

#: How many days ahead a planned meeting, call, video or event quiets the nudge,
#: check-in and loop items of a contact ("seeing them soon").
SOON_DAYS = 14


@attrs.frozen
class Context:
    """Everything a rule may read about one contact, as of ``now``.

    ``contact`` is what a rule may read of the contact (a
    :class:`~relnet.model.ContactView`): the whole :class:`~relnet.model.Contact`,
    unless every rule declares ``reads_only_facts`` (see
    :func:`~relnet.policy.planning_of`), when the engine may pass a store's lighter
    :class:`~relnet.storage.ContactFacts` instead. A rule that reads other fields
    narrows it with ``isinstance(context.contact, Contact)``.

    ``commitments`` are the open commitments with the contact (yours and theirs), by due
    date then id; ``goals`` every goal linked to the contact, by id, and
    ``active_goals`` those active today (status active, deadline unset or not passed).
    ``today`` is the owner's local date at ``now``. Dates are plain
    :class:`datetime.date` values; instants in ``summary`` are epoch microseconds,
    which :meth:`local_date` turns into the owner's local dates.

    ``explaining`` is true when the engine is explaining this contact
    (:meth:`~relnet.policy.Engine.explain`); other runs ignore suppressions, so a rule
    may skip building them when it is false.

    ``next_meeting`` is the instant (epoch microseconds) of the earliest planned
    meeting, call, video or event with the contact, when one falls on or before
    ``today`` plus :data:`SOON_DAYS` days (:meth:`seeing_soon`); the engine looks no
    further, so it is None otherwise. ``summary.next_planned`` cannot tell: it is the
    next planned touch of any channel, a planned email included.
    """

    contact: ContactView
    summary: TouchSummary
    settings: Settings
    now: pendulum.DateTime
    today: dt.date
    clock: LocalTime
    commitments: tuple[Commitment, ...] = ()
    goals: tuple[Goal, ...] = ()
    active_goals: tuple[Goal, ...] = ()
    explaining: bool = False
    next_meeting: int | None = None

    @classmethod
    def build(
        cls,
        contact: ContactView,
        summary: TouchSummary,
        *,
        settings: Settings,
        now: pendulum.DateTime,
        commitments: tuple[Commitment, ...] = (),
        goals: tuple[Goal, ...] = (),
        clock: LocalTime | None = None,
        explaining: bool = False,
        next_meeting: int | None = None,
    ) -> Context:
        """A context computed from its parts (today, the clock and the active goals).

        Raises ValidationError for a naive ``now``.
        """
        now = to_instant(now, "now")
        clock = clock if clock is not None else LocalTime(settings.timezone)
        today = clock.date_of(epoch_us(now))
        active = tuple(g for g in goals if is_active(g, today))
        return cls(
            contact,
            summary,
            settings,
            now,
            today,
            clock,
            commitments,
            goals,
            active,
            explaining,
            next_meeting,
        )

    @property
    def name(self) -> str:
        """The contact's name."""
        return self.contact.name

    def local_date(self, us: int) -> dt.date:
        """The owner's local date of the instant ``us`` (epoch microseconds)."""
        return self.clock.date_of(us)

    def business_days_after(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th workday after ``day`` that is not a holiday (owner's settings)."""
        return dates.add_business_days(day, count, self.settings.workdays, self.settings.holidays)

    def after(self, day: dt.date, cadence: Cadence, times: int = 1) -> dt.date:
        """``day`` plus ``times`` × ``cadence`` (business days use the owner's calendar)."""
        return dates.add_cadence(
            day, cadence, self.settings.workdays, self.settings.holidays, times
        )

    def seeing_soon(self) -> dt.date | None:
        """The local date of the planned meeting, call, video or event with the contact
        when it falls on or before ``today`` plus :data:`SOON_DAYS` days, else None."""
        planned = self.next_meeting
        if planned is None:
            return None
        on = self.clock.date_of(planned)
        return on if on <= dates.add_days(self.today, SOON_DAYS) else None

    def promises(self) -> tuple[Commitment, ...]:
        """Open commitments you made to the contact."""
        if not self.commitments:
            return ()
        return tuple(c for c in self.commitments if c.owed_by is Party.ME)

    def their_commitments(self) -> tuple[Commitment, ...]:
        """Open commitments the contact made to you."""
        if not self.commitments:
            return ()
        return tuple(c for c in self.commitments if c.owed_by is Party.THEM)


def is_active(goal: Goal, today: dt.date) -> bool:
    """Whether ``goal`` is active on ``today``: status active, deadline unset or not passed."""
    return goal.status is GoalStatus.ACTIVE and (goal.deadline is None or today <= goal.deadline)
