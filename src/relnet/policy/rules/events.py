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
from relnet.policy.rule import Candidate, DeclaredRule, Proposal, QuietTest, Wake
from relnet.policy.rules._shared import (
    DroppedAfter,
    FollowsAMeeting,
    base_field,
    count_field,
    reached_after,
)

__all__ = ["EventFollowUp", "followed_up_after"]


#: The test of a follow-up after an event, shared by the rule and
#: :func:`relnet.network.event_report`: you reached them after meeting them there.
followed_up_after = reached_after


@attrs.frozen
class EventFollowUp(DroppedAfter, FollowsAMeeting, DeclaredRule):
    """Follow up with someone whose first touch was an event (``TouchSummary.first_event``).

    Shown from the event's local date, due ``days`` business days after it, satisfied by
    any outbound or mutual touch after the event, dropped ``drop_days`` after the
    event's local date. Not a must-do: an event can bring twenty people at once.
    """

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.EVENT_FOLLOW_UP})
    reads_only_facts: ClassVar[bool] = True
    reason: ClassVar[Reason] = Reason.EVENT_FOLLOW_UP

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
        return self._follow_up(context, context.summary.first_event)

    def _due(self, context: Context, met: int, met_on: dt.date) -> dt.date:
        """``days`` business days after the event's local date."""
        return context.business_days_after(met_on, self.days)

    def _met(self, met_on: dt.date) -> str:
        return f"meeting them at an event on {met_on.isoformat()}"

    def _too_late(self, context: Context, met_on: dt.date) -> str:
        dropped = dates.add_days(met_on, self.drop_days)
        return (
            f"you met {context.name} at an event on {met_on.isoformat()}; a follow-up "
            f"is dropped from {dropped.isoformat()}"
        )

    def _proposal(self, context: Context, met: int, met_on: dt.date, due: dt.date) -> Proposal:
        why = (
            f"You met {context.name} at an event on {met_on.isoformat()}; follow up while "
            "it is fresh."
        )
        return Proposal(Reason.EVENT_FOLLOW_UP, due, self.base, why, available=met_on, about=met)
