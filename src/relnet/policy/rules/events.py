"""Following up with someone you met at an event (policy revision 2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar

import attrs

from relnet.model import ContactView, Settings, TouchSummary
from relnet.policy import dates
from relnet.policy.context import Context
from relnet.policy.dates import LocalTime
from relnet.policy.followup import Reason
from relnet.policy.rule import Candidate, DeclaredRule, Proposal, QuietTest, Suppression, Wake
from relnet.policy.rules._shared import (
    NOTHING,
    DroppedAfter,
    base_field,
    count_field,
    in_touch_after,
    reached_after,
)

__all__ = ["EventFollowUp", "followed_up_after"]


#: The test of a follow-up after an event, shared by the rule and
#: :func:`relnet.network.event_report`: you reached them after meeting them there.
followed_up_after = reached_after


@attrs.frozen
class EventFollowUp(DroppedAfter, DeclaredRule):
    """Follow up with someone whose first touch was an event (``TouchSummary.first_event``).

    Shown from the event's local date, due ``days`` business days after it, satisfied by
    any outbound or mutual touch after the event, dropped ``drop_days`` after the
    event's local date. Not a must-do: an event can bring twenty people at once.
    """

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.EVENT_FOLLOW_UP})
    reads_only_facts: ClassVar[bool] = True

    name: str = "event_follow_up"
    base: float = base_field(Reason.EVENT_FOLLOW_UP)
    days: int = count_field(2, "event_follow_up_days")
    drop_days: int = count_field(14, "event_follow_up_drop_days", 1)

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: not met at an event, followed up since, or dropped."""
        first_kept = self._first_kept(today)
        date_of = clock.date_of

        def test(
            contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
        ) -> bool:
            met = summary.first_event
            return (
                met is None
                or followed_up_after(summary.last_reach, met)
                or date_of(met) < first_kept
            )

        return test

    def wakes_any_day(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """A first event on or after ``today + 1 − drop_days`` (it is shown from its day)."""
        return Wake(since={"first_event": clock.surely_before(self._first_kept(today))})

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose following up on the event where you met, unless done or too late."""
        summary = context.summary
        met = summary.first_event
        if met is None:
            return NOTHING
        satisfied = followed_up_after(summary.last_reach, met)
        if satisfied and not context.explaining:
            return NOTHING
        met_on = context.local_date(met)
        due = context.business_days_after(met_on, self.days)
        if satisfied:
            cause = in_touch_after(context, f"meeting them at an event on {met_on.isoformat()}")
            return (Suppression(Reason.EVENT_FOLLOW_UP, cause, due, met_on, about=met),)
        if met_on < self._first_kept(context.today):
            if not context.explaining:
                return NOTHING
            dropped = dates.add_days(met_on, self.drop_days)
            cause = (
                f"you met {context.name} at an event on {met_on.isoformat()}; a follow-up "
                f"is dropped from {dropped.isoformat()}"
            )
            return (Suppression(Reason.EVENT_FOLLOW_UP, cause, due, met_on, about=met),)
        why = (
            f"You met {context.name} at an event on {met_on.isoformat()}; follow up while "
            "it is fresh."
        )
        return (Proposal(Reason.EVENT_FOLLOW_UP, due, self.base, why, available=met_on, about=met),)
