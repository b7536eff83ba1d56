"""Times and dates as people type them, and the machine's time zone."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.cli._time import local_instant, machine_timezone, parse_date, parse_instant_phrase
from relnet.errors import ValidationError

NOW = pendulum.datetime(2026, 3, 2, 9, 0, tz="UTC")  # 10:00 in Paris, a Monday
ZONES = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", "2026-03-02T10:00:00+01:00"),
        ("NOW", "2026-03-02T10:00:00+01:00"),
        ("today", "2026-03-02T10:00:00+01:00"),
        ("today 15:00", "2026-03-02T15:00:00+01:00"),
        ("today at 7:05", "2026-03-02T07:05:00+01:00"),
        ("yesterday 15:00", "2026-03-01T15:00:00+01:00"),
        ("yesterday", "2026-03-01T10:00:00+01:00"),
        ("tomorrow 09:30:15", "2026-03-03T09:30:15+01:00"),
        ("3 days ago", "2026-02-27T10:00:00+01:00"),
        ("1 day ago", "2026-03-01T10:00:00+01:00"),
        ("2 weeks ago", "2026-02-16T10:00:00+01:00"),
        ("90 minutes ago", "2026-03-02T08:30:00+01:00"),
        ("in 2 hours", "2026-03-02T12:00:00+01:00"),
        ("in 3 days", "2026-03-05T10:00:00+01:00"),
        ("2026-02-14 19:30", "2026-02-14T19:30:00+01:00"),
        ("2026-02-14T19:30:45.5", "2026-02-14T19:30:45.500000+01:00"),
        ("2026-02-14T19:30Z", "2026-02-14T19:30:00+00:00"),
        ("2026-02-14T19:30:00+0530", "2026-02-14T19:30:00+05:30"),
        ("2026-02-14 12:00-05:00", "2026-02-14T12:00:00-05:00"),
    ],
)
def test_instant_phrases(text: str, expected: str) -> None:
    found = parse_instant_phrase(text, zone="Europe/Paris", now=NOW)
    wanted = pendulum.parse(expected)
    assert isinstance(wanted, pendulum.DateTime)
    assert found == wanted
    assert found.utcoffset() == wanted.utcoffset()


def test_the_bracketed_zone_relnet_writes_is_kept() -> None:
    found = parse_instant_phrase(
        "2026-07-01T10:00:00.000000-04:00[America/New_York]", zone="Europe/Paris", now=NOW
    )
    assert found.timezone_name == "America/New_York"
    assert found == pendulum.datetime(2026, 7, 1, 14, tz="UTC")


def test_naive_times_are_read_in_the_owner_zone_keeping_its_name() -> None:
    found = parse_instant_phrase("2026-07-01 10:00", zone="Asia/Kolkata", now=NOW)
    assert found.timezone_name == "Asia/Kolkata"
    assert found == pendulum.datetime(2026, 7, 1, 4, 30, tz="UTC")


def test_a_time_clocks_skip_is_refused() -> None:
    with pytest.raises(ValidationError, match="clocks skip it"):
        parse_instant_phrase("2026-03-29 02:30", zone="Europe/Paris", now=NOW)


def test_a_time_that_happens_twice_is_the_first() -> None:
    found = parse_instant_phrase("2026-10-25 02:30", zone="Europe/Paris", now=NOW)
    assert found.utcoffset() == dt.timedelta(hours=2)


def test_relative_days_keep_the_wall_clock_across_dst() -> None:
    now = pendulum.datetime(2026, 3, 30, 10, tz="Europe/Paris")  # the day after the change
    found = parse_instant_phrase("2 days ago", zone="Europe/Paris", now=now)
    assert (found.hour, found.minute) == (10, 0)
    assert found.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15:00", "a day as well as the time"),
        ("2026-03-01", "a time of day as well as the date"),
        ("last tuesday", "an instant such as"),
        ("2026-13-01 10:00", "an instant such as"),
        ("today 25:00", "a time of day HH:MM"),
        ("2026-03-01 10:00[Europe/Paris]", "an offset before the [zone]"),
        ("2026-03-01T10:00+01:00[Mars/Base]", "a known IANA zone"),
        ("", "an instant such as"),
    ],
)
def test_unreadable_instants_name_the_option(text: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_instant_phrase(text, zone="Europe/Paris", now=NOW, field="--at")
    assert caught.value.field == "--at"
    assert expected in caught.value.expected


@given(
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 12, 31)),
    st.sampled_from(ZONES),
)
def test_a_naive_iso_time_reads_back_as_the_same_wall_clock(moment: dt.datetime, zone: str) -> None:
    moment = moment.replace(microsecond=0)
    local = moment.replace(tzinfo=ZoneInfo(zone))
    exists = local.astimezone(dt.UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) == moment
    text = moment.isoformat(sep=" ")
    if not exists:
        with pytest.raises(ValidationError):
            parse_instant_phrase(text, zone=zone, now=NOW)
        return
    found = parse_instant_phrase(text, zone=zone, now=NOW)
    assert found.in_timezone(zone).naive() == pendulum.instance(moment).naive()
    assert found == local_instant(moment, zone, "at", text)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_iso_dates_read_back(day: dt.date) -> None:
    assert parse_date(day.isoformat(), today=pendulum.date(2026, 3, 2)) == day


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(
        ["monday", "tue", "Wednesday", "thu", "FRIDAY", "sat", "sunday"],
    ),
)
def test_a_weekday_is_the_next_one_after_today(day: dt.date, name: str) -> None:
    today = pendulum.Date(day.year, day.month, day.day)
    found = parse_date(name, today=today)
    assert 1 <= (found - today).days <= 7
    assert found.strftime("%A").lower().startswith(name.lower()[:3])


@given(st.integers(min_value=0, max_value=3000))
def test_in_n_days(count: int) -> None:
    today = pendulum.date(2026, 3, 2)
    assert parse_date(f"in {count} days", today=today) == today.add(days=count)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", "2026-01-31"),
        ("tomorrow", "2026-02-01"),
        ("yesterday", "2026-01-30"),
        ("in 1 week", "2026-02-07"),
        ("in 1 month", "2026-02-28"),
        ("in 2 months", "2026-03-31"),
        ("in 1 year", "2027-01-31"),
        (" 2026-05-01 ", "2026-05-01"),
    ],
)
def test_date_phrases(text: str, expected: str) -> None:
    assert parse_date(text, today=pendulum.date(2026, 1, 31)).isoformat() == expected


@pytest.mark.parametrize("text", ["2026-02-30", "someday", "next week", "31/01/2026", ""])
def test_unreadable_dates(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, today=pendulum.date(2026, 1, 31), field="--due")
    assert caught.value.field == "--due"


def test_the_machine_zone_prefers_tz(tmp_path: Path) -> None:
    (tmp_path / "timezone").write_text("Asia/Tokyo\n")
    assert machine_timezone({"TZ": "Europe/Paris"}, etc=tmp_path) == "Europe/Paris"
    assert machine_timezone({"TZ": ":America/Denver"}, etc=tmp_path) == "America/Denver"


def test_the_machine_zone_from_etc_timezone(tmp_path: Path) -> None:
    (tmp_path / "timezone").write_text("Asia/Tokyo\n")
    assert machine_timezone({}, etc=tmp_path) == "Asia/Tokyo"
    assert machine_timezone({"TZ": "CET-1CEST"}, etc=tmp_path) == "Asia/Tokyo"


def test_the_machine_zone_from_the_localtime_link(tmp_path: Path) -> None:
    os.symlink("/usr/share/zoneinfo/America/Sao_Paulo", tmp_path / "localtime")
    assert machine_timezone({}, etc=tmp_path) == "America/Sao_Paulo"
    (tmp_path / "timezone").write_text("not a zone\n")
    assert machine_timezone({}, etc=tmp_path) == "America/Sao_Paulo"


def test_the_machine_zone_falls_back_to_utc(tmp_path: Path) -> None:
    assert machine_timezone({}, etc=tmp_path) == "UTC"
    assert machine_timezone({"TZ": "/etc/localtime"}, etc=tmp_path) == "UTC"
