"""The built-in rules of the default policy, and :func:`default_rules` to tune them.

Each rule is a small frozen object holding its numbers; ``evaluate(context)`` reads one
contact's :class:`~relnet.policy.Context` and returns proposals and suppressions (see
:mod:`relnet.policy.rule`). The numbers are the policy's defaults; change them with
``default_rules(intro_days=10, bases={"nudge": 65})`` rather than by subclassing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import attrs

from relnet.errors import ValidationError
from relnet.model import (
    Cadence,
    CadenceUnit,
    Circle,
    Contact,
    Goal,
    Role,
    Settings,
    TouchSummary,
    epoch_us,
)
from relnet.policy import _convert, dates
from relnet.policy.circles import CIRCLE_CADENCE, cadence_for
from relnet.policy.context import Context
from relnet.policy.dates import LocalTime
from relnet.policy.followup import Reason
from relnet.policy.rule import Candidate, Proposal, QuietTest, Rule, Suppression, Wake
from relnet.policy.scoring import Scoring

__all__ = [
    "BASES",
    "OVERRIDES",
    "Birthday",
    "CadencePlan",
    "CheckIn",
    "IntroLoop",
    "KeepInTouch",
    "MentorLoop",
    "Nudge",
    "Promise",
    "ReplyOwed",
    "RuleSet",
    "ThankYou",
    "default_rules",
]

#: The default base priority of each reason.
BASES: Mapping[Reason, float] = {
    Reason.REPLY_OWED: 100.0,
    Reason.PROMISE: 95.0,
    Reason.THANK_YOU: 90.0,
    Reason.INTRO_LOOP: 70.0,
    Reason.MENTOR_LOOP: 70.0,
    Reason.NUDGE: 60.0,
    Reason.CHECK_IN: 55.0,
    Reason.KEEP_IN_TOUCH: 50.0,
    Reason.RECONNECT: 50.0,
    Reason.BIRTHDAY: 40.0,
}

_HOUR_US = 3_600_000_000
_DAY_US = 24 * _HOUR_US
_NONE: tuple[Candidate, ...] = ()


def _span(cadence: Cadence) -> str:
    """``3 months``, ``1 week``, ``5 business days``."""
    unit = cadence.unit.value.replace("_", " ")
    return f"{cadence.count} {unit}" if cadence.count == 1 else f"{cadence.count} {unit}s"


def _days_word(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


# -- the must-do rules -----------------------------------------------------------------


@attrs.frozen
class ReplyOwed:
    """They wrote and expect an answer (``TouchSummary.pending_reply``).

    Available from the local date it arrived, due one business day later, dropped
    ``drop_days`` after it arrived.
    """

    name: str = "reply_owed"
    base: float = attrs.field(default=BASES[Reason.REPLY_OWED], validator=_convert.positive("base"))
    drop_days: int = attrs.field(default=30, validator=_convert.whole("reply_drop_days", 1))

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no reply pending, or it arrived ``drop_days`` or more ago."""
        last_dropped = dates.add_days(today, -self.drop_days)
        date_of = clock.date_of

        def test(contact: Contact, summary: TouchSummary, commitments: bool, goals: bool) -> bool:
            pending = summary.pending_reply
            return pending is None or date_of(pending) <= last_dropped

        return test

    def wakes(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """A reply pending since after ``today − drop_days``."""
        first_kept = dates.add_days(today, 1 - self.drop_days)
        return Wake(since={"pending_reply": clock.surely_before(first_kept)})

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose a reply to the earliest unanswered inbound message."""
        pending = context.summary.pending_reply
        if pending is None:
            return _NONE
        received = context.local_date(pending)
        due = context.business_days_after(received, 1)
        if dates.days_between(received, context.today) >= self.drop_days:
            if not context.explaining:
                return _NONE
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
class ThankYou:
    """Thank someone after your first meeting, call or video with them.

    Due exactly ``hours`` after the meeting (on the instant, so it crosses DST
    correctly); shown from the meeting's local date through ``window_days`` after it;
    satisfied by any outbound or mutual touch after the meeting.
    """

    name: str = "thank_you"
    base: float = attrs.field(default=BASES[Reason.THANK_YOU], validator=_convert.positive("base"))
    hours: int = attrs.field(default=24, validator=_convert.whole("thank_you_hours", 0))
    window_days: int = attrs.field(default=7, validator=_convert.whole("thank_you_window_days", 0))

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no meeting, a touch since it, or its window is over."""
        first_kept = dates.add_days(today, -self.window_days)
        date_of = clock.date_of

        def test(contact: Contact, summary: TouchSummary, commitments: bool, goals: bool) -> bool:
            met = summary.first_meeting
            if met is None:
                return True
            reach = summary.last_reach
            return (reach is not None and reach > met) or date_of(met) < first_kept

        return test

    def wakes(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """A first meeting on or after ``today − window_days``."""
        first_kept = dates.add_days(today, -self.window_days)
        return Wake(since={"first_meeting": clock.surely_before(first_kept)})

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose a thank-you for the first meeting, unless done or too late."""
        summary = context.summary
        met = summary.first_meeting
        if met is None:
            return _NONE
        reach = summary.last_reach
        satisfied = reach is not None and reach > met
        if satisfied and not context.explaining:
            return _NONE
        met_on = context.local_date(met)
        due_at = met + self.hours * _HOUR_US
        due = context.local_date(due_at)
        if satisfied:
            assert reach is not None
            cause = (
                f"you were in touch with {context.name} on "
                f"{context.local_date(reach).isoformat()}, after first meeting them on "
                f"{met_on.isoformat()}"
            )
            return (Suppression(Reason.THANK_YOU, cause, due, met_on, about=met),)
        last_day = dates.add_days(met_on, self.window_days)
        if context.today > last_day:
            if not context.explaining:
                return _NONE
            cause = (
                f"you first met {context.name} on {met_on.isoformat()}; a thank-you is "
                f"only suggested until {last_day.isoformat()}"
            )
            return (Suppression(Reason.THANK_YOU, cause, due, met_on, about=met),)
        when = context.clock.instant(due_at)
        why = (
            f"You first met {context.name} on {met_on.isoformat()}; thank them within "
            f"{self.hours} hours, by {when.format('HH:mm')} on {due.isoformat()}."
        )
        return (
            Proposal(
                Reason.THANK_YOU, due, self.base, why, available=met_on, due_at=due_at, about=met
            ),
        )


@attrs.frozen
class Promise:
    """A commitment you made that is not done: due on its due date, shown ``lead_days`` before."""

    name: str = "promise"
    base: float = attrs.field(default=BASES[Reason.PROMISE], validator=_convert.positive("base"))
    lead_days: int = attrs.field(default=1, validator=_convert.whole("promise_lead_days", 0))

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today for a contact without open commitments."""
        return _no_commitments

    def wakes(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Contacts with an open promise due by ``today + lead_days``."""
        return Wake(promises_due_by=dates.add_days(today, self.lead_days))

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
                    available=dates.add_days(due, -self.lead_days),
                    commitment=commitment,
                )
            )
        return out


# -- closing loops ---------------------------------------------------------------------


@attrs.frozen
class IntroLoop:
    """Tell an introducer how their intro went, ``days`` after it.

    Unless you had an outbound or mutual touch with them since (``open_intro`` is the
    earliest intro they made that is later than your latest reach).
    """

    name: str = "intro_loop"
    base: float = attrs.field(default=BASES[Reason.INTRO_LOOP], validator=_convert.positive("base"))
    days: int = attrs.field(default=14, validator=_convert.whole("intro_days", 0))

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no open intro, or it is not yet ``days`` old."""
        last_due = dates.add_days(today, -self.days)
        date_of = clock.date_of

        def test(contact: Contact, summary: TouchSummary, commitments: bool, goals: bool) -> bool:
            intro = summary.open_intro
            return intro is None or date_of(intro) > last_due

        return test

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose closing the loop on the earliest open intro."""
        intro = context.summary.open_intro
        if intro is None:
            return _NONE
        made_on = context.local_date(intro)
        due = dates.add_days(made_on, self.days)
        why = (
            f"{context.name} introduced you to someone on {made_on.isoformat()}; "
            "tell them how it went."
        )
        return (Proposal(Reason.INTRO_LOOP, due, self.base, why, about=intro),)


@attrs.frozen
class MentorLoop:
    """Report back to a mentor ``days`` after their advice.

    Only for contacts whose roles include mentor; satisfied by an outbound or mutual
    touch at least ``quiet_days`` (exactly, on the instant) after the advice.
    """

    name: str = "mentor_loop"
    base: float = attrs.field(
        default=BASES[Reason.MENTOR_LOOP], validator=_convert.positive("base")
    )
    days: int = attrs.field(default=21, validator=_convert.whole("mentor_days", 0))
    quiet_days: int = attrs.field(default=7, validator=_convert.whole("mentor_quiet_days", 0))

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no advice from a mentor, not yet due, or answered since."""
        last_due = dates.add_days(today, -self.days)
        quiet_us = self.quiet_days * _DAY_US
        date_of = clock.date_of

        def test(contact: Contact, summary: TouchSummary, commitments: bool, goals: bool) -> bool:
            advice = summary.last_advice
            if advice is None or Role.MENTOR not in contact.roles:
                return True
            reach = summary.last_reach
            return date_of(advice) > last_due or (reach is not None and reach >= advice + quiet_us)

        return test

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose reporting back on the latest advice from a mentor."""
        summary = context.summary
        advice = summary.last_advice
        if advice is None:
            return _NONE
        advised_on = context.local_date(advice)
        due = dates.add_days(advised_on, self.days)
        if Role.MENTOR not in context.contact.roles:
            if not context.explaining:
                return _NONE
            cause = (
                f"{context.name} gave you advice on {advised_on.isoformat()} "
                "but is not marked as a mentor"
            )
            return (Suppression(Reason.MENTOR_LOOP, cause, due, about=advice),)
        reach = summary.last_reach
        if reach is not None and reach >= advice + self.quiet_days * _DAY_US:
            if not context.explaining:
                return _NONE
            cause = (
                f"you were in touch with {context.name} on "
                f"{context.local_date(reach).isoformat()}, at least {_days_word(self.quiet_days)} "
                f"after their advice of {advised_on.isoformat()}"
            )
            return (Suppression(Reason.MENTOR_LOOP, cause, due, about=advice),)
        why = (
            f"{context.name}, your mentor, advised you on {advised_on.isoformat()}; "
            "report back on how it went."
        )
        return (Proposal(Reason.MENTOR_LOOP, due, self.base, why, about=advice),)


@attrs.frozen
class Nudge:
    """Nudge unanswered asks: ``gaps[n-1]`` business days after the n-th open ask.

    From ``stop`` open asks on, no nudge: keep-in-touch takes over with a floor.
    """

    name: str = "nudge"
    base: float = attrs.field(default=BASES[Reason.NUDGE], validator=_convert.positive("base"))
    gaps: tuple[int, ...] = attrs.field(default=(5, 10), converter=_convert.gaps)
    stop: int = attrs.field(default=3, validator=_convert.whole("nudge_stop", 1))
    backoff_floor: Cadence = attrs.field(
        default=Cadence.months(3), converter=_convert.backoff_floor
    )

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: no open ask, too many, or the nudge is not yet due."""
        gaps, stop, date_of = self.gaps, self.stop, clock.date_of
        workdays, holidays = settings.workdays, settings.holidays

        def test(contact: Contact, summary: TouchSummary, commitments: bool, goals: bool) -> bool:
            asks, last_ask = summary.open_asks, summary.last_ask
            if asks == 0 or last_ask is None or asks >= stop:
                return True
            gap = gaps[min(asks, len(gaps)) - 1]
            return dates.add_business_days(date_of(last_ask), gap, workdays, holidays) > today

        return test

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose a nudge for the latest unanswered ask, or back off."""
        summary = context.summary
        asks, last_ask = summary.open_asks, summary.last_ask
        if asks == 0 or last_ask is None:
            return _NONE
        asked_on = context.local_date(last_ask)
        if asks >= self.stop:
            if not context.explaining:
                return _NONE
            floor = context.after(asked_on, self.backoff_floor)
            cause = (
                f"{asks} messages to {context.name} in a row have had no answer: no more "
                f"nudges; keep-in-touch waits until at least {floor.isoformat()}"
            )
            return (Suppression(Reason.NUDGE, cause, about=last_ask),)
        gap = self.gaps[min(asks, len(self.gaps)) - 1]
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
        return (Proposal(Reason.NUDGE, due, self.base, why, about=last_ask),)


@attrs.frozen
class CheckIn:
    """A commitment they made to you that is not done: check in ``days`` after its due date."""

    name: str = "check_in"
    base: float = attrs.field(default=BASES[Reason.CHECK_IN], validator=_convert.positive("base"))
    days: int = attrs.field(default=3, validator=_convert.whole("check_in_days", 0))

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today for a contact without open commitments."""
        return _no_commitments

    def wakes(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Contacts with open commitments."""
        return _COMMITTED

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
        return out


# -- keeping in touch --------------------------------------------------------------------


@attrs.frozen
class CadencePlan:
    """The keep-in-touch arithmetic for one contact: the winning cadence, the goal it
    comes from (None for the contact's own), the anchor date (None when there is none)
    and the due date before any backoff; ``never`` when the contact was never touched.
    """

    cadence: Cadence
    goal: Goal | None
    last: dt.date | None
    due: dt.date
    never: bool


@attrs.frozen
class KeepInTouch:
    """Keep in touch at the contact's cadence; a long-silent tie becomes *reconnect*.

    Cadences considered: the contact's own (or its circle's, from ``cadences``) and
    that of each active goal linked to the contact; the earliest due wins, the contact's
    own on a tie. Due = the local date of the last touch (or of ``created_at``; with
    neither, today) plus the cadence. Skipped while fewer than ``stop`` asks are
    unanswered; from ``stop`` on, due no earlier than ``backoff_floor`` after the last
    ask. Suppressed while a planned interaction falls on or before today plus the
    cadence. Reconnect when ``today − last ≥ reconnect_cycles × cycle`` or
    ``reconnect_years`` have passed.
    """

    name: str = "keep_in_touch"
    base: float = attrs.field(
        default=BASES[Reason.KEEP_IN_TOUCH], validator=_convert.positive("base")
    )
    reconnect_base: float = attrs.field(
        default=BASES[Reason.RECONNECT], validator=_convert.positive("reconnect_base")
    )
    cadences: Mapping[Circle, Cadence | None] = attrs.field(
        default=CIRCLE_CADENCE, converter=_convert.circle_cadences
    )
    stop: int = attrs.field(default=3, validator=_convert.whole("nudge_stop", 1))
    backoff_floor: Cadence = attrs.field(
        default=Cadence.months(3), converter=_convert.backoff_floor
    )
    reconnect_cycles: int = attrs.field(default=8, validator=_convert.whole("reconnect_cycles", 1))
    reconnect_years: int = attrs.field(default=3, validator=_convert.whole("reconnect_years", 1))

    def plan(self, context: Context) -> CadencePlan | None:
        """The winning cadence and its due date before any backoff, or None without one."""
        contact = context.contact
        own = cadence_for(contact, self.cadences)
        options: list[tuple[Cadence, Goal | None]] = [] if own is None else [(own, None)]
        goal: Goal | None
        for goal in context.active_goals:
            if goal.cadence is not None:
                options.append((goal.cadence, goal))
        if not options:
            return None
        summary = context.summary
        never = summary.last_touch is None
        last: dt.date | None
        if summary.last_touch is not None:
            last = context.local_date(summary.last_touch)
        elif contact.created_at is not None:
            last = context.local_date(epoch_us(contact.created_at))
        else:
            last = None
        if last is None:
            cadence, goal = options[0]
            return CadencePlan(cadence, goal, None, context.today, never)
        best: CadencePlan | None = None
        for cadence, goal in options:
            due = context.after(last, cadence)
            if best is None or due < best.due:
                best = CadencePlan(cadence, goal, last, due, never)
        return best

    def next_cycle(self, context: Context) -> dt.date | None:
        """The first date after today on the contact's anchored cycle (None without a cadence).

        The cycle is anchored on the last touch (or ``created_at``, or today) and each
        step is taken from the anchor in one go, so a monthly cycle from 31 January
        runs 28 February, 31 March, 30 April.
        """
        plan = self.plan(context)
        if plan is None:
            return None
        anchor = plan.last if plan.last is not None else context.today
        today = context.today
        cadence = plan.cadence
        # Start from a step count that cannot pass today, then step; each step is taken
        # from the anchor in one go.
        unit = cadence.unit
        if unit is CadenceUnit.DAY or unit is CadenceUnit.WEEK:
            step = cadence.count * (7 if unit is CadenceUnit.WEEK else 1)
            times = dates.days_between(anchor, today) // step
        elif unit is CadenceUnit.MONTH or unit is CadenceUnit.YEAR:
            step = cadence.count * (12 if unit is CadenceUnit.YEAR else 1)
            elapsed = (today.year - anchor.year) * 12 + today.month - anchor.month
            times = elapsed // step - 1
        else:
            ordinal, worked = anchor.toordinal(), 0
            workdays, holidays = context.settings.workdays, context.settings.holidays
            while ordinal < today.toordinal():
                ordinal += 1
                day = dt.date.fromordinal(ordinal)
                if day.weekday() in workdays and day not in holidays:
                    worked += 1
            times = worked // cadence.count
        times = max(1, times)
        while True:
            nxt = context.after(anchor, cadence, times)
            if nxt > today:
                return nxt
            times += 1

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today: waiting for answers, no cadence, or the last touch (else the
        day the contact was added) is less than a cadence ago. Contacts with goals are
        left to :meth:`evaluate` (their goals' cadences count too)."""
        stop, cadences, later_than = self.stop, self.cadences, clock.later_than
        workdays, holidays = settings.workdays, settings.holidays
        # The latest last-touch date whose cadence step is due by today, per cadence
        # object (most contacts share their circle's), kept with the object it is for.
        latest: dict[int, tuple[Cadence, dt.date | None]] = {}

        def test(contact: Contact, summary: TouchSummary, commitments: bool, goals: bool) -> bool:
            asks = summary.open_asks
            if 0 < asks < stop:
                return True
            if goals:
                return False
            own = contact.cadence
            if own is None:
                own = cadences.get(contact.circle)
                if own is None:
                    return True
            known = latest.get(id(own))
            if known is not None and known[0] is own:
                due_by = known[1]
            else:
                due_by = dates.latest_start(today, own, workdays, holidays)
                latest[id(own)] = (own, due_by)
            if due_by is None:
                return False
            last = summary.last_touch
            if last is None:
                created = contact.created_at
                if created is None:
                    return False
                last = epoch_us(created)
            return later_than(last, due_by)

        return test

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose a catch-up (or a reconnect) at the contact's cadence."""
        summary = context.summary
        asks = summary.open_asks
        if 0 < asks < self.stop:
            if not context.explaining:
                return _NONE
            cause = (
                f"waiting for {context.name} to answer your "
                f"{'message' if asks == 1 else f'{asks} messages'}"
            )
            return (Suppression(Reason.KEEP_IN_TOUCH, cause),)
        plan = self.plan(context)
        if plan is None:
            if not context.explaining:
                return _NONE
            cause = f"no cadence for {context.name} (circle {context.contact.circle.value})"
            return (Suppression(Reason.KEEP_IN_TOUCH, cause),)
        today, last, cadence = context.today, plan.last, plan.cadence
        due = plan.due
        planned = summary.next_planned
        if planned is not None:
            planned_on = context.local_date(planned)
            if planned_on <= context.after(today, cadence):
                if not context.explaining:
                    return _NONE
                cause = f"something with {context.name} is planned on {planned_on.isoformat()}"
                return (Suppression(Reason.KEEP_IN_TOUCH, cause, due, due, about=planned),)
        factors: list[str] = []
        notes: list[str] = []
        if asks >= self.stop and summary.last_ask is not None:
            asked_on = context.local_date(summary.last_ask)
            floor = context.after(asked_on, self.backoff_floor)
            due = max(due, floor)
            factors.append("backoff")
            notes.append(
                f"{asks} messages in a row have had no answer, so this waits until at least "
                f"{floor.isoformat()}, {_span(self.backoff_floor)} after the last."
            )
        if plan.never:
            factors.append("never_contacted")
        whose = (
            f"your cadence for {context.name} is {cadence}"
            if plan.goal is None
            else f"your goal “{plan.goal.title}” asks for {cadence}"
        )
        if last is None:
            cycle = max(1, dates.days_between(today, context.after(today, cadence)))
            why = f"You have not been in touch with {context.name} yet; {whose}."
            return (
                Proposal(
                    Reason.KEEP_IN_TOUCH,
                    due,
                    self.base,
                    why,
                    cycle=cycle,
                    factors=tuple(factors),
                    notes=tuple(notes),
                ),
            )
        cycle = max(1, dates.days_between(last, due))
        silent = dates.days_between(last, today)
        dormant = silent >= self.reconnect_cycles * cycle or (
            dates.add_months(last, 12 * self.reconnect_years) <= today
        )
        if plan.never:
            opening = (
                f"You added {context.name} on {last.isoformat()} and have not been in touch "
                f"since ({_days_word(silent)})"
            )
        else:
            opening = f"Last spoke {_days_word(silent)} ago, on {last.isoformat()}"
        if dormant:
            why = f"{opening}; {whose}. A quiet tie is still worth reviving."
            reason, base = Reason.RECONNECT, self.reconnect_base
        else:
            why = f"{opening}; {whose}."
            reason, base = Reason.KEEP_IN_TOUCH, self.base
        return (
            Proposal(
                reason,
                due,
                base,
                why,
                cycle=cycle,
                factors=tuple(factors),
                notes=tuple(notes),
            ),
        )


@attrs.frozen
class Birthday:
    """On the contact's birthday (29 February → 28 February in other years), ``lead_days`` ahead."""

    name: str = "birthday"
    base: float = attrs.field(default=BASES[Reason.BIRTHDAY], validator=_convert.positive("base"))
    lead_days: int = attrs.field(default=1, validator=_convert.whole("birthday_lead_days", 0))

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today unless the contact's next birthday is at most ``lead_days`` away."""
        try:
            soon = {
                (month, day)
                for month in range(1, 13)
                for day in range(1, 32 if month != 2 else 30)
                if dates.add_days(_next_birthday(month, day, today), -self.lead_days) <= today
            }
        except (ValueError, OverflowError):
            return _never

        def test(contact: Contact, summary: TouchSummary, commitments: bool, goals: bool) -> bool:
            birthday = contact.birthday
            return birthday is None or (birthday.month, birthday.day) not in soon

        return test

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose birthday wishes for the next birthday on or after today."""
        birthday = context.contact.birthday
        if birthday is None:
            return _NONE
        today = context.today
        due = _next_birthday(birthday.month, birthday.day, today)
        why = f"It is {context.name}'s birthday on {due.isoformat()}."
        return (
            Proposal(
                Reason.BIRTHDAY, due, self.base, why, available=dates.add_days(due, -self.lead_days)
            ),
        )


def _in_year(month: int, day: int, year: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _next_birthday(month: int, day: int, today: dt.date) -> dt.date:
    """The first birthday on ``month``/``day`` on or after ``today``."""
    due = _in_year(month, day, today.year)
    if due < today:
        due = _in_year(month, day, today.year + 1)
    return due


_COMMITTED = Wake(commitments=True)


def _no_commitments(
    contact: Contact, summary: TouchSummary, commitments: bool, goals: bool
) -> bool:
    return not commitments


def _never(contact: Contact, summary: TouchSummary, commitments: bool, goals: bool) -> bool:
    return False


# -- the rule set --------------------------------------------------------------------------


def _rule_tuple(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(rules)


@attrs.frozen
class RuleSet(Sequence[Rule]):
    """An ordered, immutable set of rules together with the :class:`Scoring` they go with.

    It is a sequence of rules; :meth:`plus` (or ``+``) and :meth:`without` keep the
    scoring, so tuned numbers travel with the rules to the engine. (A plain list made
    from it, ``[*rules, MyRule()]``, loses the scoring: the engine then uses the
    policy's default scoring.)
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_rule_tuple)
    scoring: Scoring = attrs.field(factory=Scoring)

    def __attrs_post_init__(self) -> None:
        for index, rule in enumerate(self.rules):
            if not isinstance(rule, Rule):
                raise ValidationError(
                    f"rules[{index}]", rule, "a rule: an object with name and evaluate(context)"
                )

    def __len__(self) -> int:
        return len(self.rules)

    @overload
    def __getitem__(self, index: int) -> Rule: ...

    @overload
    def __getitem__(self, index: slice) -> RuleSet: ...

    def __getitem__(self, index: int | slice) -> Rule | RuleSet:
        if isinstance(index, slice):
            return RuleSet(self.rules[index], self.scoring)
        return self.rules[index]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __add__(self, other: Iterable[Rule]) -> RuleSet:
        return RuleSet((*self.rules, *other), self.scoring)

    def plus(self, *rules: Rule) -> RuleSet:
        """The same set with ``rules`` added at the end (the scoring is kept)."""
        return RuleSet((*self.rules, *rules), self.scoring)

    def get(self, name: str) -> Rule:
        """The rule called ``name``. Raises KeyError."""
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(name)

    def without(self, *names: str) -> RuleSet:
        """The same set without the rules called ``names``."""
        return RuleSet(tuple(r for r in self.rules if r.name not in names), self.scoring)

    def bases(self) -> Mapping[Reason, float]:
        """The base priority of each reason the built-in rules propose."""
        out: dict[Reason, float] = {}
        for rule in self.rules:
            if isinstance(rule, KeepInTouch):
                out[Reason.KEEP_IN_TOUCH] = rule.base
                out[Reason.RECONNECT] = rule.reconnect_base
            elif type(rule) in _REASON_OF:
                out[_REASON_OF[type(rule)]] = float(getattr(rule, "base"))  # noqa: B009
        return out


_REASON_OF: Mapping[type, Reason] = {
    ReplyOwed: Reason.REPLY_OWED,
    ThankYou: Reason.THANK_YOU,
    Promise: Reason.PROMISE,
    IntroLoop: Reason.INTRO_LOOP,
    MentorLoop: Reason.MENTOR_LOOP,
    Nudge: Reason.NUDGE,
    CheckIn: Reason.CHECK_IN,
    Birthday: Reason.BIRTHDAY,
}

#: Every keyword :func:`default_rules` accepts, with its default.
OVERRIDES: Mapping[str, Any] = {
    "cadences": {},
    "multipliers": {},
    "bases": {},
    "reply_drop_days": 30,
    "thank_you_hours": 24,
    "thank_you_window_days": 7,
    "promise_lead_days": 1,
    "intro_days": 14,
    "mentor_days": 21,
    "mentor_quiet_days": 7,
    "nudge_gaps": (5, 10),
    "nudge_stop": 3,
    "backoff_floor": Cadence.months(3),
    "check_in_days": 3,
    "reconnect_cycles": 8,
    "reconnect_years": 3,
    "birthday_lead_days": 1,
    "goal_boost": 0.5,
    "reciprocity_days": 365,
    "reciprocity_boost": 1.2,
    "urgency_days": 10,
    "urgency_ratio": 8.0,
}


def _bases(value: Any) -> dict[Reason, float]:
    if not isinstance(value, Mapping):
        raise ValidationError("bases", value, "a mapping of reason to base priority")
    merged = dict(BASES)
    for key, number in value.items():
        try:
            reason = Reason(key)
        except ValueError:
            choices = ", ".join(r.value for r in Reason)
            raise ValidationError("bases", key, f"a reason: one of {choices}") from None
        merged[reason] = _convert.check_number(number, f"bases.{reason.value}")
    return merged


def default_rules(**overrides: Any) -> RuleSet:
    """The default policy's rules, with any of its numbers changed.

    Keywords (defaults in :data:`OVERRIDES`): ``cadences`` (circle → Cadence or None,
    merged into the circle defaults), ``multipliers`` (circle → priority multiplier),
    ``bases`` (reason → base priority), ``reply_drop_days``, ``thank_you_hours``,
    ``thank_you_window_days``, ``promise_lead_days``, ``intro_days``, ``mentor_days``,
    ``mentor_quiet_days``, ``nudge_gaps`` (business days after the 1st, 2nd… open
    ask), ``nudge_stop``, ``backoff_floor``, ``check_in_days``, ``reconnect_cycles``,
    ``reconnect_years``, ``birthday_lead_days``, ``goal_boost``, ``reciprocity_days``,
    ``reciprocity_boost``, ``urgency_days`` and ``urgency_ratio``.

    Raises :class:`~relnet.errors.ValidationError` for an unknown keyword or a bad value.

    >>> rules = default_rules(intro_days=10, bases={"nudge": 65})
    >>> rules.get("intro_loop").days, rules.bases()[Reason.NUDGE]
    (10, 65.0)
    """
    for key in overrides:
        if key not in OVERRIDES:
            raise ValidationError(key, overrides[key], f"one of {', '.join(OVERRIDES)}")
    numbers = {**OVERRIDES, **overrides}
    bases = _bases(numbers["bases"])
    scoring = Scoring(
        multipliers=numbers["multipliers"],
        goal_boost=numbers["goal_boost"],
        reciprocity_days=numbers["reciprocity_days"],
        reciprocity_boost=numbers["reciprocity_boost"],
        urgency_days=numbers["urgency_days"],
        urgency_ratio=numbers["urgency_ratio"],
    )
    rules: tuple[Rule, ...] = (
        ReplyOwed(base=bases[Reason.REPLY_OWED], drop_days=numbers["reply_drop_days"]),
        ThankYou(
            base=bases[Reason.THANK_YOU],
            hours=numbers["thank_you_hours"],
            window_days=numbers["thank_you_window_days"],
        ),
        Promise(base=bases[Reason.PROMISE], lead_days=numbers["promise_lead_days"]),
        IntroLoop(base=bases[Reason.INTRO_LOOP], days=numbers["intro_days"]),
        MentorLoop(
            base=bases[Reason.MENTOR_LOOP],
            days=numbers["mentor_days"],
            quiet_days=numbers["mentor_quiet_days"],
        ),
        Nudge(
            base=bases[Reason.NUDGE],
            gaps=numbers["nudge_gaps"],
            stop=numbers["nudge_stop"],
            backoff_floor=numbers["backoff_floor"],
        ),
        CheckIn(base=bases[Reason.CHECK_IN], days=numbers["check_in_days"]),
        KeepInTouch(
            base=bases[Reason.KEEP_IN_TOUCH],
            reconnect_base=bases[Reason.RECONNECT],
            cadences=numbers["cadences"],
            stop=numbers["nudge_stop"],
            backoff_floor=numbers["backoff_floor"],
            reconnect_cycles=numbers["reconnect_cycles"],
            reconnect_years=numbers["reconnect_years"],
        ),
        Birthday(base=bases[Reason.BIRTHDAY], lead_days=numbers["birthday_lead_days"]),
    )
    return RuleSet(rules, scoring)
