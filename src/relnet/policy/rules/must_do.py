"""The must-do rules: a reply owed, a thank-you after a first meeting, a promise kept.

Their items are never trimmed by the daily capacity, so each one says which contacts
may wake it (:meth:`wakes`) and the agenda asks a store for only those.
"""

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
    HOUR_US,
    NOTHING,
    DroppedAfter,
    FollowsAMeeting,
    ShownAhead,
    base_field,
    count_field,
    no_commitments,
    reached_after,
)

__all__ = ["Promise", "ReplyOwed", "ThankYou"]


@attrs.frozen
class ReplyOwed(DroppedAfter, DeclaredRule):
    """They wrote and expect an answer (``TouchSummary.pending_reply``).

    Available from the local date it arrived, due one business day later, dropped
    ``drop_days`` after it arrived.
    """

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.REPLY_OWED})
    reads_only_facts: ClassVar[bool] = True

    name: str = "reply_owed"
    base: float = base_field(Reason.REPLY_OWED)
    drop_days: int = count_field(30, "reply_drop_days", 1)

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no reply pending, or it arrived ``drop_days`` or more ago."""
        first_kept = self._first_kept(today)
        date_of = clock.date_of

        def test(
            contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
        ) -> bool:
            pending = summary.pending_reply
            return pending is None or date_of(pending) < first_kept

        return test

    def wakes(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """A reply pending since after ``today − drop_days``."""
        return Wake(since={"pending_reply": clock.surely_before(self._first_kept(today))})

    def wakes_any_day(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """As :meth:`wakes`: a reply is shown from the day the message arrived."""
        return self.wakes(today, clock, settings)

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose a reply to the earliest unanswered inbound message."""
        pending = context.summary.pending_reply
        if pending is None:
            return NOTHING
        received = context.local_date(pending)
        due = context.business_days_after(received, 1)
        if received < self._first_kept(context.today):
            if not context.explaining:
                return NOTHING
            cause = (
                f"{context.name} wrote on {received.isoformat()}, more than "
                f"{self.drop_days} days ago: the reply is dropped"
            )
            return (Suppression(Reason.REPLY_OWED, cause, due, received, about=pending),)
        why = f"{context.name} wrote on {received.isoformat()} and is waiting for your answer."
        return (
            Proposal(Reason.REPLY_OWED, due, self.base, why, available=received, about=pending),
        )


@attrs.frozen
class ThankYou(FollowsAMeeting, DeclaredRule):
    """Thank someone after your first meeting, call or video with them.

    Due exactly ``hours`` after the meeting (on the instant, so it crosses DST
    correctly); shown from the meeting's local date through ``window_days`` after it;
    satisfied by any outbound or mutual touch after the meeting.
    """

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.THANK_YOU})
    reads_only_facts: ClassVar[bool] = True
    reason: ClassVar[Reason] = Reason.THANK_YOU

    name: str = "thank_you"
    base: float = base_field(Reason.THANK_YOU)
    hours: int = count_field(24, "thank_you_hours")
    window_days: int = count_field(7, "thank_you_window_days")

    def _first_kept(self, today: dt.date) -> dt.date:
        """The earliest day a first meeting may have been and still be thanked for today."""
        return dates.add_days(today, -self.window_days)

    @staticmethod
    def _thanked(summary: TouchSummary, met: int) -> bool:
        """Whether you reached them (outbound or mutual) after the meeting at ``met``."""
        return reached_after(summary.last_reach, met)

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no meeting, a touch since it, or its window is over."""
        first_kept = self._first_kept(today)
        date_of, thanked = clock.date_of, self._thanked

        def test(
            contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
        ) -> bool:
            met = summary.first_meeting
            return met is None or thanked(summary, met) or date_of(met) < first_kept

        return test

    def wakes(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """A first meeting on or after ``today − window_days``."""
        return Wake(since={"first_meeting": clock.surely_before(self._first_kept(today))})

    def wakes_any_day(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """As :meth:`wakes`: a thank-you is shown from the day of the meeting."""
        return self.wakes(today, clock, settings)

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose a thank-you for the first meeting, unless done or too late."""
        return self._follow_up(context, context.summary.first_meeting)

    def _due(self, context: Context, met: int, met_on: dt.date) -> dt.date:
        """``hours`` after the meeting, on the instant."""
        return context.local_date(met + self.hours * HOUR_US)

    def _met(self, met_on: dt.date) -> str:
        return f"first meeting them on {met_on.isoformat()}"

    def _too_late(self, context: Context, met_on: dt.date) -> str:
        last_day = dates.add_days(met_on, self.window_days)
        return (
            f"you first met {context.name} on {met_on.isoformat()}; a thank-you is "
            f"only suggested until {last_day.isoformat()}"
        )

    def _proposal(self, context: Context, met: int, met_on: dt.date, due: dt.date) -> Proposal:
        due_at = met + self.hours * HOUR_US
        when = context.clock.instant(due_at)
        why = (
            f"You first met {context.name} on {met_on.isoformat()}; thank them within "
            f"{self.hours} hours, by {when.hour:02d}:{when.minute:02d} on {due.isoformat()}."
        )
        return Proposal(
            Reason.THANK_YOU, due, self.base, why, available=met_on, due_at=due_at, about=met
        )


@attrs.frozen
class Promise(ShownAhead, DeclaredRule):
    """A commitment you made that is not done: due on its due date, shown ``lead_days`` before."""

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.PROMISE})
    reads_only_facts: ClassVar[bool] = True

    name: str = "promise"
    base: float = base_field(Reason.PROMISE)
    lead_days: int = count_field(1, "promise_lead_days")

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today for a contact without open commitments."""
        return no_commitments

    def wakes(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Contacts with an open promise due by ``today + lead_days`` (the last due date
        that :meth:`_shown_from` puts on or before today)."""
        return Wake(promises_due_by=dates.add_days(today, self.lead_days))

    def wakes_any_day(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Contacts with an open promise, whenever it is due."""
        return Wake(promises_due_by=dt.date.max)

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose keeping each open promise."""
        out = []
        for commitment in context.promises():
            due = dates.plain(commitment.due)
            why = f"You promised {context.name}: “{commitment.what}”, by {due.isoformat()}."
            out.append(
                Proposal(
                    Reason.PROMISE,
                    due,
                    self.base,
                    why,
                    available=self._shown_from(due),
                    commitment=commitment,
                )
            )
        return out
