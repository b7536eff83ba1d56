"""How often a relationship deserves a touch, and the calendar arithmetic behind it.

A cadence is a count and a unit, never a duration in seconds: a monthly cadence turned
into 30 days would drift. Month and year steps clamp to the end of the month and are
always taken from the anchor in one step, so 31 January plus two months is 31 March,
not 28 March.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, Concatenate, ParamSpec

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import _check, calendar

__all__ = ["WEEKDAYS", "Cadence", "CadenceUnit", "add_business_days", "add_months"]

#: Monday to Friday, as :meth:`datetime.date.weekday` numbers them (Monday is 0).
WEEKDAYS: frozenset[int] = frozenset(range(5))

P = ParamSpec("P")


def _cadence_count(value: Any) -> int:
    return _check.integer(value, "cadence.count", minimum=1)


def _cadence_unit(value: Any) -> CadenceUnit:
    return _check.member(value, CadenceUnit, "cadence.unit")


class CadenceUnit(StrEnum):
    """The unit of a :class:`Cadence`."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    BUSINESS_DAY = "business_day"


_UNIT_WORDS = {
    "day": CadenceUnit.DAY,
    "days": CadenceUnit.DAY,
    "d": CadenceUnit.DAY,
    "week": CadenceUnit.WEEK,
    "weeks": CadenceUnit.WEEK,
    "w": CadenceUnit.WEEK,
    "month": CadenceUnit.MONTH,
    "months": CadenceUnit.MONTH,
    "m": CadenceUnit.MONTH,
    "year": CadenceUnit.YEAR,
    "years": CadenceUnit.YEAR,
    "y": CadenceUnit.YEAR,
    "business day": CadenceUnit.BUSINESS_DAY,
    "business days": CadenceUnit.BUSINESS_DAY,
    "business_day": CadenceUnit.BUSINESS_DAY,
    "business_days": CadenceUnit.BUSINESS_DAY,
    "workday": CadenceUnit.BUSINESS_DAY,
    "workdays": CadenceUnit.BUSINESS_DAY,
}
_PRESETS = {
    "daily": (1, CadenceUnit.DAY),
    "weekly": (1, CadenceUnit.WEEK),
    "fortnightly": (2, CadenceUnit.WEEK),
    "biweekly": (2, CadenceUnit.WEEK),
    "monthly": (1, CadenceUnit.MONTH),
    "quarterly": (3, CadenceUnit.MONTH),
    "yearly": (1, CadenceUnit.YEAR),
    "annually": (1, CadenceUnit.YEAR),
}
_PHRASE = re.compile(r"^(?:every\s+)?(\d+)?\s*([a-z_ ]+?)s?$")


def _every(unit: CadenceUnit, doc: str) -> classmethod[Cadence, [int], Cadence]:
    """The classmethod ``Cadence.<unit>s(n)``: every ``n`` of ``unit``."""

    def every(cls: type[Cadence], n: int) -> Cadence:
        return cls(n, unit)

    return _named_classmethod(every, f"{unit.value}s", doc)


def _preset(phrase: str, doc: str) -> classmethod[Cadence, [], Cadence]:
    """The classmethod ``Cadence.<phrase>()``: the preset :meth:`Cadence.parse` reads as
    ``phrase``."""
    count, unit = _PRESETS[phrase]

    def preset(cls: type[Cadence]) -> Cadence:
        return cls(count, unit)

    return _named_classmethod(preset, phrase, doc)


def _named_classmethod(
    function: Callable[Concatenate[type[Cadence], P], Cadence], name: str, doc: str
) -> classmethod[Cadence, P, Cadence]:
    function.__name__ = name
    function.__qualname__ = f"Cadence.{name}"
    function.__doc__ = doc
    return classmethod(function)


