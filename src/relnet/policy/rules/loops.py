"""Closing loops: tell an introducer how the intro went, report back to a mentor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar

import attrs

from relnet.model import ContactView, Role, Settings, TouchSummary
from relnet.policy import dates
from relnet.policy.context import Context
from relnet.policy.dates import LocalTime
from relnet.policy.followup import Reason
from relnet.policy.rule import Candidate, DeclaredRule, Proposal, QuietTest, Suppression, Wake
from relnet.policy.rules._shared import (
    DAY_US,
    EVER_SET,
    NOTHING,
    base_field,
    count_field,
    days_word,
    unless_seeing_soon,
)

__all__ = ["IntroLoop", "MentorLoop"]


@attrs.frozen
class IntroLoop(DeclaredRule):
    """Tell an introducer how their intro went, ``days`` after it.

    Unless you had an outbound or mutual touch with them since (``open_intro`` is the
    earliest intro they made that is later than your latest reach).
    """

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.INTRO_LOOP})
    reads_only_facts: ClassVar[bool] = True

    name: str = "intro_loop"
    base: float = base_field(Reason.INTRO_LOOP)
    days: int = count_field(14, "intro_days")

    def _due(self, made_on: dt.date) -> dt.date:
        """When the loop on an intro made on ``made_on`` is due (and shown)."""
        return dates.add_days(made_on, self.days)

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no open intro, or it is not yet ``days`` old."""
        date_of, due = clock.date_of, self._due

        def test(
            contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
        ) -> bool:
            intro = summary.open_intro
            return intro is None or due(date_of(intro)) > today

        return test

    def wakes_any_day(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Any open intro."""
        return EVER_SET["open_intro"]

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose closing the loop on the earliest open intro."""
        intro = context.summary.open_intro
        if intro is None:
            return NOTHING
        made_on = context.local_date(intro)
        why = (
            f"{context.name} introduced you to someone on {made_on.isoformat()}; "
            "tell them how it went."
        )
        return unless_seeing_soon(
            context, [Proposal(Reason.INTRO_LOOP, self._due(made_on), self.base, why, about=intro)]
        )


@attrs.frozen
class MentorLoop(DeclaredRule):
    """Report back to a mentor ``days`` after their advice.

    Only for contacts whose roles include mentor; satisfied by an outbound or mutual
    touch at least ``quiet_days`` (exactly, on the instant) after the advice.
    """

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.MENTOR_LOOP})
    reads_only_facts: ClassVar[bool] = True

    name: str = "mentor_loop"
    base: float = base_field(Reason.MENTOR_LOOP)
    days: int = count_field(21, "mentor_days")
    quiet_days: int = count_field(7, "mentor_quiet_days")

    def _due(self, advised_on: dt.date) -> dt.date:
        """When reporting back on advice given on ``advised_on`` is due (and shown)."""
        return dates.add_days(advised_on, self.days)

    def _answered(self, summary: TouchSummary, advice: int) -> bool:
        """Whether you reached them at least ``quiet_days`` after the advice at ``advice``."""
        reach = summary.last_reach
        return reach is not None and reach >= advice + self.quiet_days * DAY_US

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no advice from a mentor, not yet due, or answered since."""
        date_of, due, answered = clock.date_of, self._due, self._answered

        def test(
            contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
        ) -> bool:
            advice = summary.last_advice
            if advice is None or Role.MENTOR not in contact.roles:
                return True
            return due(date_of(advice)) > today or answered(summary, advice)

        return test

    def wakes_any_day(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Any advice received."""
        return EVER_SET["last_advice"]

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose reporting back on the latest advice from a mentor."""
        summary = context.summary
        advice = summary.last_advice
        if advice is None:
            return NOTHING
        advised_on = context.local_date(advice)
        due = self._due(advised_on)
        if Role.MENTOR not in context.contact.roles:
            if not context.explaining:
                return NOTHING
            cause = (
                f"{context.name} gave you advice on {advised_on.isoformat()} "
                "but is not marked as a mentor"
            )
            return (Suppression(Reason.MENTOR_LOOP, cause, due, about=advice),)
        if self._answered(summary, advice):
            if not context.explaining:
                return NOTHING
            reach = summary.last_reach
            assert reach is not None
            cause = (
                f"you were in touch with {context.name} on "
                f"{context.local_date(reach).isoformat()}, at least {days_word(self.quiet_days)} "
                f"after their advice of {advised_on.isoformat()}"
            )
            return (Suppression(Reason.MENTOR_LOOP, cause, due, about=advice),)
        why = (
            f"{context.name}, your mentor, advised you on {advised_on.isoformat()}; "
            "report back on how it went."
        )
        return unless_seeing_soon(
            context, [Proposal(Reason.MENTOR_LOOP, due, self.base, why, about=advice)]
        )
