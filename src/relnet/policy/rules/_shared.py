"""What the built-in rules share: the base priorities, time units and small texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs

from relnet.model import Cadence, ContactView, TouchSummary
from relnet.policy import _convert, dates
from relnet.policy.context import Context
from relnet.policy.followup import Reason
from relnet.policy.rule import Candidate, Proposal, Suppression, Wake

#: The default base priority of each reason.
BASES: Mapping[Reason, float] = {
    Reason.REPLY_OWED: 100.0,
    Reason.PROMISE: 95.0,
    Reason.THANK_YOU: 90.0,
    Reason.EVENT_FOLLOW_UP: 80.0,
    Reason.INTRO_LOOP: 70.0,
    Reason.MENTOR_LOOP: 70.0,
    Reason.NUDGE: 60.0,
    Reason.CHECK_IN: 55.0,
    Reason.KEEP_IN_TOUCH: 50.0,
    Reason.RECONNECT: 50.0,
    Reason.BIRTHDAY: 40.0,
}


def base_field(reason: Reason, setting: str = "base") -> Any:
    """A rule's base priority for ``reason``: a positive number, :data:`BASES`' by default."""
    return attrs.field(default=BASES[reason], validator=_convert.positive(setting))


def count_field(default: int, setting: str, minimum: int = 0) -> Any:
    """A rule's whole-number setting (days, hours, nudges) of at least ``minimum``;
    ``setting`` names it in errors."""
    return attrs.field(default=default, validator=_convert.whole(setting, minimum))


class DroppedAfter:
    """For a rule whose item is dropped ``drop_days`` after the day it is about (a
    message received, an event met at)."""

    __slots__ = ()

    drop_days: int

    def _first_kept(self, today: dt.date) -> dt.date:
        """The earliest day an item may be about and still be on today's agenda."""
        return dates.add_days(today, 1 - self.drop_days)


class ShownAhead:
    """For a rule whose item is shown ``lead_days`` before the day it is due (a promise,
    a birthday)."""

    __slots__ = ()

    lead_days: int

    def _shown_from(self, due: dt.date) -> dt.date:
        """The first day an item due on ``due`` is on the agenda."""
        return dates.add_days(due, -self.lead_days)


HOUR_US = 3_600_000_000
DAY_US = 24 * HOUR_US
#: What a rule returns when it has nothing to say.
NOTHING: tuple[Candidate, ...] = ()
#: Contacts with open commitments.
COMMITTED = Wake(commitments=True)
#: For each instant field of the summary, the contacts with it set (at any instant).
EVER_SET: Mapping[str, Wake] = {
    name: Wake(since={name: -(2**63)}) for name in ("open_intro", "last_advice", "last_ask")
}


def span(cadence: Cadence) -> str:
    """``3 months``, ``1 week``, ``5 business days``."""
    unit = cadence.unit.value.replace("_", " ")
    return f"{cadence.count} {unit}" if cadence.count == 1 else f"{cadence.count} {unit}s"


def days_word(count: int) -> str:
    """``1 day``, ``3 days``."""
    return "1 day" if count == 1 else f"{count} days"


def no_commitments(
    contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
) -> bool:
    """The quiet test of a rule that reads only open commitments."""
    return not commitments


def never_quiet(
    contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
) -> bool:
    """A quiet test that is never sure."""
    return False


def unless_seeing_soon(context: Context, proposals: list[Proposal]) -> Iterable[Candidate]:
    """``proposals``, unless a planned meeting, call, video or event with the contact
    falls within :data:`~relnet.policy.context.SOON_DAYS` days: that meeting is where
    it will happen (nothing then; suppressions when explaining).

    Quieting only takes proposals away, so a rule's quiet test stays sound without it.
    """
    if not proposals:
        return NOTHING
    meeting = context.seeing_soon()
    if meeting is None:
        return proposals
    if not context.explaining:
        return NOTHING
    cause = f"You are seeing {context.name} on {meeting.isoformat()}"
    return tuple(
        Suppression(
            p.reason,
            cause,
            p.due,
            p.available,
            about=p.about,
            commitment=p.commitment,
        )
        for p in proposals
    )


def reached_after(last_reach: int | None, at: int) -> bool:
    """Whether you reached someone (an outbound or mutual touch, the latest at
    ``last_reach``) after the instant ``at``: what satisfies a thank-you after a first
    meeting and a follow-up after an event."""
    return last_reach is not None and last_reach > at


def in_touch_after(context: Context, after: str) -> str:
    """Why an item was satisfied: you were in touch with them (the latest reach) after
    ``after`` ("first meeting them on 2026-03-01")."""
    reach = context.summary.last_reach
    assert reach is not None
    return (
        f"you were in touch with {context.name} on "
        f"{context.local_date(reach).isoformat()}, after {after}"
    )


class FollowsAMeeting:
    """For a rule that follows up on a meeting (a first meeting, a first event): satisfied
    by reaching them after it, shown from the meeting's local date and no longer proposed
    once that date is before :meth:`_first_kept`.

    :meth:`_follow_up` walks those cases once; the rule says what differs: its reason,
    when the item is due, and its texts.
    """

    __slots__ = ()

    reason: ClassVar[Reason]

    def _first_kept(self, today: dt.date) -> dt.date:
        """The earliest day a meeting may have been and still be followed up on today."""
        raise NotImplementedError

    def _due(self, context: Context, met: int, met_on: dt.date) -> dt.date:
        """When following up on the meeting at ``met`` (on ``met_on``) is due."""
        raise NotImplementedError

    def _met(self, met_on: dt.date) -> str:
        """The meeting, as the satisfied cause names it ("first meeting them on …")."""
        raise NotImplementedError

    def _too_late(self, context: Context, met_on: dt.date) -> str:
        """Why a meeting before :meth:`_first_kept` is no longer followed up on."""
        raise NotImplementedError

    def _proposal(self, context: Context, met: int, met_on: dt.date, due: dt.date) -> Proposal:
        """The proposal to follow up on the meeting at ``met``."""
        raise NotImplementedError

    def _follow_up(self, context: Context, met: int | None) -> Iterable[Candidate]:
        """Propose following up on the meeting at ``met``, unless done or too late
        (suppressions for those when explaining)."""
        if met is None:
            return NOTHING
        satisfied = reached_after(context.summary.last_reach, met)
        if satisfied and not context.explaining:
            return NOTHING
        met_on = context.local_date(met)
        due = self._due(context, met, met_on)
        if satisfied:
            cause = in_touch_after(context, self._met(met_on))
        elif met_on < self._first_kept(context.today):
            if not context.explaining:
                return NOTHING
            cause = self._too_late(context, met_on)
        else:
            return (self._proposal(context, met, met_on, due),)
        return (Suppression(self.reason, cause, due, met_on, about=met),)
