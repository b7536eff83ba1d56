"""Birthdays: wishes on the day, shown a little ahead."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

import attrs

from relnet.model import ContactView, Settings, TouchSummary
from relnet.policy.context import Context
from relnet.policy.dates import LocalTime
from relnet.policy.followup import Reason
from relnet.policy.rule import Candidate, DeclaredRule, Proposal, QuietTest
from relnet.policy.rules._shared import NOTHING, ShownAhead, base_field, count_field, never_quiet

__all__ = ["Birthday"]


@attrs.frozen
class Birthday(ShownAhead, DeclaredRule):
    """On the contact's birthday (29 February → 28 February in other years), ``lead_days`` ahead."""

    proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.BIRTHDAY})
    reads_only_facts: ClassVar[bool] = True

    name: str = "birthday"
    base: float = base_field(Reason.BIRTHDAY)
    lead_days: int = count_field(1, "birthday_lead_days")

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """Nothing today unless the contact's next birthday is at most ``lead_days`` away."""
        try:
            soon = {
                (month, day)
                for month in range(1, 13)
                for day in range(1, 32 if month != 2 else 30)
                if self._shown_from(next_birthday(month, day, today)) <= today
            }
        except (ValueError, OverflowError):
            return never_quiet

        def test(
            contact: ContactView, summary: TouchSummary, commitments: bool, goals: bool
        ) -> bool:
            birthday = contact.birthday
            return birthday is None or (birthday.month, birthday.day) not in soon

        return test

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Propose birthday wishes for the next birthday on or after today."""
        birthday = context.contact.birthday
        if birthday is None:
            return NOTHING
        due = next_birthday(birthday.month, birthday.day, context.today)
        why = f"It is {context.name}'s birthday on {due.isoformat()}."
        return (Proposal(Reason.BIRTHDAY, due, self.base, why, available=self._shown_from(due)),)

    def evaluate_many(self, contexts: Sequence[Context]) -> list[Iterable[Candidate]]:
        """What :meth:`evaluate` yields for each of ``contexts`` (see
        :class:`~relnet.policy.EvaluatesMany`): nothing without a birthday, else the
        next birthday and the day it is shown from, worked out once per birthday and
        today."""
        return self.many_evaluator()(contexts)

    def many_evaluator(self) -> Callable[[Sequence[Context]], list[Iterable[Candidate]]]:
        """:meth:`evaluate_many` for the chunks of one engine call: each next birthday,
        once worked out, is kept for the next chunks (see
        :class:`~relnet.policy.EvaluatesMany`)."""
        # (month, day, today) → the due date, when it is shown from, and its words.
        known: dict[tuple[int, int, dt.date], tuple[dt.date, dt.date, str]] = {}

        def evaluate_many(contexts: Sequence[Context]) -> list[Iterable[Candidate]]:
            return self._many(contexts, known)

        return evaluate_many

    def _many(
        self,
        contexts: Sequence[Context],
        known: dict[tuple[int, int, dt.date], tuple[dt.date, dt.date, str]],
    ) -> list[Iterable[Candidate]]:
        """:meth:`evaluate_many`'s answers, with ``known`` kept by the caller."""
        out: list[Iterable[Candidate]] = []
        base, reason = self.base, Reason.BIRTHDAY
        for context in contexts:
            birthday = context.contact.birthday
            if birthday is None:
                out.append(NOTHING)
                continue
            key = (birthday.month, birthday.day, context.today)
            found = known.get(key)
            if found is None:
                due = next_birthday(birthday.month, birthday.day, context.today)
                found = known[key] = (due, self._shown_from(due), due.isoformat())
            due, shown, on = found
            why = f"It is {context.name}'s birthday on {on}."
            out.append((Proposal(reason, due, base, why, available=shown),))
        return out


def _in_year(month: int, day: int, year: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_birthday(month: int, day: int, today: dt.date) -> dt.date:
    """The first birthday on ``month``/``day`` on or after ``today``."""
    due = _in_year(month, day, today.year)
    if due < today:
        due = _in_year(month, day, today.year + 1)
    return due
