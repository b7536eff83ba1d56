"""Clocks: the system clock is aware, the fixed clock moves only when told."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from relnet import ValidationError
from relnet.clock import Clock, FixedClock, SystemClock


def test_the_system_clock_is_aware_and_current() -> None:
    clock = SystemClock("Asia/Tokyo")
    before = dt.datetime.now(dt.UTC)
    now = clock.now()
    after = dt.datetime.now(dt.UTC)
    assert isinstance(clock, Clock)
    assert now.timezone_name == "Asia/Tokyo"
    assert before <= now <= after


def test_a_fixed_clock_moves_only_when_told() -> None:
    start = pendulum.datetime(2026, 3, 28, 12, tz="Europe/London")
    clock = FixedClock(start)
    assert clock.now() == clock.now() == start
    assert clock.advance(days=1).now() == start.add(days=1)
    assert clock.now().hour == 12  # across the DST change, a calendar day later
    assert clock.set(start).now() == start


def test_a_fixed_clock_refuses_naive_times() -> None:
    with pytest.raises(ValidationError) as info:
        FixedClock(dt.datetime(2026, 1, 1))
    assert info.value.field == "at"
