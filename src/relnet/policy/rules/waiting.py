"""Waiting on them: nudge an unanswered ask, check in on a commitment they made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar

import attrs

from relnet.model import Cadence, ContactView, Settings, TouchSummary
from relnet.policy import _convert, dates
from relnet.policy.context import Context
from relnet.policy.dates import LocalTime
from relnet.policy.followup import Reason
from relnet.policy.rule import Candidate, DeclaredRule, Proposal, QuietTest, Suppression, Wake
from relnet.policy.rules._shared import (
    COMMITTED,
    EVER_SET,
    NOTHING,
    base_field,
    count_field,
    no_commitments,
    unless_seeing_soon,
)

__all__ = ["CheckIn", "Nudge"]


@attrs.frozen
class Nudge(DeclaredRule):
    """Nudge unanswered asks: ``gaps[n-1]`` business days after the n-th open ask.

    From ``stop`` open asks on, no nudge: keep-in-touch takes over with a floor.
    """

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.NUDGE})
    reads_only_facts: ClassVar[bool] = True

    name: str = "nudge"
    base: float = base_field(Reason.NUDGE)
    gaps: tuple[int, ...] = attrs.field(default=(5, 10), converter=_convert.gaps)
    stop: int = count_field(3, "nudge_stop", 1)
    backoff_floor: Cadence = attrs.field(
        default=Cadence.months(3), converter=_convert.backoff_floor
    )

    def _gap(self, asks: int) -> int | None:
        """Business days from the last of ``asks`` open asks to the nudge; None for no
        nudge (no open ask, or ``stop`` or more)."""
        if asks == 0 or asks >= self.stop:
            return None
        return self.gaps[min(asks, len(self.gaps)) - 1]

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no open ask, too many, or the nudge is not yet due."""
        gap_for, date_of = self._gap, clock.date_of
        workdays, holidays = settings.workdays, settings.holidays

        def test(
            contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
        ) -> bool:
            last_ask = summary.last_ask
            if last_ask is None:
                return True
            gap = gap_for(summary.open_asks)
            if gap is None:
                return True
            return dates.add_business_days(date_of(last_ask), gap, workdays, holidays) > today

        return test

    def wakes_any_day(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Any ask (a nudge needs an open one)."""
        return EVER_SET["last_ask"]

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose a nudge for the latest unanswered ask, or back off."""
        summary = context.summary
        asks, last_ask = summary.open_asks, summary.last_ask
        if asks == 0 or last_ask is None:
            return NOTHING
        asked_on = context.local_date(last_ask)
        gap = self._gap(asks)
        if gap is None:
            if not context.explaining:
                return NOTHING
            floor = context.after(asked_on, self.backoff_floor)
            cause = (
                f"{asks} messages to {context.name} in a row have had no answer: no more "
                f"nudges; keep-in-touch waits until at least {floor.isoformat()}"
            )
            return (Suppression(Reason.NUDGE, cause, about=last_ask),)
        due = context.business_days_after(asked_on, gap)
        if asks == 1:
            why = (
                f"You wrote to {context.name} on {asked_on.isoformat()} and have had no "
                f"answer; nudge {gap} business days later."
            )
        else:
            why = (
                f"{asks} messages to {context.name} (the last on {asked_on.isoformat()}) "
                f"have had no answer; nudge {gap} business days after the last."
            )
        return unless_seeing_soon(
            context, [Proposal(Reason.NUDGE, due, self.base, why, about=last_ask)]
        )


@attrs.frozen
class CheckIn(DeclaredRule):
    """A commitment they made to you that is not done: check in ``days`` after its due date."""

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.CHECK_IN})
    reads_only_facts: ClassVar[bool] = True

    name: str = "check_in"
    base: float = base_field(Reason.CHECK_IN)
    days: int = count_field(3, "check_in_days")

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today for a contact without open commitments."""
        return no_commitments

    def wakes(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Contacts with open commitments."""
        return COMMITTED

    def wakes_any_day(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Contacts with open commitments."""
        return COMMITTED

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose a gentle check-in for each of their late commitments."""
        out = []
        for commitment in context.their_commitments():
            promised = dates.plain(commitment.due)
            due = dates.add_days(promised, self.days)
            why = (
                f"{context.name} promised you “{commitment.what}” by {promised.isoformat()}; "
                "a gentle check-in."
            )
            out.append(Proposal(Reason.CHECK_IN, due, self.base, why, commitment=commitment))
        return unless_seeing_soon(context, out)
