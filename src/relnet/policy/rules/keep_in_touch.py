"""Keeping in touch: a catch-up at the contact's cadence, or a reconnect for a tie
gone quiet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import ClassVar, NamedTuple

import attrs

from relnet.model import (
    Cadence,
    CadenceUnit,
    Circle,
    ContactView,
    Goal,
    Settings,
    TouchSummary,
    epoch_us,
)
from relnet.policy import _convert, dates
from relnet.policy.circles import CIRCLE_CADENCE, cadence_for
from relnet.policy.context import Context
from relnet.policy.dates import LocalTime
from relnet.policy.followup import Reason
from relnet.policy.rule import Candidate, DeclaredRule, Proposal, QuietTest, Suppression
from relnet.policy.rules._shared import NOTHING, base_field, count_field, days_word, span

__all__ = ["CadencePlan", "KeepInTouch"]


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


class _Step(NamedTuple):
    """What a catch-up's due date, cycle, reason and opening follow from: the cadence,
    the last date and today (see :meth:`KeepInTouch.evaluate_many`)."""

    due: dt.date
    cycle: int
    dormant: bool
    opening: str
    reason: Reason
    base: float
    #: How the sentence ends, after whose cadence it is.
    end: str
    #: The last date, written out, and how long ago it was, in words.
    on: str
    silent: str


#: What :meth:`KeepInTouch.many_evaluator` keeps: by (id(cadence), last date, today,
#: id(settings)), the cadence, the settings and the step that follows from them.
_Shared = dict[tuple[int, dt.date, dt.date, int], tuple[Cadence, Settings, _Step]]

#: The end of a reconnect's sentence.
_REVIVING = ". A quiet tie is still worth reviving."


def _never_opening(name: str, step: _Step) -> str:
    """How a catch-up's sentence opens for a contact never in touch since being added."""
    return f"You added {name} on {step.on} and have not been in touch since ({step.silent})"


#: The factors of a catch-up with a contact never in touch.
_NEVER = ("never_contacted",)