@attrs.frozen
class Cadence:
    """A count of calendar units: ``Cadence.weeks(6)`` is "every 6 weeks".

    >>> import pendulum
    >>> from relnet import Cadence
    >>> Cadence.months(1).next_due(pendulum.date(2025, 1, 31))
    Date(2025, 2, 28)
    >>> str(Cadence.parse("every 6 weeks"))
    'every 6 weeks'
    """

    count: int = attrs.field(converter=_cadence_count)
    unit: CadenceUnit = attrs.field(converter=_cadence_unit)

    # Every n units: Cadence.days(3), .weeks, .months, .years and .business_days.
    days = _every(CadenceUnit.DAY, "Every ``n`` days.")
    weeks = _every(CadenceUnit.WEEK, "Every ``n`` weeks.")
    months = _every(CadenceUnit.MONTH, "Every ``n`` months (clamping to the month's end).")
    years = _every(CadenceUnit.YEAR, "Every ``n`` years (29 February clamps to 28 February).")
    business_days = _every(CadenceUnit.BUSINESS_DAY, "Every ``n`` workdays that are not holidays.")

    # The named presets that parse() reads too: Cadence.weekly() is Cadence.weeks(1).
    weekly = _preset("weekly", "Once a week.")
    monthly = _preset("monthly", "Once a month.")
    quarterly = _preset("quarterly", "Every three months.")
    yearly = _preset("yearly", "Once a year.")

    @classmethod
    def parse(cls, phrase: str) -> Cadence:
        """Read ``"every 6 weeks"``, ``"3 months"``, ``"monthly"``, ``"2w"`` and the like.

        Raises :class:`~relnet.errors.ValidationError` for anything else.
        """
        if not isinstance(phrase, str):
            raise ValidationError("cadence", phrase, "a phrase such as 'every 6 weeks'")
        lowered = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", phrase.strip().lower())
        cleaned = " ".join(lowered.split())
        if cleaned in _PRESETS:
            count, unit = _PRESETS[cleaned]
            return cls(count, unit)
        match = _PHRASE.match(cleaned)
        if match:
            number, word = match.groups()
            word = word.strip()
            unit_found = _UNIT_WORDS.get(word) or _UNIT_WORDS.get(word + "s")
            if unit_found is not None:
                return cls(int(number) if number else 1, unit_found)
        raise ValidationError("cadence", phrase, "a phrase such as 'every 6 weeks' or 'monthly'")

    def next_due(
        self,
        last: pendulum.Date,
        *,
        workdays: Iterable[int] = WEEKDAYS,
        holidays: Iterable[Any] = frozenset(),
    ) -> pendulum.Date:
        """The date one cadence after ``last``, computed from ``last`` in one step.

        Business days count the workdays (``0`` is Monday) strictly after ``last`` that
        are not holidays: Saturday plus one business day is Monday.
        """
        anchor = _check.to_date(last, "last")
        if self.unit is CadenceUnit.DAY:
            return anchor.add(days=self.count)
        if self.unit is CadenceUnit.WEEK:
            return anchor.add(days=7 * self.count)
        if self.unit is CadenceUnit.MONTH:
            return add_months(anchor, self.count)
        if self.unit is CadenceUnit.YEAR:
            return add_months(anchor, 12 * self.count)
        return add_business_days(anchor, self.count, workdays=workdays, holidays=holidays)

    def approximate_days(self) -> float:
        """The cadence's mean length in days, for scores and plots (never for due dates)."""
        per_unit = {
            CadenceUnit.DAY: 1.0,
            CadenceUnit.WEEK: 7.0,
            CadenceUnit.MONTH: 30.436875,
            CadenceUnit.YEAR: 365.2425,
            CadenceUnit.BUSINESS_DAY: 1.4,
        }
        return self.count * per_unit[self.unit]

    def __str__(self) -> str:
        unit = self.unit.value.replace("_", " ")  # every unit's plural adds an "s"
        if self.count == 1:
            return f"every {unit}"
        return f"every {self.count} {unit}s"


def add_months(day: pendulum.Date, months: int) -> pendulum.Date:
    """``day`` plus ``months`` calendar months, clamped to the target month's last day.

    A pendulum wrapper over :func:`relnet.model.calendar.add_months`.
    """
    return _pendulum_date(calendar.add_months(day, months))


def add_business_days(
    day: pendulum.Date,
    count: int,
    *,
    workdays: Iterable[int] = WEEKDAYS,
    holidays: Iterable[Any] = frozenset(),
) -> pendulum.Date:
    """The ``count``-th workday strictly after ``day`` that is not a holiday.

    A pendulum wrapper over :func:`relnet.model.calendar.add_business_days`. Raises
    :class:`~relnet.errors.ValidationError` for workdays that are not a non-empty set
    of 0-6, and :class:`OverflowError` past year 9999.
    """
    working = frozenset(workdays)
    if not working or not working <= set(range(7)):
        raise ValidationError("workdays", sorted(working), "a non-empty set of weekdays 0-6")
    closed = holidays if isinstance(holidays, frozenset | set) else frozenset(holidays)
    try:
        found = calendar.add_business_days(day, count, working, closed)
    except ValueError:
        raise OverflowError("date value out of range") from None
    return _pendulum_date(found)


def _pendulum_date(day: dt.date) -> pendulum.Date:
    return pendulum.Date(day.year, day.month, day.day)
