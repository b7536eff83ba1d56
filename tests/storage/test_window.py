"""The interaction window's instants: a plain datetime in UTC is read directly, and
gives what the pendulum conversion gives (other zones and offsets go through it)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.model import epoch_us
from relnet.model._check import to_instant
from relnet.storage.window import instant_keys, interaction_window

_OFFSETS = st.just(dt.UTC) | st.timedeltas(
    min_value=dt.timedelta(hours=-23, minutes=-59), max_value=dt.timedelta(hours=23, minutes=59)
).map(lambda offset: dt.timezone(dt.timedelta(minutes=offset // dt.timedelta(minutes=1))))


@given(st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 31)), _OFFSETS)
def test_utc_and_fixed_offsets_read_as_the_pendulum_conversion_does(
    moment: dt.datetime, zone: dt.timezone
) -> None:
    aware = moment.replace(tzinfo=zone)
    expected = epoch_us(to_instant(aware, "since"))
    window = interaction_window(None, aware, aware)
    assert window.low_us == window.high_us == expected
    assert instant_keys([aware, aware]) == [expected]


@pytest.mark.parametrize("field", ["since", "until"])
def test_a_naive_bound_is_still_refused_naming_the_field(field: str) -> None:
    naive = dt.datetime(2026, 3, 2, 9)
    with pytest.raises(ValidationError) as caught:
        interaction_window(None, **{"since": None, "until": None, field: naive})
    assert caught.value.field == field
    with pytest.raises(ValidationError) as caught:
        instant_keys([naive])
    assert caught.value.field == "instants"
