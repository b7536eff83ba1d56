"""The instant arithmetic every store and rule shares."""

from __future__ import annotations

import datetime as dt
import re

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.model.instants import (
    EPOCH,
    epoch_us,
    from_epoch_us,
    in_zone,
    offset_zone,
    zone,
    zone_name,
)
from relnet.testing.strategies import instants

ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]


@given(
    st.integers(min_value=-(10**15), max_value=10**16),
    st.sampled_from(ZONES),
)
def test_epoch_round_trip_keeps_instant_and_zone(us: int, name: str) -> None:
    moment = from_epoch_us(us, zone(name))
    assert epoch_us(moment) == us
    assert zone_name(moment) == name
    assert moment == pendulum.instance(EPOCH).add(microseconds=us).in_timezone(name)


def test_offsets_are_fixed_zones_and_named_back() -> None:
    moment = from_epoch_us(0, zone("+05:30"))
    assert (moment.hour, moment.minute) == (5, 30)
    assert zone_name(moment) == "+05:30"
    assert offset_zone("-01:02:03").utcoffset(None) == -dt.timedelta(hours=1, minutes=2, seconds=3)


def test_naive_datetime_reads_as_utc() -> None:
    assert epoch_us(dt.datetime(1970, 1, 2)) == 86_400_000_000


@pytest.mark.parametrize("name", ["Mars/Olympus", "+ab:cd", "+1:2:3:4"])
def test_unknown_zone_is_a_value_error_naming_it(name: str) -> None:
    with pytest.raises(ValueError, match=re.escape(name)):
        zone(name)


@given(
    instants()
    | st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2200, 12, 31),
        timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-3, minutes=-30))]),
    ),
    st.sampled_from([*ZONES, "America/Santiago", "Pacific/Apia", "+05:45", "-12:00"]),
)
def test_in_zone_is_pendulum_s_in_timezone(moment: dt.datetime, name: str) -> None:
    """The direct DateTime construction gives what pendulum's conversion gives: the same
    instant, wall clock, offset, zone name, and fold where the wall time repeats."""
    found = in_zone(moment, zone(name))
    expected = pendulum.instance(moment).in_timezone(zone(name))
    assert type(found) is pendulum.DateTime
    assert found == expected
    assert found.isoformat() == expected.isoformat()
    assert found.utcoffset() == expected.utcoffset()
    if found.replace(fold=1 - found.fold).utcoffset() != found.utcoffset():
        assert found.fold == expected.fold  # a repeated wall time: the fold decides
    assert found.timezone_name == expected.timezone_name == zone_name(found)
