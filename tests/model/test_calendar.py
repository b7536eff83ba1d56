"""The plain-date calendar steps agree with pendulum's and with a day-by-day count, and
the pendulum wrappers give the same dates."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.model import add_business_days as pendulum_business_days
from relnet.model import add_months as pendulum_add_months
from relnet.model import calendar

days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
workday_sets = st.frozensets(st.integers(min_value=0, max_value=6), min_size=1)


def _pendulum(day: dt.date) -> pendulum.Date:
    return pendulum.Date(day.year, day.month, day.day)


@given(days, st.integers(min_value=-1200, max_value=1200))
def test_add_months_is_pendulum_s_month_step(day: dt.date, months: int) -> None:
    try:
        expected = _pendulum(day).add(months=months)
    except (ValueError, OverflowError):
        with pytest.raises(ValidationError):
            calendar.add_months(day, months)
        return
    found = calendar.add_months(day, months)
    assert type(found) is dt.date
    assert found == expected
    wrapped = pendulum_add_months(_pendulum(day), months)
    assert type(wrapped) is pendulum.Date
    assert wrapped == expected


def _count_business_days(
    day: dt.date, count: int, workdays: frozenset[int], holidays: frozenset[dt.date]
) -> dt.date:
    """The reference: walk day by day."""
    current = day
    while count > 0:
        current += dt.timedelta(days=1)
        if current.weekday() in workdays and current not in holidays:
            count -= 1
    return current


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.integers(min_value=0, max_value=40),
    workday_sets,
    st.frozensets(
        st.dates(min_value=dt.date(1899, 12, 1), max_value=dt.date(2201, 6, 30)), max_size=20
    ),
)
def test_business_days_agree_with_a_day_by_day_count(
    day: dt.date, count: int, workdays: frozenset[int], holidays: frozenset[dt.date]
) -> None:
    expected = _count_business_days(day, count, workdays, holidays)
    found = calendar.add_business_days(day, count, workdays, holidays)
    assert type(found) is dt.date
    assert found == expected
    closed = frozenset(_pendulum(d) for d in holidays)
    wrapped = pendulum_business_days(_pendulum(day), count, workdays=workdays, holidays=closed)
    assert type(wrapped) is pendulum.Date
    assert wrapped == expected


@given(days, st.integers(min_value=-800_000, max_value=800_000))
def test_add_days_and_days_between_are_inverse(day: dt.date, count: int) -> None:
    try:
        expected = day + dt.timedelta(days=count)
    except OverflowError:
        with pytest.raises(ValueError, match=r"ordinal|out of range"):
            calendar.add_days(day, count)
        return
    assert calendar.add_days(day, count) == expected
    assert calendar.days_between(day, expected) == count


def test_plain_turns_a_pendulum_date_into_a_plain_one() -> None:
    day = pendulum.Date(2026, 2, 28)
    assert type(calendar.plain(day)) is dt.date
    assert calendar.plain(day) == day
    plain = dt.date(2026, 2, 28)
    assert calendar.plain(plain) is plain


def test_the_wrappers_keep_their_errors() -> None:
    with pytest.raises(OverflowError):
        pendulum_business_days(pendulum.Date(9999, 12, 30), 5)
    for workdays in (set(), {7}):
        with pytest.raises(ValidationError):
            pendulum_business_days(pendulum.Date(2026, 1, 1), 1, workdays=workdays)
    with pytest.raises(ValidationError):
        pendulum_add_months(pendulum.Date(9999, 12, 1), 1)
