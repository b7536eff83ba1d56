"""Calendar arithmetic on plain dates: the one implementation of every day, month and
business-day step relnet takes.

These work on :class:`datetime.date` and return plain dates: the engine takes millions
of such steps, and building a :class:`pendulum.Date` for each costs several times the
step itself. :func:`relnet.model.add_months`, :func:`relnet.model.add_business_days`
and :meth:`relnet.model.Cadence.next_due` are thin pendulum wrappers over them.

Month and year steps are taken from the anchor in one step and clamp to the end of the
target month (31 January plus one month is 28 or 29 February). Business days count the
workdays strictly after the anchor that are not holidays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from relnet.errors import ValidationError

__all__ = [
    "add_business_days",
    "add_days",
    "add_months",
    "days_between",
    "plain",
]

_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def plain(day: dt.date) -> dt.date:
    """``day`` as a plain :class:`datetime.date` (a :class:`pendulum.Date` is converted)."""
    if type(day) is dt.date:
        return day
    return dt.date(day.year, day.month, day.day)


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` calendar days, as a plain date (a :class:`ValueError` out
    of years 1-9999)."""
    return dt.date.fromordinal(day.toordinal() + days)


def days_between(start: dt.date, end: dt.date) -> int:
    """Whole days from ``start`` to ``end`` (negative when ``end`` comes first)."""
    return end.toordinal() - start.toordinal()


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` months in one step, clamped to the target month's end.

    Raises :class:`~relnet.errors.ValidationError` for a result outside years 1-9999.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValidationError(
            "date", day, f"a date that stays in years 1-9999 after {months} months"
        )
    last = _MONTH_DAYS[month]
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    return dt.date(year, month, min(day.day, last))


def add_business_days(
    day: dt.date, count: int, workdays: Collection[int], holidays: Collection[dt.date]
) -> dt.date:
    """The ``count``-th workday (``0`` is Monday) strictly after ``day`` that is not in
    ``holidays``, as a plain date.

    Raises :class:`~relnet.errors.ValidationError` when ``workdays`` is empty, and
    :class:`ValueError` past year 9999. ``workdays`` must hold some of 0-6 (the caller
    checks: :func:`relnet.model.add_business_days` does).
    """
    if not workdays:
        raise ValidationError("workdays", sorted(workdays), "a non-empty set of weekdays 0-6")
    ordinal = day.toordinal()
    left = count
    while left > 0:
        ordinal += 1
        # Ordinal 1 (1 January of year 1) was a Monday, weekday 0.
        if (ordinal - 1) % 7 in workdays and (
            not holidays or dt.date.fromordinal(ordinal) not in holidays
        ):
            left -= 1
    return dt.date.fromordinal(ordinal)
