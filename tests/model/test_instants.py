"""The instant arithmetic every store and rule shares."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Channel, Interaction
from relnet.model.instants import (
    EPOCH,
    as_pendulum,
    epoch_us,
    from_epoch_us,
    in_zone,
    offset_zone,
    zone,
    zone_name,
)
from relnet.serialization import format_instant, parse_instant
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


_GAP_ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Tehran"]


@given(
    wall=st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 12, 31)),
    name=st.sampled_from(_GAP_ZONES),
    fold=st.sampled_from([0, 1]),
)
def test_a_standard_library_time_keeps_its_instant(wall: dt.datetime, name: str, fold: int) -> None:
    """Any aware wall time, one in a spring-forward gap or an autumn fold included,
    becomes a DateTime of the instant the standard library reads (PEP 495)."""
    moment = wall.replace(tzinfo=zoneinfo.ZoneInfo(name), fold=fold)
    made = as_pendulum(moment)
    assert isinstance(made, pendulum.DateTime)
    assert epoch_us(made) == epoch_us(moment)
    assert made.astimezone(dt.UTC) == moment.astimezone(dt.UTC)
    assert made.utcoffset() == made.in_timezone(name).utcoffset()


def test_a_time_the_clocks_skip_is_read_as_the_standard_library_reads_it() -> None:
    skipped = dt.datetime(2024, 3, 31, 2, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    expected = dt.datetime(2024, 3, 31, 1, 30, tzinfo=dt.UTC)
    assert as_pendulum(skipped) == expected
    assert str(as_pendulum(skipped)) == "2024-03-31 03:30:00+02:00"
    assert Interaction(["ada"], skipped, Channel.CALL).at == expected
    assert parse_instant(format_instant(skipped)) == expected


def test_a_pendulum_time_is_kept_as_it_is() -> None:
    moment = pendulum.datetime(2024, 3, 31, 2, 30, tz="Europe/Paris")
    assert as_pendulum(moment) is moment
