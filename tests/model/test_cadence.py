"""Cadence arithmetic: clamping month ends, leap years, business days, one step from the anchor."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Cadence, CadenceUnit, ValidationError
from relnet.model import add_months

D = pendulum.date


@pytest.mark.parametrize(
    ("cadence", "last", "due"),
    [
        (Cadence.months(1), D(2025, 1, 31), D(2025, 2, 28)),
        (Cadence.months(1), D(2024, 1, 31), D(2024, 2, 29)),
        (Cadence.months(2), D(2025, 1, 31), D(2025, 3, 31)),
        (Cadence.months(1), D(2025, 3, 31), D(2025, 4, 30)),
        (Cadence.months(3), D(2025, 11, 30), D(2026, 2, 28)),
        (Cadence.months(12), D(2024, 2, 29), D(2025, 2, 28)),
        (Cadence.years(1), D(2024, 2, 29), D(2025, 2, 28)),
        (Cadence.years(4), D(2024, 2, 29), D(2028, 2, 29)),
        (Cadence.quarterly(), D(2025, 12, 15), D(2026, 3, 15)),
        (Cadence.weekly(), D(2025, 12, 29), D(2026, 1, 5)),
        (Cadence.days(1), D(2024, 2, 28), D(2024, 2, 29)),
        (Cadence.weeks(6), D(2025, 1, 1), D(2025, 2, 12)),
    ],
)
def test_next_due(cadence: Cadence, last: pendulum.Date, due: pendulum.Date) -> None:
    assert cadence.next_due(last) == due


def test_month_steps_are_taken_from_the_anchor_not_iterated() -> None:
    # 31 Jan + 1 month clamps to 28 Feb; adding another month to that would give 28 Mar.
    once = Cadence.months(1).next_due(D(2025, 1, 31))
    assert Cadence.months(1).next_due(once) == D(2025, 3, 28)
    assert Cadence.months(2).next_due(D(2025, 1, 31)) == D(2025, 3, 31)


def test_saturday_plus_one_business_day_is_monday() -> None:
    assert Cadence.business_days(1).next_due(D(2026, 11, 28)) == D(2026, 11, 30)


def test_friday_plus_one_business_day_is_monday() -> None:
    assert Cadence.business_days(1).next_due(D(2026, 11, 27)) == D(2026, 11, 30)


def test_business_days_skip_holidays() -> None:
    christmas = {D(2026, 12, 25), D(2026, 12, 28)}
    # Thursday 24 Dec + 1: Friday 25 is a holiday, the weekend is closed, Monday 28 too.
    assert Cadence.business_days(1).next_due(D(2026, 12, 24), holidays=christmas) == D(2026, 12, 29)
    assert Cadence.business_days(5).next_due(D(2026, 12, 24), holidays=christmas) == D(2027, 1, 4)


def test_business_days_follow_custom_workdays() -> None:
    sunday_to_thursday = {6, 0, 1, 2, 3}
    # Thursday + 1 business day on a Sunday-Thursday week is Sunday.
    assert Cadence.business_days(1).next_due(D(2026, 11, 26), workdays=sunday_to_thursday) == D(
        2026, 11, 29
    )


def test_no_workdays_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        Cadence.business_days(1).next_due(D(2026, 1, 1), workdays=set())
    assert info.value.field == "workdays"


def test_next_due_refuses_a_datetime() -> None:
    with pytest.raises(ValidationError) as info:
        # A DateTime is a Date to a type checker; next_due refuses it at run time.
        Cadence.weekly().next_due(pendulum.datetime(2026, 1, 1))
    assert info.value.field == "last"


@pytest.mark.parametrize(
    ("phrase", "cadence"),
    [
        ("every 6 weeks", Cadence.weeks(6)),
        ("6 weeks", Cadence.weeks(6)),
        ("Every 2 Months", Cadence.months(2)),
        ("monthly", Cadence.monthly()),
        ("quarterly", Cadence.quarterly()),
        ("weekly", Cadence.weekly()),
        ("yearly", Cadence.yearly()),
        ("every day", Cadence.days(1)),
        ("every 10 business days", Cadence.business_days(10)),
        ("2w", Cadence.weeks(2)),
        ("every year", Cadence.years(1)),
    ],
)
def test_parse(phrase: str, cadence: Cadence) -> None:
    assert Cadence.parse(phrase) == cadence


@pytest.mark.parametrize("phrase", ["", "often", "every 0 weeks", "every -2 days", "weeks 6"])
def test_parse_refuses_nonsense(phrase: str) -> None:
    with pytest.raises(ValidationError) as info:
        Cadence.parse(phrase)
    assert info.value.field.startswith("cadence")


@given(st.builds(Cadence, st.integers(1, 40), st.sampled_from(list(CadenceUnit))))
def test_str_parses_back(cadence: Cadence) -> None:
    assert Cadence.parse(str(cadence)) == cadence


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(0, 600))
def test_add_months_clamps_and_lands_in_the_right_month(day: pendulum.Date, months: int) -> None:
    anchor = D(day.year, day.month, day.day)
    result = add_months(anchor, months)
    assert (result.year * 12 + result.month) - (anchor.year * 12 + anchor.month) == months
    assert result.day == min(anchor.day, result.days_in_month)


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)),
    st.integers(1, 30),
    st.frozensets(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 3, 1)), max_size=20),
)
def test_business_days_land_on_an_open_workday_after_the_anchor(
    day: pendulum.Date, count: int, holidays: frozenset[pendulum.Date]
) -> None:
    anchor = D(day.year, day.month, day.day)
    result = Cadence.business_days(count).next_due(anchor, holidays=holidays)
    assert result > anchor
    assert result.weekday() < 5
    assert result not in holidays
    open_days = [
        anchor.add(days=n)
        for n in range(1, (result - anchor).days + 1)
        if anchor.add(days=n).weekday() < 5 and anchor.add(days=n) not in holidays
    ]
    assert len(open_days) == count