@attrs.frozen
class KeepInTouch(DeclaredRule):
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

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.KEEP_IN_TOUCH, Reason.RECONNECT})
    reads_only_facts: ClassVar[bool] = True

    name: str = "keep_in_touch"
    base: float = base_field(Reason.KEEP_IN_TOUCH)
    reconnect_base: float = base_field(Reason.RECONNECT, "reconnect_base")
    cadences: Mapping[Circle, Cadence | None] = attrs.field(
        default=CIRCLE_CADENCE, converter=_convert.circle_cadences
    )
    stop: int = count_field(3, "nudge_stop", 1)
    backoff_floor: Cadence = attrs.field(
        default=Cadence.months(3), converter=_convert.backoff_floor
    )
    reconnect_cycles: int = count_field(8, "reconnect_cycles", 1)
    reconnect_years: int = count_field(3, "reconnect_years", 1)

    def bases(self) -> Mapping[Reason, float]:
        """The base priority of each reason it proposes."""
        return {Reason.KEEP_IN_TOUCH: self.base, Reason.RECONNECT: self.reconnect_base}

    def _waiting(self, asks: int) -> bool:
        """Whether it waits for answers: some asks are open, fewer than ``stop``."""
        return 0 < asks < self.stop

    @staticmethod
    def _anchor(contact: ContactView, summary: TouchSummary) -> int | None:
        """The instant the cycle counts from: the last touch, else when the contact was
        added; None without either."""
        last = summary.last_touch
        if last is None:
            created = contact.created_at
            return None if created is None else epoch_us(created)
        return last

    def plan(self, context: Context) -> CadencePlan | None:
        """The winning cadence and its due date before any backoff, or None without one."""
        contact = context.contact
        own = cadence_for(contact, self.cadences)
        if not context.active_goals:
            # The common case: the contact's own cadence alone.
            if own is None:
                return None
            summary = context.summary
            anchor = self._anchor(contact, summary)
            never = summary.last_touch is None
            if anchor is None:
                return CadencePlan(own, None, None, context.today, never)
            on = context.local_date(anchor)
            return CadencePlan(own, None, on, context.after(on, own), never)
        options: list[tuple[Cadence, Goal | None]] = [] if own is None else [(own, None)]
        goal: Goal | None
        for goal in context.active_goals:
            if goal.cadence is not None:
                options.append((goal.cadence, goal))
        if not options:
            return None
        summary = context.summary
        never = summary.last_touch is None
        anchor = self._anchor(contact, summary)
        last = None if anchor is None else context.local_date(anchor)
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
        waiting, anchor_of = self._waiting, self._anchor
        cadences, later_than = self.cadences, clock.later_than
        workdays, holidays = settings.workdays, settings.holidays
        # The latest last-touch date whose cadence step is due by today, per cadence
        # object (most contacts share their circle's), kept with the object it is for.
        latest: dict[int, tuple[Cadence, dt.date | None]] = {}

        def test(
            contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
        ) -> bool:
            if waiting(summary.open_asks):
                return True
            if goals:
                return False
            own = cadence_for(contact, cadences)
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
            anchor = anchor_of(contact, summary)
            return anchor is not None and later_than(anchor, due_by)

        return test

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose a catch-up (or a reconnect) at the contact's cadence."""
        asks = context.summary.open_asks
        if self._waiting(asks):
            return self._waiting_for_answers(context, asks)
        plan = self.plan(context)
        if plan is None:
            return self._without_cadence(context)
        planned_on = self._planned_within_cycle(context, plan)
        if planned_on is not None:
            return self._already_planned(context, plan, planned_on)
        due, factors, notes = self._backed_off(context, plan)
        if plan.never:
            factors.append("never_contacted")
        if plan.last is None:
            return (self._first_contact(context, plan, due, factors, notes),)
        return (self._catch_up(context, plan, plan.last, due, factors, notes),)

    def evaluate_many(self, contexts: Sequence[Context]) -> list[Iterable[Candidate]]:
        """What :meth:`evaluate` yields for each of ``contexts``, the work they share
        done once (see :class:`~relnet.policy.EvaluatesMany`).

        The common case (not explaining, no goal, no open asks, nothing planned, a
        last touch or, for a contact never in touch, the day it was added) is worked
        out here: the due date, cycle and opening of the sentence once per cadence,
        anchor date, today and settings, and each cadence's words once. Every other
        context goes through :meth:`evaluate`.
        """
        return self.many_evaluator()(contexts)

    def many_evaluator(self) -> Callable[[Sequence[Context]], list[Iterable[Candidate]]]:
        """:meth:`evaluate_many` for the chunks of one engine call: each step and each
        cadence's words, once worked out, are kept for the next chunks (see
        :class:`~relnet.policy.EvaluatesMany`)."""
        # (id(cadence), last date, today, id(settings)) → the cadence and settings, and
        # what follows from them: holding the objects whose ids a key names keeps those
        # ids from being reused by other objects once a chunk is freed.
        shared: _Shared = {}
        words: dict[int, tuple[Cadence, str]] = {}

        def evaluate_many(contexts: Sequence[Context]) -> list[Iterable[Candidate]]:
            return [self._one_of_many(context, shared, words) for context in contexts]

        return evaluate_many

    def _one_of_many(
        self,
        context: Context,
        shared: _Shared,
        words: dict[int, tuple[Cadence, str]],
    ) -> Iterable[Candidate]:
        """:meth:`evaluate_many`'s answer for one context: ``shared`` keeps each
        step worked out and ``words`` each cadence's words, for the next contexts."""
        summary = context.summary
        asks = summary.open_asks
        last_us = summary.last_touch
        contact = context.contact
        if last_us is None:
            # Never in touch: the cycle counts from the day the contact was added.
            created = contact.created_at
            if created is not None:
                last_us = epoch_us(created)
        if (
            context.explaining
            or context.active_goals
            or last_us is None
            or summary.next_planned is not None
            or (asks and (asks < self.stop or summary.last_ask is not None))
        ):
            return tuple(self.evaluate(context))
        own = contact.cadence
        if own is None:
            own = self.cadences.get(contact.circle)
            if own is None:
                return NOTHING
        last = context.local_date(last_us)
        settings = context.settings
        key = (id(own), last, context.today, id(settings))
        known = shared.get(key)
        if known is None:
            step = self._step(context, last, context.after(last, own))
            shared[key] = (own, settings, step)
        else:
            step = known[2]
        told = words.get(id(own))
        if told is None:
            said = str(own)
            words[id(own)] = (own, said)
        else:
            said = told[1]
        # _catch_up's sentence for the common case of _whose: the contact's own words.
        name = contact.name
        whose = f"your cadence for {name} is {said}"
        if summary.last_touch is None:
            why = f"{_never_opening(name, step)}; {whose}{step.end}"
            return (
                Proposal(
                    step.reason, step.due, step.base, why, None, None, step.cycle, factors=_NEVER
                ),
            )
        why = f"{step.opening}; {whose}{step.end}"
        return (Proposal(step.reason, step.due, step.base, why, None, None, step.cycle),)

    def _step(self, context: Context, last: dt.date, due: dt.date) -> _Step:
        """What a catch-up due on ``due`` follows from: ``last`` is the day of the last
        touch, or the day a contact never in touch was added."""
        today = context.today
        cycle = max(1, dates.days_between(last, due))
        silent = dates.days_between(last, today)
        dormant = silent >= self.reconnect_cycles * cycle or (
            dates.add_months(last, 12 * self.reconnect_years) <= today
        )
        silent_words, on = days_word(silent), last.isoformat()
        opening = f"Last spoke {silent_words} ago, on {on}"
        if dormant:
            return _Step(
                due,
                cycle,
                dormant,
                opening,
                Reason.RECONNECT,
                self.reconnect_base,
                _REVIVING,
                on,
                silent_words,
            )
        return _Step(
            due, cycle, dormant, opening, Reason.KEEP_IN_TOUCH, self.base, ".", on, silent_words
        )

    @staticmethod
    def _waiting_for_answers(context: Context, asks: int) -> Iterable[Candidate]:
        """Nothing while asks are open; the reason when explaining."""
        if not context.explaining:
            return NOTHING
        cause = (
            f"waiting for {context.name} to answer your "
            f"{'message' if asks == 1 else f'{asks} messages'}"
        )
        return (Suppression(Reason.KEEP_IN_TOUCH, cause),)

    @staticmethod
    def _without_cadence(context: Context) -> Iterable[Candidate]:
        """Nothing without a cadence; the reason when explaining."""
        if not context.explaining:
            return NOTHING
        cause = f"no cadence for {context.name} (circle {context.contact.circle.value})"
        return (Suppression(Reason.KEEP_IN_TOUCH, cause),)

    @staticmethod
    def _planned_within_cycle(context: Context, plan: CadencePlan) -> dt.date | None:
        """The local date of the next planned interaction if it falls within one cadence
        of today, else None."""
        planned = context.summary.next_planned
        if planned is None:
            return None
        planned_on = context.local_date(planned)
        if planned_on <= context.after(context.today, plan.cadence):
            return planned_on
        return None

    @staticmethod
    def _already_planned(
        context: Context, plan: CadencePlan, planned_on: dt.date
    ) -> Iterable[Candidate]:
        """Nothing while something is planned soon; the reason when explaining."""
        if not context.explaining:
            return NOTHING
        cause = f"something with {context.name} is planned on {planned_on.isoformat()}"
        due = plan.due
        return (
            Suppression(Reason.KEEP_IN_TOUCH, cause, due, due, about=context.summary.next_planned),
        )

    def _backed_off(
        self, context: Context, plan: CadencePlan
    ) -> tuple[dt.date, list[str], list[str]]:
        """The due date after any backoff for unanswered asks, with its factors and notes."""
        summary = context.summary
        asks, due = summary.open_asks, plan.due
        factors: list[str] = []
        notes: list[str] = []
        if asks >= self.stop and summary.last_ask is not None:
            asked_on = context.local_date(summary.last_ask)
            floor = context.after(asked_on, self.backoff_floor)
            due = max(due, floor)
            factors.append("backoff")
            notes.append(
                f"{asks} messages in a row have had no answer, so this waits until at least "
                f"{floor.isoformat()}, {span(self.backoff_floor)} after the last."
            )
        return due, factors, notes

    @staticmethod
    def _whose(context: Context, plan: CadencePlan) -> str:
        """Whose cadence it is: the contact's own or a goal's."""
        if plan.goal is None:
            return f"your cadence for {context.name} is {plan.cadence}"
        return f"your goal “{plan.goal.title}” asks for {plan.cadence}"

    def _first_contact(
        self,
        context: Context,
        plan: CadencePlan,
        due: dt.date,
        factors: list[str],
        notes: list[str],
    ) -> Proposal:
        """A first catch-up with a contact that has no anchor date."""
        today = context.today
        cycle = max(1, dates.days_between(today, context.after(today, plan.cadence)))
        why = f"You have not been in touch with {context.name} yet; {self._whose(context, plan)}."
        return Proposal(
            Reason.KEEP_IN_TOUCH,
            due,
            self.base,
            why,
            cycle=cycle,
            factors=tuple(factors),
            notes=tuple(notes),
        )

    def _catch_up(
        self,
        context: Context,
        plan: CadencePlan,
        last: dt.date,
        due: dt.date,
        factors: list[str],
        notes: list[str],
    ) -> Proposal:
        """A catch-up counted from ``last``, or a reconnect when the tie is dormant."""
        step = self._step(context, last, due)
        opening = _never_opening(context.name, step) if plan.never else step.opening
        why = f"{opening}; {self._whose(context, plan)}{step.end}"
        return Proposal(
            step.reason,
            due,
            step.base,
            why,
            cycle=step.cycle,
            factors=tuple(factors),
            notes=tuple(notes),
        )
