"""The engine's fast calendar helpers agree with the model's arithmetic and pendulum."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Cadence, CadenceUnit
from relnet.model import epoch_us
from relnet.policy import dates
from relnet.policy.dates import LocalTime

ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kathmandu",
    "Pacific/Apia",
]
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
instants = st.integers(min_value=-2_000_000_000_000_000, max_value=7_000_000_000_000_000)
cadences = st.builds(
    Cadence, st.integers(min_value=1, max_value=40), st.sampled_from(list(CadenceUnit))
)
workday_sets = st.frozensets(st.integers(min_value=0, max_value=6), min_size=1)
holiday_sets = st.frozensets(
    st.dates(min_value=dt.date(1899, 12, 1), max_value=dt.date(2201, 12, 31)).map(
        lambda d: pendulum.Date(d.year, d.month, d.day)
    ),
    max_size=20,
)


@given(days, cadences, workday_sets, holiday_sets, st.integers(min_value=1, max_value=4))
def test_add_cadence_matches_the_model(
    day: dt.date,
    cadence: Cadence,
    workdays: frozenset[int],
    holidays: frozenset[pendulum.Date],
    times: int,
) -> None:
    expected = Cadence(cadence.count * times, cadence.unit).next_due(
        pendulum.Date(day.year, day.month, day.day), workdays=workdays, holidays=holidays
    )
    found = dates.add_cadence(day, cadence, workdays, holidays, times)
    assert type(found) is dt.date
    assert found == expected


@given(instants, st.sampled_from(ZONES))
def test_local_dates_match_pendulum(us: int, zone: str) -> None:
    clock = LocalTime(zone)
    moment = pendulum.from_timestamp(us // 1_000_000, tz="UTC").in_timezone(zone)
    assert clock.date_of(us) == moment.date()
    shown = clock.instant(us)
    assert epoch_us(shown) == us
    assert shown.timezone_name == zone
    # The same wall clock and offset as pendulum's own conversion, either side of a
    # repeated hour.
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    expected = pendulum.instance(epoch + dt.timedelta(microseconds=us)).in_timezone(zone)
    assert shown.isoformat() == expected.isoformat()
    assert type(shown) is pendulum.DateTime


@given(days.filter(lambda d: 1971 <= d.year <= 2100), st.sampled_from(ZONES))
def test_start_of_is_the_first_instant_of_the_local_day(day: dt.date, zone: str) -> None:
    clock = LocalTime(zone)
    start = clock.start_of(day)
    assert clock.date_of(start) == day
    assert clock.date_of(start - 1) < day


@given(
    days.filter(lambda d: 1971 <= d.year <= 2100),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.sampled_from(ZONES),
)
def test_at_keeps_the_wall_time_unless_dst_skips_it(day: dt.date, time: dt.time, zone: str) -> None:
    moment = LocalTime(zone).at(day, time)
    assert moment.timezone_name == zone
    wall = dt.datetime.combine(day, time)
    shown: dt.datetime = moment.naive()
    if shown != wall:
        # Only a skipped time moves: later, by the gap the clocks jumped over (the
        # offset after the change less the one before it).
        assert dt.timedelta(0) < shown - wall < dt.timedelta(hours=24)
        after = moment.utcoffset()
        before = moment.subtract(days=1).in_timezone(zone).utcoffset()
        assert after is not None
        assert before is not None
        assert shown - wall == after - before


def test_at_moves_skipped_times_later_and_takes_the_first_of_repeated_ones() -> None:
    # Compared in UTC: Python never calls a repeated wall time equal across zones.
    def utc(zone: str, on: dt.date, time: dt.time) -> pendulum.DateTime:
        return LocalTime(zone).at(on, time).in_timezone("UTC")

    assert utc("America/New_York", dt.date(2026, 3, 8), dt.time(2, 30)) == pendulum.datetime(
        2026, 3, 8, 7, 30, tz="UTC"
    )
    assert utc("America/New_York", dt.date(2026, 11, 1), dt.time(1, 30)) == pendulum.datetime(
        2026, 11, 1, 5, 30, tz="UTC"
    )
    assert utc("Europe/London", dt.date(2026, 3, 29), dt.time(1, 30)) == pendulum.datetime(
        2026, 3, 29, 1, 30, tz="UTC"
    )
    assert utc("Europe/London", dt.date(2026, 10, 25), dt.time(1, 30)) == pendulum.datetime(
        2026, 10, 25, 0, 30, tz="UTC"
    )


@given(
    st.sampled_from(
        [
            "UTC",
            "Europe/London",
            "Pacific/Apia",
            "Pacific/Kwajalein",
            "Pacific/Kiritimati",
            "America/Sitka",
            "Asia/Manila",
            "Australia/Lord_Howe",
            "America/Havana",
        ]
    ),
    st.integers(-3_800_000_000, 4_100_000_000),
    st.integers(-6, 6),
)
def test_later_than_is_the_local_date_comparison(zone: str, seconds: int, shift: int) -> None:
    """``later_than(us, day)`` decides ``date_of(us) > day`` right in every zone,
    date-line moves and midnight changes included, around the date and far from it."""
    clock = LocalTime(zone)
    us = seconds * 1_000_000 + 123
    day = dt.date.fromordinal(clock.date_of(us).toordinal() + shift)
    assert clock.later_than(us, day) == (clock.date_of(us) > day)


@pytest.mark.parametrize(
    ("zone", "day", "time", "moved"),
    [
        ("Europe/London", dt.date(1999, 3, 28), dt.time(1, 0, 1), dt.time(2, 0, 1)),
        ("America/New_York", dt.date(2026, 3, 8), dt.time(2, 59, 59), dt.time(3, 59, 59)),
    ],
)
def test_a_skipped_time_moves_later_by_the_gap(
    zone: str, day: dt.date, time: dt.time, moved: dt.time
) -> None:
    assert LocalTime(zone).at(day, time).naive() == dt.datetime.combine(day, moved)
