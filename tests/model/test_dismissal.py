"""``Dismissal``: a frozen, validated record of one dismissed item."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest

from relnet import Dismissal, Reason, ValidationError
from relnet.serialization import from_dict, to_dict

AT = pendulum.datetime(2026, 3, 2, 9, 30, tz="Europe/Paris")


def test_a_dismissal_holds_its_fields_and_key() -> None:
    found = Dismissal("ada", Reason.REPLY_OWED, "2026-03-02T08:00:00.000000Z", AT)
    assert type(found.reason) is str
    assert found.reason == "reply_owed"
    assert found.key == ("ada", "reply_owed", "2026-03-02T08:00:00.000000Z")
    assert found.at.timezone_name == "Europe/Paris"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        found.anchor = "x"  # type: ignore[misc]


def test_a_plain_datetime_becomes_a_pendulum_instant() -> None:
    plain = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    assert isinstance(Dismissal("ada", "nudge", "x", plain).at, pendulum.DateTime)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"contact": ""}, "contact"),
        ({"contact": 7}, "contact"),
        ({"reason": "Reply Owed"}, "reason"),
        ({"reason": ""}, "reason"),
        ({"reason": None}, "reason"),
        ({"anchor": ""}, "anchor"),
        ({"anchor": " padded "}, "anchor"),
        ({"anchor": "a\nb"}, "anchor"),
        ({"at": dt.datetime(2026, 3, 2, 9)}, "at"),
        ({"at": "2026-03-02"}, "at"),
    ],
)
def test_bad_fields_are_named(fields: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"contact": "ada", "reason": "nudge", "anchor": "x", "at": AT}
    values.update(fields)
    with pytest.raises(ValidationError) as caught:
        Dismissal(**values)
    assert caught.value.field == field


def test_a_dismissal_round_trips_as_data() -> None:
    found = Dismissal("😀", "birthday", "2026", AT)
    data = to_dict(found)
    assert data == {
        "contact": "😀",
        "reason": "birthday",
        "anchor": "2026",
        "at": "2026-03-02T09:30:00.000000+01:00[Europe/Paris]",
    }
    back = from_dict(data, Dismissal)
    assert back == found
    assert back.at.timezone_name == "Europe/Paris"
    with pytest.raises(ValidationError) as caught:
        from_dict({**data, "reason": "Birthday!"}, Dismissal)
    assert caught.value.field == "reason"
