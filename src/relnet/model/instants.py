"""Instants as integers and back: the one home of the epoch, microsecond arithmetic and
the zone lookups that every store and rule shares.

Stores and the engine keep instants as whole microseconds since 1970-01-01T00:00Z (an
integer sorts and compares exactly, which ISO text does not). These functions turn an
aware :class:`datetime.datetime` into that integer and back, in a given zone, without
pendulum's slower conversions.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools

import pendulum

__all__ = [
    "EPOCH",
    "as_pendulum",
    "epoch_us",
    "from_epoch_us",
    "in_zone",
    "offset_zone",
    "zone",
    "zone_name",
]

#: 1970-01-01T00:00Z, the zero of every stored instant.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

_MICROSECOND = dt.timedelta(microseconds=1)
_datetime_minus = dt.datetime.__sub__  # exact, and not any subclass's (slower) override


def epoch_us(instant: dt.datetime) -> int:
    """An aware instant as whole microseconds since 1970-01-01T00:00Z.

    A naive datetime is read as UTC (callers validate awareness at their boundary).
    """
    try:
        return _datetime_minus(instant, EPOCH) // _MICROSECOND
    except TypeError:  # a naive datetime
        return calendar.timegm(instant.utctimetuple()) * 1_000_000 + instant.microsecond


def as_pendulum(moment: dt.datetime) -> pendulum.DateTime:
    """The aware ``moment`` as a :class:`pendulum.DateTime` for the same instant, in the
    same zone.

    The standard library reads a wall time that its zone skips (the hour lost when
    clocks go forward) with the offset its ``fold`` names (PEP 495), and so does every
    stored instant; ``pendulum.instance`` reads it with the other offset, an hour away.
    Going through UTC first keeps the standard library's instant: the wall time becomes
    the one after the gap.
    """
    if isinstance(moment, pendulum.DateTime):
        return moment
    # At the ends of the calendar, where no zone skips an hour, the conversion may fail.
    with contextlib.suppress(OverflowError, ValueError):
        moment = moment.astimezone(dt.UTC).astimezone(moment.tzinfo)
    return pendulum.instance(moment)


def in_zone(moment: dt.datetime, tz: dt.tzinfo) -> pendulum.DateTime:
    """The aware ``moment`` as a :class:`pendulum.DateTime` in ``tz``.

    Built field by field from the standard library's conversion: pendulum's own
    ``in_timezone`` costs several times as much, and stores convert millions of these.
    """
    local = moment.astimezone(tz)
    return pendulum.DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        tzinfo=tz,
        fold=local.fold,
    )


def from_epoch_us(us: int, tz: dt.tzinfo) -> pendulum.DateTime:
    """The instant ``us`` microseconds after the epoch, as a DateTime in ``tz``."""
    return in_zone(EPOCH + dt.timedelta(microseconds=us), tz)


@functools.lru_cache(maxsize=512)
def zone(name: str) -> pendulum.Timezone | pendulum.FixedTimezone:
    """The zone called ``name``: an IANA name, or a UTC offset written ``±HH:MM[:SS]``.

    Zones are read from the system's zone files once per name (the cache is bounded).
    Raises :class:`ValueError` for a name that is neither.
    """
    if name[:1] in ("+", "-"):
        return offset_zone(name)
    try:
        return pendulum.timezone(name)
    except Exception as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def offset_zone(text: str) -> pendulum.FixedTimezone:
    """A fixed zone from an offset written ``±HH:MM`` or ``±HH:MM:SS``."""
    sign = -1 if text[0] == "-" else 1
    try:
        parts = [int(part) for part in text[1:].split(":")]
    except ValueError:
        raise ValueError(f"not a UTC offset: {text!r}") from None
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"not a UTC offset: {text!r}")
    hours, minutes, seconds = (*parts, 0, 0)[:3]
    return pendulum.FixedTimezone(sign * (hours * 3600 + minutes * 60 + seconds))


def zone_name(instant: dt.datetime) -> str:
    """The zone an instant is written in: an IANA name, or its UTC offset (``+05:30``)."""
    tz = instant.tzinfo
    if type(tz) is pendulum.Timezone and type(instant) is pendulum.DateTime:
        return tz.name  # what timezone_name gives, without its checks
    moment = instant if isinstance(instant, pendulum.DateTime) else pendulum.instance(instant)
    name = moment.timezone_name
    if name:
        return str(name)
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes, seconds = divmod(int(abs(offset).total_seconds()), 60)
    text = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{text}:{seconds:02d}" if seconds else text
