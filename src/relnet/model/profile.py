"""The owner: who you are (:class:`Profile`) and how relnet should schedule (:class:`Settings`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import _check
from relnet.model.cadence import WEEKDAYS

__all__ = ["Profile", "Settings"]


def _timezone(value: Any) -> str:
    return _check.timezone_name(value, "timezone")


def _reminder_time(value: Any) -> dt.time:
    if isinstance(value, str):
        try:
            value = dt.time.fromisoformat(value)
        except ValueError:
            raise ValidationError("reminder_time", value, "a time such as 09:00") from None
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise ValidationError("reminder_time", value, "a local time without a zone, such as 09:00")
    return value.replace(microsecond=0)


def _workdays(value: Any) -> frozenset[int]:
    days = frozenset(
        _check.integer(day, "workdays")
        for day in _check._iterable(value, "workdays", "a set of weekdays 0-6")
    )
    if not days or not days <= frozenset(range(7)):
        raise ValidationError(
            "workdays", sorted(days), "a non-empty set of weekdays 0 (Monday) to 6"
        )
    return days


def _holidays(value: Any) -> frozenset[pendulum.Date]:
    items = _check._iterable(value, "holidays", "a set of dates")
    return frozenset(_check.to_date(day, "holidays") for day in items)


def _settings_daily_capacity(value: Any) -> int:
    return _check.integer(value, "daily_capacity", minimum=0)


def _settings_me(value: Any) -> tuple[str, ...]:
    addresses = _check.string_tuple(value, "me")
    for address in addresses:
        if address != address.strip() or any(ch.isspace() for ch in address):
            raise ValidationError("me", address, "email addresses or profile URLs without spaces")
    return addresses


@attrs.frozen
class Settings:
    """How relnet schedules for the owner (see "Vocabulary" in the policy).

    ``timezone`` decides what "today" is; due times fall at ``reminder_time`` there;
    ``workdays`` (0 is Monday) and ``holidays`` drive business-day arithmetic;
    ``daily_capacity`` caps the optional items on one day's agenda; ``me`` holds the
    owner's own email addresses and profile URLs, which capture (:mod:`relnet.interop.mail`,
    :mod:`relnet.interop.calendar`, :func:`relnet.interop.linkedin.read_archive`) uses to
    tell what you sent from what you received.
    """

    timezone: str = attrs.field(converter=_timezone)
    reminder_time: dt.time = attrs.field(default=dt.time(9, 0), converter=_reminder_time)
    workdays: frozenset[int] = attrs.field(default=WEEKDAYS, converter=_workdays)
    holidays: frozenset[pendulum.Date] = attrs.field(default=frozenset(), converter=_holidays)
    daily_capacity: int = attrs.field(default=5, converter=_settings_daily_capacity)
    me: tuple[str, ...] = attrs.field(default=(), converter=_settings_me)

    def today(self, now: dt.datetime) -> pendulum.Date:
        """The owner's local date at ``now`` (an aware instant)."""
        return _check.to_instant(now, "now").in_timezone(self.timezone).date()


def _profile_name(value: Any) -> str:
    return _check.text(value, "name")


def _profile_headline(value: Any) -> str:
    return _check.text(value, "headline")


def _profile_expertise(value: Any) -> frozenset[str]:
    return _check.strings(value, "expertise")


def _profile_values(value: Any) -> frozenset[str]:
    return _check.strings(value, "values")


def _profile_achievements(value: Any) -> tuple[str, ...]:
    return _check.string_tuple(value, "achievements")


def _profile_pitch(value: Any) -> str:
    return _check.text(value, "pitch")


@attrs.frozen
class Profile:
    """The owner as drafts present them: expertise to offer, values, achievements, a pitch."""

    name: str = attrs.field(default="", converter=_profile_name)
    headline: str = attrs.field(default="", converter=_profile_headline)
    expertise: frozenset[str] = attrs.field(default=frozenset(), converter=_profile_expertise)
    values: frozenset[str] = attrs.field(default=frozenset(), converter=_profile_values)
    achievements: tuple[str, ...] = attrs.field(default=(), converter=_profile_achievements)
    pitch: str = attrs.field(default="", converter=_profile_pitch)
